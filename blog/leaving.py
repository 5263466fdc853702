"""The blog's part when a member leaves (network.leaving.registry): the articles they
wrote in their export; and when they delete their account, their bylines stay as the
author snippet's name, no longer linked to their profile."""

from __future__ import annotations

import json

from django.template.loader import render_to_string

from blog.models import ArticlePage
from blog.snippets import Author
from network.leaving.exporting import as_json
from network.leaving.registry import ExportFile, eraser, export_part


@export_part("articles")
def articles_part(member) -> list[ExportFile]:
    """Nothing for a member who wrote no article."""
    pages = (
        ArticlePage.objects.filter(article_authors__author__member=member)
        .distinct()
        .order_by("display_date", "pk")
    )
    articles = [
        {
            "title": page.title,
            "subtitle": page.subtitle,
            "date": page.date,
            "published": page.live,
            "address": page.full_url if page.live else None,
            "introduction": page.introduction,
            "body": json.loads(json.dumps(page.body.raw_data, default=str)),
        }
        for page in pages
    ]
    if not articles:
        return []
    return [
        ExportFile("articles/articles.json", as_json(articles)),
        ExportFile(
            "articles/articles.html",
            render_to_string("blog/export/articles.html", {"articles": articles}),
        ),
    ]


@eraser("bylines")
def unlink_bylines(member, delete_posts: bool) -> None:
    Author.objects.filter(member=member).update(member=None)
