"""The site ``make bench`` loads, built in order: the members, the forums they write in,
then the articles (whose comments are forum posts), the events (one with an endorsement
drive of 1,000 endorsers), and the searches over the articles and the forums."""

from __future__ import annotations

import random
import time

from django.db import transaction

from network import bench
from network.bench import blog, directory, endorsements, events, forums, members

BUILDERS = [
    ("members", members.build_members),
    ("forums", forums.build_forums),
    ("articles", blog.build_articles),
    ("events", events.build_events),
    ("endorsements", endorsements.build_drive),
    ("searches", blog.name_searches),
    ("directory", directory.build_directory),
]


def build(size: bench.Size, say: bench.Say) -> bench.DataSet:
    data = bench.DataSet(size=size, rng=random.Random(4))
    for name, builder in BUILDERS:
        start = time.perf_counter()
        with transaction.atomic():
            builder(data, say)
        say(f"  {name}: {time.perf_counter() - start:.1f} s")
    return data
