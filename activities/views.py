"""Pages for activities, series, check-in sheets, awards, suggestions and the chronicle.

Thin: each view fetches through `unionhub.access`, hands multi-row work to `activities.services`
and redirects after a successful POST.
"""

import calendar
from dataclasses import replace
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import services, tables
from activities.exports import attendance_workbook
from activities.forms import (
    ActivityFilter,
    ActivityForm,
    AwardForm,
    ChronicleForm,
    SeriesEditForm,
    SeriesEndForm,
    SeriesForm,
    SuggestionEditForm,
    SuggestionForm,
    SuggestionStepForm,
    SurveyForm,
    VisitForm,
    VisitListForm,
    VisitRowFormSet,
)
from activities.models import (
    Activity,
    ActivitySeries,
    Attendance,
    Award,
    ChronicleEntry,
    Suggestion,
    Survey,
    Visit,
)
from unionhub.access import ACTIVITIES, area_view, get_in_reach, in_reach, unions_in_reach
from unionhub.pages import apply_errors, kept_for_next, next_entry, page_of
from unionhub.params import (
    BIGINT_MAX,
    choice_param,
    parse_int,
    text_param,
    union_param,
    year_month_param,
    year_param,
)
from unionhub.qr import qr_data_uri
from unionhub.tables import table_output


def _union_filter(request):
    """The union chosen in a list's filter (a union in reach), or the role's own union."""
    return union_param(request, default=request.role.union)


def _year(request) -> int | None:
    return year_param(request.GET)


# Activities ----------------------------------------------------------------------------------


@area_view(ACTIVITIES)
def activity_list(request):
    queryset = (
        in_reach(request, Activity.objects.all())
        .select_related("union", "series")
        # A subquery per listed row: PostgreSQL counts the check-ins of the page's activities only,
        # not of every activity in reach before the LIMIT (a second at a city federation's size).
        .annotate(present=Coalesce(Subquery(_present_count()), 0))
        .order_by("-start_date", "-start_time", "pk")
    )
    filters = ActivityFilter(request.GET or None, queryset=queryset, request=request)
    if output := table_output(request, tables.ACTIVITIES, filters.qs):
        return output
    return render(
        request,
        "activities/activity_list.html",
        {"filter": filters, "page": page_of(request, filters.qs)},
    )


def _present_count():
    return (
        Attendance.objects.filter(activity=OuterRef("pk"), status=Attendance.Status.PRESENT)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )


@area_view(ACTIVITIES)
def activity_calendar(request):
    today = timezone.localdate()
    first = year_month_param(request.GET, "month", today.replace(day=1))
    union = _union_filter(request)
    kind = choice_param(request.GET, "kind", Activity.Kind.values)
    activities = Activity.objects.within(union).in_month(first.year, first.month).select_related("union")
    if kind:
        activities = activities.filter(kind=kind)
    activities = list(activities.order_by("start_date", "start_time", "pk"))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "today": day == today,
                    "activities": [a for a in activities if a.start_date <= day <= a.last_date],
                }
                for day in week
            ]
        )
    previous = (first - date.resolution).replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return render(
        request,
        "activities/calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "days": [day for week in weeks for day in week if day["in_month"] and day["activities"]],
            "previous": previous,
            "following": following,
            "union": union,
            "unions": unions_in_reach(request),
            "kind": kind,
            "kinds": Activity.Kind.choices,
        },
    )


@area_view(ACTIVITIES)
def activity_detail(request, pk):
    activity = get_in_reach(request, Activity.objects.select_related("union", "series"), pk=pk)
    attendees = (
        Attendance.objects.filter(activity=activity)
        .select_related("member__union")
        .order_by("-status", "member__union__path", "member__name_pinyin", "member__name")
    )
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "counts": services.sheet_counts(activity=activity),
            "attendees": attendees,
            "awards": activity.awards.select_related("union").prefetch_related("members"),
        },
    )


