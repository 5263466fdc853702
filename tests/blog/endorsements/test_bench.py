"""``make bench`` loads an event page with 1,000 approved endorsers and times its server
time in process, the list cached and rendered afresh, against issue #12's 15 ms."""

import pytest

from blog.models import EventPage
from network import bench
from network.bench import dataset, endorsements
from network.management.commands.bench import Command

pytestmark = pytest.mark.django_db

TINY = bench.Size(
    members=4, forums=2, threads=4, posts=12, big_thread=3, articles=1, comments=2, events=2
)


def test_the_bench_loads_and_times_an_event_page_with_a_thousand_endorsers(client):
    data = dataset.build(TINY, lambda line: None)

    page = next(page for page in data.pages if page.name == "event, 1,000 endorsers")
    response = client.get(page.path)
    assert response.status_code == 200
    assert isinstance(response.context["page"], EventPage)
    assert "1,000 endorsers, 250 organizations" in response.content.decode()

    timer = bench.Timer(repeat=2, warmup=1)
    endorsements.rendering(timer, data)
    cached, signed_in, rendered = timer.rows
    assert cached.name == "event page, 1,000 endorsers, list cached"
    assert signed_in.name == "event page, 1,000 endorsers, list cached, signed in"
    assert rendered.name == "event page, 1,000 endorsers, list rendered"
    assert cached.queries < rendered.queries
    assert cached.queries < signed_in.queries  # the session and the member
    assert cached.target_ms == signed_in.target_ms == rendered.target_ms == 15
    assert "median ≤15 ms" in Command.timing_row(cached)


def test_a_timing_row_says_whether_its_target_was_met():
    row = bench.Row("a page", per_second=100, median_ms=10, p95_ms=20, queries=7, target_ms=15)
    assert Command.timing_row(row).split()[-4:] == ["median", "≤15", "ms", "yes"]

    slow = bench.Row("a page", per_second=20, median_ms=50, p95_ms=60, queries=7, target_ms=15)
    assert Command.timing_row(slow).split()[-4:] == ["median", "≤15", "ms", "NO"]

    untargeted = bench.Row("a reply", per_second=80, median_ms=12, p95_ms=20, queries=22)
    assert Command.timing_row(untargeted).split()[-2:] == ["–", "–"]
