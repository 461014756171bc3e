"""Full-text search of published initiatives: PostgreSQL's Finnish text search on the public text, a plain
case-insensitive match elsewhere (SQLite in development).

Only what is public is searched: the title and the text, each the redacted one when staff wrote one, never the
original behind it (a search must not reveal what the redaction removed)."""

from django.db import connection
from django.db.models import BooleanField, Expression, F, Q

from initiatives.models import InitiativeQuerySet

# The searched document, its columns left to fill in. Migration 0008_public_title creates a GIN index on exactly this
# expression (a test checks that they agree), so PostgreSQL answers the search from the index.
SEARCH_DOCUMENT_TEMPLATE = (
    "to_tsvector('finnish'::regconfig, "
    "CASE WHEN {public_title} <> '' THEN {public_title} ELSE {title} END || ' ' || "
    "CASE WHEN {public_text} <> '' THEN {public_text} ELSE {text} END)"
)
SEARCH_COLUMNS = ("public_title", "title", "public_text", "text")
SEARCH_DOCUMENT_SQL = SEARCH_DOCUMENT_TEMPLATE.format(
    **{column: f'"initiatives_initiative"."{column}"' for column in SEARCH_COLUMNS}
)


class PublicTextMatches(Expression):
    """`document @@ websearch_to_tsquery('finnish', query)`, its columns named as the query names the table: the
    same SQL as the index's expression in a plain query, and right inside a subquery too (where the table has an
    alias, e.g. the public list's page of keys)."""

    output_field = BooleanField()

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query
        self.columns = [F(column) for column in SEARCH_COLUMNS]

    def get_source_expressions(self) -> list:
        return self.columns

    def set_source_expressions(self, expressions: list) -> None:
        self.columns = expressions

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        columns = {name: compiler.compile(column)[0] for name, column in zip(SEARCH_COLUMNS, self.columns, strict=True)}
        document = SEARCH_DOCUMENT_TEMPLATE.format(**columns)
        return f"{document} @@ websearch_to_tsquery('finnish'::regconfig, %s)", [self.query]


def search_initiatives(queryset: InitiativeQuerySet, query: str) -> InitiativeQuerySet:
    query = query.strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(PublicTextMatches(query))
    return queryset.filter(
        Q(public_title__icontains=query)
        | (Q(public_title="") & Q(title__icontains=query))
        | Q(public_text__icontains=query)
        | (Q(public_text="") & Q(text__icontains=query))
    )
