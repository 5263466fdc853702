import time

import pytest
from django.core.cache import cache
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from blog.context_processors import forget_navigation
from network import agreements
from network.context_processors import forget_chrome
from tests.factories import UserFactory

SEEDED_DATA: dict[str, str] = {}

# Whether a test whose data was committed has emptied the database since the seeded rows
# were last put back (see ``pytest_runtest_setup``).
EMPTIED = {"default": False}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrations leave it, kept as JSON so that tests whose data
    is committed and flushed (the browser tests) can put the seeded rows back: regions,
    tendencies, the home page and the articles index, groups and workflow."""
    from django.db import connection

    with django_db_blocker.unblock():
        SEEDED_DATA["default"] = connection.creation.serialize_db_to_string()


@pytest.fixture
def committed_data(transactional_db):
    """For tests whose data is committed, for another process or thread to see (mark
    them ``django_db(transaction=True, serialized_rollback=True)``): the database is
    emptied after each, so the seeded rows are put back first."""
    from django.db import connection

    connection._test_serialized_contents = SEEDED_DATA["default"]
    connection.creation.deserialize_db_from_string(SEEDED_DATA["default"])
    EMPTIED["default"] = False


def database_use(item: pytest.Item) -> str | None:
    """How a test uses the database, as pytest-django decides it: "committed" (its
    data is committed, and the database emptied after it), "rolled back", or None."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (marker and marker.kwargs.get("transaction")) or (
        "transactional_db" in fixtures or "live_server" in fixtures
    ):
        return "committed"
    if marker or "db" in fixtures:
        return "rolled back"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test whose data is rolled back finds the seeded rows, even when a test whose
    data was committed (and the database emptied) ran before it. pytest-django runs
    those last, but pytest-xdist hands each worker whole files in turn, so on one worker a
    file of committed tests can come before a file of ordinary ones."""
    if EMPTIED["default"] and database_use(item) == "rolled back":
        from django.db import connection

        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(SEEDED_DATA["default"])
        EMPTIED["default"] = False


def pytest_runtest_teardown(item):
    if database_use(item) == "committed":
        EMPTIED["default"] = True


@pytest.fixture(autouse=True)
def _isolated_site(settings, tmp_path):
    """Each test gets its own uploads folder and empty caches (allauth's rate limits
    count there), fast password hashing, and no page cache unless it asks for one (CI
    sets REDIS_URL, which turns the page cache on)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_EXPORT_ROOT = tmp_path / "exports"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PAGE_CACHE_SECONDS = 0
    # Staff, editors and moderators in other tests sign in with a password alone; the
    # second factor their roles need is tested in tests/network/test_second_factor.py.
    settings.SECOND_FACTOR_REQUIRED = False
    # Each test starts in English: a request leaves its language active (LocaleMiddleware
    # activates one and nothing deactivates it), which a server's next request replaces
    # but a test's code after it would run in.
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()
    forget_chrome()  # what the footer and header show is read again, as after a deploy
    forget_navigation()
    agreements.forget_versions()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def other_member(db):
    return UserFactory()


@pytest.fixture
def staff_member(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def clock(monkeypatch):
    """``clock.forward(seconds)``: time moves on for everything that reads the wall clock
    (rate limits, and the cache's expiry of what they count)."""
    real_time = time.time

    class Clock:
        offset = 0.0

        def forward(self, seconds: float) -> None:
            self.offset += seconds
            monkeypatch.setattr(time, "time", lambda: real_time() + self.offset)

    return Clock()


@pytest.fixture
def celery_conf():
    """Change the Celery app's configuration for one test: ``celery_conf(key=value)``."""
    from network.celery import app

    saved = {}

    def change(**values):
        for key, value in values.items():
            saved.setdefault(key, app.conf.get(key))
            app.conf[key] = value

    yield change
    app.conf.update(saved)


@pytest.fixture
def no_pause_between_posts(monkeypatch):
    """Members may post again at once: for tests whose story is not the pause itself."""
    from forums import actions

    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)


@pytest.fixture
def celery_backend(settings, celery_conf):
    """Mail goes through our Celery backend; the task runs in-process and delivers to
    Django's in-memory outbox."""
    settings.EMAIL_BACKEND = "network.mail.CeleryEmailBackend"
    settings.NETWORK_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_conf(task_always_eager=True, task_eager_propagates=True)


@pytest.fixture
def count_queries():
    """``count_queries(fn)``: how many queries ``fn()`` makes, for comparing the cost of
    the same page at two sizes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(fn) -> int:
        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured.captured_queries)

    return count


@pytest.fixture(scope="module")
def sink():
    """An SMTP server of the module's own (tests.processes.Sink), which can refuse mail."""
    from tests.processes import Sink

    server = Sink()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def own_redis():
    """A Redis server of the module's own on a free port, which a test may stop."""
    from tests.processes import RedisServer

    server = RedisServer()
    server.start()
    yield server
    server.remove()
