"""Refusals PostgreSQL keeps where the app must still write the table: the conditional guards.

An append-only table is a `pgtrigger.Protect` with no condition, and the app role loses UPDATE and
DELETE on it (unionhub.dbroles). Some tables the app writes, but only in one way: these two pieces
declare that way beside the model, and PostgreSQL refuses every other, whoever asks (only the owner
may skip a trigger, with `pgtrigger.ignore`).

- `written_by_triggers_only`: rows only another trigger writes (the ledger totals, the audit
  trail): a statement sent straight to the table is refused. A trigger's WHEN sees
  `pg_trigger_depth()` 0 for a statement of a session and 1 or more inside another trigger.
- `Refuse`: a Protect whose condition needs to read other tables (is the fund in use? was the
  month's reopening logged?), which a trigger's WHEN clause may not.

Both raise "pgtrigger: Cannot …", as Protect does (tests/refused.py).
"""

import pgtrigger
from django.db import connections

from unionhub.scope import path_ids_sql

FROM_A_STATEMENT = pgtrigger.Condition("pg_trigger_depth() < 1")


def written_by_triggers_only(name: str, operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete):
    """Refuse `operation` unless another trigger does it."""
    return pgtrigger.Protect(name=name, operation=operation, condition=FROM_A_STATEMENT)


# The advisory lock of the counts kept per federation (participation, turnout, the roll, members owing):
# every recount of a federation's counts takes it first, so concurrent writers of one federation take
# turns there and each recounts from the other's committed rows.
FEDERATION_LOCK = 2601


def federation_lock(unions: str) -> str:
    """A trigger function's statement taking, in order, the lock of the federation of each union in the
    bigint[] `unions`."""
    return f"""PERFORM pg_advisory_xact_lock({FEDERATION_LOCK}, root)
    FROM (
        SELECT DISTINCT ({path_ids_sql("u.path")})[1]::integer AS root
        FROM unionhub_union u WHERE u.id = ANY({unions}) ORDER BY 1
    ) AS roots;"""  # noqa: S608  # nosec B608 - fixed SQL of ours


def federation_lock_of_roots(roots: str) -> str:
    """A recount function's statement taking, in order, the lock of each federation whose root's id is
    in the bigint[] `roots`."""
    return f"""PERFORM pg_advisory_xact_lock({FEDERATION_LOCK}, root)
    FROM (SELECT DISTINCT unnest({roots})::integer AS root ORDER BY 1) AS roots_in_order;"""


def lock_federations(roots: list[int], using: str = "default") -> None:
    """Take, in order, the lock of each federation whose root's id is in `roots`, in the current
    transaction: what `federation_lock` takes in the triggers, taken ahead by a move (unionhub.services)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, root)"
            " FROM (SELECT DISTINCT unnest(%s::integer[]) AS root ORDER BY 1) AS roots_in_order",
            [FEDERATION_LOCK, sorted(set(roots))],
        )


def union_moved_trigger(*, function: str, trigger: str, recount: str) -> str:
    """The SQL of a statement trigger on the unions calling `recount(roots bigint[])` with the roots of
    the federations a moved union left and joined (a new union's first path, from '', is no move),
    for the figures kept per subtree."""
    moved = "FROM old_unions o JOIN new_unions n ON n.id = o.id WHERE o.path <> n.path AND o.path <> ''"
    return f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {recount}(array_agg(DISTINCT root))
    FROM (
        SELECT ({path_ids_sql("o.path")})[1] AS root
        {moved}
        UNION
        SELECT ({path_ids_sql("n.path")})[1]
        {moved}
    ) AS moved
    HAVING COUNT(*) > 0;
    RETURN NULL;
END
$$;
CREATE TRIGGER {trigger}
AFTER UPDATE ON unionhub_union REFERENCING OLD TABLE AS old_unions NEW TABLE AS new_unions
FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""  # noqa: S608  # nosec B608 - fixed SQL of ours (the path expression from unionhub.scope)


def add_to_distinct_counts(
    *, function: str, args: str, lock: str, reach: str, people: str, counts: str, keys: tuple[str, ...]
) -> str:
    """The SQL creating `function(args)`, which adds the signed rows of `reach` (a SELECT of `keys`,
    person, times and amount) to two kept tables: `people`, one row per key and person (how often
    and how much), and `counts`, per key the people, times and amount. A person's first time under a
    key adds one to its people, their last taken off takes one off; rows down to nothing go. Distinct
    people kept so, a count of a federation's year is one row, not a count over its records. `lock`:
    a statement taken first (a federation's lock, when the keys are shared by its unions)."""
    columns = ", ".join(keys)
    return f"""
CREATE OR REPLACE FUNCTION {function}({args}) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    {lock}
    WITH reach AS ({reach}),
    added AS (
        INSERT INTO {people} AS kept ({columns}, person, times, amount)
        SELECT {columns}, person, times, amount FROM reach ORDER BY {columns}, person
        ON CONFLICT ({columns}, person) DO UPDATE
        SET times = kept.times + EXCLUDED.times, amount = kept.amount + EXCLUDED.amount
        RETURNING {columns}, person, times AS now
    )
    INSERT INTO {counts} AS kept ({columns}, people, times, amount)
    SELECT {", ".join(f"r.{key}" for key in keys)},
           COUNT(*) FILTER (WHERE a.now = r.times) - COUNT(*) FILTER (WHERE a.now = 0),
           SUM(r.times), SUM(r.amount)
    FROM reach r JOIN added a USING ({columns}, person)
    GROUP BY {", ".join(f"r.{key}" for key in keys)} ORDER BY {", ".join(f"r.{key}" for key in keys)}
    ON CONFLICT ({columns}) DO UPDATE SET people = kept.people + EXCLUDED.people,
        times = kept.times + EXCLUDED.times, amount = kept.amount + EXCLUDED.amount;
    DELETE FROM {people} WHERE times = 0;
    DELETE FROM {counts} WHERE times = 0;
END
$$;
"""  # noqa: S608  # nosec B608 - fixed SQL of ours


def differences(*, recomputed: str, kept: str, using: str = "default") -> list[tuple]:
    """The rows of a table `written_by_triggers_only` (`kept`: a SELECT of its columns) that differ
    from the same rows recomputed from the records the triggers keep it from (`recomputed`: a SELECT
    of the same columns), either side's version of each. Empty when all agree."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"""WITH recomputed AS ({recomputed}), kept AS ({kept})
            (SELECT * FROM kept EXCEPT SELECT * FROM recomputed)
            UNION ALL
            (SELECT * FROM recomputed EXCEPT SELECT * FROM kept)"""  # noqa: S608  # nosec B608 - our own SQL
        )
        return cursor.fetchall()


class Refuse(pgtrigger.Trigger):
    """Refuse the row's `operation` when the SQL expression `refused_if` holds (it may read OLD, NEW
    and other tables). `condition` (a WHEN clause) spares the query when it cannot apply."""

    when = pgtrigger.Before

    def __init__(self, *, refused_if: str, because: str, **kwargs):
        self.refused_if = refused_if
        self.because = because
        super().__init__(**kwargs)

    def get_func(self, model):
        because = self.because.replace("'", "''")
        return f"""
            IF {self.refused_if} THEN
                RAISE EXCEPTION 'pgtrigger: Cannot % rows of % table: {because}', lower(TG_OP), TG_TABLE_NAME;
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        """
