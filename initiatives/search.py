"""Full-text search of published initiatives: PostgreSQL's Finnish text search on the public text, a plain
case-insensitive match elsewhere (SQLite in development).

Only what is public is searched: the title and the text, each the redacted one when staff wrote one, never the
original behind it (a search must not reveal what the redaction removed)."""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from initiatives.models import InitiativeQuerySet

# The searched document. Migration 0008_public_title creates a GIN index on exactly this expression (a test checks
# that they agree), so PostgreSQL answers the search from the index.
SEARCH_DOCUMENT_SQL = (
    "to_tsvector('finnish'::regconfig, "
    'CASE WHEN "initiatives_initiative"."public_title" <> \'\' '
    'THEN "initiatives_initiative"."public_title" ELSE "initiatives_initiative"."title" END || \' \' || '
    'CASE WHEN "initiatives_initiative"."public_text" <> \'\' '
    'THEN "initiatives_initiative"."public_text" ELSE "initiatives_initiative"."text" END)'
)


def search_initiatives(queryset: InitiativeQuerySet, query: str) -> InitiativeQuerySet:
    query = query.strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        matches = RawSQL(  # noqa: S611 (constant SQL; the query is a parameter)
            f"{SEARCH_DOCUMENT_SQL} @@ websearch_to_tsquery('finnish'::regconfig, %s)",
            [query],
            output_field=BooleanField(),
        )
        return queryset.filter(matches)
    return queryset.filter(
        Q(public_title__icontains=query)
        | (Q(public_title="") & Q(title__icontains=query))
        | Q(public_text__icontains=query)
        | (Q(public_text="") & Q(text__icontains=query))
    )
