"""Authors and topics: edited as snippets, chosen on articles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Author(index.Indexed, models.Model):
    """Whoever wrote an article. Cross-posted pieces are usually by people who are not
    members, so an author is a name first, and only optionally a member of the site."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    bio = models.CharField(
        _("bio"), max_length=300, blank=True, help_text=_("One or two sentences.")
    )
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        verbose_name=_("member"),
        help_text=_("If the author is a member, their profile is linked from their articles."),
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("member"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def profile_url_for(self, user) -> str:
        """The member's profile address, if ``user`` may see that profile; else ''.
        Expects ``member__profile`` to be loaded with the author."""
        if self.member is None or not self.member.is_active:
            return ""
        profile = self.member.profile
        return profile.get_absolute_url() if profile.is_visible_to(user) else ""


class Topic(models.Model):
    """What an article is about, across regions: labor, housing, electoral work…"""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name
