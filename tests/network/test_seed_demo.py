import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from network.models import Profile

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_an_administrator_and_a_dozen_members_once(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out

    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert "password" in first
    assert "password" not in second

    members = Profile.objects.exclude(user=admin).select_related("region", "tendency")
    assert members.count() == 12
    assert len({p.region_id for p in members}) >= 10
    assert len({p.tendency_id for p in members if p.tendency_id}) >= 8
    assert any(p.tendency_id is None for p in members)
    assert {p.visibility for p in members} == {"public", "members", "hidden"}
    assert User.objects.count() == 13
