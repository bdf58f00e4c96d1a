from django.contrib import admin

from activities.models import Activity, ActivitySeries, Attendance, Award, ChronicleEntry, Suggestion


class AttendanceInline(admin.TabularInline):
    model = Attendance
    raw_id_fields = ["member"]
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["start_date", "title", "kind", "union", "place"]
    list_filter = ["kind", "union"]
    search_fields = ["title", "place"]
    date_hierarchy = "start_date"
    raw_id_fields = ["series"]
    inlines = [AttendanceInline]


@admin.register(ActivitySeries)
class ActivitySeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "union", "weekday", "first_date", "last_date"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["date", "event", "title", "level", "winner_kind", "union"]
    list_filter = ["level", "winner_kind", "category"]
    search_fields = ["event", "title", "team_name", "unit_name"]
    raw_id_fields = ["activity", "members"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["collected_on", "title", "status", "campaign", "union"]
    list_filter = ["status"]
    search_fields = ["title", "campaign", "author_name"]
    raw_id_fields = ["member"]


@admin.register(ChronicleEntry)
class ChronicleEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "section", "text", "union"]
    list_filter = ["section"]
