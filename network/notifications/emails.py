"""The emails themselves: one per conversation, or a digest, multipart, with the headers
that let mail clients thread them and unsubscribe in one click (RFC 8058).

Members-only content never leaves the site: for a members-only forum the email names
the kind of news and links to it, with no title, author or excerpt.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

from network.addresses import public_url
from network.notifications.kinds import Kind
from network.notifications.sources import Subject
from network.notifications.wording import EMAIL_QUOTES, PRIVATE_HEADLINES, headline

UNSUBSCRIBE_SALT = "network.notifications.unsubscribe"
DIGEST = "digest"


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A token naming the member and the kind of email, signed with the site's secret and
    a salt of its own: unguessable, and good for nothing else."""
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """``(user_id, kind)``, or :class:`django.core.signing.BadSignature` when the token
    was forged or altered."""
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (ValueError, TypeError) as error:
        raise signing.BadSignature("Malformed token") from error
    if not isinstance(user_id, int) or (kind not in Kind.values and kind != DIGEST):
        raise signing.BadSignature("Unknown token")
    return user_id, kind


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _unsubscribe_url(user_id: int, kind: str) -> str:
    return public_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, kind)]))


POST_KINDS = {Kind.REPLY, Kind.MENTION, Kind.WATCHED_THREAD, Kind.WATCHED_FORUM}


def _subject_line(rows, subjects: dict[int, Subject]) -> str:
    first = subjects[rows[0].event.object_id]
    count = len(rows)
    if first.members_only:
        if count > 1 and all(row.kind == Kind.MESSAGE for row in rows):
            # Translators: an email's subject; nothing of the messages, not even who wrote.
            return ngettext(
                "%(count)d new private message", "%(count)d new private messages", count
            ) % {"count": count}
        if count > 1:
            return ngettext(
                "%(count)d new post in a members-only thread",
                "%(count)d new posts in a members-only thread",
                count,
            ) % {"count": count}
        return str(PRIVATE_HEADLINES[rows[0].kind])
    if count > 1:
        if all(row.kind in POST_KINDS for row in rows):
            return ngettext(
                "%(count)d new post in “%(title)s”", "%(count)d new posts in “%(title)s”", count
            ) % {"count": count, "title": first.title}
        return ngettext(
            "%(count)d update in “%(title)s”", "%(count)d updates in “%(title)s”", count
        ) % {"count": count, "title": first.title}
    return headline(rows[0].kind, first, EMAIL_QUOTES)


def _items(rows, subjects: dict[int, Subject]) -> list[dict]:
    items = []
    for row in rows:
        subject = subjects[row.event.object_id]
        private = subject.members_only
        line = (
            str(PRIVATE_HEADLINES[row.kind])
            if private
            else headline(row.kind, subject, EMAIL_QUOTES)
        )
        items.append(
            {
                "kind": row.get_kind_display(),
                "headline": line,
                "private": private,
                "title": "" if private else subject.title,
                # Where, unless the headline said it already.
                "place": "" if private or str(subject.place) in line else subject.place,
                "actor": "" if private else subject.actor_name,
                "excerpt": "" if private else subject.excerpt,
                "url": public_url(subject.url),
                "created_at": subject.created_at,
            }
        )
    return items


def _message(recipient, subject_line, template, context, unsubscribe_kind, headers):
    context = {
        **context,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "recipient": recipient,
        "settings_url": public_url(reverse("notifications:settings")),
        "unsubscribe_url": _unsubscribe_url(recipient.pk, unsubscribe_kind),
    }
    message = EmailMultiAlternatives(
        subject=subject_line,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            **headers,
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def conversation_email(recipient, rows, subjects: dict[int, Subject]) -> EmailMultiAlternatives:
    """One email for ``rows`` (one member's, of one conversation, oldest first)."""
    kind = rows[0].kind
    thread = f"<{rows[0].conversation or f'event.{rows[0].event_id}'}@{_domain()}>"
    return _message(
        recipient,
        _subject_line(rows, subjects),
        "notification",
        {"items": _items(rows, subjects), "kind_label": Kind(kind).label},
        kind,
        {
            # The same id when a retry sends it again, so a client shows it once.
            "Message-ID": f"<notification.{rows[0].pk}@{_domain()}>",
            "In-Reply-To": thread,
            "References": thread,
        },
    )


def digest_email(recipient, rows, subjects: dict[int, Subject], period: str):
    """What is unread for ``recipient``, in one email."""
    items = _items(rows, subjects)
    count = len(items)
    if period == "daily":
        # Translators: an email's subject: how many unread notifications, on the site.
        subject_line = ngettext(
            "Daily digest: %(count)d new on %(site)s",
            "Daily digest: %(count)d new on %(site)s",
            count,
        )
    else:
        subject_line = ngettext(
            "Weekly digest: %(count)d new on %(site)s",
            "Weekly digest: %(count)d new on %(site)s",
            count,
        )
    return _message(
        recipient,
        subject_line % {"count": count, "site": settings.SITE_NAME},
        "digest",
        # The templates word each period in a sentence of its own.
        {"items": items, "period": "daily" if period == "daily" else "weekly"},
        DIGEST,
        {"Message-ID": f"<digest.{period}.{rows[0].pk}@{_domain()}>"},
    )
