"""A queryset compiled once gives, for any values, the rows the ORM gives for them, and
refuses stand-ins it could confuse with the query's own values."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from forums.models import Forum, Thread
from network.compiled import CompiledQuery
from tests.forums.conftest import established

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "title", "shown_tags", "created_at", "pinned", "author__username")


def threads_in(forum_id, pinned=False):
    return (
        Thread.objects.filter(forum_id=forum_id, pinned=pinned)
        .values_list(*COLUMNS)
        .order_by("-pk")
    )


def test_each_value_gives_the_rows_the_orm_gives_converted_as_the_orm_converts(
    start_thread,
):
    housing, labor = Forum.objects.get(slug="housing"), Forum.objects.get(slug="labor")
    start_thread(housing, title="Rent strike", tags=["rent", "strike"])
    start_thread(housing, title="Tenant union")
    start_thread(labor, title="Contract fight", author=established(username="rosa"))
    compiled = CompiledQuery(threads_in, forum_id=-1)

    for forum in (housing, labor, Forum.objects.get(slug="georgia")):
        assert list(compiled.rows(forum_id=forum.pk)) == list(threads_in(forum.pk))
    tags = next(compiled.rows(forum_id=housing.pk), None)
    # JSON comes back as Python values and times as aware datetimes, as from the ORM.
    assert isinstance(tags[2], list)
    assert tags[3].tzinfo is not None


def test_a_time_is_put_in_as_the_orm_puts_it_in(start_thread, housing):
    """PostgreSQL takes a datetime as it is; SQLite as text the ORM writes out."""
    start_thread(housing, title="Earlier")
    middle = timezone.now()
    start_thread(housing, title="Later")

    def active_since(forum_id, since):
        return (
            Thread.objects.filter(forum_id=forum_id, last_post_at__gte=since)
            .values_list("title", flat=False)
            .order_by("pk")
        )

    compiled = CompiledQuery(active_since, forum_id=-1, since=datetime(1900, 1, 1, tzinfo=UTC))

    for since in (middle - timedelta(days=1), middle, middle + timedelta(days=1)):
        assert list(compiled.rows(forum_id=housing.pk, since=since)) == list(
            active_since(housing.pk, since)
        )
    assert list(compiled.rows(forum_id=housing.pk, since=middle)) == [("Later",)]


def test_constants_stay_in_the_query_beside_the_values_put_in(start_thread, housing):
    """``pinned=False`` is a parameter of the SQL too; it must not be taken for the
    stand-in, or be replaced by it."""
    start_thread(housing, title="Pinned")
    Thread.objects.filter(title="Pinned").update(pinned=True)
    start_thread(housing, title="Not pinned")
    compiled = CompiledQuery(threads_in, forum_id=0)

    titles = [row[1] for row in compiled.rows(forum_id=housing.pk)]

    assert titles == ["Not pinned"]


def test_a_stand_in_missing_from_the_sql_or_shared_with_another_is_refused():
    missing = CompiledQuery(lambda forum_id: threads_in(7), forum_id=-1)
    shared = CompiledQuery(
        lambda forum_id, author_id: threads_in(forum_id).filter(author_id=author_id),
        forum_id=-1,
        author_id=-1,
    )

    with pytest.raises(ValueError, match="among the SQL's parameters"):
        list(missing.rows(forum_id=7))
    with pytest.raises(ValueError, match="are equal"):
        list(shared.rows(forum_id=7, author_id=8))


def test_the_forum_at_a_slug_is_the_one_the_orm_finds_with_its_category(housing):
    found = Forum.with_slug("housing")

    assert found == housing
    assert [getattr(found, f.attname) for f in Forum._meta.concrete_fields] == [
        getattr(housing, f.attname) for f in Forum._meta.concrete_fields
    ]
    assert found.category == housing.category
    assert found.category.name == housing.category.name
    assert Forum.with_slug("no-such-forum") is None
