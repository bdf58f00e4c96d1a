"""The audit trail, read: who changed what and when, per record and as a log (chair and auditor).

The trail itself is written by PostgreSQL triggers (unionhub.history, django-pghistory): one
snapshot row per insert, change and delete of every tracked model, with the request's user,
role and URL as context. Reading or exporting unmasked personal data is logged separately in
`members.PersonalDataAccess`; the log page shows both.

Reach and rights: a role sees the trail of the records of the unions it reaches (a record's
union read from its snapshot, so a deleted record's history stays in reach), only for the areas
it may read (the auditor does not read hardship files, so it does not read their history
either), and ID and phone numbers stay masked for roles that see them masked on the pages.
"""

from collections import namedtuple
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from operator import attrgetter
from types import SimpleNamespace

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from activities.models import (
    Activity,
    ActivitySeries,
    Attendance,
    Award,
    AwardWinner,
    ChronicleEntry,
    Suggestion,
    Survey,
    Visit,
)
from finances.models import (
    AidPayment,
    Allocation,
    Approval,
    AuditQuery,
    Budget,
    Category,
    Donation,
    DonationDrive,
    DraftVoucher,
    DuesRun,
    FixedAsset,
    Fund,
    MonthClose,
    ReviewSample,
    StatementSignOff,
    Voucher,
    VoucherLine,
    VoucherReview,
    WageBase,
)
from finances.selectors import mask_name
from members.idcard import mask, mask_phone
from members.models import (
    ContactChange,
    HardshipCase,
    HardshipFamilyMember,
    HardshipVerification,
    JoinApplication,
    Member,
    MemberLogin,
    PersonalDataAccess,
)
from reports.models import AnnualSummary, AnnualSummaryVersion, AuditReport, StatisticsReturn
from rights import models as rights
from unionhub.access import (
    ACTIVITIES,
    AUDIT,
    FINANCES,
    HARDSHIP,
    MEMBERS,
    ORGANISATION,
    QUERIES,
    SUMMARY,
    area_view,
    can_read,
    get_in_reach,
    sees_personal_data,
    union_in_reach,
    unions_in_reach,
)
from unionhub.fields import BoundedDateField, UnionChoiceField
from unionhub.models import Attachment, Role, Union, User
from unionhub.pages import page_of
from unionhub.scope import lineage, path_within, subtree
from unionhub.tables import Column, Table, table_output

ACTIONS = {
    "insert": gettext_lazy("新建"),
    "update": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
    PersonalDataAccess.Kind.VIEW: gettext_lazy("查看个人信息"),
    PersonalDataAccess.Kind.EXPORT: gettext_lazy("导出个人信息"),
}
PERSONAL_DATA = "personal"  # the key of PersonalDataAccess rows in the log
DEFAULT_DAYS = 30
MAX_DAYS = 3660


@dataclass(frozen=True)
class Trail:
    """A tracked model: the area its pages belong to, and where its rows hang.

    A row of a top-level record names its union itself (`union`). A row that belongs to another
    record (a voucher's line, an activity's check-in) names that `parent`: it is shown on the
    parent's history page and reaches its union through it — through the parent's own snapshots
    when the parent has been deleted since.
    """

    model: type[models.Model]
    area: str
    parent: str = ""
    masked: dict = field(default_factory=dict)  # field -> function masking it for roles without the right
    hidden: tuple[str, ...] = ()  # fields derived from others: not shown
    labels: dict = field(default_factory=dict)  # field -> label where the model has none in Chinese
    months: tuple[str, ...] = ()  # date fields that name a month (shown 2026年12月)
    # A foreign key: the record's creation is told inside the entry of the record it names, made in
    # the same step (a dues run's 44 voucher lines are one entry of the log: the voucher's).
    folded: str = ""

    @property
    def verbose_name(self) -> str:
        return _verbose_name(self.model, get_language())

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def history(self) -> type[models.Model]:
        return self.model._meta.get_field("history").related_model

    @property
    def parent_model(self) -> type[models.Model] | None:
        return self.model._meta.get_field(self.parent).related_model if self.parent else None

    def union_path(self):
        """An expression on this trail's history rows: the path of the record's union."""
        if self.model is Union:  # a union is its own union: the path in its snapshot
            return F("path")
        if not self.parent:
            return F("union__path")
        parent_history = TRAILS[self.parent_model._meta.label_lower].history
        from_snapshots = parent_history.objects.filter(pgh_obj_id=OuterRef(f"{self.parent}_id"))
        return Coalesce(
            F(f"{self.parent}__union__path"),
            Subquery(from_snapshots.order_by("-pgh_id").values("union__path")[:1]),
        )

    def fields(self) -> tuple[models.Field, ...]:
        return _shown_fields(self.model, self.hidden)

    def foreign_keys(self) -> tuple[models.ForeignKey, ...]:
        """The shown fields that point at other records (whose names an entry tells)."""
        return _foreign_keys(self.model, self.hidden)


