"""The network's own pages: about the network, points of unity, a code of conduct, the
privacy notice, guidelines. A standard page is a title, an introduction and a body made
of the article blocks; pages nest (About → Points of unity). The ones editors mark
"Show in menus" (Wagtail's own flag, on the Promote tab) are listed in the footer
(``blog.context_processors``).

https://docs.wagtail.org/en/stable/topics/pages.html
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from blog.blocks import ArticleBodyBlock, video_segment_numbers
from blog.languages import LANGUAGE_PANEL, WrittenIn, translation_panel
from blog.routing import PageRouting
from network.addresses import public_page_url


class StandardPage(PageRouting, WrittenIn, Page):
    """A page of the network's own, with an optional "Last updated" date for a text
    whose changes matter to the people it binds (a code of conduct, a privacy notice)."""

    introduction = models.TextField(
        _("introduction"),
        max_length=400,
        blank=True,
        help_text=_("A sentence or two at the top, also the page's description in search."),
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    last_updated = models.DateField(
        _("last updated"),
        null=True,
        blank=True,
        help_text=_(
            "Shown as “Last updated …” at the top: the day the text's substance last "
            "changed. Empty: no date is shown."
        ),
    )
    show_disclaimer = models.BooleanField(
        _("show the network's disclaimer"),
        default=False,
        help_text=_("At the end of the page, as the site's settings word it (for the About page)."),
    )

    ask_to_accept_again = models.BooleanField(
        _("ask members to accept it again"),
        default=False,
        help_text=_(
            "For the points of unity and the code of conduct (as the network's settings name "
            "them): tick when publishing a change every member must accept. Each member is "
            "asked once at their next visit and cannot post until they accept. Unticked again "
            "once published."
        ),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    content_panels = [
        *Page.content_panels,
        LANGUAGE_PANEL,
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("last_updated"),
                FieldPanel("show_disclaimer"),
                FieldPanel("ask_to_accept_again"),
            ],
            heading=_("Date, disclaimer and acceptance"),
        ),
    ]
    promote_panels = [*Page.promote_panels, translation_panel("blog.StandardPage")]

    parent_page_types = ["blog.HomePage", "blog.StandardPage"]
    subpage_types = ["blog.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    @cached_property
    def video_segment_numbers(self) -> dict[str, int]:
        return video_segment_numbers(self.body)

    def get_section(self) -> tuple[list[Page], list[Page]]:
        """The pages above this one that a reader can follow back to (the home page
        aside), and the live, public pages below it, in the editors' order: two queries."""
        above = list(self.get_ancestors().filter(depth__gt=2, live=True))
        below = list(self.get_children().live().exclude(Page.objects.private_q()))
        return above, below

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = public_page_url(self)
        context["disclaimer_in_page"] = self.show_disclaimer  # the footer need not repeat it
        context["ancestors"], context["subpages"] = self.get_section()
        return context
