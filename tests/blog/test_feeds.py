"""A reader follows the network's writing from a feed reader: RSS 2.0 or Atom, for every
article or for one tag or one region, with each article whole and cross-posts credited."""

from datetime import date
from html.parser import HTMLParser
from io import BytesIO

import feedparser
import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction, Site
from wagtail.rich_text import RichText

from blog import feeds
from network.models import NetworkSettings, Region
from network.signals import sync_default_site
from tests.factories import articles_index, make_article, make_author

pytestmark = pytest.mark.django_db

SITE_URL = "https://network.example"

FEEDS = {
    "rss": ("feed/", "application/rss+xml"),
    "atom": ("feed/atom/", "application/atom+xml"),
}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def make_image(title="Picket line", size=(1600, 900)):
    buffer = BytesIO()
    PILImage.new("RGB", size, (180, 20, 40)).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def feed_url(kind="rss", tag=None, region=None):
    prefix = f"tag/{tag}/" if tag else f"region/{region}/" if region else ""
    return f"{articles_index().url}{prefix}{FEEDS[kind][0]}"


def read_feed(client, url, content_type):
    """Fetch a feed and parse it as a feed reader would (without feedparser's own
    clean-up of the HTML, so what the site sends is what the test sees)."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    parsed = feedparser.parse(response.content, sanitize_html=False, resolve_relative_uris=False)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def fetch(client, kind="rss", **filters):
    return read_feed(client, feed_url(kind, **filters), FEEDS[kind][1])


def titles(parsed):
    return [entry.title for entry in parsed.entries]


def entry_titled(parsed, title):
    (entry,) = [entry for entry in parsed.entries if entry.title == title]
    return entry


def full_content(entry):
    (content,) = entry.content
    assert content.type == "text/html"
    return content.value


both_kinds = pytest.mark.parametrize("kind", ["rss", "atom"])


# --- Every article -----------------------------------------------------------------


@both_kinds
def test_feed_lists_published_articles_newest_first(client, kind):
    make_article("Organizing the warehouse")
    make_article("A win at the plant")

    parsed = fetch(client, kind)

    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    assert parsed.feed.title == "Network: articles"
    assert parsed.feed.link == f"{SITE_URL}{articles_index().url}"
    assert titles(parsed) == ["A win at the plant", "Organizing the warehouse"]


@both_kinds
def test_entry_links_to_the_article_and_summarises_it(client, kind):
    article = make_article(
        "Rent strike in Atlanta",
        introduction="Tenants & organizers hold the line.",
        authors=[make_author("Rosa Baker"), make_author("Marcus Tate")],
        tags=["housing", "tenants"],
    )

    entry = entry_titled(fetch(client, kind), "Rent strike in Atlanta")

    assert entry.link == f"{SITE_URL}{article.url}"
    assert entry.id == f"{SITE_URL}{article.url}"
    assert entry.summary == "Tenants &amp; organizers hold the line."
    assert entry.author == "Rosa Baker, Marcus Tate"
    assert sorted(tag.term for tag in entry.tags) == ["housing", "tenants"]
    assert entry.published_parsed[:3] == article.first_published_at.utctimetuple()[:3]


@both_kinds
def test_summary_is_the_introduction_as_written(client, kind):
    """The introduction is plain text; a summary is HTML, so its < and & are escaped
    rather than read as markup."""
    make_article("Rent and wages", introduction="Why rent > wages, and what <we> can do")

    entry = entry_titled(fetch(client, kind), "Rent and wages")

    assert entry.summary == "Why rent &gt; wages, and what &lt;we&gt; can do"
    assert "<p>Why rent &gt; wages, and what &lt;we&gt; can do</p>" in full_content(entry)


@both_kinds
def test_drafts_never_appear_in_any_feed(client, kind):
    georgia = Region.objects.get(slug="georgia")
    make_article("Published piece", tags=["labor"], regions=[georgia])
    make_article("Unfinished draft", publish=False, tags=["labor"], regions=[georgia])

    for filters in ({}, {"tag": "labor"}, {"region": "georgia"}):
        parsed = fetch(client, kind, **filters)
        assert titles(parsed) == ["Published piece"], filters


def test_unpublished_article_leaves_the_feed(client):
    article = make_article("Withdrawn piece")
    make_article("Still here")
    assert "Withdrawn piece" in titles(fetch(client))

    article.unpublish()

    assert titles(fetch(client)) == ["Still here"]


def test_members_only_article_stays_out_of_the_public_feed(client):
    private = make_article("For members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_article("For everyone")

    assert titles(fetch(client)) == ["For everyone"]
    assert titles(fetch(client, "atom")) == ["For everyone"]


def test_feed_carries_only_the_latest_articles(client, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_LENGTH", 2)
    for title in ("First", "Second", "Third"):
        make_article(title)

    assert titles(fetch(client)) == ["Third", "Second"]


def test_empty_feed_is_still_a_valid_feed(client):
    assert titles(fetch(client)) == []
    assert titles(fetch(client, "atom")) == []


def test_atom_entries_always_have_an_author(client):
    """RFC 4287: without a feed-level author, every entry must name one. An article
    with no byline is the network's."""
    make_article("Statement from the network")

    response = client.get(feed_url("atom"))
    parsed = read_feed(client, feed_url("atom"), "application/atom+xml")

    assert parsed.feed.author == "Network"
    assert b"<author><name>Network</name></author>" in response.content


