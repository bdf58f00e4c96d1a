"""The registers read: the one reader of their year's figures (the annual summary quotes it) and of
their counts on a date (the statistics return quotes those). Everything rolls up over the union's
subtree; every figure is counted in the database, a few queries per register whatever the rows.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from rights.models import (
    CollectiveContract,
    Complaint,
    CongressSession,
    EducationSubsidy,
    InsuranceEnrolment,
    JobService,
    KeptRegister,
    LabourDispute,
    Motion,
    OpenAffairsItem,
    StudyOutput,
)
from unionhub.models import Union

ZERO = Decimal("0.00")
EXAMPLES = 3


def kept_registers(*, union: Union, year: int) -> list[str]:
    """The registers the union or a union below it marked as kept for the year."""
    rows = KeptRegister.objects.within(union).filter(year=year).values_list("register", flat=True)
    return sorted(set(rows))


def register_figures(*, union: Union, year: int, until: date) -> dict:
    """The year's figures of every register, up to `until`, and which registers were kept."""
    return {
        "kept": kept_registers(union=union, year=year),
        "contracts": _contracts(union, year, until),
        "congress": _congress(union, year, until),
        "openness": _openness(union, year, until),
        "disputes": _disputes(union, year, until),
        "complaints": _complaints(union, year, until),
        "jobs": _jobs(union, year, until),
        "study": _study(union, year, until),
        "subsidies": _subsidies(union, year, until),
        "insurance": _insurance(union, year),
    }


def _contracts(union, year, until) -> dict:
    signed = CollectiveContract.objects.within(union).in_year(year, until)
    by_kind = {
        row["kind"]: {"n": row["n"], "renewed": row["renewed"], "workers": row["workers"]}
        for row in signed.values("kind")
        .annotate(n=Count("pk"), renewed=Count("pk", filter=Q(renewal=True)), workers=Sum("workers_covered"))
        .order_by("kind")
    }
    wage = signed.filter(kind=CollectiveContract.Kind.WAGE, wage_figure__isnull=False).order_by(
        "signed_on", "pk"
    )
    return {
        "by_kind": by_kind,
        "signed": sum(k["n"] for k in by_kind.values()),
        "renewed": sum(k["renewed"] for k in by_kind.values()),
        "workers": sum(k["workers"] or 0 for k in by_kind.values()),
        "wage_examples": [
            {"employer": c.employer, "figure": c.wage_figure}
            for c in wage.only("employer", "wage_figure")[:EXAMPLES]
        ],
    }


def _congress(union, year, until) -> dict:
    sessions = CongressSession.objects.within(union).in_year(year, until)
    motions = Motion.objects.within(union).in_year(year, until)
    counts = motions.aggregate(
        raised=Count("pk"),
        accepted=Count("pk", filter=Q(decision=Motion.Decision.ACCEPTED)),
        done=Count("pk", filter=Q(done=True)),
    )
    return {
        "sessions": [
            {"title": s.title, "date": s.date, "representatives": s.representatives, "union": s.union.name}
            for s in sessions.select_related("union").order_by("date", "pk")[:EXAMPLES]
        ],
        "held": sessions.count(),
        **counts,
        "examples": [
            {"subject": m.subject, "action": m.action}
            for m in motions.filter(done=True).exclude(action="").order_by("session__date", "pk")[:EXAMPLES]
        ],
    }


def _openness(union, year, until) -> dict:
    items = OpenAffairsItem.objects.within(union).in_year(year, until)
    return {
        "items": items.count(),
        "channels": [row["channel"] for row in items.values("channel").distinct().order_by("channel")],
        "examples": list(items.order_by("date", "pk").values_list("subject", flat=True)[: EXAMPLES + 1]),
    }


def _disputes(union, year, until) -> dict:
    disputes = LabourDispute.objects.within(union).in_year(year, until)
    counts = disputes.aggregate(
        received=Count("pk"),
        workers=Sum("workers", default=0),
        settled=Count("pk", filter=Q(outcome=LabourDispute.Outcome.SETTLED)),
        recovered=Sum("recovered", default=ZERO),
    )
    subjects = list(disputes.values_list("subject", flat=True).distinct().order_by("subject")[:EXAMPLES])
    return {**counts, "subjects": subjects}


