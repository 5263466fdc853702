"""What members write cannot run in other members' browsers: markup smuggled into a
post, an article comment, a thread title or a display name shows as the text it is, its
links go nowhere but the web, and hovering or clicking it does nothing.

The site's Content-Security-Policy would block inline script even if some got through;
these tabs ignore it (``bypass_csp``), so what they check is the markup alone.
"""

import pytest
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum, Thread
from tests.browser.conftest import RESULTS
from tests.browser.people import established, sign_in
from tests.factories import make_article

pytestmark = [
    pytest.mark.usefixtures("no_pause_between_posts"),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Each payload sets window.__pwned to its own name, so a failure says which got through.
HOSTILE_LINES = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<a href=\"javascript:window.__pwned='a'\">x</a>",
    "[click](javascript:window.__pwned='md-link')",
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "<div onmouseover=\"window.__pwned='hover'\">hover</div>",
    "<b><i>unclosed",
    "<scr<script>ipt>window.__pwned='split'</script>",
    "<svg onload=\"window.__pwned='svg'\"><circle r=9></circle></svg>",
    "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__pwned='srcdoc'</script>\"></iframe>",
    "<style>body { display: none }</style>",
    "<details open ontoggle=\"window.__pwned='toggle'\">open</details>",
    "<form action=\"javascript:window.__pwned='form'\"><button>go</button></form>",
    "[case]( JaVaScRiPt:window.__pwned='case')",
    "[entity](&#106;avascript:window.__pwned='entity')",
    "[vb](vbscript:msgbox(1))",
    "<javascript:window.__pwned='autolink'>",
    '[title](https://example.org/ "x\\" onmouseover=\\"window.__pwned=\'title-attr\'")',
]
HOSTILE_MARKDOWN = "\n\n".join(
    [*HOSTILE_LINES, "Still **markdown**: see [the guide](https://example.org/guide) first."]
)

# Anything the browser would run or load, and any attribute that runs script: none may
# come from what a member wrote. The site's own page has one script, from /static/.
PAGE_PROBLEMS = """() => {
    const problems = [];
    const safeUrl = (value) => {
        const protocol = new URL(value, location.href).protocol;
        return ["http:", "https:", "mailto:"].includes(protocol);
    };
    for (const script of document.scripts) {
        if (!script.src || new URL(script.src).origin !== location.origin) {
            problems.push("script: " + (script.src || script.textContent.slice(0, 60)));
        }
    }
    const active = "iframe, frame, object, embed, svg, math, style, base, template, "
        + "meta[http-equiv]";
    for (const element of document.querySelectorAll(active)) {
        problems.push("<" + element.tagName.toLowerCase() + ">");
    }
    for (const element of document.querySelectorAll("*")) {
        const tag = element.tagName.toLowerCase();
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            if (name.startsWith("on") || name === "srcdoc" || name === "style") {
                problems.push(tag + "[" + name + "]");
            }
            if (["href", "src", "action", "formaction", "xlink:href"].includes(name)
                    && !safeUrl(attribute.value)) {
                problems.push(tag + "[" + name + "=" + attribute.value + "]");
            }
        }
    }
    return problems;
}"""

# Hover everything inside ``root``, as a curious reader would, and click all of it but
# the site's own controls and links to web pages (PAGE_PROBLEMS checks their addresses).
POKE = """root => {
    for (const element of root.querySelectorAll("*")) {
        for (const kind of ["mouseover", "mouseenter", "focus"]) {
            element.dispatchEvent(new Event(kind, {bubbles: true}));
        }
        const link = element.closest("a[href]");
        if (link && /^https?:/.test(link.href)) continue;
        if (element.closest("form, button, summary")) continue;
        element.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}));
    }
}"""