# --- Dates ----------------------------------------------------------------------------


@both_kinds
def test_entries_carry_each_articles_own_date_and_come_in_its_order(client, kind):
    """Editors publish older pieces with the date they were written: the demo's ten
    articles were all published today, each with its own date. Readers see that date on
    the page, and feed readers must get the same, newest first."""
    make_article("Spring piece", display_date=date(2025, 3, 14))
    make_article("Autumn piece", display_date=date(2025, 10, 2))
    make_article("Winter piece", display_date=date(2024, 12, 20))

    parsed = fetch(client, kind)

    assert titles(parsed) == ["Autumn piece", "Spring piece", "Winter piece"]
    published = {entry.title: entry.published_parsed[:3] for entry in parsed.entries}
    assert published == {
        "Autumn piece": (2025, 10, 2),
        "Spring piece": (2025, 3, 14),
        "Winter piece": (2024, 12, 20),
    }


@both_kinds
def test_an_article_dated_the_day_it_was_published_keeps_the_hour(client, kind):
    article = make_article("Out today")

    entry = entry_titled(fetch(client, kind), "Out today")

    assert entry.published_parsed[:6] == article.first_published_at.utctimetuple()[:6]


# --- Addresses ----------------------------------------------------------------------


@both_kinds
def test_every_address_in_a_feed_is_at_site_url_whatever_host_was_asked(client, kind, settings):
    """A feed read through another name of the server (an internal host, a mirror) still
    points readers to the public site, and its entries keep their ids."""
    settings.ALLOWED_HOSTS = ["mirror.example"]
    article = make_article("Everywhere", tags=["labor"])

    for filters, listing in [({}, ""), ({"tag": "labor"}, "tag/labor/")]:
        url = feed_url(kind, **filters)
        response = client.get(url, HTTP_HOST="mirror.example")
        parsed = feedparser.parse(response.content, resolve_relative_uris=False)

        assert parsed.feed.link == f"{SITE_URL}{articles_index().url}{listing}"
        (self_link,) = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_link == f"{SITE_URL}{url}"
        entry = entry_titled(parsed, "Everywhere")
        assert entry.link == entry.id == f"{SITE_URL}{article.url}"
        assert b"mirror.example" not in response.content


def test_entry_ids_are_what_they_were_on_a_site_at_site_url(client):
    """Feed readers know an entry by its id: with the Wagtail site at SITE_URL, as every
    ``migrate`` leaves it, an id is the article's full address as before."""
    sync_default_site(sender=type("App", (), {"name": "network"}))
    article = make_article("Known to readers")

    entry = entry_titled(fetch(client), "Known to readers")

    assert entry.id == article.get_full_url() == f"{SITE_URL}{article.url}"