@cache
def _foreign_keys(model: type[models.Model], hidden: tuple[str, ...]) -> tuple[models.ForeignKey, ...]:
    return tuple(f for f in _shown_fields(model, hidden) if isinstance(f, models.ForeignKey))


@cache
def _values_of(model: type[models.Model], hidden: tuple[str, ...]):
    """A function reading a snapshot's values of the shown fields, as a tuple (one C call a row)."""
    names = [f.attname for f in _shown_fields(model, hidden)]
    if len(names) == 1:
        return lambda snapshot: (getattr(snapshot, names[0]),)
    return attrgetter(*names)


@cache
def _verbose_name(model: type[models.Model], _language: str) -> str:
    return str(model._meta.verbose_name)


@cache
def _shown_fields(model: type[models.Model], hidden: tuple[str, ...]) -> tuple[models.Field, ...]:
    """The fields a trail shows, worked out once per model: the log's workbook asks for every row."""
    history = model._meta.get_field("history").related_model
    return tuple(
        f
        for f in model._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        and f.name not in hidden
        and hasattr(history, f.attname)
    )


TRAILS = {
    trail.key: trail
    for trail in [
        Trail(
            Member,
            MEMBERS,
            masked={"id_number": mask, "mobile": mask_phone},
            hidden=("name_initials", "name_pinyin"),
        ),
        Trail(MemberLogin, MEMBERS, parent="member"),
        Trail(ContactChange, MEMBERS, parent="member", masked={"mobile": mask_phone}),
        Trail(JoinApplication, MEMBERS, masked={"id_number": mask, "mobile": mask_phone}),
        Trail(HardshipCase, HARDSHIP),
        Trail(HardshipFamilyMember, HARDSHIP, parent="case"),
        Trail(HardshipVerification, HARDSHIP, parent="case"),
        Trail(Activity, ACTIVITIES),
        Trail(ActivitySeries, ACTIVITIES),
        Trail(Attendance, ACTIVITIES, parent="activity"),
        Trail(Award, ACTIVITIES),
        Trail(
            AwardWinner,
            ACTIVITIES,
            parent="award",
            labels={"award": gettext_lazy("获奖"), "member": gettext_lazy("会员")},
        ),
        Trail(Suggestion, ACTIVITIES),
        Trail(ChronicleEntry, ACTIVITIES),
        Trail(Visit, ACTIVITIES),
        Trail(Survey, ACTIVITIES),
        Trail(Fund, FINANCES),
        Trail(Voucher, FINANCES),
        Trail(VoucherLine, FINANCES, parent="voucher", months=("period",), folded="voucher"),
        Trail(Approval, FINANCES, parent="voucher"),
        Trail(DraftVoucher, FINANCES),
        Trail(FixedAsset, FINANCES),
        Trail(MonthClose, FINANCES),
        Trail(WageBase, FINANCES, parent="member"),
        Trail(DuesRun, FINANCES, folded="voucher"),
        Trail(Allocation, FINANCES),
        Trail(DonationDrive, FINANCES),
        Trail(Donation, FINANCES, parent="drive"),
        Trail(AidPayment, FINANCES),
        Trail(Budget, FINANCES),
        # The audit committee's own records: its review, its queries, its report and signature.
        Trail(ReviewSample, AUDIT),
        Trail(VoucherReview, AUDIT, parent="voucher"),
        Trail(AuditQuery, QUERIES),
        Trail(StatementSignOff, AUDIT),
        Trail(AuditReport, AUDIT, hidden=("figures", "sections")),
        Trail(AnnualSummary, SUMMARY, hidden=("figures", "sections")),
        Trail(AnnualSummaryVersion, SUMMARY, parent="summary", hidden=("figures", "sections")),
        Trail(StatisticsReturn, SUMMARY, hidden=("figures",)),
        # The registers of democratic management and rights (the rights app); parties masked as in lists.
        *(
            Trail(model, ACTIVITIES)
            for model in (
                rights.CollectiveContract,
                rights.CongressSession,
                rights.OpenAffairsItem,
                rights.JobService,
                rights.StudyOutput,
                rights.EducationSubsidy,
                rights.InsuranceEnrolment,
                rights.KeptRegister,
            )
        ),
        Trail(rights.Motion, ACTIVITIES, parent="session"),
        Trail(rights.LabourDispute, ACTIVITIES, masked={"applicant": mask_name}),
        Trail(rights.Complaint, ACTIVITIES, masked={"complainant": mask_name}),
        Trail(Union, ORGANISATION),
        Trail(Role, ORGANISATION),
        # Who attached or removed which scan, on which record (the bytes are not in the trail).
        Trail(Attachment, ACTIVITIES, hidden=("file", "thumbnail", "sha256", "content_type", "object_id")),
    ]
}
# Records worth naming when another record points at them (one query per kind on a page).
NAMED = (Union, User, Member, Activity, Award, Fund, Category, Voucher, DonationDrive)


