from django.contrib import admin

from quickscale_modules.teams.models import Invitation, Membership, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "created_at", "last_used_at"]
    readonly_fields = ["created_at", "last_used_at"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_personal", "created_at"]
    list_filter = ["is_personal"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "team"]
    search_fields = ["team__name", "team__slug"]
    raw_id_fields = ["user", "team"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "team", "role", "status", "expires_at"]
    list_filter = ["status", "role"]
    list_select_related = ["team"]
    search_fields = ["email", "team__name"]
    raw_id_fields = ["team", "invited_by", "accepted_by"]
    readonly_fields = ["key"]