# --- Full content -------------------------------------------------------------------


@both_kinds
def test_entry_carries_the_whole_article_as_html(client, kind):
    make_article(
        "The long version",
        introduction="Short intro.",
        body=[
            ("heading", "What happened"),
            ("paragraph", RichText("<p>Full text here, <b>every</b> word of it.</p>")),
            ("quote", {"text": "Solidarity forever", "attribution": "Ralph Chaplin"}),
        ],
    )

    html = full_content(entry_titled(fetch(client, kind), "The long version"))

    assert "<p>Short intro.</p>" in html
    assert '<h2 id="what-happened">What happened</h2>' in html
    assert "<p>Full text here, <b>every</b> word of it.</p>" in html
    assert "Solidarity forever" in html
    assert "Ralph Chaplin" in html


def test_rss_puts_the_whole_article_in_content_encoded(client):
    make_article("Encoded", body=[("paragraph", RichText("<p>Full text here</p>"))])

    response = client.get(feed_url("rss"))

    assert b'xmlns:content="http://purl.org/rss/1.0/modules/content/"' in response.content
    assert b"<content:encoded>" in response.content
    assert b"&lt;p&gt;Full text here&lt;/p&gt;" in response.content


def test_atom_puts_the_whole_article_in_html_content(client):
    make_article("As content", body=[("paragraph", RichText("<p>Full text here</p>"))])

    response = client.get(feed_url("atom"))

    assert b'<content type="html">' in response.content
    assert b"&lt;p&gt;Full text here&lt;/p&gt;" in response.content


@both_kinds
def test_the_sites_own_links_in_the_content_are_absolute(client, kind):
    other = make_article("Earlier piece")
    make_article(
        "Linking piece",
        body=[
            (
                "paragraph",
                RichText(
                    f'<p>See <a linktype="page" id="{other.pk}">our earlier piece</a>, '
                    'the <a href="/members/">members</a> and '
                    '<a href="https://labornotes.org/">Labor Notes</a>.</p>'
                ),
            )
        ],
    )

    html = full_content(entry_titled(fetch(client, kind), "Linking piece"))

    assert f'href="{SITE_URL}{other.url}"' in html
    assert f'href="{SITE_URL}/members/"' in html
    assert 'href="https://labornotes.org/"' in html
    assert 'href="/' not in html


@both_kinds
def test_images_in_the_content_load_from_the_site(client, kind):
    lead = make_image("Lead")
    inline = make_image("Inline")
    make_article(
        "Pictured",
        lead_image=lead,
        lead_image_alt="Workers on the picket line",
        body=[
            (
                "image",
                {"image": inline, "alt_text": "The march downtown", "caption": "Downtown"},
            )
        ],
    )

    html = full_content(entry_titled(fetch(client, kind), "Pictured"))

    assert 'alt="Workers on the picket line"' in html
    assert 'alt="The march downtown"' in html
    assert html.count(f'src="{SITE_URL}/media/images/') == 2
    assert 'src="/' not in html
    assert "srcset" not in html
    assert "sizes=" not in html


def test_lead_image_caption_goes_with_the_picture(client):
    make_article(
        "Captioned",
        lead_image=make_image("Lead", size=(400, 300)),
        lead_image_alt="A crowd",
        lead_image_caption="The rally on Saturday",
    )

    html = full_content(entry_titled(fetch(client), "Captioned"))

    assert "<figcaption>The rally on Saturday</figcaption>" in html


# --- Cross-posts --------------------------------------------------------------------


def make_cross_post(title="From Labor Notes", **fields):
    return make_article(
        title,
        source_name="Labor Notes",
        source_url="https://labornotes.org/2025/05/strike",
        original_author="Jane Organizer",
        **fields,
    )


def test_rss_cross_post_names_its_source(client):
    make_cross_post()
    make_article("Our own piece")

    parsed = fetch(client, "rss")

    cross_post = entry_titled(parsed, "From Labor Notes")
    assert cross_post.source.href == "https://labornotes.org/2025/05/strike"
    assert cross_post.source.title == "Labor Notes"
    assert "source" not in entry_titled(parsed, "Our own piece")
    response = client.get(feed_url("rss"))
    assert (
        b'<source url="https://labornotes.org/2025/05/strike">Labor Notes</source>'
        in response.content
    )