def readable(role: Role) -> list[Trail]:
    return [trail for trail in TRAILS.values() if can_read(role, trail.area)]


def children(trail: Trail, role: Role) -> list[Trail]:
    return [t for t in readable(role) if t.parent and t.parent_model is trail.model]


# What one event says ------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str | None  # None: the field had no value before (a new record)
    new: str | None  # None: the record is gone


@dataclass
class Entry:
    """One line of a history: when, who, what happened to which record, and the changed values."""

    at: datetime
    action: str
    trail: Trail | None
    record_id: int | None
    user: User | None = None
    role: str = ""
    url: str = ""
    title: str = ""
    changes: list[Change] = field(default_factory=list)
    link: tuple[str, int] | None = None  # (label, pk) of the history page of the record

    @property
    def what(self) -> str:
        return _("个人信息") if self.trail is None else self.trail.verbose_name


class Names:
    """Labels for the records events point at, fetched in one query per kind of record."""

    def __init__(self):
        self.wanted: dict[type, set] = {}
        self.found: dict[type, dict] = {}

    def want(self, model, pk) -> None:
        if pk is not None and model in NAMED:
            self.wanted.setdefault(model, set()).add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            self.found[model] = model._default_manager.in_bulk(pks)

    def name(self, model, pk) -> str:
        record = self.found.get(model, {}).get(pk)
        if record is None:
            return f"#{pk}"
        if isinstance(record, Union):
            return record.label
        return str(record)