@area_view(ACTIVITIES, write=True)
def activity_create(request):
    form = ActivityForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        activity = form.save()
        messages.success(request, _("活动“%(title)s”已登记。") % {"title": activity.title})
        return redirect("activities:activity_detail", pk=activity.pk)
    return render(request, "activities/form.html", {"form": form, "heading": _("登记活动")})


@area_view(ACTIVITIES, write=True)
def activity_edit(request, pk):
    activity = get_in_reach(request, Activity, pk=pk)
    form = ActivityForm(request.POST or None, instance=activity, request=request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("活动已保存。"))
        return redirect("activities:activity_detail", pk=activity.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "heading": _("修改活动"), "cancel": activity.get_absolute_url()},
    )


@area_view(ACTIVITIES, write=True)
def activity_delete(request, pk):
    activity = get_in_reach(request, Activity.objects.select_related("union"), pk=pk)
    recorded = activity.attendances.count()
    if request.method == "POST":
        try:
            services.delete_activity(activity=activity)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("activities:activity_detail", pk=activity.pk)
        messages.success(request, _("活动“%(title)s”已删除。") % {"title": activity.title})
        return redirect("activities:activity_list")
    return render(
        request,
        "activities/confirm_delete.html",
        {
            "object": activity,
            "heading": _("删除活动"),
            "warning": _("将同时删除 %(count)d 条考勤记录。") % {"count": recorded} if recorded else "",
            "cancel": activity.get_absolute_url(),
        },
    )


# Series --------------------------------------------------------------------------------------


@area_view(ACTIVITIES, write=True)
def series_create(request):
    form = SeriesForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.create_series(
                union=data["union"],
                kind=data["kind"],
                title=data["title"],
                weekday=data["weekday"],
                first_date=data["first_date"],
                last_date=data["last_date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                organiser=data["organiser"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("已生成“%(title)s”共 %(count)d 场。")
                % {"title": series.title, "count": series.sessions.count()},
            )
            return redirect("activities:series_detail", pk=series.pk)
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "heading": _("新建每周系列活动"),
            "lead": _("例如每周五下午集中学习：一次生成全年各场活动。"),
        },
    )


@area_view(ACTIVITIES)
def series_detail(request, pk):
    series = get_in_reach(request, ActivitySeries.objects.select_related("union"), pk=pk)
    sessions = series.sessions.annotate(
        present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT)),
        recorded=Count("attendances"),
    ).order_by("start_date", "pk")
    return render(request, "activities/series_detail.html", {"series": series, "sessions": sessions})


@area_view(ACTIVITIES, write=True)
def series_edit(request, pk):
    series = get_in_reach(request, ActivitySeries.objects.select_related("union"), pk=pk)
    initial = {
        "from_date": timezone.localdate(),
        "title": series.title,
        "place": series.place,
        "start_time": series.start_time,
        "end_time": series.end_time,
    }
    form = SeriesEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_series(series=series, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已修改 %(count)d 场活动。") % {"count": changed})
            return redirect("activities:series_detail", pk=series.pk)
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "heading": _("修改系列活动：%(title)s") % {"title": series.title},
            "lead": _("名称、地点和时间的修改只作用于所填日期及以后的各场，之前的保持原样。"),
            "cancel": series.get_absolute_url(),
        },
    )


@area_view(ACTIVITIES, write=True)
def series_end(request, pk):
    series = get_in_reach(request, ActivitySeries.objects.select_related("union"), pk=pk)
    form = SeriesEndForm(request.POST or None, initial={"from_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            cut = services.end_series(series=series, from_date=form.cleaned_data["from_date"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            text = _("已删除 %(count)d 场尚未举行的活动。") % {"count": cut.deleted}
            if cut.kept:
                text += _("另有 %(count)d 场已有考勤或关联记录，予以保留。") % {"count": cut.kept}
            messages.success(request, text)
            return redirect("activities:series_detail", pk=series.pk)
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "heading": _("提前结束系列活动：%(title)s") % {"title": series.title},
            "submit": _("结束系列"),
            "danger": True,
            "cancel": series.get_absolute_url(),
        },
    )


