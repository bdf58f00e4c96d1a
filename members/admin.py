"""The back office for the register. Status and union change through members.services only, and the
history and the export log are append-only: here they are read, not edited."""

from django.contrib import admin

from members.models import (
    HardshipCase,
    HardshipFamilyMember,
    HardshipVerification,
    Member,
    MemberEvent,
    PersonalDataAccess,
    RollImport,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberEventInline(ReadOnlyMixin, admin.TabularInline):
    model = MemberEvent
    fk_name = "member"
    extra = 0
    fields = ["date", "kind", "union", "other_union", "other_union_name", "reason", "recorded_by"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "sex", "union", "employment_type", "join_date", "status"]
    list_filter = ["status", "sex", "employment_type"]
    search_fields = ["name", "name_initials", "card_number", "id_number"]
    readonly_fields = ["union", "status", "name_initials", "created_at", "updated_at"]
    list_select_related = ["union"]
    inlines = [MemberEventInline]

    def has_add_permission(self, request):
        return False  # members join through the register (a joining event goes with them)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MemberEvent)
class MemberEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["member", "kind", "date", "union", "other_union", "other_union_name", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["member__name", "reason"]
    date_hierarchy = "date"
    list_select_related = ["member", "union", "other_union", "recorded_by"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "user", "union", "what", "row_count", "purpose"]
    search_fields = ["user__username", "user__name", "purpose"]
    list_select_related = ["user", "union"]


@admin.register(RollImport)
class RollImportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "uploaded_at",
        "file_name",
        "union",
        "uploaded_by",
        "accepted_count",
        "rejected_count",
        "committed_at",
    ]
    exclude = ["rows"]
    list_select_related = ["union", "uploaded_by"]


class FamilyInline(admin.TabularInline):
    model = HardshipFamilyMember
    extra = 0


class VerificationInline(ReadOnlyMixin, admin.TabularInline):
    model = HardshipVerification
    extra = 0


@admin.register(HardshipCase)
class HardshipCaseAdmin(admin.ModelAdmin):
    list_display = [
        "member",
        "union",
        "level",
        "per_capita_income",
        "opened_on",
        "last_verified_on",
        "closed_on",
    ]
    list_filter = ["level", "main_cause"]
    search_fields = ["member__name", "member__name_initials"]
    readonly_fields = ["member", "union", "per_capita_income", "filed_by", "created_at", "updated_at"]
    list_select_related = ["member", "union"]
    inlines = [FamilyInline, VerificationInline]

    def has_add_permission(self, request):
        return False
