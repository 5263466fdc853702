from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from network.models import Profile, Recruiter, Recruitment, User


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["display_name", "region", "tendency", "visibility", "bio", "avatar"]


class RecruitmentInline(admin.StackedInline):
    """How the member joined (network.recruiting): read only."""

    model = Recruitment
    fk_name = "member"
    can_delete = False
    verbose_name_plural = _("how they joined")
    fields = readonly_fields = [
        "way",
        "recruiter",
        "invitation",
        "project",
        "agreed_to_points_of_unity_at",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class RecruitsInline(admin.TabularInline):
    """Whom the member recruited: the chain moderators follow after a spam suspension."""

    model = Recruitment
    fk_name = "recruiter"
    can_delete = False
    extra = 0
    verbose_name_plural = _("whom they recruited")
    fields = readonly_fields = ["member", "way", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class RecruiterInline(admin.StackedInline):
    """Their passcode, and whether they were stopped from recruiting: clear "stopped
    recruiting at" to let them recruit again."""

    model = Recruiter
    can_delete = False
    fields = ["passcode", "stopped_at", "stopped_because"]
    readonly_fields = ["passcode"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class NetworkUserAdmin(UserAdmin):
    inlines = [ProfileInline, RecruitmentInline, RecruitsInline, RecruiterInline]
    list_display = ["username", "email", "is_active", "is_staff", "date_joined"]
