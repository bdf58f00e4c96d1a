from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from unionhub.models import Role, Union, User

admin.site.site_header = _("工会台账 · 后台管理")
admin.site.site_title = _("工会台账")


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["union"]


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "name"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("工会台账"), {"fields": ["name"]}),)
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "union", "kind"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__name", "union__name"]
    autocomplete_fields = ["user", "union"]
