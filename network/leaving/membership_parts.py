"""What the network keeps of how a member belongs, in their export and erased when they
leave: how they joined and whom they invited (``network.recruiting``), whom they blocked
(``network.blocking``), and which versions of the network's texts they accepted
(``network.agreements``)."""

from __future__ import annotations

from network import blocking
from network.leaving.exporting import as_json
from network.leaving.registry import ExportFile, eraser, export_part
from network.models import Acceptance, MemberBlock
from network.recruiting.models import Invitation, Recruiter, Recruitment


@export_part("recruitment")
def recruitment_part(member) -> list[ExportFile]:
    record = Recruitment.objects.filter(member=member).select_related("recruiter").first()
    data = {
        "joined_by": record.get_way_display() if record else None,
        "recruiter": f"@{record.recruiter.username}" if record and record.recruiter else None,
        "project": record.project if record else "",
        "agreed_to_points_of_unity_at": record.agreed_to_points_of_unity_at if record else None,
        "members_you_recruited": Recruitment.objects.filter(recruiter=member).count(),
        "invitations_sent": [
            {
                "email": invitation.email,
                "sent_at": invitation.created_at,
                "expires_at": invitation.expires_at,
                "used_at": invitation.used_at,
                "withdrawn_at": invitation.revoked_at,
            }
            for invitation in Invitation.objects.filter(inviter=member).order_by("created_at")
        ],
        "agreements_accepted": [
            {
                "text": acceptance.get_agreement_display(),
                "version": acceptance.number,
                "accepted_at": acceptance.accepted_at,
            }
            for acceptance in Acceptance.objects.filter(user=member).order_by("accepted_at")
        ],
        "members_you_block": [
            f"@{block.blocked.username}" for block in blocking.blocked_members(member)
        ],
    }
    return [ExportFile("membership/membership.json", as_json(data))]


@eraser("membership")
def erase_membership(member, delete_posts: bool) -> None:
    """Their invitations (and the addresses they were sent to), their passcode, the
    project they told of when joining, and their blocks both ways. How they came in, and
    who recruited them, stays for the moderators: a recruiter's chain is how spam is
    stopped."""
    Invitation.objects.filter(inviter=member).delete()
    Recruiter.objects.filter(user=member).delete()
    Recruitment.objects.filter(member=member).update(project="")
    for block in MemberBlock.objects.filter(blocked=member).select_related("blocker__profile"):
        blocking.unblock(block.blocker, member)  # and their profile's list of whom they block
    MemberBlock.objects.filter(blocker=member).delete()
