"""A member's data, as a ZIP they download.

The member asks (:func:`request_export`); once the request's transaction commits the
worker builds the ZIP (:func:`build_export`), from every part the apps registered
(:mod:`network.leaving.registry`): their profile and notification settings from here,
their posts and comments from the forums, their articles from the blog. Each part is
JSON for machines and HTML for people, the HTML from template files, autoescaped: what a
member wrote is shown as the text they typed, never run. The file is kept outside the
public media (``settings.DATA_EXPORT_ROOT``), served to its owner alone
(:func:`network.leaving.views.download_export`), and deleted after
``EXPORT_KEPT_FOR`` by beat (:func:`forget_expired_exports`).
"""

from __future__ import annotations

import json
import logging
import tempfile
import zipfile
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.mail import EmailMessage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from network import language
from network.addresses import public_url
from network.directory.models import ProjectMember
from network.leaving.models import EXPORT_KEPT_FOR, DataExport
from network.leaving.registry import ExportFile, export_part, export_parts

logger = logging.getLogger(__name__)

# An export still queued this long was lost by the broker: the sweeper hands it over
# again. One building this long died with its worker: it failed, and may be asked again.
REQUEUE_AFTER = timedelta(minutes=10)
GIVE_UP_AFTER = timedelta(hours=2)


ONE_AT_A_TIME = gettext_lazy("Your data is already being gathered. Wait for it to be ready.")


class ExportRefused(Exception):
    """Why a member may not ask for an export now, in words for them."""


class PrivateStorage(FileSystemStorage):
    """Files no address serves: only a view that checks who asks reads them."""

    def url(self, name):
        raise NotImplementedError("Data exports have no public address.")


def storage() -> PrivateStorage:
    """Where exports are kept: read from the settings each time (tests move it), never
    under MEDIA_ROOT."""
    return PrivateStorage(location=settings.DATA_EXPORT_ROOT)


def as_json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def request_export(member) -> DataExport:
    """Queue an export of ``member``'s data; the worker builds it once this commits.
    Refused while another is queued or being built: one at a time (held by a unique
    constraint, so two requests at once cannot both pass)."""
    if DataExport.objects.filter(member=member).pending().exists():
        raise ExportRefused(ONE_AT_A_TIME)
    try:
        with transaction.atomic():
            export = DataExport.objects.create(member=member)
    except IntegrityError:
        raise ExportRefused(ONE_AT_A_TIME) from None
    transaction.on_commit(partial(_enqueue, export.pk), robust=True)
    return export


def _enqueue(export_id: int) -> None:
    build_data_export.delay(export_id)


@shared_task
def build_data_export(export_id: int) -> bool:
    """The worker builds one export (:func:`build_export`)."""
    return build_export(export_id)


def latest_export(member) -> DataExport | None:
    return DataExport.objects.filter(member=member).first()


def build_export(export_id: int) -> bool:
    """Build the ZIP of one queued export, keep it, and email its owner the link; whether
    it was built now (not when another worker has it, or it was built already)."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=export_id, status=DataExport.Status.QUEUED)
            .select_related("member__profile")
            .first()
        )
        if export is None:
            return False
        export.status = DataExport.Status.BUILDING
        export.started_at = timezone.now()
        export.save(update_fields=["status", "started_at"])
    try:
        # The export's pages and its email are in the member's language.
        with language.for_member(export.member):
            name, size = _write_zip(export)
    except Exception:
        logger.exception("Export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.FAILED, finished_at=timezone.now()
        )
        return False
    now = timezone.now()
    with transaction.atomic():
        export.status = DataExport.Status.READY
        export.finished_at = now
        export.expires_at = now + EXPORT_KEPT_FOR
        export.file_name = name
        export.size = size
        export.save(update_fields=["status", "finished_at", "expires_at", "file_name", "size"])
        # One export at a time: the one before goes as this one is ready.
        for earlier in DataExport.objects.filter(
            member=export.member, status=DataExport.Status.READY
        ).exclude(pk=export.pk):
            forget(earlier)
        _tell_member(export)
    return True


def files_of(member) -> list[ExportFile]:
    """Every file of ``member``'s export, part by part, with an index page first."""
    files: list[ExportFile] = []
    for name, part in export_parts().items():
        part_files = list(part(member))
        files.extend(part_files)
        logger.debug("Export part %s: %d files", name, len(part_files))
    index = render_to_string(
        "network/export/index.html",
        {"member": member, "files": files, "made_at": timezone.now()},
    )
    return [ExportFile("index.html", index), *files]


def _write_zip(export: DataExport) -> tuple[str, int]:
    member = export.member
    with tempfile.TemporaryFile() as scratch:
        with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file in files_of(member):
                content = file.content
                archive.writestr(
                    f"{_folder_name(export)}/{file.name}",
                    content.encode() if isinstance(content, str) else content,
                )
        size = scratch.tell()
        scratch.seek(0)
        name = storage().save(f"{export.token}.zip", File(scratch))
    return name, size


