"""People helped and donors, kept as aid is paid and gifts are given: distinct people per key, by
PostgreSQL in the same transaction (`unionhub.guards.add_to_distinct_counts`).

Whom a federation's aid helped in a year is a count of distinct people over every payment of its tree
(each person once per kind, per fund, per drive and in all); read from the payments it sorts them all
on the first view after any change. Kept here, each payment adds itself to the row of its person under
each key for its union and every union above it (`HelpedPerson`: how often and how much), and the
counts of people per key (`HelpedCount`) move by one when a person's first payment comes or their
last goes; so the summary of a federation reads one union's rows of the year. A drive's gifts are kept
the same way per drive and year (`DriveDonor`, `DriveYear`: donors, gifts, yuan).

Payments and gifts are never changed or deleted (their voucher is reversed instead): a payment or gift
inserted adds itself if its voucher stands; a reversal takes off the payments and gifts of the voucher
it reverses. A union moved in the tree recounts the federations it left and joined. `differences()`
recounts every row from the payments and gifts.
"""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhub import guards
from unionhub.guards import (
    federation_lock,
    federation_lock_of_roots,
    union_moved_trigger,
    written_by_triggers_only,
)
from unionhub.models import Union
from unionhub.scope import ScopedQuerySet, path_ids_sql

# Whom a payment (table alias {p}) helped, as the papers tell it: members (职工), students (学生, whether
# recorded as a member's child at school or as a student), members' children not at school, others.
STUDENT = "({p}.recipient = 'student' OR ({p}.recipient = 'child' AND {p}.schooling <> ''))"
HELPED_AS = f"""CASE WHEN {{p}}.recipient = 'member' THEN 'member' WHEN {STUDENT} THEN 'student'
    WHEN {{p}}.recipient = 'other' THEN 'other' ELSE 'child' END"""

# One person: a member by their id; anyone else by the ID number recorded for them, else by their name
# with the member they were reached through (a child's parent) or else the union that helped them (two
# 张伟 of two unions are two people).
PERSON = """CASE WHEN {p}.recipient = 'member' THEN 'm' || {p}.member_id
    WHEN {p}.id_number <> '' THEN 'i' || {p}.id_number
    WHEN {p}.member_id IS NOT NULL THEN 'm' || {p}.member_id || ':' || btrim({p}.beneficiary)
    ELSE 'u' || {p}.union_id || ':' || btrim({p}.beneficiary) END"""

# A donor: a member by their id (however often they gave), anyone else by the name given.
DONOR = "CASE WHEN {d}.member_id IS NOT NULL THEN 'm' || {d}.member_id ELSE 'n' || {d}.donor_name END"

# The keys a payment counts under ('' and '' for all of them): its kind, fund and drive, a student's
# kind and stage ("kind:stage", stage '' when none was recorded), and a hardship file behind it.
DIMENSIONS = (
    "('', ''), ('kind', p.kind), ('fund', p.fund_id::text), ('drive', p.drive_id::text),"
    f" ('stage', CASE WHEN {STUDENT.format(p='p')} THEN p.kind || ':' || p.schooling END),"
    " ('case', CASE WHEN p.case_id IS NOT NULL THEN '' END)"
)

_STANDS = "NOT EXISTS (SELECT 1 FROM finances_voucher r WHERE r.reverses_id = {row}.voucher_id)"

KEYS = ("union_id", "year", "dimension", "value", "helped_as")
_FIELDS = ("union", "year", "dimension", "value", "helped_as")


def _reach(where: str, sign: str = "1") -> str:
    """Each payment of `where` (alias p) under each of its keys, for its union and every union above
    it, per person: `sign` × how often and how much."""
    return f"""
    SELECT above.id AS union_id, EXTRACT(YEAR FROM p.date)::integer AS year, d.dimension, d.value,
           {HELPED_AS.format(p="p")} AS helped_as, {PERSON.format(p="p")} AS person,
           {sign} * COUNT(*) AS times, {sign} * SUM(p.amount) AS amount
    FROM finances_aidpayment p JOIN unionhub_union u ON u.id = p.union_id
    CROSS JOIN LATERAL unnest({path_ids_sql("u.path")}) AS above(id)
    CROSS JOIN LATERAL (VALUES {DIMENSIONS}) AS d(dimension, value)
    WHERE d.value IS NOT NULL AND {where}
    GROUP BY 1, 2, 3, 4, 5, 6"""  # noqa: S608  # nosec B608 - fixed SQL of ours