def show(value, model_field: models.Field, names: Names) -> str:
    """A snapshot value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.ForeignKey):
        return names.name(model_field.related_model, value)
    if isinstance(model_field, ArrayField):
        base = dict(model_field.base_field.flatchoices)
        return "、".join(str(base.get(item, item)) for item in value) or "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def describe(trail: Trail, event, previous, *, role: Role, names: Names) -> list[Change]:
    """The values an event changed: all of them for a new or deleted record, else the differences."""
    changes = []
    personal = sees_personal_data(role)
    labels = _field_labels(trail.key, get_language())
    fields = trail.fields()
    values = _values_of(trail.model, trail.hidden)
    olds = values(previous) if previous is not None else (None,) * len(fields)
    for model_field, new, old in zip(fields, values(event), olds, strict=True):
        if event.pgh_label == "update" and previous is not None and old == new:
            continue
        if event.pgh_label != "update" and new in (None, "", []):
            continue

        def shown(value, model_field=model_field):
            if model_field.name in trail.months and isinstance(value, date):
                return _("%(year)d年%(month)d月") % {"year": value.year, "month": value.month}
            text = show(value, model_field, names)
            masker = trail.masked.get(model_field.name)
            return masker(value) if masker and value and not personal else text

        label = labels[model_field.name]
        if event.pgh_label == "insert":
            changes.append(Change(label, None, shown(new)))
        elif event.pgh_label == "delete":
            changes.append(Change(label, shown(new), None))
        elif previous is None:  # a change to a record older than the trail: the values after it
            changes.append(Change(label, None, shown(new)))
        else:
            changes.append(Change(label, shown(old), shown(new)))
    if event.pgh_label == "update" and previous is None:
        changes.insert(
            0, Change(_("说明"), None, _("记录早于变更记录的启用，改动前的值不详；以下为改动后的值。"))
        )
    return changes


def title_of(trail: Trail, event, names: Names) -> str:
    """A short name for the record as it was in the event (`张三`, `2026年第12号`)."""
    if trail.model is Role:
        who, where = names.name(User, event.user_id), names.name(Union, event.union_id)
        return f"{who} · {where} · {role_label(event.kind)}"
    for name in ("name", "title", "summary", "donor_name", "event", "beneficiary"):
        value = getattr(event, name, None)
        if value:
            return str(value)[:60]
    if getattr(event, "member_id", None):
        return names.name(Member, event.member_id)
    if trail.parent:
        return names.name(trail.parent_model, getattr(event, f"{trail.parent}_id"))
    return f"#{event.pgh_obj_id}"


def link_of(trail: Trail, event) -> tuple[str, int]:
    if trail.parent:
        return trail.parent_model._meta.label_lower, getattr(event, f"{trail.parent}_id")
    return trail.key, event.pgh_obj_id


@cache
def _field_labels(key: str, _language: str) -> dict[str, str]:
    """The labels of a trail's shown fields in a language (describe() is asked for every row)."""
    trail = TRAILS[key]
    return {f.name: str(trail.labels.get(f.name, f.verbose_name)) for f in trail.fields()}


@cache
def _action_labels(_language: str) -> dict[str, str]:
    return {action: str(label) for action, label in ACTIONS.items()}


def role_label(kind) -> str:
    return _role_labels().get(kind, "")


def _role_labels() -> dict[str, str]:
    """Each role kind's label in the active language (asked for every row of the log's workbook)."""
    return _labels_in(get_language())


@cache
def _labels_in(_language: str) -> dict[str, str]:
    return {kind: str(label) for kind, label in Role.Kind.choices}


def entries_for(
    events: list[tuple[Trail, object, object]], accesses: list[PersonalDataAccess], *, role: Role
) -> list[Entry]:
    """Entries for (trail, event, previous event of the same record) and personal-data log lines."""
    names = Names()
    contexts = {}
    for trail, event, previous in events:
        metadata = event.pgh_context.metadata if event.pgh_context_id else {}
        contexts[id(event)] = metadata
        names.want(User, metadata.get("user"))
        for snapshot in (event, previous):
            if snapshot is None:
                continue
            for model_field in trail.foreign_keys():
                names.want(model_field.related_model, getattr(snapshot, model_field.attname))
        if trail.parent:
            names.want(trail.parent_model, getattr(event, f"{trail.parent}_id"))
        if hasattr(event, "member_id"):
            names.want(Member, event.member_id)
    for access in accesses:
        names.want(User, access.user_id)
        names.want(Member, access.member_id)
    folded = folded_inserts(events, names)
    names.fetch()
    actions, roles = _action_labels(get_language()), _role_labels()

    entries = []
    for trail, event, previous in events:
        metadata = contexts[id(event)]
        user_id = metadata.get("user")
        entries.append(
            Entry(
                at=event.pgh_created_at,
                action=actions.get(event.pgh_label, event.pgh_label),
                trail=trail,
                record_id=event.pgh_obj_id,
                user=names.found.get(User, {}).get(user_id),
                role=roles.get(metadata.get("role"), ""),
                url=metadata.get("url", ""),
                title=title_of(trail, event, names),
                changes=describe(trail, event, previous, role=role, names=names)
                + made_with(folded.get((trail.key, event.pgh_id), []), role=role, names=names),
                link=link_of(trail, event),
            )
        )
    for access in accesses:
        entries.append(
            Entry(
                at=access.at,
                action=str(ACTIONS[access.kind]),
                trail=None,
                record_id=access.member_id,
                user=names.found[User].get(access.user_id),
                role=role_label(access.role_kind),
                title=names.name(Member, access.member_id) if access.member_id else access.what,
                changes=[
                    Change(_("内容"), None, access.what),
                    *([Change(_("筛选条件"), None, access.filters)] if access.filters else []),
                    Change(_("行数"), None, str(access.row_count)),
                    *([Change(_("用途"), None, access.purpose)] if access.purpose else []),
                ],
                link=(Member._meta.label_lower, access.member_id) if access.member_id else None,
            )
        )
    return entries


