"""Reading articles: attribution a reader cannot miss, the disclaimer, the body's blocks,
search-engine tags, and listings whose cost does not grow with their length."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from wagtail.rich_text import RichText

from blog.blocks import PARTICIPANTS_NOTE, recognise_video
from network.models import Region
from tests.factories import articles_index, make_article, make_author, make_image

pytestmark = pytest.mark.django_db

SOURCE = {
    "source_name": "Labor Notes",
    "source_url": "https://labornotes.org/2026/10/strike-wave",
    "original_author": "Jane Steward",
    "original_date": datetime.date(2026, 10, 3),
}


def get(client: Client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.text


def test_cross_post_shows_its_source_at_the_top_and_the_end(client):
    article = make_article("Strike wave", **SOURCE, permission_note="Republished with permission")

    html = get(client, article)

    top, bottom = html.split('class="article__body')
    assert "Originally published by" in top
    assert f'<a href="{SOURCE["source_url"]}" rel="noopener">Labor Notes</a>' in top
    assert "October 3, 2026" in top
    assert "Jane Steward" in top
    assert "educational purposes only" in bottom
    assert f'href="{SOURCE["source_url"]}"' in bottom
    assert "Republished with permission" in bottom


def test_cross_post_points_search_engines_to_the_source(client):
    article = make_article("Strike wave", **SOURCE)

    html = get(client, article)

    assert f'<link rel="canonical" href="{SOURCE["source_url"]}">' in html
    assert f'<meta property="og:url" content="{SOURCE["source_url"]}">' in html


def test_editors_can_keep_the_canonical_link_on_the_network(client, settings):
    article = make_article("Strike wave", canonical_to_source=False, **SOURCE)

    html = get(client, article)

    assert f'<link rel="canonical" href="{settings.SITE_URL}{article.url}">' in html
    assert "Originally published by" in html


def test_original_article_has_no_attribution_and_its_own_canonical(client, settings):
    article = make_article("Our own words", introduction="Written by us.")

    html = get(client, article)

    assert "Originally published by" not in html
    assert "posted here for educational purposes" not in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}{article.url}">' in html
    assert '<meta name="description" content="Written by us.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_search_engine_tags_carry_the_articles_own_date_and_the_public_address(client, settings):
    """An article written in March and published today was published in March, as its
    byline says; and a page served under another host name names the public one."""
    settings.SITE_URL = "https://network.example"
    settings.ALLOWED_HOSTS = ["mirror.example"]
    article = make_article("Written in March", display_date=datetime.date(2025, 3, 14))

    html = client.get(article.url, HTTP_HOST="mirror.example").text

    (published,) = re.findall(r'<meta property="article:published_time" content="([^"]+)">', html)
    midnight = datetime.datetime(2025, 3, 14, tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert datetime.datetime.fromisoformat(published) == midnight
    assert '<time datetime="2025-03-14">March 14, 2025</time>' in html
    assert f'<link rel="canonical" href="https://network.example{article.url}">' in html
    assert f'<meta property="og:url" content="https://network.example{article.url}">' in html
    assert "mirror.example" not in html


def test_unendorsed_articles_show_the_disclaimer(client):
    html = get(client, make_article("Views of one member"))
    article_part = html.split('class="site-footer"')[0]
    assert "Not an endorsement" in article_part
    assert "views expressed in articles and posts are those of their authors" in article_part
    assert "Endorsed by the network" not in article_part


def test_endorsed_articles_say_so_instead(client):
    article = make_article(
        "Our platform", endorsed=True, endorsement_note="Adopted at the 2026 convention."
    )
    article_part = get(client, article).split('class="site-footer"')[0]
    assert "Endorsed by the network" in article_part
    assert "Adopted at the 2026 convention." in article_part
    assert "Not an endorsement" not in article_part


def test_strategy_session_reads_as_numbered_segments_with_participants(client):
    people = [{"name": "Rosa Bell", "organization": "Georgia Tenants Union"}]
    article = make_article(
        "Strategy session",
        body=[
            ("paragraph", RichText("<p>We met in Atlanta.</p>")),
            (
                "video_segment",
                {
                    "title": "Where we stand",
                    "summary": RichText("<p>Opening remarks.</p>"),
                    "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "speakers": people,
                },
            ),
            (
                "video_segment",
                {
                    "title": "What comes next",
                    "summary": RichText(""),
                    "video": "https://vimeo.com/76979871",
                    "speakers": [],
                },
            ),
            ("participants", {"heading": "Participants", "people": people}),
        ],
    )

    html = get(client, article)

    assert "Segment 1</span> Where we stand" in html
    assert "Segment 2</span> What comes next" in html
    assert "Rosa Bell (Georgia Tenants Union)" in html
    assert str(PARTICIPANTS_NOTE) in html
    # Nothing loads from the video hosts until the reader presses play.
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'data-embed-src="https://player.vimeo.com/video/76979871?dnt=1"' in html
    assert "<iframe" not in html


@pytest.mark.parametrize(
    ("url", "provider", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "YouTube", "/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "YouTube", "/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "Vimeo", "/video/76979871"),
    ],
)
def test_video_addresses_are_recognised(url, provider, embed):
    video = recognise_video(url)
    assert video.provider == provider
    assert embed in video.embed_url


@pytest.mark.parametrize("url", ["https://example.org/video", "https://youtube.com/watch?v=short"])
def test_other_addresses_are_not_videos(url):
    assert recognise_video(url) is None


def test_bylines_link_authors_to_profiles_only_when_the_reader_may_see_them(client, member):
    from tests.factories import make_profile

    public = make_profile(display_name="Open Member", visibility="public")
    private = make_profile(display_name="Quiet Member", visibility="members")
    article = make_article(
        "Two voices",
        authors=[
            make_author("Open Member", member=public.user),
            make_author("Quiet Member", member=private.user),
        ],
    )

    html = get(client, article)
    assert f'href="{public.get_absolute_url()}">Open Member</a>' in html
    assert private.get_absolute_url() not in html
    assert "Quiet Member" in html

    client.force_login(member)
    assert f'href="{private.get_absolute_url()}">Quiet Member</a>' in get(client, article)


def test_drafts_are_not_public(client):
    draft = make_article("Not yet", publish=False)
    assert client.get(f"{articles_index().url}not-yet/").status_code == 404
    assert "Not yet" not in get(client, articles_index())
    assert draft.live is False


# --- Listings ----------------------------------------------------------------------


def titles(response) -> list[str]:
    return [article.title for article in response.context["articles"].object_list]


def test_index_lists_newest_first_with_a_cross_post_badge(client):
    make_article("Older", display_date=datetime.date(2026, 1, 1))
    make_article("Newer", display_date=datetime.date(2026, 6, 1), **SOURCE)

    response = client.get(articles_index().url)

    assert titles(response) == ["Newer", "Older"]
    assert "Cross-posted from Labor Notes" in response.text


@pytest.mark.parametrize(("kind", "expected"), [("original", ["Ours"]), ("cross-post", ["Theirs"])])
def test_index_filters_originals_and_cross_posts(client, kind, expected):
    make_article("Ours")
    make_article("Theirs", **SOURCE)
    assert titles(client.get(articles_index().url, {"kind": kind})) == expected


def test_listings_by_tag_region_topic_and_author(client):
    from blog.snippets import Topic

    georgia = Region.objects.get(slug="georgia")
    housing = Topic.objects.get(slug="housing")
    author = make_author("Rosa Bell")
    make_article("Tagged", tags=["rent strike"])
    make_article("Regional", regions=[georgia])
    make_article("Topical", topics=[housing])
    make_article("Authored", authors=[author])
    index_url = articles_index().url

    assert titles(client.get(f"{index_url}tag/rent-strike/")) == ["Tagged"]
    assert titles(client.get(f"{index_url}region/georgia/")) == ["Regional"]
    assert titles(client.get(f"{index_url}topic/housing/")) == ["Topical"]
    assert titles(client.get(f"{index_url}author/rosa-bell/")) == ["Authored"]
    assert client.get(f"{index_url}tag/no-such-tag/").status_code == 404


def test_listing_is_paginated(client):
    for n in range(14):
        make_article(f"Article {n:02}", display_date=datetime.date(2026, 1, n + 1))
    index_url = articles_index().url

    first = client.get(index_url)
    second = client.get(index_url, {"page": 2})

    assert len(titles(first)) == 12
    assert titles(second) == ["Article 01", "Article 00"]
    assert 'rel="next"' in first.text


def _listing_queries(client, count_queries, count, url_suffix=""):
    author = make_author("Prolific")
    georgia = Region.objects.get(slug="georgia")
    for n in range(count):
        make_article(
            f"Piece {n}",
            authors=[author, make_author(f"Co-author {n}")],
            tags=[f"tag {n}", "shared"],
            regions=[georgia],
            lead_image=make_image(f"Picture {n}", size=(960, 540)),
            lead_image_alt="A picture",
            **(SOURCE if n % 2 else {}),
        )
    url = articles_index().url + url_suffix
    assert client.get(url).status_code == 200
    return count_queries(lambda: client.get(url))


@pytest.mark.parametrize("url_suffix", ["", "tag/shared/", "region/georgia/", "author/prolific/"])
def test_listing_queries_do_not_grow_with_articles(client, count_queries, url_suffix):
    few = _listing_queries(client, count_queries, 2, url_suffix)
    for page in articles_index().get_children():
        page.delete()
    many = _listing_queries(client, count_queries, 12, url_suffix)
    assert few == many
    assert many <= 16


def test_article_page_queries_do_not_grow_with_authors_tags_or_blocks(client, count_queries):
    def queries_for(title, n):
        article = make_article(
            title,
            authors=[make_author(f"{title} author {i}") for i in range(n)],
            tags=[f"{title} tag {i}" for i in range(n)],
            regions=list(Region.objects.all()[:n]),
            body=[("paragraph", RichText(f"<p>Paragraph {i}</p>")) for i in range(n)],
        )
        client.get(article.url)
        return count_queries(lambda: client.get(article.url))

    small, large = queries_for("small", 1), queries_for("large", 8)
    assert small == large
    assert large <= 16


def test_pictures_are_renditions_with_srcset_and_dimensions(client):
    article = make_article(
        "Pictured",
        lead_image=make_image("Lead"),
        lead_image_alt="Tenants outside the building",
        body=[
            (
                "image",
                {
                    "image": make_image("Inline"),
                    "alt_text": "A banner",
                    "caption": "",
                    "credit": "Ana",
                },
            )
        ],
    )

    html = get(client, article)
    lead = re.search(r'<img[^>]*alt="Tenants outside the building"[^>]*>', html).group(0)
    inline = re.search(r'<img[^>]*alt="A banner"[^>]*>', html).group(0)
    for tag in (lead, inline):
        assert "srcset=" in tag
        assert re.search(r'width="\d+"', tag)
        assert re.search(r'height="\d+"', tag)
        assert "/media/images/" in tag
    card = re.search(r'<img[^>]*srcset="[^"]*"[^>]*>', get(client, articles_index())).group(0)
    assert "640" in card


def test_lead_image_needs_alt_text(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_article("No alt", lead_image=make_image(), lead_image_alt="")
    assert "lead_image_alt" in refused.value.message_dict


def test_editors_preview_drafts_of_articles_and_the_index(admin_client):
    draft = make_article("Draft preview", publish=False, **SOURCE)

    article_preview = admin_client.get(f"/admin/pages/{draft.pk}/view_draft/")
    index_preview = admin_client.get(f"/admin/pages/{articles_index().pk}/view_draft/")

    assert article_preview.status_code == 200
    assert "Originally published by" in article_preview.text
    assert index_preview.status_code == 200
    assert "Articles" in index_preview.text
