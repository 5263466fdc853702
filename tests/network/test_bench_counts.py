"""``make bench`` counts each page's queries: still after the bench has run more than the
9,000 queries Django's log keeps (every count read 0 then)."""

import pytest
from django.db import connection

from network import bench
from network.models import Region

pytestmark = pytest.mark.django_db


def test_a_count_is_right_after_the_log_is_full():
    with bench.counted_queries():
        for _ in range(connection.queries_log.maxlen + 5):
            connection.cursor().execute("SELECT 1")

    with bench.counted_queries() as captured:
        list(Region.objects.all())
        Region.objects.count()

    assert len(captured.captured_queries) == 2


def test_the_timer_counts_the_queries_of_one_run():
    timer = bench.Timer(repeat=3, warmup=1)
    with bench.counted_queries():
        for _ in range(connection.queries_log.maxlen):
            connection.cursor().execute("SELECT 1")

    row = timer.measure("regions", lambda: list(Region.objects.all()))

    assert row.queries == 1