def folded_inserts(events: list[tuple[Trail, object, object]], names: Names) -> dict[tuple[str, int], list]:
    """(trail key, event id) of each creation among `events` -> [(trail, event)] of the records made
    with it whose trail is `folded` into it (one query per such trail); their names are wanted."""
    created = {
        (trail.key, event.pgh_obj_id): event.pgh_id
        for trail, event, _previous in events
        if event.pgh_label == "insert"
    }
    found: dict[tuple[str, int], list] = {}
    for child in TRAILS.values():
        if not child.folded:
            continue
        target = child.model._meta.get_field(child.folded).related_model._meta.label_lower
        pks = [pk for key, pk in created if key == target]
        if not pks:
            continue
        rows = child.history.objects.filter(pgh_label="insert", **{f"{child.folded}_id__in": pks}).order_by(
            "pgh_id"
        )
        for row in rows:
            found.setdefault((target, created[(target, getattr(row, f"{child.folded}_id"))]), []).append(
                (child, row)
            )
            for model_field in child.foreign_keys():
                names.want(model_field.related_model, getattr(row, model_field.attname))
    return found


def made_with(children: list, *, role: Role, names: Names) -> list[Change]:
    """What was made with a record, a line per kind (`凭证明细（3条）：会员：张三，所属月份：2026年12月…`)."""
    by_trail: dict[str, list] = {}
    for child, row in children:
        parts = [
            f"{change.label}：{change.new}"
            for change in describe(child, row, None, role=role, names=names)
            if change.label != str(child.model._meta.get_field(child.folded).verbose_name)
        ]
        by_trail.setdefault(child.verbose_name, []).append("，".join(parts))
    return [
        Change(_("%(what)s（%(count)d条）") % {"what": what, "count": len(lines)}, None, "；".join(lines))
        for what, lines in by_trail.items()
    ]


def with_previous(trail: Trail, pks: list[int]) -> list[tuple[Trail, object, object]]:
    """The events `pks`, each paired with the record's event before it in the same table (two
    queries, each record's versions found by the (pgh_obj, pgh_id) index). The log reads tens of
    thousands: they come as plain snapshots, not model instances."""
    earlier = trail.history.objects.filter(
        pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__lt=OuterRef("pgh_id")
    ).order_by("-pgh_id")
    events = snapshots(
        trail.history.objects.filter(pgh_id__in=pks)
        .annotate(previous_id=Subquery(earlier.values("pgh_id")[:1]), pgh_metadata=F("pgh_context__metadata"))
        .order_by("pgh_id"),
        "previous_id",
        "pgh_metadata",
    )
    # Only a change is told against the version before it (describe()).
    wanted = [event.previous_id for event in events if event.pgh_label == "update" and event.previous_id]
    found = {row.pgh_id: row for row in snapshots(trail.history.objects.filter(pgh_id__in=wanted))}
    return [(trail, event, found.get(event.previous_id)) for event in events]


def snapshots(rows, *extra: str) -> list:
    """History rows as objects with the attributes of the model's instances (values of its fields by
    their attribute names, the context as `pgh_context.metadata`), read as tuples."""
    names = [model_field.attname for model_field in rows.model._meta.concrete_fields]
    snapshot = _snapshot_type(rows.model, extra)
    with_context, context_id = "pgh_metadata" in extra, names.index("pgh_context_id")
    found = []
    for row in rows.values_list(*names, *extra):
        context = SimpleNamespace(metadata=row[-1]) if with_context and row[context_id] is not None else None
        found.append(snapshot._make((*row, context)))
    return found


@cache
def _snapshot_type(model: type[models.Model], extra: tuple[str, ...]) -> type:
    names = [model_field.attname for model_field in model._meta.concrete_fields]
    return namedtuple(f"{model.__name__}Snapshot", [*names, *extra, "pgh_context"])


# The history of one record -------------------------------------------------------------------------


