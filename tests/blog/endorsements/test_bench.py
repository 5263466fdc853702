"""``make bench`` loads a campaign page with 1,000 approved endorsers and times its
server time in process, the list cached and rendered afresh (issue #12)."""

import pytest

from network import bench
from network.bench import dataset, endorsements

pytestmark = pytest.mark.django_db

TINY = bench.Size(members=4, forums=2, threads=4, posts=12, big_thread=3, articles=1, comments=2)


def test_the_bench_loads_and_times_a_campaign_page_with_a_thousand_endorsers(client):
    data = dataset.build(TINY, lambda line: None)

    page = next(page for page in data.pages if page.name.startswith("campaign"))
    response = client.get(page.path)
    assert response.status_code == 200
    assert "1,000 endorsers, 250 organizations" in response.content.decode()

    timer = bench.Timer(repeat=2, warmup=1)
    endorsements.rendering(timer, data)
    cached, rendered = timer.rows
    assert "list cached" in cached.name
    assert "list rendered" in rendered.name
    assert cached.queries < rendered.queries
