"""Check-ins stamped apart from the rest of union life (part "attendance"), so a check-in computes
afresh only who took part (reports.figures' "participation" section), not the activities, awards and
chronicle. The stamps counted so far stay under "activities": figures stored before lack the new part,
so they are computed again once."""

from django.db import migrations

ATTENDANCE = """
CREATE OR REPLACE FUNCTION reports_stamp_activities_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'attendance', 1 FROM (
            SELECT a.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM new_rows r JOIN activities_activity a ON a.id = r.activity_id
            UNION ALL
            SELECT m.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM new_rows r JOIN activities_activity a ON a.id = r.activity_id
            JOIN members_member m ON m.id = r.member_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'attendance', 1 FROM (
            SELECT a.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM old_rows r JOIN activities_activity a ON a.id = r.activity_id
            UNION ALL
            SELECT m.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM old_rows r JOIN activities_activity a ON a.id = r.activity_id
            JOIN members_member m ON m.id = r.member_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'attendance', 1 FROM (
            SELECT a.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
            JOIN activities_activity a ON a.id = r.activity_id
            UNION ALL
            SELECT m.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
            JOIN activities_activity a ON a.id = r.activity_id
            JOIN members_member m ON m.id = r.member_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;
"""

# 0011's function, for going back.
ACTIVITIES = """
CREATE OR REPLACE FUNCTION reports_stamp_activities_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'activities', 1 FROM (
            SELECT a.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM new_rows r JOIN activities_activity a ON a.id = r.activity_id
            UNION ALL
            SELECT m.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM new_rows r JOIN activities_activity a ON a.id = r.activity_id
            JOIN members_member m ON m.id = r.member_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'activities', 1 FROM (
            SELECT a.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM old_rows r JOIN activities_activity a ON a.id = r.activity_id
            UNION ALL
            SELECT m.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM old_rows r JOIN activities_activity a ON a.id = r.activity_id
            JOIN members_member m ON m.id = r.member_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'activities', 1 FROM (
            SELECT a.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
            JOIN activities_activity a ON a.id = r.activity_id
            UNION ALL
            SELECT m.union_id, EXTRACT(YEAR FROM a.start_date)::int
            FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
            JOIN activities_activity a ON a.id = r.activity_id
            JOIN members_member m ON m.id = r.member_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0011_stamps_by_app")]

    operations = [migrations.RunSQL(ATTENDANCE, ACTIVITIES)]
