from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from network.models import Profile, User


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["display_name", "region", "tendency", "visibility", "bio", "avatar"]


@admin.register(User)
class NetworkUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "email", "is_active", "is_staff", "date_joined"]
