"""The statistics return (工会统计年报, 基层工会调查表) filled from the records.

Each line is counted over the union's subtree on the time point (`as_of`), or over the year up to it
for activity lines, through the apps' selectors — so a union above gets the sum of its tree, every
union counted once however deep, and a base union its own. Lines the records cannot know are typed
(`StatisticsReturn.typed`, with who and when); a union above that typed none gets the sum of what the
unions below typed (a union that typed a line stands for its own subtree in it).

The line keys are stable: the command's csv, the xlsx and the change check after signing read them.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Suggestion
from members import selectors as member_selectors
from members.models import HardshipCase, Member, one_year_before
from reports.documents.changes import records_changed
from reports.models import StatisticsReturn
from rights import selectors as register_selectors
from unionhub.models import Union
from unionhub.tables import Column, Table

SCHEMA = 1
COMPETITION_KINDS = ("competition", "safety", "quiz")


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    typed: bool = False  # entered by the union, not counted from the records


LINES = (
    Line("base_unions", _("基层工会组织数")),
    Line("unions_below", _("下级工会数")),
    Line("workers", _("职工人数"), typed=True),
    Line("women_workers", _("其中：女职工人数"), typed=True),
    Line("members", _("会员人数")),
    Line("women_members", _("女会员人数")),
    Line("migrant_members", _("农民工会员人数")),
    Line("new_members", _("本期新发展会员人数")),
    Line("full_time_officers", _("专职工会工作人员"), typed=True),
    Line("part_time_officers", _("兼职工会工作人员"), typed=True),
    Line("congress_units", _("建立职代会制度的单位数")),
    Line("representatives", _("职代会职工代表人数")),
    Line("women_representatives", _("其中：女职工代表人数")),
    Line("open_affairs_units", _("实行厂务公开的单位数")),
    Line("women_committees", _("建立女职工委员会的单位数")),
    Line("audit_committees", _("建立经费审查委员会的单位数")),
    Line("mediation_committees", _("建立劳动争议调解委员会的单位数"), typed=True),
    Line("contract_units", _("签订集体合同的单位数")),
    Line("contracts_comprehensive", _("综合性集体合同份数")),
    Line("contracts_wage", _("工资专项集体合同份数")),
    Line("contracts_women", _("女职工权益保护专项集体合同份数")),
    Line("contract_workers", _("集体合同覆盖职工人数")),
    Line("competitions", _("开展劳动竞赛项数")),
    Line("suggestions", _("征集合理化建议件数")),
    Line("disputes", _("受理劳动争议件数")),
    Line("placements", _("就业服务人次")),
    Line("hardship_households", _("在档困难职工户数")),
)
BY_KEY = {line.key: line for line in LINES}
TYPED = tuple(line.key for line in LINES if line.typed)


def period_start(as_of: date) -> date:
    """The day before the period an activity line counts: the same day a year before the time point."""
    return one_year_before(as_of)


def counted(*, union: Union, as_of: date) -> dict[str, int]:
    """The lines the records give, over the union's subtree."""
    since = period_start(as_of)
    unions = Union.objects.within(union).filter(Q(founded__isnull=True) | Q(founded__lte=as_of)).open(as_of)
    organisations = unions.exclude(kind=Union.Kind.GROUP)
    membership = member_selectors.membership_on(union=union, on=as_of)
    standing = register_selectors.standing_figures(union=union, on=as_of, since=since)
    period = Q(start_date__gt=since, start_date__lte=as_of)
    return {
        "base_unions": organisations.filter(
            kind__in=[Union.Kind.BASE, Union.Kind.JOINT, Union.Kind.VILLAGE]
        ).count(),
        "unions_below": organisations.exclude(pk=union.pk).count(),
        "members": membership["members"],
        "women_members": membership["women"],
        "migrant_members": membership["migrant_workers"],
        "new_members": member_selectors.joined_between(union=union, after=since, until=as_of),
        "congress_units": organisations.filter(
            Q(has_congress=True) | Q(pk__in=standing.congress_unions)
        ).count(),
        "representatives": standing.representatives,
        "women_representatives": standing.women_representatives,
        "open_affairs_units": organisations.filter(
            Q(has_open_affairs=True) | Q(pk__in=standing.open_affairs_unions)
        ).count(),
        "women_committees": organisations.filter(has_women_committee=True).count(),
        "audit_committees": organisations.filter(has_audit_committee=True).count(),
        "contract_units": organisations.filter(
            Q(has_collective_contract=True) | Q(pk__in=standing.contract_unions)
        ).count(),
        "contracts_comprehensive": standing.contracts.get("comprehensive", 0),
        "contracts_wage": standing.contracts.get("wage", 0),
        "contracts_women": standing.contracts.get("women", 0),
        "contract_workers": standing.contract_workers,
        "competitions": Activity.objects.within(union).filter(period, kind__in=COMPETITION_KINDS).count(),
        "suggestions": Suggestion.objects.within(union)
        .filter(collected_on__gt=since, collected_on__lte=as_of)
        .count(),
        "disputes": standing.disputes,
        "placements": standing.placements,
        "hardship_households": HardshipCase.objects.within(union).on_file(as_of).count(),
    }


