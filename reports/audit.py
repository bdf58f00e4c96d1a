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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache, cached_property
from itertools import compress
from operator import attrgetter, ne

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
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
)
from unionhub.models import Attachment, Role, Union, User
from unionhub.scope import path_within

ACTIONS = {
    "insert": gettext_lazy("新建"),
    "update": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
    PersonalDataAccess.Kind.VIEW: gettext_lazy("查看个人信息"),
    PersonalDataAccess.Kind.EXPORT: gettext_lazy("导出个人信息"),
}
PERSONAL_DATA = "personal"  # the key of PersonalDataAccess rows in the log
TITLE_FIELDS = ("name", "title", "summary", "donor_name", "event", "beneficiary")  # what names a record
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

    @cached_property
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
    what: str  # the kind of record (会员, 凭证 …), or 个人信息 for a read of personal data
    user: str = ""  # the name of who did it; empty: a command or script
    role: str = ""
    url: str = ""
    title: str = ""
    changes: list[Change] = field(default_factory=list)
    link: tuple[str, int] | None = None  # (label, pk) of the history page of the record


class Names:
    """Labels for the records events point at, fetched in one query per kind of record."""

    def __init__(self):
        self.wanted: dict[type, set] = {}
        self.found: dict[type, dict] = {}  # model -> {pk: label}

    def want(self, model, pk) -> None:
        if pk is not None and model in NAMED:
            self.wanted.setdefault(model, set()).add(pk)

    def want_all(self, model, pks) -> None:
        if model in NAMED:
            wanted = self.wanted.setdefault(model, set())
            wanted.update(pks)
            wanted.discard(None)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            self.found[model] = {
                pk: record.label if model is Union else str(record)
                for pk, record in model._default_manager.in_bulk(pks).items()
            }

    def name(self, model, pk) -> str:
        label = self.found.get(model, {}).get(pk)
        return f"#{pk}" if label is None else label


@dataclass(frozen=True)
class Wording:
    """The words events are told in, each resolved once (the log's workbook tells 50,000 events):
    the active language's labels, and whether the reader sees personal data unmasked."""

    language: str
    personal: bool

    @classmethod
    def for_role(cls, role: Role) -> "Wording":
        return cls(get_language(), sees_personal_data(role))

    def fields(self, trail: Trail) -> tuple["Told", ...]:
        return _told(trail.key, self.language, self.personal)

    def what(self, trail: Trail | None) -> str:
        return (
            _words(self.language)["personal"] if trail is None else _verbose_name(trail.model, self.language)
        )

    def action(self, label: str) -> str:
        return _words(self.language)["actions"].get(label, label)

    def role(self, kind) -> str:
        return _labels_in(self.language).get(kind, "")


@dataclass(frozen=True)
class Told:
    """One shown field of a trail: its label and how its snapshot values read (`read(value, names)`)."""

    label: str
    read: Callable[[object, Names], str]


@cache
def _words(_language: str) -> dict:
    return {
        "personal": _("个人信息"),
        "actions": {action: str(label) for action, label in ACTIONS.items()},
        "yes_no": {True: _("是"), False: _("否")},
        "month": _("%(year)d年%(month)d月"),
        "note": _("说明"),
        "unknown_before": _("记录早于变更记录的启用，改动前的值不详；以下为改动后的值。"),
    }


@cache
def _told(key: str, language: str, personal: bool) -> tuple[Told, ...]:
    """How each shown field of a trail reads, worked out once per language and right to personal data."""
    trail = TRAILS[key]
    return tuple(
        Told(str(trail.labels.get(f.name, f.verbose_name)), _reader(trail, f, language, personal))
        for f in trail.fields()
    )


def _reader(trail: Trail, model_field: models.Field, language: str, personal: bool):
    """A snapshot value of one field as a person reads it: names for the records it points at,
    choices and yes/no in words, months as 2026年12月, masked numbers for roles that see them masked."""
    words = _words(language)
    read = _plain_reader(model_field, words["yes_no"])
    masker = None if personal else trail.masked.get(model_field.name)
    if model_field.name in trail.months:
        month, plain = words["month"], read

        def read(value, names):
            if isinstance(value, date):
                return month % {"year": value.year, "month": value.month}
            return plain(value, names)

    if masker is not None:
        unmasked = read

        def read(value, names):
            return masker(value) if value else unmasked(value, names)

    return read


def _plain_reader(model_field: models.Field, yes_no: dict):
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        return lambda value, names: "—" if value is None or value == "" else names.name(related, value)
    if isinstance(model_field, ArrayField):
        base = {key: str(label) for key, label in model_field.base_field.flatchoices}
        return lambda value, names: (
            "—"
            if value is None or value == ""
            else "、".join(base.get(item, str(item)) for item in value) or "—"
        )
    if model_field.choices:
        labels = {key: str(label) for key, label in model_field.flatchoices}
        return lambda value, names: "—" if value is None or value == "" else str(labels.get(value, value))
    return lambda value, names: show(value, yes_no)


