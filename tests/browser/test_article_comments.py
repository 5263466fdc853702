"""A reader signs in from under an article to comment on it, writes the comment in the
form there, and lands back on the article with the comment shown where it belongs.
Another answers that comment, previewing first, and lands back on the article too. The
same comments read in the article's discussion thread in the forums."""

import re

import pytest
from playwright.sync_api import expect

from forums import actions
from tests.browser.people import established, sign_in
from tests.factories import PASSWORD, make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_member_comments_under_an_article_and_lands_back_on_it(page, live_server, monkeypatch):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    article = make_article("Rent strikes in Atlanta", introduction="Three buildings held out.")
    established("rhea_r", profile__display_name="Rhea Reader")
    established("otis_o", profile__display_name="Otis Other")
    article_url = f"{live_server.url}{article.url}"

    page.goto(article.url)
    comments = page.locator("#comments")
    expect(comments).to_contain_text("No comments yet.")
    comments.get_by_role("link", name="Sign in to comment").click()
    page.get_by_label("Email or handle").fill("rhea_r")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{article_url}#comments")

    comments.get_by_label("Your comment").fill("We held out *six weeks* in ours.")
    comments.get_by_role("button", name="Post comment").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(article_url)}#post-\d+$"))
    comment = page.locator(f"#{page.url.rsplit('#', 1)[1]}")
    expect(comment.locator(".post__body em")).to_have_text("six weeks")
    expect(comment.locator(".post__author")).to_have_text("Rhea Reader")
    expect(comments.get_by_role("heading", name="Comments (1)")).to_be_visible()
    expect(comments.get_by_label("Your comment")).to_have_value("")

    sign_in(page, "otis_o")
    page.goto(article.url)
    comments.locator(".post--depth-1").get_by_role("link", name="Reply", exact=True).click()
    page.get_by_label("Your reply").fill("How did you keep **everyone** in?")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".preview strong")).to_have_text("everyone")
    page.get_by_role("button", name="Post reply").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(article_url)}#post-\d+$"))
    answer = page.locator(f"#{page.url.rsplit('#', 1)[1]}")
    expect(answer).to_have_class(re.compile(r"\bpost--depth-2\b"))
    expect(answer).to_contain_text("How did you keep everyone in?")
    expect(comments.get_by_role("heading", name="Comments (2)")).to_be_visible()

    comments.get_by_role("link", name="This discussion in the forums").click()
    expect(page.get_by_role("heading", name="Rent strikes in Atlanta")).to_be_visible()
    expect(page.locator(".post--depth-1")).to_contain_text("We held out six weeks in ours.")
    expect(page.locator(".post--depth-2")).to_contain_text("How did you keep everyone in?")
