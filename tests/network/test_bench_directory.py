"""``make bench`` loads the directory's pages (issue #12) on 500 organizations: each
answers, shows what it is there to measure, and costs what the tests' budgets say."""

import random

import pytest
from django.test import Client

from network import bench
from network.bench.directory import ORGANIZATIONS, build_directory
from network.bench.members import build_members
from network.directory.models import Organization

pytestmark = pytest.mark.django_db

TINY = bench.Size(members=6, forums=2, threads=4, posts=20, big_thread=5, articles=1, comments=2)


def test_the_bench_loads_the_directory_at_its_size(django_assert_max_num_queries):
    data = bench.DataSet(size=TINY, rng=random.Random(4))
    for builder in (build_members, build_directory):  # as dataset.build runs them
        builder(data, lambda line: None)
    pages = {page.name: page for page in data.pages}
    member = Client()
    member.force_login(data.reader)

    assert Organization.objects.listed().count() == ORGANIZATIONS
    directory = Client().get(pages["organization directory"].path)
    assert f"{ORGANIZATIONS} organizations" in directory.text
    region_page = Client().get(pages["directory, region, p. 2"].path)
    assert "Page 2 of" in region_page.text
    organization = member.get(pages["organization page"].path)
    assert organization.text.count('class="member-card"') == TINY.members
    project = member.get(pages["local project page"].path)
    assert "6 members have joined." in project.text
    for name in ("organization directory", "organization page", "local project page"):
        with django_assert_max_num_queries(5):
            assert Client().get(pages[name].path).status_code == 200
