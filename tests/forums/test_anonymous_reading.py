"""An anonymous reader's page view writes nothing to the database (issue #4): reading
costs reads only, so a crawler cannot fill tables and pages scale with the readers."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import Thread
from tests.factories import make_article

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b|\bFOR UPDATE\b", re.IGNORECASE)


def writes_reading(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries if WRITE.search(query["sql"])]


def test_an_anonymous_reader_writes_nothing(client, housing, start_thread, grow_thread, reply):
    thread = start_thread(housing, title="Rent strike, week two")
    grow_thread(thread, top_level=25, nested=2)
    article = make_article("Worth discussing")
    reply(Thread.objects.get(pk=article.discussion_id), "A good piece.")
    thread.refresh_from_db()

    for url in [
        "/forums/",
        housing.get_absolute_url(),
        thread.get_absolute_url(),
        f"{thread.get_absolute_url()}?page={thread.page_count}",
        article.url,
        "/",
    ]:
        assert writes_reading(client, url) == [], url