def record_in_reach(request, trail: Trail, pk: int) -> tuple[models.Model | None, bool]:
    """The live record through get_in_reach (404 for another union's); a deleted record is in reach
    when its last snapshot names a union in reach. Returns (record or None, whether it exists)."""
    if trail.model._default_manager.filter(pk=pk).exists():
        if trail.model is Union:
            return union_in_reach(request, pk), True
        return get_in_reach(request, trail.model, pk=pk), True
    in_reach = (
        trail.history.objects.filter(pgh_obj_id=pk)
        .annotate(record_union=trail.union_path())
        .filter(path_within("record_union", request.role.union))
    )
    if not in_reach.exists():
        raise Http404
    return None, False


@area_view(AUDIT)
def audit_record(request, label: str, pk: int):
    trail = TRAILS.get(label)
    if trail is None or trail.parent or not can_read(request.role, trail.area):
        raise Http404
    record, exists = record_in_reach(request, trail, pk)
    events = []
    own = trail.history.objects.filter(pgh_obj_id=pk).select_related("pgh_context").order_by("pgh_id")
    events.extend(paired(trail, own))
    for child in children(trail, request.role):
        rows = child.history.objects.filter(**{f"{child.parent}_id": pk}).select_related("pgh_context")
        events.extend(paired(child, rows.order_by("pgh_id")))
    accesses = []
    if trail.model is Member:
        accesses = list(PersonalDataAccess.objects.filter(member_id=pk).order_by("at"))
    entries = entries_for(events, accesses, role=request.role)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    title = str(record) if record is not None else (entries[-1].title if entries else f"#{pk}")
    return render(
        request,
        "reports/audit_record.html",
        {
            "trail": trail,
            "record": record,
            "exists": exists,
            "title": title,
            "entries": entries,
            "verbose_name": trail.verbose_name,
        },
    )


def paired(trail: Trail, events) -> list[tuple[Trail, object, object]]:
    """Events of records in order, each with the one before it of the same record (no query)."""
    last = {}
    pairs = []
    for event in events:
        pairs.append((trail, event, last.get(event.pgh_obj_id)))
        last[event.pgh_obj_id] = event
    return pairs


# The log ---------------------------------------------------------------------------------------


