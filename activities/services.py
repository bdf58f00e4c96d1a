"""Operations that touch several rows: series of sessions, check-in sheets, awards, suggestions.

Keyword-only functions, each one transaction. Bad input raises `ValidationError` with a message
a union secretary understands; nothing is half-saved.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, ForeignObjectRel, Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, ActivitySeries, Attendance, Award, Suggestion, Visit
from members.models import Member
from unionhub.models import Union, User

# A series longer than this is almost certainly a typo in the year.
MAX_SERIES_DAYS = 731

MAX_NON_MEMBERS = 100_000  # far below the column's 2,147,483,647; no activity draws more


def series_dates(*, weekday: int, first_date: date, last_date: date) -> list[date]:
    """Every `weekday` (0 = Monday) from `first_date` to `last_date`, both included."""
    day = first_date + timedelta(days=(weekday - first_date.weekday()) % 7)
    dates = []
    while day <= last_date:
        dates.append(day)
        day += timedelta(days=7)
    return dates


@transaction.atomic
def create_series(
    *,
    union: Union,
    title: str,
    weekday: int,
    first_date: date,
    last_date: date | None = None,
    kind: str = Activity.Kind.STUDY,
    start_time: time | None = None,
    end_time: time | None = None,
    place: str = "",
    organiser: str = "",
    description: str = "",
) -> ActivitySeries:
    """Create a weekly series and all its sessions at once (default: to the end of the first year)."""
    series = ActivitySeries(
        union=union,
        kind=kind,
        title=title,
        weekday=weekday,
        first_date=first_date,
        last_date=last_date or date(first_date.year, 12, 31),
        start_time=start_time,
        end_time=end_time,
        place=place,
        organiser=organiser,
        description=description,
    )
    series.full_clean()
    if (series.last_date - series.first_date).days > MAX_SERIES_DAYS:
        raise ValidationError({"last_date": _("系列活动最长两年，请检查截止日期。")})
    dates = series_dates(weekday=weekday, first_date=series.first_date, last_date=series.last_date)
    if not dates:
        raise ValidationError({"last_date": _("起止日期之间没有符合条件的日子。")})
    series.save()
    sessions = [
        Activity(
            union=union,
            kind=kind,
            title=title,
            start_date=day,
            start_time=start_time,
            end_time=end_time,
            place=place,
            organiser=organiser,
            description=description,
            series=series,
        )
        for day in dates
    ]
    Activity.objects.bulk_create(sessions)
    return series


@transaction.atomic
def update_series(
    *,
    series: ActivitySeries,
    from_date: date,
    title: str,
    place: str,
    start_time: time | None,
    end_time: time | None,
) -> int:
    """Change title, place and time of the series and of its sessions on or after `from_date`.

    Earlier sessions keep what they were (they happened as recorded). Returns the sessions changed.
    """
    series = ActivitySeries.objects.select_for_update().get(pk=series.pk)
    series.title, series.place, series.start_time, series.end_time = title, place, start_time, end_time
    series.full_clean()
    series.save()
    return series.sessions.filter(start_date__gte=from_date).update(
        title=title, place=place, start_time=start_time, end_time=end_time, updated_at=timezone.now()
    )


@dataclass(frozen=True)
class SeriesCut:
    deleted: int  # future sessions removed
    kept: int  # sessions on or after the date kept because they hold records


def _activities_holding_records(ids: list[int]) -> set[int]:
    """Those of `ids` with attendance or anything that protects them (an award, a voucher …).

    Protecting relations are found through the model's metadata, hidden ones (`related_name="+"`)
    included, so an app downstream that points at activities with `on_delete=PROTECT` is respected
    without being imported here. One query per relation, whatever the number of activities.
    """
    held = set(Attendance.objects.filter(activity_id__in=ids).values_list("activity_id", flat=True))
    for relation in Activity._meta.get_fields(include_hidden=True):
        if isinstance(relation, ForeignObjectRel) and relation.on_delete is models.PROTECT:
            column = relation.field.attname
            held |= set(
                relation.related_model._base_manager.filter(**{f"{column}__in": ids}).values_list(
                    column, flat=True
                )
            )
    return held


@transaction.atomic
def end_series(*, series: ActivitySeries, from_date: date) -> SeriesCut:
    """Cut the series short: no sessions from `from_date` on.

    Sessions from that date without attendance are deleted; any that already hold records are kept
    (and reported), so nothing recorded is ever lost.
    """
    series = ActivitySeries.objects.select_for_update().get(pk=series.pk)
    if from_date <= series.first_date:
        raise ValidationError({"from_date": _("停止日期应晚于系列的起始日期；要全部删除请逐场删除。")})
    later = list(series.sessions.filter(start_date__gte=from_date).values_list("pk", "start_date"))
    held = _activities_holding_records([pk for pk, _day in later])
    _total, per_model = Activity.objects.filter(pk__in=[pk for pk, _day in later if pk not in held]).delete()
    deleted = per_model.get("activities.Activity", 0)
    kept_dates = [day for pk, day in later if pk in held]
    series.last_date = min(series.last_date, from_date - timedelta(days=1))
    if kept_dates:
        series.last_date = max(series.last_date, *kept_dates)
    series.full_clean()
    series.save(update_fields=["last_date", "updated_at"])
    return SeriesCut(deleted=deleted, kept=len(kept_dates))


@transaction.atomic
def delete_activity(*, activity: Activity) -> None:
    """Delete one activity with its attendance; refused while an award or a voucher points at it."""
    try:
        activity.delete()
    except ProtectedError as error:
        kinds = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
        raise ValidationError(
            _("该活动已有%(records)s关联，不能删除。") % {"records": "、".join(kinds)}
        ) from error


@dataclass(frozen=True)
class SheetCounts:
    present: int
    absent: int
    on_leave: int
    non_members: int

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.on_leave


@transaction.atomic
def record_attendance(
    *, activity: Activity, statuses: dict[int, str], non_member_participants: int
) -> SheetCounts:
    """Save a whole check-in sheet at once: `statuses` maps member id → Attendance.Status.

    Members left out of `statuses` have no record afterwards. The query count does not grow with
    the number of members: one read of the eligible ids, one upsert, one delete, one update.
    """
    if non_member_participants is None or non_member_participants < 0:
        raise ValidationError({"non_member_participants": _("非会员参加人数不能为负数。")})
    if non_member_participants > MAX_NON_MEMBERS:
        raise ValidationError(
            {"non_member_participants": _("非会员参加人数不能超过%(max)s人。") % {"max": MAX_NON_MEMBERS}}
        )
    valid_statuses = set(Attendance.Status.values)
    bad = {status for status in statuses.values() if status not in valid_statuses}
    if bad:
        raise ValidationError(_("考勤状态无效：%(values)s。") % {"values": "、".join(sorted(bad))})
    eligible = set(activity.eligible_members().values_list("pk", flat=True))
    strangers = set(statuses) - eligible
    if strangers:
        raise ValidationError(
            _("有 %(count)d 名会员不在本活动的参加范围内，名单可能已变化，请刷新后重新登记。")
            % {"count": len(strangers)}
        )
    Activity.objects.filter(pk=activity.pk).update(
        non_member_participants=non_member_participants, updated_at=timezone.now()
    )
    activity.non_member_participants = non_member_participants
    now = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(activity=activity, member_id=member_id, status=status, recorded_at=now)
            for member_id, status in statuses.items()
        ],
        update_conflicts=True,
        unique_fields=["activity", "member"],
        update_fields=["status", "recorded_at"],
    )
    Attendance.objects.filter(activity=activity).exclude(member_id__in=list(statuses)).delete()
    counts = dict.fromkeys(valid_statuses, 0)
    for status in statuses.values():
        counts[status] += 1
    return SheetCounts(
        present=counts[Attendance.Status.PRESENT],
        absent=counts[Attendance.Status.ABSENT],
        on_leave=counts[Attendance.Status.ON_LEAVE],
        non_members=non_member_participants,
    )


def sheet_counts(*, activity: Activity) -> SheetCounts:
    """The counts of one activity's sheet, in one query."""
    row = Attendance.objects.filter(activity=activity).aggregate(
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
        on_leave=Count("pk", filter=Q(status=Attendance.Status.ON_LEAVE)),
    )
    return SheetCounts(non_members=activity.non_member_participants, **row)


