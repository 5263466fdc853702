"""The embedded development database: Django's SQLite backend, which makes the folder of
the database file (``VAR_DIR``) when it first opens it, so that reading the settings
writes nothing."""