@pytest.fixture
def page(browser, live_server, request):
    """The browser fixture's tab, but ignoring the site's Content-Security-Policy, and
    noting any alert() or confirm() a payload opens."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    if getattr(request.node, "failed_in_call", False):
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=RESULTS / f"{request.node.name}.png", full_page=True)
    context.close()


def assert_inert(page, root) -> None:
    """Nothing on the page can run, and poking at ``root`` runs nothing."""
    assert page.evaluate(PAGE_PROBLEMS) == []
    root.evaluate(POKE)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []


def assert_shown_as_text(body) -> None:
    """Each hostile line reads on the page as the member typed it (markdown links that
    were refused show their brackets; the one HTML entity reads decoded)."""
    for line in HOSTILE_LINES:
        if "&#106;" in line or '\\"' in line:
            continue
        expect(body).to_contain_text(line)
    expect(body).to_contain_text("[entity](javascript:window.__pwned='entity')")


def test_hostile_markdown_in_a_reply_renders_inert(page, live_server):
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(
        housing, established("rosa_b"), "Tenant union bylaws", "Draft attached below."
    )
    established("mallory_x", profile__display_name="Mallory")
    established("marcus_t", profile__display_name="Marcus T")

    sign_in(page, "mallory_x")
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill(HOSTILE_MARKDOWN)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".preview")
    expect(preview.locator("strong")).to_have_text("markdown")
    assert_inert(page, preview)
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".post--depth-1")).to_be_visible()

    sign_in(page, "marcus_t")
    page.goto(thread.get_absolute_url())
    body = page.locator(".post--depth-1 .post__body")
    expect(body.locator("strong")).to_have_text("markdown")
    guide = body.get_by_role("link", name="the guide")
    expect(guide).to_have_attribute("href", "https://example.org/guide")
    expect(guide).to_have_attribute("rel", "nofollow ugc noopener")
    assert_shown_as_text(body)
    for block in body.locator("p").all():
        block.hover()
    assert_inert(page, body)

    # Found by a word of it ("window.__pwned" is one word, a file name, to the full-text
    # search): its passage shows the markup around the word as text.
    page.goto("/search/?q=hover")
    expect(page.get_by_role("link", name="Tenant union bylaws")).to_be_visible()
    expect(page.locator("main")).to_contain_text("<div onmouseover=")
    assert_inert(page, page.locator("main"))


def test_html_in_a_thread_title_and_a_display_name_shows_as_text(page, live_server):
    name = "<img src=x onerror=\"window.__pwned='name'\">Eve"
    title = "<script>window.__pwned='title'</script><b onclick=\"window.__pwned='b'\">Rent</b>"
    established("eve_x", profile__display_name="Eve")
    established("marcus_t", profile__display_name="Marcus T")

    sign_in(page, "eve_x")
    page.goto("/members/eve_x/edit/")
    page.get_by_label("Display name").fill(name)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    page.goto("/forums/housing/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Opening post").fill("Who is in?")
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    thread_url = Thread.objects.get(title=title).get_absolute_url()

    sign_in(page, "marcus_t")
    shown = {
        thread_url: [name, title],
        "/forums/housing/": [name, title],
        "/forums/": [name, title[:59]],  # the last post's title, shortened
        "/members/eve_x/": [name],
        "/members/": [name],
    }
    for path, texts in shown.items():
        page.goto(path)
        for text in texts:
            expect(page.get_by_text(text).first).to_be_visible()
        assert_inert(page, page.locator("main"))
    page.goto(thread_url)
    assert page.title().startswith(title)
    expect(page.locator(".post--opening .post__author")).to_have_text(name)


def test_hostile_comment_under_an_article_renders_inert(page, live_server):
    article = make_article("Rent strikes in Atlanta")
    established("mallory_x", profile__display_name="Mallory")

    sign_in(page, "mallory_x")
    page.goto(article.url)
    page.get_by_label("Your comment").fill(HOSTILE_MARKDOWN)
    page.get_by_role("button", name="Post comment").click()
    comment = page.locator("#comments .post--depth-1")
    expect(comment.locator(".post__body strong")).to_have_text("markdown")
    assert_shown_as_text(comment.locator(".post__body"))
    assert_inert(page, comment)