def _check_members_in_union(*, union: Union, members: list[Member], field: str) -> None:
    outside = [member.name for member in members if not union.contains(member.union)]
    if outside:
        raise ValidationError(
            {field: _("%(names)s 不是本工会或下级工会的会员。") % {"names": "、".join(outside)}}
        )


@transaction.atomic
def save_award(
    *,
    award: Award,
    members: list[Member] | None = None,
) -> Award:
    """Validate and save an award (new or changed) together with who won it.

    An individual award needs at least one member; a team may list its members; a unit honour
    has none. Every member must belong to the award's union or a union below it.
    """
    members = list(members or [])
    if award.winner_kind == Award.Winner.INDIVIDUAL and not members:
        raise ValidationError({"members": _("个人获奖请至少选择一名会员。")})
    if award.winner_kind == Award.Winner.UNIT and members:
        raise ValidationError({"members": _("单位荣誉不选择会员，请填写获奖单位。")})
    if award.winner_kind != Award.Winner.TEAM:
        award.team_name = ""
    if award.winner_kind != Award.Winner.UNIT:
        award.unit_name = ""
    award.full_clean()
    _check_members_in_union(union=award.union, members=members, field="members")
    award.save()
    award.members.set(members)
    return award


@transaction.atomic
def log_suggestion(
    *,
    union: Union,
    title: str,
    collected_on: date,
    member: Member | None = None,
    author_name: str = "",
    campaign: str = "",
    content: str = "",
    by: User | None = None,
) -> Suggestion:
    suggestion = Suggestion(
        union=union,
        title=title,
        collected_on=collected_on,
        member=member,
        author_name="" if member else author_name,
        campaign=campaign,
        content=content,
        recorded_by=by,
    )
    suggestion.full_clean()
    if member:
        _check_members_in_union(union=union, members=[member], field="member")
    suggestion.save()
    return suggestion


