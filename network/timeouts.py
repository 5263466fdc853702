"""A time limit on a block of queries, for work whose cost a visitor can raise (the site
search): PostgreSQL cancels any statement in the block that runs past it.

``SET LOCAL`` lasts until the end of the transaction it runs in, so the block is a
transaction of its own; inside a caller's transaction it is a savepoint, and the limit
then lasts until the caller's transaction ends (a test's, say). SQLite has no such
setting, and serves only a development copy on one machine: there the block runs with
no limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled


class QueryTimedOut(Exception):
    """PostgreSQL stopped a statement that ran past the time limit."""


@contextmanager
def time_limit(milliseconds: int) -> Iterator[None]:
    """Run the block's queries in a transaction where each statement may take at most
    ``milliseconds``; raise :class:`QueryTimedOut` (its transaction rolled back) when one
    takes longer."""
    if connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {int(milliseconds)}")
            yield
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):
            raise QueryTimedOut from error
        raise