def typed_values(*, union: Union, as_of: date) -> dict[str, int | None]:
    """The typed lines: the union's own where it typed them, else the sum of the unions below
    (each union's own typed value standing for its subtree), None where nobody typed."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Union.objects.within(union).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    typed = dict(StatisticsReturn.objects.within(union).filter(as_of=as_of).values_list("union_id", "typed"))

    def value(pk: int, key: str) -> int | None:
        own = (typed.get(pk) or {}).get(key)
        if own is not None:
            return own["value"]
        below = [v for c in children.get(pk, []) if (v := value(c, key)) is not None]
        return sum(below) if below else None

    return {key: value(union.pk, key) for key in TYPED}


@dataclass(frozen=True)
class Filled:
    """A return as drawn: its record, the counted and typed lines, and whether the records have
    changed since the chair signed it."""

    record: StatisticsReturn
    values: dict[str, int | None]
    changed: bool

    def rows(self) -> list[dict]:
        own = self.record.typed or {}
        return [
            {
                "key": line.key,
                "label": str(line.label),
                "value": self.values.get(line.key),
                "typed": line.typed,
                "typed_by": (own.get(line.key) or {}).get("by", ""),
                "typed_at": (own.get(line.key) or {}).get("at", ""),
            }
            for line in LINES
        ]


def fill(*, union: Union, as_of: date) -> Filled:
    record = StatisticsReturn.objects.filter(union=union, as_of=as_of).first() or StatisticsReturn(
        union=union, as_of=as_of
    )
    now = {"schema": SCHEMA, **counted(union=union, as_of=as_of), **typed_values(union=union, as_of=as_of)}
    if record.is_signed:
        return Filled(record, record.figures, records_changed(record.figures, now))
    return Filled(record, now, False)


@transaction.atomic
def type_lines(*, union: Union, as_of: date, values: dict[str, int | None], by) -> StatisticsReturn:
    """Keep the typed lines that changed, each with who typed it and when; an emptied line is dropped
    (the sum of the unions below shows again), and a sum from below sent back unchanged stays a sum."""
    record, _created = StatisticsReturn.objects.select_for_update().get_or_create(union=union, as_of=as_of)
    if record.is_signed:
        raise ValueError("a signed return is not changed")
    shown = typed_values(union=union, as_of=as_of)
    typed = dict(record.typed or {})
    for key, value in values.items():
        if key not in TYPED or (key not in typed and value == shown[key]):
            continue
        if value is None:
            typed.pop(key, None)
        elif (typed.get(key) or {}).get("value") != value:
            typed[key] = {"value": value, "by": by.name or by.username, "at": timezone.now().isoformat()}
    record.typed = typed
    record.save(update_fields=["typed", "updated_at"])
    return record


@transaction.atomic
def sign(*, union: Union, as_of: date, by) -> StatisticsReturn:
    """The chair signs: the lines are stored as they stand, and the return is frozen."""
    filled = fill(union=union, as_of=as_of)
    record = filled.record
    if record.is_signed:
        return record
    record.figures = filled.values
    record.status = StatisticsReturn.Status.SIGNED
    record.signed_by = by
    record.signed_at = timezone.now()
    record.save()
    return record


TABLE = Table(
    title=_("基层工会调查表"),
    name="statistics-return",
    columns=(
        Column(_("项目"), "label", width=36),
        Column(_("数值"), "value", width=12),
        Column(_("来源"), lambda row: _("填报") if row["typed"] else _("记录统计"), width=10),
    ),
    signatures=(_("单位负责人（签字）"), _("填报日期")),
)


def csv_rows(filled: Filled) -> list[tuple[str, object]]:
    return [(row["label"], "" if row["value"] is None else row["value"]) for row in filled.rows()]


def member_links(*, union: Union) -> dict[str, str]:
    """Where the counted lines lead (the records behind them)."""
    from django.urls import reverse

    members = reverse("members:member_list")
    registers = {
        "representatives": "congress",
        "women_representatives": "congress",
        "contracts_comprehensive": "contract",
        "contracts_wage": "contract",
        "contracts_women": "contract",
        "contract_workers": "contract",
        "disputes": "dispute",
        "placements": "job",
    }
    links = {
        "members": f"{members}?union={union.pk}",
        "women_members": f"{members}?union={union.pk}&sex={Member.Sex.FEMALE}",
        "migrant_members": f"{members}?union={union.pk}&employment_type={Member.EmploymentType.MIGRANT}",
        "competitions": f"{reverse('activities:activity_list')}?union={union.pk}",
        "suggestions": f"{reverse('activities:suggestion_list')}?union={union.pk}",
        "hardship_households": f"{reverse('members:hardship_list')}?union={union.pk}",
    }
    for key, slug in registers.items():
        links[key] = f"{reverse('rights:list', kwargs={'register': slug})}?union={union.pk}"
    return links
