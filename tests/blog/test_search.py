"""A reader searches the site at /search/?q=…: live public articles found by any word of
their title, introduction or body, each with the passage that matched and the words
marked; nothing a reader may not open; everything they typed shown back escaped.

The tests publish through ``make_article`` (Wagtail's ``revision.publish()``), which is
what puts a page into Wagtail's database search index. They rely only on what SQLite's
FTS5 and PostgreSQL's full-text search both do: whole words, every word required.
PostgreSQL also stems ("tenant" finds "tenants") and drops stop words ("the"); SQLite
does neither, so no test searches for a word form or a stop word.
"""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from blog.search import PASSAGE_CHARS, RESULTS_PER_PAGE, passage, query_terms
from tests.factories import articles_index, make_article, make_image

pytestmark = pytest.mark.django_db

PASSAGE = re.compile(r'<p class="search-result__passage"(?: lang="\w+")?>(.*?)</p>', re.DOTALL)
# The search's queries run in a transaction of their own under a time limit: in a test,
# whose own transaction holds it, a savepoint, the limit, the savepoint's release.
# PostgreSQL only: SQLite has no time limit to set.
TIME_LIMIT_QUERIES = 3 if connection.vendor == "postgresql" else 0


def search(client, query, **params):
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    results = response.context.get("results")
    return [result.title for result in results.object_list] if results else []


def passages(response) -> list[str]:
    return PASSAGE.findall(response.text)


def paragraph(html: str):
    return ("paragraph", RichText(html))


# --- Finding articles --------------------------------------------------------------


def test_reader_finds_an_article_by_a_word_of_its_title(client):
    make_article("Sharecroppers remembered", introduction="A history of the union.")
    make_article("Something else", introduction="Nothing to see.")

    response = search(client, "sharecroppers")

    assert titles(response) == ["Sharecroppers remembered"]
    assert 'href="/articles/sharecroppers-remembered/"' in response.text
    assert "1 result for “sharecroppers”." in response.text


def test_reader_finds_an_article_by_its_introduction_with_the_words_marked(client):
    make_article("Tenant power", introduction="Renters in Birmingham organized a union.")

    response = search(client, "Birmingham")

    assert titles(response) == ["Tenant power"]
    assert passages(response) == ["Renters in <mark>Birmingham</mark> organized a union."]


def test_reader_finds_an_article_by_its_body_with_the_passage_around_the_match(client):
    filler = " ".join(["Meetings were held every week."] * 20)
    make_article(
        "Port strike",
        introduction="Dockworkers stopped work.",
        body=[paragraph(f"<p>{filler}</p>"), paragraph("<p>Savannah longshoremen won.</p>")],
    )

    response = search(client, "longshoremen")

    assert titles(response) == ["Port strike"]
    [shown] = passages(response)
    assert shown.startswith("… ")
    assert "<mark>longshoremen</mark> won." in shown
    assert "Dockworkers" not in shown


def test_words_in_quotes_and_lists_of_people_are_found_too(client):
    make_article(
        "Panel on organizing",
        introduction="A recorded session.",
        body=[
            ("quote", {"text": "Nobody is free until everybody is free.", "attribution": "Hamer"}),
            (
                "participants",
                {"heading": "Panel", "people": [{"name": "Ella Baker", "organization": "SNCC"}]},
            ),
        ],
    )

    assert titles(search(client, "everybody")) == ["Panel on organizing"]
    response = search(client, "Ella Baker")
    assert titles(response) == ["Panel on organizing"]
    assert "<mark>Ella</mark> <mark>Baker</mark> SNCC" in passages(response)[0]


def test_every_word_must_match(client):
    make_article("Rent strike", introduction="The rent strike held.")
    make_article("Rent control", introduction="A rent control ordinance.")

    assert titles(search(client, "rent strike")) == ["Rent strike"]
    assert sorted(titles(search(client, "rent"))) == ["Rent control", "Rent strike"]


