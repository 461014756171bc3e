"""The lists' first pages can be read from their indexes (migration 0005): the partial indexes' conditions must match
the queries the views make, or PostgreSQL falls back to reading and sorting every row, which `make bench`'s growth
figures would show. The plans are checked on PostgreSQL (CI); SQLite (local runs) checks that the indexes exist."""

import pytest
from django.db import connection

from initiatives.forms.public import InitiativeFilterForm
from initiatives.models import Initiative

LISTS = [
    ("public list, newest first", "initiative_pub_order_idx"),
    ("public list, oldest first", "initiative_pub_order_idx"),
    ("public list, by title", "initiative_pub_title_idx"),
    ("staff workspace", "initiative_open_action_idx"),
]


def first_page(name: str):
    if name == "staff workspace":
        return Initiative.objects.open().needing_action_first()[:20]
    sort = {"newest first": "newest", "oldest first": "oldest", "by title": "title"}[name.split(", ")[1]]
    return Initiative.objects.published().order_by(*InitiativeFilterForm.SORTS[sort])[:20]


def postgresql_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a near-empty table is read whole otherwise
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(("name", "index"), LISTS)
def test_the_first_page_of_each_list_is_read_in_index_order(db, name, index):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Initiative._meta.db_table)
    if connection.vendor != "postgresql":
        # SQLite cannot index NULLS FIRST, so the workspace's index is made on PostgreSQL only.
        assert (index in indexes) == (name != "staff workspace")
        return
    assert index in indexes
    explained = postgresql_plan(first_page(name))
    # On PostgreSQL the covering index of the same order (migration 0007) serves as well.
    assert index in explained or (index == "initiative_pub_order_idx" and "initiative_pub_keys_idx" in explained)
    assert "Sort" not in explained  # the index gives the order: no row is read beyond the page


def test_the_year_filter_offers_exactly_the_years_with_published_initiatives(db, hyte_user):
    import datetime

    from initiatives.selectors import published_years
    from tests.initiatives.factories import make_initiative, make_published

    for year in (2022, 2025, 2025, 2023):
        make_published(hyte_user, arrived_on=datetime.date(year, 3, 1))
    make_initiative(arrived_on=datetime.date(2024, 3, 1))  # not published: its year is not offered
    distinct = list(
        Initiative.objects.published().order_by("-arrival_year").values_list("arrival_year", flat=True).distinct()
    )
    assert published_years() == distinct == [2025, 2023, 2022]
    with connection.cursor() as cursor:
        assert "initiative_pub_year_idx" in connection.introspection.get_constraints(cursor, Initiative._meta.db_table)


def test_reading_the_keys_first_gives_the_same_pages_in_the_same_order(db, hyte_user):
    import datetime

    from django.core.paginator import Paginator

    from initiatives.views.public import KeysFirstPaginator
    from tests.initiatives.factories import make_initiative, make_published

    for number in range(45):
        make_published(hyte_user, arrived_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=number % 7))
    make_initiative(arrived_on=datetime.date(2025, 1, 3))  # not published: never on a page
    order = ("-arrived_on", "-sequence")
    listed = Initiative.objects.published().order_by(*order)
    rows = Initiative.objects.select_related("home_municipality").order_by(*order)
    for number in (1, 2, 3):
        expected = [i.reference for i in Paginator(listed, 20).get_page(number)]
        page = KeysFirstPaginator(listed, 20, rows=rows).get_page(number)
        assert [i.reference for i in page] == expected
        assert len(expected) == (20 if number < 3 else 5)
    assert KeysFirstPaginator(listed, 20, rows=rows).get_page(99).number == 3  # past the end: the last page
    if connection.vendor == "postgresql":
        explained = postgresql_plan(listed.values_list("pk", flat=True)[40:60])
        assert "Index Only Scan" in explained
        assert "initiative_pub_keys_idx" in explained
