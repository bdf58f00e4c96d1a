"""A union made a 工会小组 or no longer one (or a group moved under another union) recounts its
members owing: its members' dues are now run by another union (finances.models.owing)."""

from django.db import migrations

# finances.models.owing.UNION_TRIGGER as it was written.
UNION_TRIGGER = """
CREATE OR REPLACE FUNCTION finances_unions_recount_owing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN

    PERFORM finances_recount_owing(array_agg(k.union_id), array_agg(k.year))
    FROM (

    SELECT DISTINCT touched.union_id, r.year
    FROM (
            SELECT n.id FROM old_unions o JOIN new_unions n ON n.id = o.id
            WHERE (o.kind = 'group') IS DISTINCT FROM (n.kind = 'group')
               OR (n.kind = 'group' AND o.parent_id IS DISTINCT FROM n.parent_id)) AS touched(union_id)
    JOIN unionhub_union u ON u.id = touched.union_id
    JOIN finances_duesrun r ON r.union_id = CASE WHEN u.kind = 'group' THEN u.parent_id ELSE u.id END

        UNION
        SELECT c.union_id, c.year FROM finances_owingcount c WHERE c.union_id IN (
            SELECT n.id FROM old_unions o JOIN new_unions n ON n.id = o.id
            WHERE (o.kind = 'group') IS DISTINCT FROM (n.kind = 'group')
               OR (n.kind = 'group' AND o.parent_id IS DISTINCT FROM n.parent_id))) AS k HAVING COUNT(*) > 0;

    RETURN NULL;
END
$$;
CREATE TRIGGER finances_unions_changed_recount_owing
AFTER UPDATE ON unionhub_union REFERENCING OLD TABLE AS old_unions NEW TABLE AS new_unions
FOR EACH STATEMENT EXECUTE FUNCTION finances_unions_recount_owing();
"""

DROP = """
DROP TRIGGER IF EXISTS finances_unions_changed_recount_owing ON unionhub_union;
DROP FUNCTION IF EXISTS finances_unions_recount_owing();
"""


class Migration(migrations.Migration):
    dependencies = [("finances", "0024_fund_years"), ("unionhub", "0011_history_by_record")]

    operations = [migrations.RunSQL(UNION_TRIGGER, DROP)]