def test_punctuation_in_the_query_is_ignored(client):
    make_article("Rent strike", introduction="The rent strike held.")

    assert titles(search(client, "rent & strike")) == ["Rent strike"]
    assert titles(search(client, "“rent” (strike)!")) == ["Rent strike"]
    for query in ['rent"', '"', "rent*", "-", "rent\x01strike", "\x1f"]:
        search(client, query)  # no server error, on SQLite or PostgreSQL


def test_a_control_character_in_the_query_is_a_space(client):
    """A NUL never reaches search: the site refuses it first (tests/network/test_nul_bytes.py)."""
    make_article("Rent strike", introduction="The rent strike held.")

    response = search(client, "rent\x01strike")

    assert titles(response) == ["Rent strike"]
    assert 'value="rent strike"' in response.text


def test_a_long_query_is_cut_to_the_length_the_form_allows(client):
    response = search(client, "solidarity " * 40)
    assert len(response.context["search_query"]) == 200
    assert 'maxlength="200"' in response.text


# --- What a reader may not see ---------------------------------------------------


def test_drafts_are_never_found(client):
    draft = make_article("Secret campaign", publish=False, introduction="The secret plan.")
    make_article("Public campaign", introduction="The public campaign plan.")
    assert not draft.live

    assert titles(search(client, "campaign")) == ["Public campaign"]
    assert titles(search(client, "secret")) == []


def test_unpublished_changes_are_not_found_until_published(client):
    article = make_article("Wages", introduction="Wages are stagnant.")
    article.introduction = "Wages will rise with the confidential plan."
    revision = article.save_revision()

    assert titles(search(client, "confidential")) == []
    response = search(client, "wages")
    assert passages(response) == ["<mark>Wages</mark> are stagnant."]

    revision.publish()

    assert titles(search(client, "confidential")) == ["Wages"]
    assert titles(search(client, "stagnant")) == []


def test_unpublished_and_deleted_articles_are_not_found(client):
    withdrawn = make_article("Withdrawn statement", introduction="A statement on housing.")
    deleted = make_article("Deleted statement", introduction="A statement on housing.")
    make_article("Standing statement", introduction="A statement on housing.")

    withdrawn.unpublish()
    deleted.delete()

    assert titles(search(client, "statement")) == ["Standing statement"]


@pytest.mark.parametrize(
    ("restriction_type", "password"),
    [(PageViewRestriction.PASSWORD, "solidarity"), (PageViewRestriction.LOGIN, "")],
)
def test_private_articles_are_never_found(client, member, restriction_type, password):
    private = make_article("Private minutes", introduction="Minutes of the steering meeting.")
    PageViewRestriction.objects.create(
        page=private, restriction_type=restriction_type, password=password
    )
    make_article("Public minutes", introduction="Minutes of the open meeting.")

    assert titles(search(client, "minutes")) == ["Public minutes"]
    assert "Private minutes" not in search(client, "steering").text
    client.force_login(member)
    assert titles(search(client, "minutes")) == ["Public minutes"]