# Adds (sign 1: inserted, standing) or takes off (sign -1: their voucher reversed now) some payments.
ADD_HELPED_FUNCTION = guards.add_to_distinct_counts(
    function="finances_add_helped",
    args="payments bigint[], sign integer",
    lock=federation_lock("ARRAY(SELECT union_id FROM finances_aidpayment WHERE id = ANY(payments))"),
    reach=_reach(f"p.id = ANY(payments) AND (sign < 0 OR {_STANDS.format(row='p')})", "sign"),
    people="finances_helpedperson",
    counts="finances_helpedcount",
    keys=KEYS,
)

_EVERY_PERSON = _reach(_STANDS.format(row="p"))
_COUNTS = f"SELECT {', '.join(KEYS)}, COUNT(*) AS people, SUM(times) AS times, SUM(amount) AS amount"
_FEDERATIONS = f"JOIN unionhub_union u ON u.id = h.union_id WHERE ({path_ids_sql('u.path')})[1] = ANY(roots)"

# The federations of the given roots recounted from their payments (a union moved in the tree).
RECOUNT_HELPED_FUNCTION = f"""
CREATE OR REPLACE FUNCTION finances_recount_helped(roots bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    {federation_lock_of_roots("roots")}
    DELETE FROM finances_helpedperson h USING unionhub_union u
    WHERE u.id = h.union_id AND ({path_ids_sql("u.path")})[1] = ANY(roots);
    DELETE FROM finances_helpedcount h USING unionhub_union u
    WHERE u.id = h.union_id AND ({path_ids_sql("u.path")})[1] = ANY(roots);
    INSERT INTO finances_helpedperson ({", ".join(KEYS)}, person, times, amount)
    {_reach(f"{_STANDS.format(row='p')} AND ({path_ids_sql('u.path')})[1] = ANY(roots)")};
    INSERT INTO finances_helpedcount ({", ".join(KEYS)}, people, times, amount)
    {_COUNTS} FROM finances_helpedperson h {_FEDERATIONS} GROUP BY {", ".join(KEYS)};
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours

UNION_MOVED_TRIGGER = union_moved_trigger(
    function="finances_union_moved_helped",
    trigger="finances_union_moved_recounts_helped",
    recount="finances_recount_helped",
)

DRIVE_KEYS = ("drive_id", "year")

_GIFTS = f"""
    SELECT g.drive_id, EXTRACT(YEAR FROM v.date)::integer AS year, {DONOR.format(d="g")} AS person,
           {{sign}} * COUNT(*) AS times, {{sign}} * SUM(g.amount) AS amount
    FROM finances_donation g JOIN finances_voucher v ON v.id = g.voucher_id
    WHERE {{where}}
    GROUP BY 1, 2, 3"""  # noqa: S608  # nosec B608 - fixed SQL of ours

# Adds (sign 1: inserted, standing) or takes off (sign -1: their voucher reversed now) some gifts.
ADD_GIFTS_FUNCTION = guards.add_to_distinct_counts(
    function="finances_add_gifts",
    args="gifts bigint[], sign integer",
    lock="",
    reach=_GIFTS.format(sign="sign", where=f"g.id = ANY(gifts) AND (sign < 0 OR {_STANDS.format(row='g')})"),
    people="finances_drivedonor",
    counts="finances_driveyear",
    keys=DRIVE_KEYS,
)
_EVERY_DONOR = _GIFTS.format(sign="1", where=_STANDS.format(row="g"))

FUNCTIONS = ADD_HELPED_FUNCTION + RECOUNT_HELPED_FUNCTION + ADD_GIFTS_FUNCTION
DROP_FUNCTIONS = (
    "DROP FUNCTION finances_add_helped(bigint[], integer);"
    " DROP FUNCTION finances_recount_helped(bigint[]);"
    " DROP FUNCTION finances_add_gifts(bigint[], integer);"
)

# What the migration fills the tables with from the records so far, and `differences` compares.
_FILL_COUNTS = f"{_COUNTS} FROM finances_helpedperson GROUP BY {', '.join(KEYS)}"  # noqa: S608  # nosec B608
_FILL_DRIVES = (
    "SELECT drive_id, year, COUNT(*), SUM(times), SUM(amount) FROM finances_drivedonor GROUP BY 1, 2"
)
FILL = (
    f"INSERT INTO finances_helpedperson ({', '.join(KEYS)}, person, times, amount) {_EVERY_PERSON};"
    f" INSERT INTO finances_helpedcount ({', '.join(KEYS)}, people, times, amount) {_FILL_COUNTS};"
    f" INSERT INTO finances_drivedonor (drive_id, year, person, times, amount) {_EVERY_DONOR};"
    f" INSERT INTO finances_driveyear (drive_id, year, people, times, amount) {_FILL_DRIVES};"
)


def _rows_inserted_add_themselves(name: str, function: str) -> pgtrigger.Trigger:
    """A statement trigger passing the ids of the rows inserted to `function(ids, 1)`."""
    return pgtrigger.Trigger(
        name=name,
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Insert,
        referencing=pgtrigger.Referencing(new="new_rows"),
        func=f"PERFORM {function}(array_agg(id), 1) FROM new_rows HAVING COUNT(*) > 0; RETURN NULL;",
    )


def payment_trigger() -> pgtrigger.Trigger:
    """Payments inserted add themselves (`AidPayment.Meta.triggers`)."""
    return _rows_inserted_add_themselves("aid_payment_keeps_people_helped", "finances_add_helped")


def gift_trigger() -> pgtrigger.Trigger:
    """Gifts inserted add themselves (`Donation.Meta.triggers`)."""
    return _rows_inserted_add_themselves("donation_keeps_drive_years", "finances_add_gifts")


def reversal_trigger() -> pgtrigger.Trigger:
    """A reversal takes off the payments and gifts of the voucher it reverses (`Voucher.Meta.triggers`)."""
    return pgtrigger.Trigger(
        name="reversal_keeps_people_helped_and_donors",
        level=pgtrigger.Row,
        when=pgtrigger.After,
        operation=pgtrigger.Insert,
        condition=pgtrigger.Condition("NEW.reverses_id IS NOT NULL"),
        func="""
    PERFORM finances_add_helped(array_agg(id), -1) FROM finances_aidpayment
    WHERE voucher_id = NEW.reverses_id HAVING COUNT(*) > 0;
    PERFORM finances_add_gifts(array_agg(id), -1) FROM finances_donation
    WHERE voucher_id = NEW.reverses_id HAVING COUNT(*) > 0;
    RETURN NULL;""",
    )


def differences(using: str = "default") -> list[tuple]:
    """Kept rows that differ from a recount from the payments and gifts. Empty when all agree."""
    keys = ", ".join(KEYS)
    return (
        guards.differences(
            recomputed=_EVERY_PERSON,
            kept=f"SELECT {keys}, person, times, amount FROM finances_helpedperson",  # noqa: S608  # nosec B608
            using=using,
        )
        + guards.differences(
            recomputed=f"{_COUNTS} FROM ({_EVERY_PERSON}) AS h GROUP BY {keys}",
            kept=f"SELECT {keys}, people, times, amount FROM finances_helpedcount",  # noqa: S608  # nosec B608
            using=using,
        )
        + guards.differences(
            recomputed=_EVERY_DONOR,
            kept="SELECT drive_id, year, person, times, amount FROM finances_drivedonor",
            using=using,
        )
        + guards.differences(
            recomputed=f"SELECT drive_id, year, COUNT(*), SUM(times), SUM(amount) FROM ({_EVERY_DONOR}) AS d"  # noqa: S608  # nosec B608
            " GROUP BY drive_id, year",
            kept="SELECT drive_id, year, people, times, amount FROM finances_driveyear",
            using=using,
        )
    )


def _union():
    return models.ForeignKey(
        Union, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("工会")
    )


def _drive():
    return models.ForeignKey(
        "finances.DonationDrive",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("募捐活动"),
    )


class HelpedPerson(models.Model):
    """One person helped by the standing aid of a union and the unions below it in a year, under one
    key (`dimension`: '' for all aid, kind, fund, drive, stage or case; `value` its value): how many
    payments, how many yuan. Written only by the triggers of the payments, vouchers and unions."""

    union = _union()
    year = models.IntegerField(_("年度"))
    dimension = models.CharField(_("维度"), max_length=10, blank=True)
    value = models.CharField(_("取值"), max_length=40, blank=True)
    helped_as = models.CharField(_("受助人类别"), max_length=10)
    person = models.CharField(_("受助人"), max_length=140)
    times = models.IntegerField(_("次数"))
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "finances"
        verbose_name = _("受助人")
        verbose_name_plural = _("受助人")
        constraints = [models.UniqueConstraint(fields=[*_FIELDS, "person"], name="helped_person_key")]
        # The rows just taken down to nothing, which the same statement deletes.
        indexes = [models.Index(fields=["union"], condition=models.Q(times=0), name="helped_person_emptied")]
        triggers = [written_by_triggers_only("helped_person_written_by_aid")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.dimension}:{self.value} {self.person}: {self.times}"


class HelpedCount(models.Model):
    """The people the standing aid of a union and the unions below it helped in a year under one key
    (see `HelpedPerson`), by whom they are: each person once, the payments and the yuan. Written only
    by the triggers of the payments, vouchers and unions."""

    union = _union()
    year = models.IntegerField(_("年度"))
    dimension = models.CharField(_("维度"), max_length=10, blank=True)
    value = models.CharField(_("取值"), max_length=40, blank=True)
    helped_as = models.CharField(_("受助人类别"), max_length=10)
    people = models.IntegerField(_("人数"))
    times = models.IntegerField(_("次数"))
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "finances"
        verbose_name = _("受助人数")
        verbose_name_plural = _("受助人数")
        constraints = [models.UniqueConstraint(fields=list(_FIELDS), name="helped_count_key")]
        indexes = [models.Index(fields=["union"], condition=models.Q(times=0), name="helped_count_emptied")]
        triggers = [written_by_triggers_only("helped_count_written_by_aid")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.year} {self.dimension}:{self.value} {self.helped_as}: {self.people}"


class DriveDonor(models.Model):
    """One donor's standing gifts to a drive in a year: how many, how many yuan. Written only by the
    triggers of the gifts and vouchers."""

    drive = _drive()
    year = models.IntegerField(_("年度"))
    person = models.CharField(_("捐款人"), max_length=110)
    times = models.IntegerField(_("笔数"))
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)

    class Meta:
        app_label = "finances"
        verbose_name = _("捐款人")
        verbose_name_plural = _("捐款人")
        constraints = [models.UniqueConstraint(fields=["drive", "year", "person"], name="drive_donor_key")]
        indexes = [models.Index(fields=["drive"], condition=models.Q(times=0), name="drive_donor_emptied")]
        triggers = [written_by_triggers_only("drive_donor_written_by_gifts")]

    def __str__(self) -> str:
        return f"{self.drive_id} {self.year} {self.person}: {self.times}"


class DriveYear(models.Model):
    """A drive's standing gifts of a year (by their voucher's date): donors (each once), gifts, yuan.
    Written only by the triggers of the gifts and vouchers."""

    drive = _drive()
    year = models.IntegerField(_("年度"))
    people = models.IntegerField(_("捐款人数"))
    times = models.IntegerField(_("捐款笔数"))
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)

    class Meta:
        app_label = "finances"
        verbose_name = _("募捐年度合计")
        verbose_name_plural = _("募捐年度合计")
        constraints = [models.UniqueConstraint(fields=["drive", "year"], name="drive_year_key")]
        indexes = [models.Index(fields=["drive"], condition=models.Q(times=0), name="drive_year_emptied")]
        triggers = [written_by_triggers_only("drive_year_written_by_gifts")]

    def __str__(self) -> str:
        return f"{self.drive_id} {self.year}: {self.amount}"
