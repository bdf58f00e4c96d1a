"""The log of the audit trail: every change and read of personal data in reach, newest first, as a
page, a workbook and a print (chair and auditor).

The page reads a page of the log's rows and tells them; the workbook tells a busy month (50,000
changes) in a few seconds: the rows come in batches of thousands, each kind of record's events of
a batch in one query with the version before each change, as plain tuples, and every label is
worked out once (reports.audit.Wording).
"""

from collections import namedtuple
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import cache, partial
from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import F, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import PersonalDataAccess
from reports.audit import PERSONAL_DATA, TRAILS, Entry, Trail, entries_for, readable
from unionhub.access import AUDIT, area_view, unions_in_reach
from unionhub.fields import BoundedDateField, UnionChoiceField
from unionhub.models import Role, Union, User
from unionhub.pages import page_of
from unionhub.scope import lineage, path_within, subtree
from unionhub.tables import Column, Table, table_output

DEFAULT_DAYS = 30
MAX_DAYS = 3660
BATCH = 5000  # log rows told at a time by the workbook and the print
PRINT_LIMIT = 2000  # entries on paper (some 100 pages); a longer log goes to the workbook


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
    """The entries of a page (or batch) of log rows: a few queries per kind of record in it."""
    by_kind: dict[str, list[int]] = {}
    for kind, pk, *_rest in rows:
        by_kind.setdefault(kind, []).append(pk)
    events = []
    for kind, pks in by_kind.items():
        if kind != PERSONAL_DATA:
            events.extend(with_previous(TRAILS[kind], pks))
    accesses = list(PersonalDataAccess.objects.filter(pk__in=by_kind.get(PERSONAL_DATA, [])))
    entries = entries_for(events, accesses, role=role)
    keys = [(trail.key, event.pgh_id) for trail, event, _previous in events]
    keys += [(PERSONAL_DATA, access.pk) for access in accesses]
    told = dict(zip(keys, entries, strict=True))
    return [told[kind, pk] for kind, pk, *_rest in rows]


def all_entries(rows, *, role: Role, batch: int = BATCH):
    """Every entry of the log's rows, a batch at a time (for the xlsx and the print)."""
    pending = []
    for row in rows.iterator(chunk_size=batch) if hasattr(rows, "iterator") else rows:
        pending.append(row)
        if len(pending) == batch:
            yield from entries_of_page(pending, role=role)
            pending = []
    if pending:
        yield from entries_of_page(pending, role=role)


def with_previous(trail: Trail, pks: list[int]) -> list[tuple[Trail, object, object]]:
    """The events `pks`, each change paired with the record's version before it (None for others):
    one query, the version before found by the (pgh_obj, pgh_id) index. The log reads tens of
    thousands: they come as plain snapshots (named tuples of the history's attribute names, the
    context as `pgh_context.metadata`), not model instances, the version before with the shown
    fields only."""
    event, previous = _snapshot_types(trail.key)
    database = router.db_for_read(trail.history)
    with connections[database].cursor() as cursor:
        cursor.execute(_with_previous_sql(trail.key), [min(pks), max(pks), pks])
        rows = cursor.fetchall()
    convert = [
        (n, partial(f.from_db_value, expression=None, connection=connections[database]))
        for n, f in _converting(trail.key)
    ]
    count, context_id = len(event._fields) - 1, event._fields.index("pgh_context_id")
    pairs = []
    for row in rows:
        row = list(row)
        for n, conversion in convert:
            row[n] = conversion(row[n])
        context = SimpleNamespace(metadata=row[count]) if row[context_id] is not None else None
        before = previous._make(row[count + 2 :]) if row[count + 1] is not None else None
        pairs.append((trail, event._make((*row[:count], context)), before))
    return pairs


def _read_fields(key: str) -> tuple[list[models.Field], list[models.Field]]:
    """The history's fields an event is read with (all but those never told: the trail's hidden
    ones, a summary's figures, and the record's own time stamps) and those of the version before it
    (the shown ones)."""
    trail = TRAILS[key]
    history = trail.history._meta
    told = [f for f in history.concrete_fields if f.name.startswith("pgh_") or not _never_told(f, trail)]
    return (
        told,
        [history.get_field(f.name) for f in trail.fields()],
    )


def _never_told(model_field: models.Field, trail: Trail) -> bool:
    stamp = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    return stamp or model_field.name in trail.hidden


@cache
def _snapshot_types(key: str) -> tuple[type, type]:
    events, before = _read_fields(key)
    name = TRAILS[key].history.__name__
    return (
        namedtuple(name, [*(f.attname for f in events), "pgh_context"]),
        namedtuple(f"{name}Before", [f.attname for f in before]),
    )


@cache
def _converting(key: str) -> tuple[tuple[int, models.Field], ...]:
    """(position, field) of the columns of _with_previous_sql() whose field converts what the
    database gives (JSON: the context's metadata among them)."""
    events, before = _read_fields(key)
    context = TRAILS[key].history._meta.get_field("pgh_context").related_model._meta.get_field("metadata")
    fields = [*events, context, None, *before]
    return tuple((n, f) for n, f in enumerate(fields) if hasattr(f, "from_db_value"))


@cache
def _with_previous_sql(key: str) -> str:
    """Events by id, each with its context's metadata, then whether there is a version before it
    (its pgh_id) and that version's shown values."""
    events, before = _read_fields(key)
    history = TRAILS[key].history._meta
    context = history.get_field("pgh_context").related_model._meta
    quote = connections["default"].ops.quote_name
    table = quote(history.db_table)
    previous = ", ".join(quote(column) for column in ["pgh_id", *(f.column for f in before)])
    return (
        f"SELECT {', '.join(f'e.{quote(f.column)}' for f in events)}, "  # noqa: S608  # nosec B608 - our names
        f"c.{quote(context.get_field('metadata').column)}, p.* FROM {table} e "
        f"LEFT JOIN {quote(context.db_table)} c ON c.{quote(context.pk.column)} = e.pgh_context_id "
        f"LEFT JOIN LATERAL (SELECT {previous} FROM {table} h "
        "WHERE e.pgh_label = 'update' AND h.pgh_obj_id = e.pgh_obj_id AND h.pgh_id < e.pgh_id "
        "ORDER BY h.pgh_id DESC LIMIT 1) p ON true "
        # The range lets the primary key's index find a batch's events (they are close in time).
        "WHERE e.pgh_id BETWEEN %s AND %s AND e.pgh_id = ANY(%s)"
    )


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
    print_limit=PRINT_LIMIT,
)


@area_view(AUDIT)
def log_page(request):
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
