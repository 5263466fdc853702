"""Demo content for ``manage.py seed_demo`` (run by ``make run``): enough to see every
feature. One module per part of the site, each seeding it idempotently; the command
runs them in order, since the members write the articles and threads, and comments go
under the articles. Nothing here is loaded when the site starts."""