class LogForm(forms.Form):
    start = BoundedDateField(label=gettext_lazy("从"), widget=forms.DateInput(attrs={"type": "date"}))
    end = BoundedDateField(label=gettext_lazy("到"), widget=forms.DateInput(attrs={"type": "date"}))
    user = forms.ModelChoiceField(
        label=gettext_lazy("操作人"), queryset=User.objects.none(), required=False, empty_label=_("全部")
    )
    union = UnionChoiceField(
        label=gettext_lazy("工会"), queryset=Union.objects.none(), required=False, empty_label=_("全部")
    )

    def __init__(self, *args, unions, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
        self.fields["user"].queryset = users

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError({"end": _("结束日期不能早于开始日期。")})
            if (end - start).days > MAX_DAYS:
                raise ValidationError({"start": _("一次最多查询十年的记录。")})
        return data


def users_around(role: Role):
    """Who may have changed records in reach: officers of the unions in reach and of those above."""
    return (
        User.objects.filter(subtree(role.union, via="roles__union") | lineage(role.union, via="roles__union"))
        .distinct()
        .order_by("username")
    )


def log_rows(*, role: Role, scope: Union, start: date, end: date, user: User | None):
    """(kind, id, time, action, record, user) of every history row and personal-data log line in
    reach and range, newest first: one UNION ALL the database pages through."""
    begin = timezone.make_aware(datetime.combine(start, time.min))
    finish = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    columns = ("e_kind", "e_id", "e_at", "e_action", "e_record", "e_user")
    branches = []
    for trail in readable(role):
        rows = trail.history.objects.filter(pgh_created_at__gte=begin, pgh_created_at__lt=finish)
        rows = rows.alias(record_union=trail.union_path()).filter(path_within("record_union", scope))
        if trail.folded:  # told inside the entry of the record it was made with
            rows = rows.exclude(pgh_label="insert")
        if user is not None:
            rows = rows.filter(pgh_context__metadata__user=user.pk)
        rows = rows.annotate(
            e_kind=Value(trail.key),
            e_id=F("pgh_id"),
            e_at=F("pgh_created_at"),
            e_action=Cast("pgh_label", models.TextField()),
            e_record=Cast("pgh_obj_id", models.BigIntegerField()),
            e_user=Cast(KeyTextTransform("user", "pgh_context__metadata"), models.TextField()),
        )
        branches.append(rows.values_list(*columns))
    reads = PersonalDataAccess.objects.filter(at__gte=begin, at__lt=finish).filter(
        subtree(scope) | subtree(scope, via="member__union")
    )
    if user is not None:
        reads = reads.filter(user=user)
    reads = reads.annotate(
        e_kind=Value(PERSONAL_DATA),
        e_id=F("pk"),
        e_at=F("at"),
        e_action=Cast("kind", models.TextField()),
        e_record=Cast("member_id", models.BigIntegerField()),
        e_user=Cast("user_id", models.TextField()),
    )
    first, *rest = [reads.values_list(*columns), *branches]
    return first.union(*rest, all=True).order_by("-e_at", "-e_id")


def entries_of_page(rows, *, role: Role) -> list[Entry]:
    """The entries of one page of log rows: a few queries per kind of record on the page."""
    by_kind: dict[str, list[int]] = {}
    for kind, pk, *_rest in rows:
        by_kind.setdefault(kind, []).append(pk)
    events = []
    for kind, pks in by_kind.items():
        if kind == PERSONAL_DATA:
            continue
        events.extend(with_previous(TRAILS[kind], pks))
    accesses = list(PersonalDataAccess.objects.filter(pk__in=by_kind.get(PERSONAL_DATA, [])))
    order = {(kind, pk): n for n, (kind, pk, *_rest) in enumerate(rows)}
    entries = entries_for(events, accesses, role=role)
    keys = [(trail.key, event.pgh_id) for trail, event, _previous in events]
    keys += [(PERSONAL_DATA, access.pk) for access in accesses]
    return [entry for _key, entry in sorted(zip(keys, entries, strict=True), key=lambda pair: order[pair[0]])]


def all_entries(rows, *, role: Role, batch: int = 500):
    """Every entry of the log's rows, a batch at a time (for the xlsx and the print)."""
    pending = []
    for row in rows.iterator(chunk_size=batch) if hasattr(rows, "iterator") else rows:
        pending.append(row)
        if len(pending) == batch:
            yield from entries_of_page(pending, role=role)
            pending = []
    if pending:
        yield from entries_of_page(pending, role=role)


def _changes(entry: Entry) -> str:
    parts = []
    for change in entry.changes:
        if change.old is None:
            parts.append(f"{change.label}：{change.new}")
        elif change.new is None:
            parts.append(f"{change.label}：{change.old}（删除）")
        else:
            parts.append(f"{change.label}：{change.old} → {change.new}")
    return "；".join(parts)


AUDIT_TABLE = Table(
    title=gettext_lazy("操作日志"),
    columns=(
        Column(gettext_lazy("时间"), "at", width=17),
        Column(gettext_lazy("操作人"), "user", width=10),
        Column(gettext_lazy("职务"), "role", width=10),
        Column(gettext_lazy("操作"), "action", width=8),
        Column(gettext_lazy("记录"), lambda entry: f"{entry.what} {entry.title}".strip(), width=26),
        Column(gettext_lazy("变更内容"), _changes, width=60),
    ),
    landscape=True,
)


@area_view(AUDIT)
def audit_log(request):
    role = request.role
    today = timezone.localdate()
    unions = unions_in_reach(request)
    data = request.GET.copy()
    data.setdefault("start", (today - timedelta(days=DEFAULT_DAYS)).isoformat())
    data.setdefault("end", today.isoformat())
    form = LogForm(data, unions=unions, users=users_around(role))
    page = None
    if form.is_valid():
        rows = log_rows(
            role=role,
            scope=form.cleaned_data["union"] or role.union,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            user=form.cleaned_data["user"],
        )
        log_table = replace(AUDIT_TABLE, title=_("操作日志（%(start)s 至 %(end)s）") % form.cleaned_data)
        if output := table_output(request, log_table, all_entries(rows, role=role)):
            return output
        page = page_of(request, rows)
        page.object_list = entries_of_page(list(page.object_list), role=role)
    return render(request, "reports/audit_log.html", {"form": form, "page": page})
