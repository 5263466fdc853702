"""``make bench`` loads the events index and an event page (issue #12): the data set
holds the past events asked for, and both pages answer as a visitor's would."""

import pytest
from django.test import Client

from blog.models import EventPage
from network import bench
from network.bench import dataset

pytestmark = pytest.mark.django_db

TINY = bench.Size(
    members=4, forums=2, threads=4, posts=20, big_thread=5, articles=1, comments=2, events=12
)


def test_the_bench_loads_the_events_index_and_an_event_page():
    data = dataset.build(TINY, lambda line: None)

    pages = {page.name: page.path for page in data.pages}
    assert EventPage.objects.past().count() == 12
    assert EventPage.objects.upcoming().count() >= 1
    index = Client().get(pages["events index"])
    assert index.status_code == 200
    assert len(index.context["past"].object_list) == 10
    event = Client().get(pages["event page"])
    assert event.status_code == 200
    assert "Assessments of the conference" in event.text