# Attendance ----------------------------------------------------------------------------------


def _when_and_where(activity) -> str:
    return " ".join(part for part in (tables.when(activity), activity.place) if part)


def _posted_statuses(post) -> dict[int, str]:
    """`m<member id>` → status, from the sheet's radio buttons; blank values are not recorded."""
    statuses = {}
    for key, value in post.items():
        member_id = parse_int(key[1:], low=1, high=BIGINT_MAX) if key.startswith("m") else None
        if member_id and value:
            statuses[member_id] = value
    return statuses


@area_view(ACTIVITIES, write="post")
def attendance_sheet(request, pk):
    activity = get_in_reach(request, Activity.objects.select_related("union"), pk=pk)
    error = None
    non_members = activity.non_member_participants
    if request.method == "POST":
        statuses = _posted_statuses(request.POST)
        raw = request.POST.get("non_member_participants", "").strip() or "0"
        try:
            non_members = parse_int(raw, low=-BIGINT_MAX, high=BIGINT_MAX)
            if non_members is None:
                raise ValueError(raw)
            counts = services.record_attendance(
                activity=activity, statuses=statuses, non_member_participants=non_members
            )
        except ValueError:
            error = _("非会员参加人数请填写整数。")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _(
                    "考勤已保存：出席 %(present)d 人，缺席 %(absent)d 人，"
                    "请假 %(leave)d 人，非会员 %(others)d 人。"
                )
                % {
                    "present": counts.present,
                    "absent": counts.absent,
                    "leave": counts.on_leave,
                    "others": counts.non_members,
                },
            )
            return redirect("activities:activity_detail", pk=activity.pk)
    else:
        statuses = dict(Attendance.objects.filter(activity=activity).values_list("member_id", "status"))
    by_code = set(
        Attendance.objects.filter(activity=activity, checked_in_at__isnull=False).values_list(
            "member_id", flat=True
        )
    )
    members = list(
        activity.eligible_members()
        .select_related("union")
        .order_by("union__path", "name_pinyin", "name", "pk")
    )
    rows = [
        {"member": member, "status": statuses.get(member.pk, ""), "by_code": member.pk in by_code}
        for member in members
    ]
    unions = list({member.union.pk: member.union for member in members}.values())
    if request.method == "GET":
        labels = dict(Attendance.Status.choices)
        printed = [{"member": row["member"], "status": labels.get(row["status"], "")} for row in rows]
        sheet = replace(tables.ATTENDANCE, title=f"{activity.title} {_('签到表')}")
        if output := table_output(
            request, sheet, printed, union=activity.union, filters=_when_and_where(activity)
        ):
            return output
    return render(
        request,
        "activities/attendance_sheet.html",
        {
            "activity": activity,
            "rows": rows,
            "unions": unions,
            "error": error,
            "non_members": non_members,
            "statuses": Attendance.Status.choices,
        },
        status=400 if error else 200,
    )


