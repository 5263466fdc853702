"""The directory in the Wagtail admin: organizations (the names members typed, the
proposals waiting for review, the listed entries) and local projects, under a
"Directory" menu, for the Editors group and administrators. Imported by
network.wagtail_hooks, which Wagtail reads.
https://docs.wagtail.org/en/stable/extending/generic_views.html"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from network.directory import actions
from network.directory.forms import LogoField, WebsiteField
from network.directory.models import RESERVED_SLUGS, LocalProject, Organization
from network.handles import active_members_named
from network.tags import parse_tags


def _slug(form, model_slugify) -> str:
    """The slug typed, or one made from the name or title when it was left empty."""
    slug = form.cleaned_data.get("slug") or model_slugify()
    if not slug:
        raise forms.ValidationError(_("Write a slug with letters or numbers."))
    if slug in RESERVED_SLUGS:
        raise forms.ValidationError(_("“%(slug)s” is taken by the site itself.") % {"slug": slug})
    return slug


class OrganizationForm(WagtailAdminModelForm):
    website = WebsiteField()
    logo = LogoField()

    class Meta:
        model = Organization
        fields = [
            "name",
            "slug",
            "status",
            "kind",
            "regions",
            "website",
            "description",
            "logo",
            "affiliate",
        ]
        widgets = {
            "regions": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The page's address: /organizations/<slug>/. Left empty, it is made from the name."
        )
        if self.instance.pk is None:
            self.initial.setdefault("status", Organization.Status.LISTED)
        if self.instance.proposed_by_id:
            proposer = self.instance.proposed_by
            self.fields["status"].help_text = _(
                "Proposed by @%(handle)s. Listing or declining it tells them."
            ) % {"handle": proposer.username}

    def clean_name(self) -> str:
        """Names differ in more than case: taggit finds a member's organization by its
        name in any case, and two such rows would leave it unable to choose."""
        name = " ".join(self.cleaned_data["name"].split())
        same = Organization.objects.named(name).exclude(pk=self.instance.pk).first()
        if same is not None:
            raise forms.ValidationError(
                _("“%(name)s” is here already (status: %(status)s): edit that one instead.")
                % {"name": same.name, "status": same.get_status_display()}
            )
        return name

    def clean_slug(self) -> str:
        name = self.cleaned_data.get("name") or ""
        return _slug(self, lambda: self.instance.slugify(name))


class OrganizationEditView(generic.EditView):
    """Wagtail's edit view, and a proposal listed or declined in it is told to its
    proposer (inside the view's transaction, so only once it is saved)."""

    def save_instance(self):
        before = self.form.initial.get("status")
        organization = super().save_instance()
        actions.status_changed(organization, before, self.request.user)
        return organization


class RefuseDeletingNamedOrganizations(generic.DeleteView):
    """Deleting an organization that profiles name would delete it from their profiles:
    refuse, and say to take it out of the directory instead."""

    def dispatch(self, request, *args, **kwargs):
        if self.object.profile_items.exists():
            messages.error(
                request,
                _(
                    "Members name “%(name)s” on their profiles: set its status to “Not in "
                    "the directory” instead of deleting it."
                )
                % {"name": self.object.name},
            )
            return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class OrganizationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("proposed_by")


class OrganizationViewSet(ModelViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    list_display = ["name", "status", "kind", "affiliate", "proposed_by"]
    list_filter = ["status", "kind", "affiliate"]
    search_fields = ["name"]
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = OrganizationIndexView
    edit_view_class = OrganizationEditView
    delete_view_class = RefuseDeletingNamedOrganizations

    def get_form_class(self, for_update=False):
        return OrganizationForm


class LocalProjectForm(WagtailAdminModelForm):
    """Contacts are named by handle, as forums' moderators are."""

    contact_handles = forms.CharField(
        label=_("Contacts"),
        required=False,
        help_text=_(
            "Handles, separated by commas. They receive the messages members send through "
            "the project's page (never seeing the sender's address unless offered) and join "
            "the project if they had not."
        ),
    )

    class Meta:
        model = LocalProject
        fields = [
            "title",
            "slug",
            "organization",
            "region",
            "city",
            "status",
            "description",
            "get_involved",
            "get_involved_public",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listed = Organization.objects.listed()
        if self.instance.organization_id:
            listed = listed | Organization.objects.filter(pk=self.instance.organization_id)
        self.fields["organization"].queryset = listed.order_by("name")
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The page's address: /projects/<slug>/. Left empty, it is made from the title."
        )
        if self.instance.pk:
            self.initial["contact_handles"] = ", ".join(
                contact.username for contact in self.instance.contacts()
            )

    def clean_slug(self) -> str:
        title = self.cleaned_data.get("title") or ""
        return _slug(self, lambda: slugify(title)[:150])

    def clean_contact_handles(self) -> list:
        members, unknown = active_members_named(parse_tags(self.cleaned_data["contact_handles"]))
        if unknown:
            raise forms.ValidationError(
                _("No active member has this handle: %(handles)s."),
                params={"handles": ", ".join(f"@{handle}" for handle in unknown)},
            )
        return members

    def save(self, commit=True):
        project = super().save(commit=commit)
        if commit:
            actions.set_contacts(project, self.cleaned_data["contact_handles"])
        return project


class LocalProjectIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("region", "organization")


class LocalProjectViewSet(ModelViewSet):
    model = LocalProject
    icon = "site"
    menu_label = _("Local projects")
    list_display = ["title", "region", "city", "status", "organization"]
    list_filter = ["status", "region"]
    search_fields = ["title", "city"]
    index_view_class = LocalProjectIndexView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return LocalProjectForm


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "group"
    menu_order = 305
    # "organizations" and "projects" are the site's own URL namespaces; the admin's
    # screens keep those addresses under /admin/.
    items = (
        OrganizationViewSet("directory_organizations", url_prefix="organizations"),
        LocalProjectViewSet("directory_projects", url_prefix="projects"),
    )


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()