def test_articles_under_a_private_index_are_never_found(client):
    make_article("Hidden minutes", introduction="Minutes of the steering meeting.")
    PageViewRestriction.objects.create(
        page=articles_index(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    response = search(client, "minutes")

    assert titles(response) == []
    assert "Hidden minutes" not in response.text


# --- Escaping ----------------------------------------------------------------------


def test_the_query_is_shown_escaped(client):
    make_article("Alert", introduction="Alert 1: the script ran at noon.")
    query = "<script>alert(1)</script>"

    for response in (search(client, query), search(client, "<script>nothing</script>")):
        assert "<script>alert" not in response.text
        assert "<script>nothing" not in response.text
    response = search(client, query)
    assert titles(response) == ["Alert"]
    assert "for “&lt;script&gt;alert(1)&lt;/script&gt;”." in response.text
    assert "<title>“&lt;script&gt;alert(1)&lt;/script&gt;” · Search" in response.text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in response.text
    assert passages(response) == ["<mark>Alert</mark> 1: the <mark>script</mark> ran at noon."]


def test_markup_written_as_text_in_an_article_is_shown_as_text(client):
    make_article(
        "Formatting <i>guide</i>",
        introduction="Editors & writers.",
        body=[paragraph("<p>Wrap words in &lt;b&gt; to make them bold.</p>")],
    )

    response = search(client, "bold")

    assert titles(response) == ["Formatting <i>guide</i>"]
    assert "Formatting &lt;i&gt;guide&lt;/i&gt;</a>" in response.text
    assert passages(response) == [
        "Editors &amp; writers. Wrap words in &lt;b&gt; to make them <mark>bold</mark>."
    ]


def test_a_searched_word_that_spells_an_entity_does_not_break_it(client):
    make_article("Pay gap", introduction="Rent &gt; wages & pay < rent, said Lt. Gomez.")

    response = search(client, "rent lt")

    assert passages(response) == [
        "<mark>Rent</mark> &amp;gt; wages &amp; pay &lt; <mark>rent</mark>, said "
        "<mark>Lt</mark>. Gomez."
    ]


# --- Empty queries and no results -------------------------------------------------------


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_without_a_query_the_page_shows_just_the_form(client, params):
    make_article("Any article")

    response = client.get(reverse("search"), params)

    assert response.status_code == 200
    assert 'role="search"' in response.text
    assert 'name="q" value=""' in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert "results" not in response.context
    assert "search-results" not in response.text
    assert "Nothing found" not in response.text


def test_no_results_says_so_and_suggests_what_to_try(client):
    make_article("Rent strike", introduction="The rent strike held.")

    response = search(client, "zeppelin")

    assert titles(response) == []
    assert "Nothing found for “zeppelin”. Try fewer or different words." in response.text
    assert "search-results" not in response.text


# --- Pages of results ----------------------------------------------------------------


def test_results_come_a_page_at_a_time(client):
    total = RESULTS_PER_PAGE * 2 + 5
    for number in range(total):
        make_article(f"Union drive {number}", introduction="A union drive report.")

    pages = [search(client, "union", page=number) for number in (1, 2, 3)]

    assert [len(titles(page)) for page in pages] == [RESULTS_PER_PAGE, RESULTS_PER_PAGE, 5]
    shown = [title for page in pages for title in titles(page)]
    assert sorted(shown) == sorted(f"Union drive {number}" for number in range(total))
    for page in pages:
        assert f"{total} results for “union”." in page.text
    assert "Page 1 of 3" in pages[0].text
    assert 'href="?q=union&amp;page=2"' in pages[0].text
    assert 'href="?q=union&amp;page=1"' in pages[1].text
    assert 'href="?q=union&amp;page=3"' in pages[1].text
    assert 'rel="next"' not in pages[2].text
    assert titles(search(client, "union", page="many")) == titles(pages[0])
    assert titles(search(client, "union", page=99)) == titles(pages[2])


# --- Cross-posts -------------------------------------------------------------------


def test_cross_posts_say_where_they_came_from(client):
    make_article(
        "Strike wave",
        introduction="Strikes spread.",
        source_name="Scalawag & Friends",
        source_url="https://example.org/strike-wave",
    )
    make_article("Strike fund", introduction="Strikes need funds.")

    response = search(client, "strikes")

    assert sorted(titles(response)) == ["Strike fund", "Strike wave"]
    assert response.text.count("Cross-posted from") == 1
    assert "Cross-posted from Scalawag &amp; Friends" in response.text


def test_a_cross_post_is_found_by_its_source_name(client):
    make_article(
        "Strike wave",
        introduction="Strikes spread.",
        source_name="Labor Notes",
        source_url="https://example.org/strike-wave",
    )

    assert titles(search(client, "Labor Notes")) == ["Strike wave"]


# --- Query budget ------------------------------------------------------------------


def test_results_page_queries_do_not_grow_with_results(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    """An image in a body used to cost a query per result shown, to read its text."""
    image = make_image("Picket line", size=(40, 30))

    def make_rich_article(title, word):
        make_article(
            title,
            introduction=f"A report on the {word}.",
            tags=[word],
            body=[
                paragraph(f"<p>The {word} grew.</p>"),
                ("image", {"image": image, "alt_text": "Strikers outside", "caption": "The line"}),
                ("quote", {"text": f"The {word} holds.", "attribution": "A steward"}),
                ("participants", {"heading": "Speakers", "people": [{"name": "Ella Baker"}]}),
            ],
        )

    for number in range(3):
        make_rich_article(f"Picket {number}", "picket")
    for number in range(25):
        make_rich_article(f"Boycott {number}", "boycott")
    search(client, "picket")  # warm Wagtail's site lookup, as a running server has

    # Page view restrictions; the forums' matches (on PostgreSQL: the forums the reader
    # may read, the planner's settings, the newest posts, then the index); the articles',
    # events' and network's pages' best, in one search; the articles shown; the site; the
    # footer's settings; the filters' forums and regions; the search's transaction with
    # its time limit.
    with django_assert_max_num_queries(10 + TIME_LIMIT_QUERIES) as few:
        few_response = search(client, "picket")
    with django_assert_num_queries(len(few.captured_queries)):
        many_response = search(client, "boycott")

    assert len(titles(few_response)) == 3
    assert len(titles(many_response)) == RESULTS_PER_PAGE
    assert "The <mark>boycott</mark> grew." in passages(many_response)[0]


# --- The passage helper ------------------------------------------------------------


def test_passage_is_the_start_of_the_text_when_nothing_matches():
    text = " ".join(f"word{number}" for number in range(200))

    shown = passage(text, ["absent"])

    assert shown.startswith("word0 word1 ")
    assert shown.endswith("…")
    assert "<mark>" not in shown
    assert len(shown) <= PASSAGE_CHARS


def test_passage_of_a_short_text_is_the_whole_text():
    assert passage("Short   and\nsweet.", []) == "Short and sweet."


def test_passage_starts_with_an_ellipsis_when_the_match_is_far_into_the_text():
    text = "Opening words. " + "Filler sentence here. " * 40 + "The boycott began. " + "More. " * 40

    shown = passage(text, ["boycott"])

    assert shown.startswith("… ")
    assert "Opening" not in shown
    assert "<mark>boycott</mark> began." in shown
    assert shown.endswith("…")
    assert len(strip_tags(shown)) <= PASSAGE_CHARS + 2
    before_match = strip_tags(shown).split("boycott")[0]
    assert 20 < len(before_match) < PASSAGE_CHARS // 2


def test_passage_shows_a_match_near_the_start_without_an_ellipsis():
    shown = passage("The boycott began today. " + "More. " * 80, ["boycott"])
    assert shown.startswith("The <mark>boycott</mark> began")


def test_passage_shows_a_match_after_a_long_unbroken_string():
    text = "See https://example.org/" + "a" * 300 + " boycott news"

    shown = passage(text, ["boycott"])

    assert "<mark>boycott</mark> news" in shown


def test_passage_marks_every_match_in_any_case_at_the_start_of_words():
    shown = passage("Art party: artists and ART.", ["art"])
    assert shown == "<mark>Art</mark> party: <mark>art</mark>ists and <mark>ART</mark>."


def test_passage_escapes_the_text_and_never_marks_inside_an_entity():
    shown = passage('<b>Bold</b> & it\'s 1 < 2 "said"', ["amp", "lt", "quot", "x27", "bold"])
    assert shown == "&lt;b&gt;<mark>Bold</mark>&lt;/b&gt; &amp; it&#x27;s 1 &lt; 2 &quot;said&quot;"


def test_passage_prefers_the_longest_term():
    assert passage("Rental housing", ["rent", "rental"]) == "<mark>Rental</mark> housing"


def test_query_terms_are_lowercase_words_of_two_letters_or_more():
    assert query_terms("A “Rent” strike, rent-STRIKE & b!") == ["rent", "strike"]
    assert query_terms("<script>alert(1)</script>") == ["script", "alert"]
