"""Real-browser tests: headless Chromium (Debian's package) driven by Playwright against
Django's live server. Without Chromium they are skipped with how to install it, unless
REQUIRE_BROWSER=1, where a missing browser fails the run."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which(os.environ.get("CHROMIUM_PATH") or "chromium") or shutil.which(
    "chromium-browser"
)
MISSING = (
    "Chromium is not installed: `sudo apt-get install chromium` (or set CHROMIUM_PATH) "
    "to run the browser tests."
)
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {MISSING}", pytrace=False)
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_in_call = report.failed
    return report


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser tab on the live server. When the test fails, a screenshot of the
    tab lands in test-results/ for whoever reads the failure."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    if getattr(request.node, "failed_in_call", False):
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=RESULTS / f"{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _seeded_data(transactional_db):
    """The live server sees only committed data, which is flushed after each test; put
    back what the data migrations seeded before each one.

    The tests are marked ``serialized_rollback`` so that the flush leaves content types
    alone, but Django's own restore cannot find the data: once Playwright runs, the test
    sees another connection object than the one the data was attached to at setup. So it
    is attached to this one, and restored here (restoring twice is harmless)."""
    from django.db import connection

    from tests.conftest import SEEDED_DATA

    connection._test_serialized_contents = SEEDED_DATA["default"]
    connection.creation.deserialize_db_from_string(SEEDED_DATA["default"])
