"""The pages of an endorsement drive are valid HTML, as the W3C's checker reads them: the
campaign page with its form and endorsers (and with the form's errors, and refused), and
the pages its emailed links open."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog import endorsing
from blog.endorsements import Endorsement, EndorsementDrive
from tests.blog.endorsements.helpers import form_data, links_in, make_campaign, make_endorsement
from tests.html.test_valid_html import CANARY

pytestmark = pytest.mark.django_db

Kind = Endorsement.Kind


def test_every_endorsement_page_is_valid_html(nu_checker, tmp_path, monkeypatch):
    page, drive = make_campaign(closing_date=timezone.localdate() + timedelta(days=30))
    make_endorsement(
        drive,
        "Rosa Bell",
        kind=Kind.ORGANIZATION,
        organization="Georgia <Tenants> Union",
        comment="We will be there.\n\nAll of us.",
    )
    make_endorsement(drive, "Marcus Thibodeaux", role="Steward", organization="Local 100")
    make_endorsement(drive, "Quiet Person", listed=False)
    closed_page, _ = make_campaign(
        "Endorse the first conference",
        who_may_sign=EndorsementDrive.WhoMaySign.ORGANIZATIONS,
        closing_date=timezone.localdate() - timedelta(days=1),
    )
    visitor = Client()
    sign = reverse("endorse", args=[drive.pk])
    visitor.post(sign, form_data(email="jo@example.org"))
    links = links_in(mail.outbox[-1])
    unconfirmed = Endorsement.objects.get(email="jo@example.org")

    documents = {
        "campaign": visitor.get(page.url),
        "campaign-closed": visitor.get(closed_page.url),
        "campaign-form-errors": visitor.post(
            sign, form_data(kind="organization", organization="", email="nope", name="")
        ),
        "confirm": visitor.get("/" + links["confirm"].split("/", 3)[3]),
        "withdraw": visitor.get("/" + links["withdraw"].split("/", 3)[3]),
        "link-invalid": visitor.get(reverse("endorsement_confirm", args=["forged:token"])),
    }
    endorsing.confirm(unconfirmed)
    documents["confirm-done"] = visitor.get("/" + links["confirm"].split("/", 3)[3])
    monkeypatch.setattr(endorsing, "PER_VISITOR_LIMIT", 0)
    documents["campaign-refused"] = visitor.post(sign, form_data(email="late@example.org"))

    statuses = {name: response.status_code for name, response in documents.items()}
    assert statuses == {
        "campaign": 200,
        "campaign-closed": 200,
        "campaign-form-errors": 200,
        "confirm": 200,
        "withdraw": 200,
        "link-invalid": 400,
        "confirm-done": 200,
        "campaign-refused": 429,
    }
    html = {name: response.content.decode() for name, response in documents.items()}
    # The pages show what they are here to check: endorsers, errors, the refusal.
    assert "Georgia &lt;Tenants&gt; Union" in html["campaign"]
    assert "errorlist" in html["campaign-form-errors"]
    assert "Too many endorsements" in html["campaign-refused"]
    html["canary"] = CANARY

    problems = nu_checker.problems(html, tmp_path)

    assert problems.pop("canary") != []
    invalid = {name: found for name, found in problems.items() if found}
    assert not invalid, "\n".join(
        f"{name}: {message}" for name, found in invalid.items() for message in found
    )