def _locked(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


@transaction.atomic
def adopt_suggestion(*, suggestion: Suggestion, on: date, response: str = "") -> Suggestion:
    """Collected → adopted."""
    suggestion = _locked(suggestion)
    if suggestion.status != Suggestion.Status.COLLECTED:
        raise ValidationError(
            _("只有“已征集”的建议可以采纳，这条建议现在是“%(status)s”。")
            % {"status": suggestion.get_status_display()}
        )
    suggestion.status, suggestion.adopted_on = Suggestion.Status.ADOPTED, on
    return _save_step(suggestion, response, "adopted_on")


@transaction.atomic
def reject_suggestion(*, suggestion: Suggestion, on: date, response: str = "") -> Suggestion:
    """Collected → rejected."""
    suggestion = _locked(suggestion)
    if suggestion.status != Suggestion.Status.COLLECTED:
        raise ValidationError(
            _("只有“已征集”的建议可以不予采纳，这条建议现在是“%(status)s”。")
            % {"status": suggestion.get_status_display()}
        )
    suggestion.status, suggestion.rejected_on = Suggestion.Status.REJECTED, on
    return _save_step(suggestion, response, "rejected_on")


@transaction.atomic
def implement_suggestion(*, suggestion: Suggestion, on: date, response: str = "") -> Suggestion:
    """Adopted → implemented; a collected one adopted and implemented the same day (立即采纳改进)."""
    suggestion = _locked(suggestion)
    if suggestion.status not in (Suggestion.Status.COLLECTED, Suggestion.Status.ADOPTED):
        raise ValidationError(
            _("这条建议现在是“%(status)s”，不能登记为已实施。") % {"status": suggestion.get_status_display()}
        )
    if suggestion.adopted_on is None:
        suggestion.adopted_on = on
    suggestion.status, suggestion.implemented_on = Suggestion.Status.IMPLEMENTED, on
    return _save_step(suggestion, response, "implemented_on")


def _save_step(suggestion: Suggestion, response: str, date_field: str) -> Suggestion:
    if response:
        suggestion.response = response
    try:
        suggestion.full_clean()
    except ValidationError as error:
        # The only step field the user typed is the date: show the reason there, in plain words.
        messages = error.message_dict.get(date_field) or error.messages
        raise ValidationError({"on": messages}) from error
    suggestion.save()
    return suggestion


# Visits by the list (走访慰问: several households in one step) ----------------------------------

VISIT_ROW_FIELDS = (
    "member",
    "household",
    "cash",
    "goods",
    "goods_quantity",
    "goods_unit",
    "goods_value",
    "note",
)


def plan_visits(
    *, union: Union, date: date, campaign: str, visitors: str, rows: list[tuple[int, dict]]
) -> list[Visit]:
    """The visits of a list, one per household row ((row number, `VISIT_ROW_FIELDS`)), each checked
    as a single visit is (`Visit.clean`) and none saved; ValidationError naming every bad row."""
    visits, errors = [], []
    for number, row in rows:
        visit = Visit(union=union, date=date, campaign=campaign, visitors=visitors.strip(), **row)
        try:
            visit.full_clean()
        except ValidationError as error:
            errors.append(_("第%(row)d行：%(reason)s") % {"row": number, "reason": "；".join(error.messages)})
        visits.append(visit)
    if not visits:
        errors.append(_("请至少填写一户。"))
    if errors:
        raise ValidationError(errors)
    return visits


@transaction.atomic
def record_visits(**particulars) -> list[Visit]:
    """The visits of a list (`plan_visits`) saved together, or none."""
    visits = plan_visits(**particulars)
    for visit in visits:
        visit.save()
    return visits


# -- check-in by the activity's code --------------------------------------------------------------

CHECKIN_SALT = "activities.checkin"


def checkin_token(activity: Activity) -> str:
    """The signed text of an activity's check-in code: it names the activity and its union, and
    nothing else can be forged into it (django.core.signing with the site's secret key)."""
    return signing.dumps({"a": activity.pk, "u": activity.union_id}, salt=CHECKIN_SALT)


def activity_of_token(token: str) -> Activity:
    """The activity a check-in code names, or ValidationError for a code this site did not sign."""
    try:
        data = signing.loads(token, salt=CHECKIN_SALT)
        activity = Activity.objects.select_related("union").get(pk=int(data["a"]), union_id=int(data["u"]))
    except (signing.BadSignature, Activity.DoesNotExist, KeyError, TypeError, ValueError):
        raise ValidationError(_("签到码无效，请扫描活动现场的签到码。")) from None
    return activity


def checkin_window(activity: Activity) -> tuple[datetime, datetime]:
    """From the start less the union's margin to the end plus it (a whole day when no times are set)."""
    margin = timedelta(minutes=activity.union.checkin_margin_minutes)
    zone = timezone.get_current_timezone()
    opens = datetime.combine(activity.start_date, activity.start_time or time.min, tzinfo=zone)
    closes = datetime.combine(activity.last_date, activity.end_time or time.max, tzinfo=zone)
    return opens - margin, closes + margin


@transaction.atomic
def check_in(*, activity: Activity, member: Member, at: datetime) -> Attendance:
    """A member checks in by scanning the activity's code: once, inside the time window, and only a
    member the activity is for (its union and those below). Otherwise nothing is recorded."""
    opens, closes = checkin_window(activity)
    if at < opens:
        raise ValidationError(
            _("签到尚未开始：可于 %(time)s 起签到。")
            % {"time": timezone.localtime(opens).strftime("%m-%d %H:%M")}
        )
    if at > closes:
        raise ValidationError(_("签到已结束，签到码已失效。如确实参加，请联系工会干事登记。"))
    if not Member.objects.within(activity.union).filter(pk=member.pk, status=Member.Status.ACTIVE).exists():
        raise ValidationError(_("您不在本活动的参加范围内，签到未登记。"))
    attendance = Attendance.objects.select_for_update().filter(activity=activity, member=member).first()
    if attendance is not None and attendance.status == Attendance.Status.PRESENT:
        raise ValidationError(_("您已签到，无需重复签到。"))
    attendance = attendance or Attendance(activity=activity, member=member)
    attendance.status = Attendance.Status.PRESENT
    attendance.checked_in_at = at
    attendance.save()
    return attendance


def open_campaign(*, union: Union, on: date) -> str:
    """The suggestion campaign open on the day: the one the secretary last logged a suggestion in within
    the last 90 days (a campaign lives in the suggestions' `campaign`), or "" when none is going on."""
    latest = (
        Suggestion.objects.filter(union=union, collected_on__gt=on - timedelta(days=90), collected_on__lte=on)
        .exclude(campaign="")
        .order_by("-collected_on", "-pk")
        .values_list("campaign", flat=True)
        .first()
    )
    return latest or ""
