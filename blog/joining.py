"""The join page: one per site (``/join/`` in the demo), where editors say why the
network recruits the way it does, above the sign-up form itself.

The form is allauth's sign-up (``network.recruiting.views.JoinView``): the page's
``serve`` hands GET and POST to it with the page's template, so allauth still creates
the account, sends the confirmation and signs the member in, and a refused form comes
back on this page, beside its text, with what was typed. ``/accounts/signup/``, which
allauth and the site link to everywhere, leads here (:func:`signup`): one place to join.
https://docs.wagtail.org/en/stable/reference/pages/model_recipes.html#overriding-the-serve-method
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from blog.languages import LANGUAGE_PANEL, WrittenIn, translation_panel
from blog.routing import PageRouting
from network.addresses import public_page_url
from network.recruiting import actions as recruiting
from network.recruiting import views as recruiting_views

INTRO_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class JoinPage(PageRouting, WrittenIn, Page):
    intro = RichTextField(
        _("why we recruit this way"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_(
            "Above the form: how people join the network, and why through a member who knows them."
        ),
    )
    invitation_only_text = RichTextField(
        _("when sign-up is closed"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Shown instead of the form while sign-up is by invitation only."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [
        *Page.content_panels,
        LANGUAGE_PANEL,
        FieldPanel("intro"),
        FieldPanel("invitation_only_text"),
    ]
    promote_panels = [*Page.promote_panels, translation_panel("blog.JoinPage")]

    parent_page_types = ["blog.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("join page")
        verbose_name_plural = _("join pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = public_page_url(self)
        context["registration_mode"] = recruiting.registration_mode(request)
        context["recruiting_url"] = reverse("recruiting:page")
        return context

    def serve(self, request, *args, **kwargs):
        """Members read the page; everyone else gets the form through allauth's view.
        A preview in the admin shows the page as a visitor would, without the view."""
        context = self.get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            return TemplateResponse(request, self.get_template(request), context)
        view = recruiting_views.JoinView.as_view(
            template_name=self.get_template(request), extra_context=context
        )
        return view(request)

    def serve_preview(self, request, mode_name):
        return TemplateResponse(
            request, self.get_template(request), {**self.get_context(request), "preview": True}
        )


def join_page_for(request) -> JoinPage | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return JoinPage.objects.live().public().descendant_of(site.root_page, inclusive=True).first()


def signup(request):
    """``/accounts/signup/``: to the join page (with the query string: an invitation's
    code), or, on a site without one, allauth's own page under the same rules. A form
    posted here is answered here, by the join page when there is one."""
    page = join_page_for(request)
    if page is None:
        return recruiting_views.signup(request)
    if request.method == "POST":
        return page.serve(request)
    url = page.get_url(request)
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)
