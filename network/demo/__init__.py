"""Demo content for ``manage.py seed_demo`` (run by ``make run``): enough to see every
feature. One module per part of the site, each seeding it idempotently; the command
runs them in order, since the members write the articles and threads, and comments go
under the articles. It uses every app (with network.bench, the only part of ``network``
that imports ``forums`` and ``blog``), so nothing in the site imports it."""