def test_atom_cross_post_links_to_its_source_as_via(client):
    make_cross_post()
    make_article("Our own piece")

    parsed = fetch(client, "atom")

    via = [link for link in entry_titled(parsed, "From Labor Notes").links if link.rel == "via"]
    assert [(link.href, link.title) for link in via] == [
        ("https://labornotes.org/2025/05/strike", "Labor Notes")
    ]
    assert not [link for link in entry_titled(parsed, "Our own piece").links if link.rel == "via"]


@both_kinds
def test_cross_post_content_says_where_it_was_first_published(client, kind):
    make_cross_post(body=[("paragraph", RichText("<p>The strike held.</p>"))])
    make_article("Our own piece")

    parsed = fetch(client, kind)

    html = full_content(entry_titled(parsed, "From Labor Notes"))
    assert (
        'Originally published by <a href="https://labornotes.org/2025/05/strike">Labor Notes</a>'
        in html
    )
    assert "written by Jane Organizer" in html
    assert "<p>The strike held.</p>" in html
    assert "Originally published by" not in full_content(entry_titled(parsed, "Our own piece"))
    assert entry_titled(parsed, "From Labor Notes").author == "Jane Organizer"


@both_kinds
def test_cross_post_content_carries_its_licence(client, kind):
    """A licence such as CC BY-SA asks for its notice wherever the piece is republished,
    and a feed with the whole article is one of those places."""
    make_cross_post(permission_note="CC BY-SA 4.0")

    html = full_content(entry_titled(fetch(client, kind), "From Labor Notes"))

    assert "<p>CC BY-SA 4.0</p>" in html
    assert 'Read the original at <a href="https://labornotes.org/2025/05/strike">' in html


# --- Endorsement ---------------------------------------------------------------------


@both_kinds
def test_articles_not_endorsed_carry_the_networks_disclaimer(client, kind):
    disclaimer = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    disclaimer.disclaimer = "<p>Views are the authors’ own.</p>"
    disclaimer.save()
    make_article("A member’s opinion")
    make_article("Our position", endorsed=True, endorsement_note="Adopted at the assembly.")

    parsed = fetch(client, kind)

    opinion = full_content(entry_titled(parsed, "A member’s opinion"))
    assert "Not an endorsement" in opinion
    assert "<p>Views are the authors’ own.</p>" in opinion
    position = full_content(entry_titled(parsed, "Our position"))
    assert "<strong>Endorsed by the network.</strong> Adopted at the assembly." in position
    assert "Views are the authors’ own." not in position


# --- By tag and by region -----------------------------------------------------------


@both_kinds
def test_tag_feed_has_only_articles_with_that_tag(client, kind):
    make_article("Union drive", tags=["labor"])
    make_article("Eviction defense", tags=["housing"])
    make_article("Housing workers organize", tags=["labor", "housing"])
    make_article("Labor draft", publish=False, tags=["labor"])

    parsed = fetch(client, kind, tag="labor")

    assert parsed.feed.title == "Network: articles tagged “labor”"
    assert parsed.feed.link == f"{SITE_URL}{articles_index().url}tag/labor/"
    assert titles(parsed) == ["Housing workers organize", "Union drive"]


@both_kinds
def test_region_feed_has_only_articles_from_that_region(client, kind):
    georgia = Region.objects.get(slug="georgia")
    alabama = Region.objects.get(slug="alabama")
    make_article("Savannah port strike", regions=[georgia])
    make_article("Birmingham tenants", regions=[alabama])
    make_article("Across the state line", regions=[georgia, alabama])
    make_article("Nowhere in particular")

    parsed = fetch(client, kind, region="georgia")

    assert parsed.feed.title == "Network: articles from Georgia"
    assert parsed.feed.link == f"{SITE_URL}{articles_index().url}region/georgia/"
    assert titles(parsed) == ["Across the state line", "Savannah port strike"]