def show(value, yes_no: dict) -> str:
    """A plain snapshot value (no choices, no record pointed at) as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return yes_no[value]
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def describe(trail: Trail, event, previous, *, wording: Wording, names: Names) -> list[Change]:
    """The values an event changed: all of them for a new or deleted record, else the differences."""
    told, values = wording.fields(trail), _values_of(trail.model, trail.hidden)
    news = values(event)
    label = event.pgh_label
    if label == "update" and previous is not None:
        olds = values(previous)
        changed = compress(zip(told, olds, news, strict=True), map(ne, olds, news))  # compared in C
        return [
            Change(part.label, part.read(old, names), part.read(new, names)) for part, old, new in changed
        ]
    shown = [
        (part.label, part.read(new, names))
        for part, new in zip(told, news, strict=True)
        if label == "update" or new not in (None, "", [])
    ]
    if label == "delete":
        return [Change(name, text, None) for name, text in shown]
    changes = [Change(name, None, text) for name, text in shown]
    if label == "update":  # a change to a record older than the trail: the values after it
        words = _words(wording.language)
        changes.insert(0, Change(words["note"], None, words["unknown_before"]))
    return changes


@cache
def _title_fields(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(name for name in TITLE_FIELDS if any(f.name == name for f in model._meta.concrete_fields))


def title_of(trail: Trail, event, names: Names, wording: Wording) -> str:
    """A short name for the record as it was in the event (`张三`, `2026年第12号`)."""
    if trail.model is Role:
        who, where = names.name(User, event.user_id), names.name(Union, event.union_id)
        return f"{who} · {where} · {wording.role(event.kind)}"
    for name in _title_fields(trail.model):
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
def _labels_in(_language: str) -> dict[str, str]:
    """Each role kind's label in a language (asked for every row of the log's workbook)."""
    return {kind: str(label) for kind, label in Role.Kind.choices}


@cache
def _pointers(key: str) -> tuple[tuple[tuple[type, str], ...], tuple[tuple[type, str], ...]]:
    """(model, attribute) of the named records a trail's events point at (their shown records, their
    parent, their member), and of those the versions before them point at (the shown ones)."""
    trail = TRAILS[key]
    shown = tuple((f.related_model, f.attname) for f in trail.foreign_keys() if f.related_model in NAMED)
    more = [(trail.parent_model, f"{trail.parent}_id")] if trail.parent else []
    if any(f.attname == "member_id" for f in trail.history._meta.concrete_fields):
        more.append((Member, "member_id"))
    return (*shown, *more), shown


def entries_for(
    events: list[tuple[Trail, object, object]], accesses: list[PersonalDataAccess], *, role: Role
) -> list[Entry]:
    """Entries for (trail, event, previous event of the same record) and personal-data log lines."""
    names, wording = Names(), Wording.for_role(role)
    contexts = [
        event.pgh_context.metadata if event.pgh_context_id else {} for _trail, event, _before in events
    ]
    names.want_all(User, [metadata.get("user") for metadata in contexts])
    by_trail: dict[str, tuple[list, list]] = {}
    for trail, event, previous in events:
        found = by_trail.setdefault(trail.key, ([], []))
        found[0].append(event)
        if previous is not None:
            found[1].append(previous)
    for key, (found, before) in by_trail.items():
        pointers, pointers_before = _pointers(key)
        for model, attname in pointers:
            names.want_all(model, map(attrgetter(attname), found))
        for model, attname in pointers_before:
            names.want_all(model, map(attrgetter(attname), before))
    for access in accesses:
        names.want(User, access.user_id)
        names.want(Member, access.member_id)
    folded = folded_inserts(events, names)
    names.fetch()
    users = names.found.get(User, {})

    entries = []
    for (trail, event, previous), metadata in zip(events, contexts, strict=True):
        changes = describe(trail, event, previous, wording=wording, names=names)
        if made := folded.get((trail.key, event.pgh_id)):
            changes += made_with(made, wording=wording, names=names)
        entries.append(
            Entry(
                at=event.pgh_created_at,
                action=wording.action(event.pgh_label),
                trail=trail,
                record_id=event.pgh_obj_id,
                what=wording.what(trail),
                user=users.get(metadata.get("user"), ""),
                role=wording.role(metadata.get("role")),
                url=metadata.get("url", ""),
                title=title_of(trail, event, names, wording),
                changes=changes,
                link=link_of(trail, event),
            )
        )
    entries.extend(_accesses(accesses, wording=wording, names=names))
    return entries


def _accesses(accesses: list[PersonalDataAccess], *, wording: Wording, names: Names) -> list[Entry]:
    """The entries of reads and exports of personal data."""
    return [
        Entry(
            at=access.at,
            action=wording.action(access.kind),
            trail=None,
            record_id=access.member_id,
            what=wording.what(None),
            user=names.found.get(User, {}).get(access.user_id, ""),
            role=wording.role(access.role_kind),
            title=names.name(Member, access.member_id) if access.member_id else access.what,
            changes=[
                Change(_("内容"), None, access.what),
                *([Change(_("筛选条件"), None, access.filters)] if access.filters else []),
                Change(_("行数"), None, str(access.row_count)),
                *([Change(_("用途"), None, access.purpose)] if access.purpose else []),
            ],
            link=(Member._meta.label_lower, access.member_id) if access.member_id else None,
        )
        for access in accesses
    ]


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


def made_with(children: list, *, wording: Wording, names: Names) -> list[Change]:
    """What was made with a record, a line per kind (`凭证明细（3条）：会员：张三，所属月份：2026年12月…`)."""
    by_trail: dict[str, list] = {}
    for child, row in children:
        parts = [
            f"{change.label}：{change.new}"
            for change in describe(child, row, None, wording=wording, names=names)
            if change.label != str(child.model._meta.get_field(child.folded).verbose_name)
        ]
        by_trail.setdefault(wording.what(child), []).append("，".join(parts))
    return [
        Change(_("%(what)s（%(count)d条）") % {"what": what, "count": len(lines)}, None, "；".join(lines))
        for what, lines in by_trail.items()
    ]


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
