"""``{% endorsement_drive page %}``: a page's endorsement drive, wherever a page type
shows one (the statement, the form while it is open, the endorsers). The one line a
page template needs; the page type adds ``EndorsementDrivePanel()`` to its panels."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.core.cache import cache
from django.db.models import Count, Q
from django.template import engines
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from blog import endorsing, page_parts
from blog.endorsement_forms import EndorsementForm
from blog.endorsements import Endorsement, EndorsementDrive, endorser_place

register = template.Library()

Kind = Endorsement.Kind


@register.inclusion_tag("blog/includes/endorsement_drive.html", takes_context=True)
def endorsement_drive(context, page) -> dict:
    """A query for the drive and, when the list of endorsers is in the cache, nothing
    more: the same few queries for a drive of ten endorsers or ten thousand. In the
    editor's preview the drive is the one being edited, without form or list."""
    request = context.get("request")
    drive = page_drive(page, request)
    if drive is None:
        return {"drive": None}
    preview = drive.pk is None or getattr(request, "is_preview", False)
    is_open = drive.is_open()
    form_fields = ""
    if is_open and not preview:
        form = context.get("endorsement_form")
        if form is None:
            form_fields = blank_form_html(drive)
        else:
            form_fields = form_html(form, context.get("endorsement_refusal", ""))
    return {
        "drive": drive,
        "is_open": is_open,
        "preview": preview,
        "form_fields": form_fields,
        "endorsers": "" if preview else endorsers_html(drive),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


DRIVE_FIELDS = ("id", "page_id", "statement", "who_may_sign", "closing_date")


def page_drive(page, request) -> EndorsementDrive | None:
    """``page``'s drive, kept with the page (:mod:`blog.page_parts`): no query once
    kept. In a preview, the drive being edited."""

    def read() -> list[dict]:
        return [
            {field: getattr(drive, field) for field in DRIVE_FIELDS}
            for drive in page.endorsement_drives.all()
        ]

    drives = page_parts.kept(page, request, "endorsement-drive", read)
    return EndorsementDrive(**drives[0]) if drives else None


def form_html(form: EndorsementForm, refusal: str = "") -> str:
    """The form's fields as sent back: the errors beside them, the text kept."""
    top_errors = list(form.non_field_errors())
    top_errors += [error for field in form.hidden_fields() for error in field.errors]
    return render_to_string(
        "blog/includes/endorsement_form_fields.html",
        {"form": form, "top_errors": top_errors, "refusal": refusal},
    )


# The blank form changes with the drive's rule of who may sign, the language, and the
# list of states, which administrators rarely edit: seen within this many seconds.
BLANK_FORM_SECONDS = 10 * 60


def blank_form_html(drive: EndorsementDrive) -> str:
    """The blank form's fields, the same for every visitor (the CSRF token is outside
    them): rendered once, not on each view, where Django's form rendering was half the
    page's time."""
    key = f"blog.endorsement-form:{drive.pk}:{drive.who_may_sign}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = form_html(EndorsementForm(drive=drive))
        cache.set(key, html, BLANK_FORM_SECONDS)
    return html


def endorsers_html(drive: EndorsementDrive) -> str:
    """The drive's endorsers, rendered once and kept until one is approved, rejected or
    withdrawn (:func:`blog.endorsing.endorsers_cache_key`)."""
    key = endorsing.endorsers_cache_key(drive.pk)
    html = cache.get(key)
    if html is None:
        partial = engines["jinja2"].get_template("blog/includes/endorsers.jinja")
        html = mark_safe(partial.render(endorsers_context(drive)))  # escaped by Jinja2
        cache.set(key, html, endorsing.ENDORSERS_SECONDS)
    return html


def _grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


LISTED_FIELDS = (
    "kind",
    "name",
    "organization",
    "role",
    "city",
    "region__code",
    "region__name",
    "comment",
)


@dataclass(frozen=True)
class ListedEndorser:
    """What the list prints of an endorser."""

    kind: str
    name: str
    organization: str
    role: str
    place: str
    comment: str  # HTML: escaped, its line breaks made <br>


def endorsers_context(drive: EndorsementDrive) -> dict:
    """Two queries: the listed endorsers (as rows, not model instances: a thousand of
    those cost more than the rest of the page), and the counts of all approved ones."""
    rows = Endorsement.objects.listed().filter(drive=drive).values_list(*LISTED_FIELDS)
    listed = [
        ListedEndorser(
            kind,
            name,
            organization,
            role,
            endorser_place(city, region_code, region_name),
            linebreaksbr(comment, autoescape=True) if comment else "",
        )
        for kind, name, organization, role, city, region_code, region_name, comment in rows
    ]
    organizations = sorted(
        (e for e in listed if e.kind == Kind.ORGANIZATION),
        key=lambda e: (e.organization.casefold(), e.name.casefold()),
    )
    individuals = sorted(
        (e for e in listed if e.kind == Kind.INDIVIDUAL), key=lambda e: e.name.casefold()
    )
    total, organization_count = _counts(drive)
    summary = ngettext("%(count)s endorser", "%(count)s endorsers", total) % {
        "count": _grouped(total)
    }
    if organization_count:
        organizations_count = ngettext(
            "%(count)s organization", "%(count)s organizations", organization_count
        ) % {"count": _grouped(organization_count)}
        # Translators: "120 endorsers, 14 organizations": the two counts above.
        summary = gettext("%(endorsers)s, %(organizations)s") % {
            "endorsers": summary,
            "organizations": organizations_count,
        }
    unlisted = total - len(listed)
    return {
        "total": total,
        "summary": summary,
        "organizations": organizations,
        "individuals": individuals,
        "unlisted_note": ngettext(
            "%(count)s endorser asked not to be named.",
            "%(count)s endorsers asked not to be named.",
            unlisted,
        )
        % {"count": _grouped(unlisted)}
        if unlisted
        else "",
    }


def _counts(drive: EndorsementDrive) -> tuple[int, int]:
    counts = (
        Endorsement.objects.counted()
        .filter(drive=drive)
        .aggregate(total=Count("pk"), organizations=Count("pk", filter=Q(kind=Kind.ORGANIZATION)))
    )
    return counts["total"], counts["organizations"]
