from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from unionhub.models import LoginAttempt, LoginFailure, LoginLog, Role, Union, User

admin.site.site_header = _("工会台账 · 后台管理")
admin.site.site_title = _("工会台账")
# The admin's login form (a bounded login name) is set in UnionhubConfig.ready(): importing
# unionhub.forms here, during the admin's autodiscovery, would build its fields before ready()
# gives every CharField its control-character check.


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["union"]
    fields = ["union", "kind", "start", "end"]


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "region", "closed_on"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "is_active", "is_superuser", "must_change_password", "last_login"]
    search_fields = ["username", "name"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("工会台账"), {"fields": ["name", "must_change_password"]}),)
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "union", "kind", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__name", "union__name"]
    autocomplete_fields = ["user", "union"]


# django-axes' records (its own admin is switched off: AXES_ENABLE_ADMIN), read-only, in Chinese.


class LoginRecordAdmin(admin.ModelAdmin):
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"

    @admin.display(description=_("时间"), ordering="attempt_time")
    def at(self, obj):
        return obj.attempt_time

    @admin.display(description=_("登录名"), ordering="username")
    def login(self, obj):
        return obj.username

    @admin.display(description=_("IP地址"), ordering="ip_address")
    def address(self, obj):
        return obj.ip_address

    @admin.display(description=_("浏览器"))
    def browser(self, obj):
        return obj.user_agent[:80]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(LoginRecordAdmin):
    list_display = ["at", "login", "address", "failures", "browser"]
    readonly_fields = fields = ["at", "login", "address", "failures", "browser"]

    @admin.display(description=_("连续失败次数"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start


@admin.register(LoginFailure)
class LoginFailureAdmin(LoginRecordAdmin):
    list_display = ["at", "login", "address", "locked", "browser"]
    readonly_fields = fields = ["at", "login", "address", "locked", "browser"]

    @admin.display(description=_("已锁定"), boolean=True)
    def locked(self, obj):
        return obj.locked_out


@admin.register(LoginLog)
class LoginLogAdmin(LoginRecordAdmin):
    list_display = ["at", "logout", "login", "address", "browser"]
    readonly_fields = fields = ["at", "logout", "login", "address", "browser"]

    @admin.display(description=_("退出时间"), ordering="logout_time")
    def logout(self, obj):
        return obj.logout_time
