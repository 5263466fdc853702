"""The language a page is written in, which an editor sets, and its counterpart in the
other language when there is one (issue #14).

Why a field on each page and not Wagtail's own translations (``wagtail.contrib.
simple_translation``, with ``WAGTAIL_I18N_ENABLED``): those keep a whole tree of pages
for each language, each page copied into every locale and reached at its own address,
with the language in it (``/es/...``). The network writes most articles in one language
and some in the other, rarely the same article twice, and its addresses are the same in
both languages (the interface follows the reader: ``network.language``). So a page says
what it is written in: its content carries that ``lang`` whatever the interface's, the
feeds say it of each entry, and when an editor links a page to the same page in the
other language both name each other with ``hreflang`` alternates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel

from blog import page_parts
from network.addresses import public_page_url


@dataclass(frozen=True)
class Alternate:
    language: str
    url: str


LANGUAGE_PANEL = FieldPanel("language")


def translation_panel(page_type: str) -> PageChooserPanel:
    """The counterpart's chooser, for the promote tab: pages of ``page_type`` only."""
    return PageChooserPanel("translation", page_type=page_type)


class WrittenIn(models.Model):
    """Mixed into a page type before ``Page``."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language the page is written in: readers' browsers and screen readers "
            "read it in that language, whatever language they read the site in."
        ),
    )
    translation = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("the same page in the other language"),
        help_text=_(
            "If the page is also written in the other language, choose that page: each "
            "tells search engines and readers the other exists."
        ),
    )

    class Meta:
        abstract = True

    def counterpart(self):
        """The same page in the other language, live: the one this page names, or one
        of its type that names this page."""
        if self.translation_id is not None:
            found = type(self).objects.live().filter(pk=self.translation_id).first()
        else:
            found = type(self).objects.live().filter(translation=self).first()
        return found if found is not None and found.language != self.language else None

    def alternates(self, request) -> list[Alternate]:
        """``hreflang`` alternates: this page and its counterpart, each at its public
        address; none when there is no counterpart. Kept with the page's parts."""

        def read():
            other = self.counterpart()
            if other is None:
                return []
            return [
                Alternate(self.language, public_page_url(self)),
                Alternate(other.language, public_page_url(other)),
            ]

        return page_parts.kept(self, request, "alternates", read)