@area_view(ACTIVITIES)
def attendance_xlsx(request, pk):
    activity = get_in_reach(request, Activity.objects.select_related("union"), pk=pk)
    stream = attendance_workbook(activity=activity)
    filename = f"{activity.start_date:%Y%m%d}-{activity.title}-考勤.xlsx".replace("/", "-")
    return FileResponse(
        stream,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Awards --------------------------------------------------------------------------------------


@area_view(ACTIVITIES)
def award_list(request):
    union = _union_filter(request)
    queryset = (
        Award.objects.within(union)
        .select_related("union", "activity")
        .prefetch_related("members")
        .order_by("-date", "-pk")
    )
    year, level = _year(request), choice_param(request.GET, "level", Award.Level.values)
    if year:
        queryset = queryset.in_year(year)
    if level:
        queryset = queryset.filter(level=level)
    if output := table_output(request, tables.AWARDS, queryset, union=union):
        return output
    return render(
        request,
        "activities/award_list.html",
        {
            "page": page_of(request, queryset),
            "union": union,
            "unions": unions_in_reach(request),
            "year": year,
            "level": level,
            "levels": Award.Level.choices,
        },
    )


def _award_form_page(request, award: Award | None):
    form = AwardForm(request.POST or None, instance=award, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            award = services.save_award(award=form.save(commit=False), members=form.cleaned_data["members"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("获奖“%(award)s”已保存。") % {"award": award})
            return redirect("activities:award_list")
    return render(
        request,
        "activities/award_form.html",
        {"form": form, "heading": _("修改获奖") if award else _("登记获奖")},
    )


@area_view(ACTIVITIES, write=True)
def award_create(request):
    return _award_form_page(request, None)


@area_view(ACTIVITIES, write=True)
def award_edit(request, pk):
    return _award_form_page(request, get_in_reach(request, Award, pk=pk))


@area_view(ACTIVITIES, write=True)
def award_delete(request, pk):
    return _delete_page(
        request,
        get_in_reach(request, Award, pk=pk),
        heading=_("删除获奖记录"),
        done=_("获奖记录已删除。"),
        list_url="activities:award_list",
    )


def _delete_page(request, record, *, heading: str, done: str, list_url: str):
    """Ask before deleting a simple record; on POST delete it and go back to its list."""
    if request.method == "POST":
        record.delete()
        messages.success(request, done)
        return redirect(list_url)
    return render(
        request,
        "activities/confirm_delete.html",
        {"object": record, "heading": heading, "cancel": reverse(list_url)},
    )


# Suggestions ---------------------------------------------------------------------------------


@area_view(ACTIVITIES)
def suggestion_list(request):
    union = _union_filter(request)
    queryset = (
        Suggestion.objects.within(union).select_related("union", "member").order_by("-collected_on", "-pk")
    )
    year, status = _year(request), choice_param(request.GET, "status", Suggestion.Status.values)
    campaign = text_param(request.GET, "campaign")
    if year:
        queryset = queryset.in_year(year)
    if status:
        queryset = queryset.filter(status=status)
    if campaign:
        queryset = queryset.filter(campaign=campaign)
    if output := table_output(request, tables.SUGGESTIONS, queryset, union=union):
        return output
    figures = queryset.aggregate(
        collected=Count("pk"),
        adopted=Count("pk", filter=Q(status__in=[Suggestion.Status.ADOPTED, Suggestion.Status.IMPLEMENTED])),
        rejected=Count("pk", filter=Q(status=Suggestion.Status.REJECTED)),
        implemented=Count("pk", filter=Q(status=Suggestion.Status.IMPLEMENTED)),
    )
    campaigns = (
        Suggestion.objects.within(union).exclude(campaign="").values_list("campaign", flat=True).distinct()
    )
    return render(
        request,
        "activities/suggestion_list.html",
        {
            "page": page_of(request, queryset),
            "figures": figures,
            "union": union,
            "unions": unions_in_reach(request),
            "year": year,
            "status": status,
            "statuses": Suggestion.Status.choices,
            "campaign": campaign,
            "campaigns": sorted(campaigns),
            "today": timezone.localdate(),
        },
    )


def _campaigns(request):
    return sorted(
        in_reach(request, Suggestion.objects.exclude(campaign=""))
        .values_list("campaign", flat=True)
        .distinct()
    )


# A campaign's suggestions are entered one after another: the next keeps its union, date and campaign.
SUGGESTION_KEPT_FOR_NEXT = ("union", "collected_on", "campaign")


@area_view(ACTIVITIES, write=True)
def suggestion_create(request):
    form = SuggestionForm(
        request.POST or None, request=request, initial=kept_for_next(request.GET, SUGGESTION_KEPT_FOR_NEXT)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = services.log_suggestion(
                union=data["union"],
                title=data["title"],
                collected_on=data["collected_on"],
                member=data["member"],
                author_name=data["author_name"],
                campaign=data["campaign"],
                content=data["content"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("建议“%(title)s”已登记。") % {"title": suggestion.title})
            if "another" in request.POST:
                return next_entry("activities:suggestion_create", request.POST, SUGGESTION_KEPT_FOR_NEXT)
            return redirect("activities:suggestion_list")
    return render(
        request,
        "activities/suggestion_form.html",
        {"form": form, "heading": _("登记合理化建议"), "campaigns": _campaigns(request), "another": True},
    )


@area_view(ACTIVITIES, write=True)
def suggestion_edit(request, pk):
    suggestion = get_in_reach(request, Suggestion.objects.select_related("member"), pk=pk)
    form = SuggestionEditForm(request.POST or None, instance=suggestion, request=request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("建议已保存。"))
        return redirect("activities:suggestion_list")
    return render(
        request,
        "activities/suggestion_form.html",
        {
            "form": form,
            "heading": _("修改合理化建议"),
            "campaigns": _campaigns(request),
            "suggestion": suggestion,
        },
    )


STEPS = {
    "adopt": (services.adopt_suggestion, gettext_lazy("采纳建议"), gettext_lazy("建议“%(title)s”已采纳。")),
    "reject": (
        services.reject_suggestion,
        gettext_lazy("不予采纳"),
        gettext_lazy("建议“%(title)s”不予采纳。"),
    ),
    "implement": (
        services.implement_suggestion,
        gettext_lazy("登记已实施"),
        gettext_lazy("建议“%(title)s”已登记为实施。"),
    ),
}


@area_view(ACTIVITIES, write=True)
def suggestion_step(request, pk, step):
    if step not in STEPS:
        return HttpResponseBadRequest()
    action, heading, done = STEPS[step]
    suggestion = get_in_reach(request, Suggestion, pk=pk)
    form = SuggestionStepForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            action(suggestion=suggestion, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done % {"title": suggestion.title})
            next_url = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse("activities:suggestion_list")
            return redirect(next_url)
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "heading": f"{heading}：{suggestion.title}",
            "cancel": reverse("activities:suggestion_list"),
        },
        status=400 if form.errors else 200,
    )


# Chronicle -----------------------------------------------------------------------------------


@area_view(ACTIVITIES)
def chronicle_list(request):
    union = _union_filter(request)
    queryset = ChronicleEntry.objects.within(union).select_related("union").order_by("-date", "-pk")
    year, section = _year(request), choice_param(request.GET, "section", ChronicleEntry.Section.values)
    if year:
        queryset = queryset.in_year(year)
    if section:
        queryset = queryset.filter(section=section)
    if output := table_output(request, tables.CHRONICLE, queryset, union=union):
        return output
    return render(
        request,
        "activities/chronicle_list.html",
        {
            "page": page_of(request, queryset),
            "union": union,
            "unions": unions_in_reach(request),
            "year": year,
            "section": section,
            "sections": ChronicleEntry.Section.choices,
        },
    )


def _chronicle_form_page(request, entry: ChronicleEntry | None):
    form = ChronicleForm(request.POST or None, instance=entry, request=request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("大事记已保存。"))
        return redirect("activities:chronicle_list")
    return render(
        request,
        "activities/form.html",
        {"form": form, "heading": _("修改大事记") if entry else _("记大事记")},
    )


@area_view(ACTIVITIES, write=True)
def chronicle_create(request):
    return _chronicle_form_page(request, None)


@area_view(ACTIVITIES, write=True)
def chronicle_edit(request, pk):
    return _chronicle_form_page(request, get_in_reach(request, ChronicleEntry, pk=pk))


@area_view(ACTIVITIES, write=True)
def chronicle_delete(request, pk):
    return _delete_page(
        request,
        get_in_reach(request, ChronicleEntry, pk=pk),
        heading=_("删除大事记"),
        done=_("大事记已删除。"),
        list_url="activities:chronicle_list",
    )


# Visits and surveys (走访慰问, 摸底调查) -------------------------------------------------------


@area_view(ACTIVITIES)
def visit_list(request):
    union = _union_filter(request)
    year = _year(request)
    campaign = choice_param(request.GET, "campaign", Visit.Campaign.values)
    visits = Visit.objects.within(union).select_related("union", "member").order_by("-date", "-pk")
    surveys = Survey.objects.within(union).select_related("union").order_by("-date", "-pk")
    if year:
        visits, surveys = visits.in_year(year), surveys.in_year(year)
    if campaign:
        visits, surveys = visits.filter(campaign=campaign), surveys.filter(campaign=campaign)
    return render(
        request,
        "activities/visit_list.html",
        {
            "page": page_of(request, visits),
            "surveys": surveys[:50],
            "union": union,
            "unions": unions_in_reach(request),
            "year": year,
            "campaign": campaign,
            "campaigns": Visit.Campaign.choices,
        },
    )


def _record_form_page(request, form_class, record, *, heading: str, done: str):
    form = form_class(request.POST or None, instance=record, request=request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, done)
        return redirect("activities:visit_list")
    return render(request, "activities/form.html", {"form": form, "heading": heading})


@area_view(ACTIVITIES, write=True)
def visit_create(request):
    return _record_form_page(request, VisitForm, None, heading=_("登记走访慰问"), done=_("走访慰问已保存。"))


@area_view(ACTIVITIES, write=True)
def visit_batch(request):
    """Visits to several households in one step: the day, campaign and visitors once, a row per
    household; `check` shows what will be saved, `commit` saves every row or none."""
    form = VisitListForm(request.POST or None, request=request)
    rows = VisitRowFormSet(request.POST or None, prefix="visit", request=request)
    planned = None
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        particulars = {**form.cleaned_data, "rows": rows.filled()}
        try:
            if "commit" in request.POST:
                visits = services.record_visits(**particulars)
                messages.success(request, _("已登记走访慰问%(count)d户。") % {"count": len(visits)})
                return redirect(f"{reverse('activities:visit_list')}?union={form.cleaned_data['union'].pk}")
            planned = services.plan_visits(**particulars)
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "activities/visit_batch.html", {"form": form, "rows": rows, "planned": planned})


@area_view(ACTIVITIES, write=True)
def visit_edit(request, pk):
    visit = get_in_reach(request, Visit, pk=pk)
    return _record_form_page(request, VisitForm, visit, heading=_("修改走访慰问"), done=_("走访慰问已保存。"))


@area_view(ACTIVITIES, write=True)
def visit_delete(request, pk):
    return _delete_page(
        request,
        get_in_reach(request, Visit, pk=pk),
        heading=_("删除走访慰问"),
        done=_("走访慰问已删除。"),
        list_url="activities:visit_list",
    )


@area_view(ACTIVITIES, write=True)
def survey_create(request):
    return _record_form_page(request, SurveyForm, None, heading=_("登记摸底调查"), done=_("摸底调查已保存。"))


@area_view(ACTIVITIES, write=True)
def survey_edit(request, pk):
    survey = get_in_reach(request, Survey, pk=pk)
    return _record_form_page(
        request, SurveyForm, survey, heading=_("修改摸底调查"), done=_("摸底调查已保存。")
    )


@area_view(ACTIVITIES, write=True)
def survey_delete(request, pk):
    return _delete_page(
        request,
        get_in_reach(request, Survey, pk=pk),
        heading=_("删除摸底调查"),
        done=_("摸底调查已删除。"),
        list_url="activities:visit_list",
    )


@area_view(ACTIVITIES)
def activity_code(request, pk):
    """The activity's check-in code, to show on the screen or print: members scan it with their phone
    (reports.portal.checkin) within the activity's time window and the union's margin."""
    activity = get_in_reach(request, Activity.objects.select_related("union"), pk=pk)
    url = request.build_absolute_uri(reverse("me:checkin", args=[services.checkin_token(activity)]))
    opens, closes = services.checkin_window(activity)
    return render(
        request,
        "activities/activity_code.html",
        {"activity": activity, "url": url, "qr": qr_data_uri(url), "opens": opens, "closes": closes},
    )