def _folder_name(export: DataExport) -> str:
    return f"{settings.SITE_NAME.lower().replace(' ', '-')}-data-{export.requested_at:%Y-%m-%d}"


def download_name(export: DataExport) -> str:
    return f"{_folder_name(export)}.zip"


def _tell_member(export: DataExport) -> None:
    member = export.member
    if not member.email:
        return
    context = {
        "member": member,
        "export": export,
        "download_url": public_url(reverse("leaving:download", args=[export.token])),
        "page_url": public_url(reverse("leaving:your_data")),
        "SITE_NAME": settings.SITE_NAME,
    }
    with language.for_member(member):
        subject = " ".join(
            render_to_string("network/email/export_ready_subject.txt", context).split()
        )
        body = render_to_string("network/email/export_ready.txt", context)
    # Through the site's own email path (network.mail): kept, and sent once this commits.
    EmailMessage(subject=subject, body=body, to=[member.email]).send()


def forget(export: DataExport) -> None:
    """Delete ``export``'s file; the row stays, saying it expired."""
    if export.file_name:
        storage().delete(export.file_name)
    export.status = DataExport.Status.EXPIRED
    export.file_name = ""
    export.save(update_fields=["status", "file_name"])


def forget_expired_exports(now=None) -> int:
    """Delete the files of exports past their week; how many. Beat runs it hourly."""
    now = now or timezone.now()
    expired = list(DataExport.objects.expired(now).exclude(status=DataExport.Status.EXPIRED))
    for export in expired:
        forget(export)
    return len(expired)


def sweep_stale_exports(now=None) -> int:
    """Hand the worker again the exports the broker lost, and fail those whose worker
    died building them; how many were handed over."""
    now = now or timezone.now()
    DataExport.objects.filter(
        status=DataExport.Status.BUILDING, started_at__lt=now - GIVE_UP_AFTER
    ).update(status=DataExport.Status.FAILED, finished_at=now)
    lost = list(
        DataExport.objects.filter(
            status=DataExport.Status.QUEUED, requested_at__lt=now - REQUEUE_AFTER
        ).values_list("pk", flat=True)
    )
    for export_id in lost:
        _enqueue(export_id)
    return len(lost)


# --- The network's own parts ---------------------------------------------------------


@export_part("profile")
def profile_part(member) -> list[ExportFile]:
    profile = member.profile
    data = {
        "handle": member.username,
        "email": member.email,
        "joined": member.date_joined,
        "last_sign_in": member.last_login,
        "display_name": profile.display_name,
        "region": profile.region.name if profile.region else None,
        "tendency": profile.tendency.name if profile.tendency else None,
        "organizations": sorted(tag.name for tag in profile.organizations.all()),
        "bio": profile.bio,
        "visibility": profile.visibility,
        "avatar": "profile/" + _avatar_name(profile) if profile.avatar else None,
        "profile_url": public_url(profile.get_absolute_url()),
        "local_projects": [
            {
                "project": membership.project.title,
                "joined_at": membership.joined_at,
                "contact": membership.listed_as_contact,
            }
            for membership in ProjectMember.objects.filter(member=member)
            .select_related("project")
            .order_by("joined_at")
        ],
    }
    files = [
        ExportFile("profile/profile.json", as_json(data)),
        ExportFile(
            "profile/profile.html",
            render_to_string("network/export/profile.html", {"data": data, "profile": profile}),
        ),
    ]
    if profile.avatar:
        try:
            with profile.avatar.open("rb") as picture:
                files.append(ExportFile("profile/" + _avatar_name(profile), picture.read()))
        except OSError:
            logger.warning("Avatar of member %s is missing from storage", member.pk)
    return files


def _avatar_name(profile) -> str:
    extension = profile.avatar.name.rsplit(".", 1)[-1] if "." in profile.avatar.name else "img"
    return f"avatar.{extension}"


@export_part("notification_settings")
def notification_settings_part(member) -> list[ExportFile]:
    from network.notifications.kinds import DEFAULT_DELIVERY, Delivery, kinds_for
    from network.notifications.models import Preference

    chosen = {row.kind: row for row in Preference.objects.filter(user=member)}
    rows = []
    for kind in kinds_for(member):
        preference = chosen.get(kind.value)
        delivery = Delivery(preference.delivery if preference else DEFAULT_DELIVERY[kind])
        rows.append(
            {
                "kind": kind.value,
                "what": str(kind.label),
                "delivery": delivery.value,
                "how": str(delivery.label),
                "only_my_region": preference.only_my_region if preference else False,
            }
        )
    return [
        ExportFile("notification_settings.json", as_json(rows)),
        ExportFile(
            "notification_settings.html",
            render_to_string("network/export/notification_settings.html", {"rows": rows}),
        ),
    ]
