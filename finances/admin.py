"""The ledger in the back office: rules and the chart are edited here; the books are read only.

Vouchers and everything posted with them are written by `finances.services` alone and PostgreSQL
refuses changes to them, so their admin pages show and never offer to add, change or delete.
"""

from django.contrib import admin

from finances.models import (
    AidPayment,
    Category,
    CategoryEdition,
    Donation,
    DonationDrive,
    Fund,
    MonthCloseEvent,
    RuleWarning,
    SpendingRule,
    Voucher,
    VoucherLine,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SpendingRule)
class SpendingRuleAdmin(admin.ModelAdmin):
    list_display = ["region", "kind", "basis", "cap", "effective_from", "text"]
    list_filter = ["region", "kind", "basis"]
    search_fields = ["text", "source"]


@admin.register(CategoryEdition)
class CategoryEditionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "document", "effective_from"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "direction", "parent", "edition", "union"]
    list_filter = ["edition", "direction"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent", "union"]


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "union", "kind", "restricted", "opened_on"]
    list_filter = ["kind", "restricted"]
    search_fields = ["name", "union__name"]
    raw_id_fields = ["union"]


class VoucherLineInline(admin.TabularInline):
    model = VoucherLine
    fields = ["member", "period", "wage_base", "amount"]
    readonly_fields = fields
    raw_id_fields = ["member"]
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["date", "union", "year", "number", "direction", "fund", "category", "amount", "summary"]
    list_filter = ["direction", "kind", "year"]
    search_fields = ["summary", "counterparty", "union__name"]
    date_hierarchy = "date"
    list_select_related = ["union", "fund", "category"]
    inlines = [VoucherLineInline]


@admin.register(DonationDrive)
class DonationDriveAdmin(ReadOnlyAdmin):
    list_display = ["title", "union", "kind", "fund", "starts_on"]


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ["drive", "donor_name", "donor_kind", "amount", "voucher"]
    list_select_related = ["drive", "voucher"]


@admin.register(AidPayment)
class AidPaymentAdmin(ReadOnlyAdmin):
    list_display = ["date", "union", "member", "kind", "amount", "fund", "voucher"]
    list_filter = ["kind"]
    list_select_related = ["union", "member", "fund", "voucher"]


@admin.register(RuleWarning)
class RuleWarningAdmin(ReadOnlyAdmin):
    list_display = ["confirmed_at", "union", "voucher", "message", "confirmed_by"]


@admin.register(MonthCloseEvent)
class MonthCloseEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "union", "year", "month", "action", "by", "reason"]
