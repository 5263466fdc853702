"""seed_demo's directory: a dozen organizations of every kind across the South, some
affiliates, four local projects with contacts, demo members named where they chose;
and running it again changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from network.directory.models import LocalProject, Organization, ProfileOrganization, ProjectMember

pytestmark = pytest.mark.django_db


def directory_state():
    return (
        sorted(Organization.objects.listed().values_list("name", "kind", "affiliate")),
        sorted(LocalProject.objects.values_list("slug", "status")),
        ProjectMember.objects.count(),
        ProfileOrganization.objects.filter(shown_on_page=True).count(),
    )


def test_seed_demo_fills_the_directory_once(client):
    call_command("seed_demo")
    first = directory_state()
    call_command("seed_demo")

    assert directory_state() == first
    listed = Organization.objects.listed()
    assert listed.count() >= 12
    assert {kind for _, kind, _ in first[0]} == set(Organization.Kind.values)
    assert 3 <= listed.filter(affiliate=True).count() < listed.count()
    assert listed.exclude(logo="").exists()
    assert listed.values("regions").distinct().count() >= 10
    assert 3 <= len(first[1]) <= 4
    for project in LocalProject.objects.all():
        assert project.contacts().exists(), project

    union = Organization.objects.get(name="Georgia Tenants Union")
    school = Organization.objects.get(name="Birmingham Freedom School")
    assert "Rosa Bell" in client.get(union.get_absolute_url()).text
    assert "Nia Johnson" not in client.get(school.get_absolute_url()).text  # hidden profile
    assert "Georgia Tenants Union" in client.get(reverse("organizations:list")).text