def _complaints(union, year, until) -> dict:
    complaints = Complaint.objects.within(union).in_year(year, until)
    counts = complaints.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_on__isnull=False, answered_on__lte=until)),
    )
    subjects = list(complaints.values_list("subject", flat=True).distinct().order_by("subject")[:EXAMPLES])
    return {**counts, "subjects": subjects}


def _jobs(union, year, until) -> dict:
    services = JobService.objects.within(union).in_year(year, until)
    by_kind = {
        row["kind"]: {"times": row["times"], "people": row["people"]}
        for row in services.values("kind").annotate(times=Count("pk"), people=Sum("people")).order_by("kind")
    }
    destinations = (
        services.filter(kind=JobService.Kind.EXPORT)
        .exclude(destination="")
        .values_list("destination", flat=True)
        .distinct()
        .order_by("destination")
    )
    examples = (
        services.exclude(kind=JobService.Kind.EXPORT).order_by("date", "pk").values_list("title", flat=True)
    )
    return {"by_kind": by_kind, "destinations": list(destinations[:4]), "examples": list(examples[:EXAMPLES])}


def _study(union, year, until) -> dict:
    outputs = StudyOutput.objects.within(union).in_year(year, until)
    counts = outputs.aggregate(
        pieces=Count("pk"),
        words=Sum("words", default=0),
        authors=Count("member", distinct=True)
        + Count("author_name", distinct=True, filter=Q(member__isnull=True)),
    )
    kinds = list(outputs.values_list("kind", flat=True).distinct().order_by("kind"))
    return {**counts, "kinds": kinds}


def _subsidies(union, year, until) -> dict:
    return (
        EducationSubsidy.objects.within(union)
        .in_year(year, until)
        .aggregate(
            people=Count("member", distinct=True), times=Count("pk"), amount=Sum("amount", default=ZERO)
        )
    )


def _insurance(union, year) -> dict:
    enrolments = InsuranceEnrolment.objects.within(union).filter(year=year)
    counts = enrolments.aggregate(
        members=Sum("members_covered", default=0), premium=Sum("premium", default=ZERO), plans=Count("pk")
    )
    plans = list(enrolments.values_list("plan", flat=True).distinct().order_by("plan")[:EXAMPLES])
    return {**counts, "names": plans}


# --- counts on a date, for the statistics return -----------------------------------------------


@dataclass(frozen=True)
class StandingFigures:
    """What the registers say of a union's subtree on a date (contracts in force, the congress's
    representatives at its last session) and over the period before it (disputes, job services)."""

    contracts: dict[str, int]  # CollectiveContract.Kind value -> contracts in force
    contract_workers: int
    representatives: int
    women_representatives: int
    # The unions whose registers show the practice: a contract in force, a congress held by the date,
    # an item made public in the period (the return's "单位数" lines add the profile's tick boxes).
    contract_unions: frozenset[int]
    congress_unions: frozenset[int]
    open_affairs_unions: frozenset[int]
    disputes: int
    placements: int


def standing_figures(*, union: Union, on: date, since: date) -> StandingFigures:
    in_force = CollectiveContract.objects.within(union).in_force(on)
    contracts = {row["kind"]: row["n"] for row in in_force.values("kind").annotate(n=Count("pk")).order_by()}
    # The workers covered: per union the largest coverage of its contracts in force (a comprehensive
    # and a wage contract cover the same workers, who are counted once).
    covered = in_force.values("union").annotate(n=Max("workers_covered")).order_by()
    workers = sum(row["n"] or 0 for row in covered)
    # Representatives: each union's last session on or before the date.
    last = {}
    for s in (
        CongressSession.objects.within(union)
        .filter(date__lte=on)
        .order_by("union", "-date", "-pk")
        .distinct("union")
        .values("union", "representatives", "women_representatives")
    ):
        last[s["union"]] = s
    period = Q(date__gt=since, date__lte=on)
    return StandingFigures(
        contracts=contracts,
        contract_workers=workers,
        representatives=sum(s["representatives"] for s in last.values()),
        women_representatives=sum(s["women_representatives"] for s in last.values()),
        contract_unions=frozenset(row["union"] for row in covered),
        congress_unions=frozenset(last),
        open_affairs_unions=frozenset(
            OpenAffairsItem.objects.within(union).filter(period).values_list("union", flat=True).distinct()
        ),
        disputes=LabourDispute.objects.within(union)
        .filter(received_on__gt=since, received_on__lte=on)
        .count(),
        placements=JobService.objects.within(union).filter(period).aggregate(n=Sum("people", default=0))["n"],
    )