@both_kinds
@pytest.mark.parametrize("filters", [{"tag": "no-such-tag"}, {"region": "atlantis"}])
def test_feed_for_an_unknown_tag_or_region_is_not_found(client, kind, filters):
    make_article("Something", tags=["labor"], regions=[Region.objects.get(slug="georgia")])

    assert client.get(feed_url(kind, **filters)).status_code == 404


# --- Autodiscovery ------------------------------------------------------------------


class AlternateLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.links.append((attrs.get("type"), attrs.get("href")))


def alternate_links(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = AlternateLinks()
    parser.feed(response.text)
    return parser.links


@pytest.mark.parametrize("where", ["home", "index", "article"])
def test_pages_let_feed_readers_discover_the_feeds(client, where):
    article = make_article("Discoverable")
    url = {"home": "/", "index": articles_index().url, "article": article.url}[where]

    links = alternate_links(client, url)

    assert ("application/rss+xml", feed_url("rss")) in links
    assert ("application/atom+xml", feed_url("atom")) in links
    for content_type, href in links:
        assert "Discoverable" in titles(read_feed(client, href, content_type))


@pytest.mark.parametrize(
    ("listing", "filters"),
    [("tag/labor/", {"tag": "labor"}), ("region/georgia/", {"region": "georgia"})],
)
def test_tag_and_region_listings_link_their_own_feeds(client, listing, filters):
    make_article("Matching", tags=["labor"], regions=[Region.objects.get(slug="georgia")])
    make_article("Not matching")

    links = alternate_links(client, articles_index().url + listing)

    assert ("application/rss+xml", feed_url("rss", **filters)) in links
    assert ("application/atom+xml", feed_url("atom", **filters)) in links
    assert titles(fetch(client, "rss", **filters)) == ["Matching"]
    assert titles(fetch(client, "atom", **filters)) == ["Matching"]


# --- Cost ----------------------------------------------------------------------------


def make_listed_article(number, lead_image):
    """An article with everything an entry shows except pictures in its body: each of
    those costs a query (Wagtail looks a body's images up article by article), a cost
    bounded by ``FEED_LENGTH``."""
    return make_article(
        f"Article {number}",
        lead_image=lead_image,
        lead_image_alt=f"Picture {number}",
        authors=[make_author(f"Writer {number}")],
        tags=[f"tag-{number}", "labor"],
        regions=[Region.objects.get(slug="georgia")],
        body=[
            ("heading", "Background"),
            ("paragraph", RichText(f"<p>Body of article {number}.</p>")),
        ],
    )


@both_kinds
def test_feed_queries_do_not_grow_with_articles(client, django_assert_num_queries, kind):
    lead_image = make_image(size=(400, 300))
    for number in range(3):
        make_listed_article(number, lead_image)
    client.get(feed_url(kind))  # warm Wagtail's site lookup, as a running server has

    with django_assert_num_queries(13) as few:
        assert len(fetch(client, kind).entries) == 3

    for number in range(3, 15):
        make_listed_article(number, lead_image)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(fetch(client, kind).entries) == 15


def test_tag_feed_queries_do_not_grow_with_articles(client, django_assert_num_queries):
    lead_image = make_image(size=(400, 300))
    for number in range(3):
        make_listed_article(number, lead_image)
    client.get(feed_url(tag="labor"))

    with django_assert_num_queries(14) as few:
        assert len(fetch(client, tag="labor").entries) == 3

    for number in range(3, 15):
        make_listed_article(number, lead_image)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(fetch(client, tag="labor").entries) == 15


# --- With the page cache on -----------------------------------------------------------


def test_cached_feed_shows_a_newly_published_article(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    make_article("First")
    assert titles(fetch(client)) == ["First"]
    cached = client.get(feed_url())
    assert cached["X-Page-Cache"] == "hit"
    assert cached["Content-Type"].startswith("application/rss+xml")

    make_article("Second")

    assert titles(fetch(client)) == ["Second", "First"]
    assert titles(fetch(client, "atom")) == ["Second", "First"]
