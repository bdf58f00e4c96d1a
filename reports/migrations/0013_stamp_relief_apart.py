"""Aid, gifts and drives stamped apart from the rest of the books (part "relief"), so a voucher
computes afresh only the money, not whom the year's aid helped and what the drives raised
(reports.figures' "relief" section). A voucher stamps "relief" too where relief reads it: a reversal
(it takes back an aid payment or a gift) or a voucher of a restricted fund (its interest and income);
a fund or an account stamps both (their names and kinds). The stamps counted so far stay under
"finances": figures stored before lack the new part, so they are computed again once."""

from django.db import migrations

RELIEF = """
CREATE OR REPLACE FUNCTION reports_stamp_finances_aidpayment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, EXTRACT(YEAR FROM r.date)::int
            FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, EXTRACT(YEAR FROM r.date)::int
            FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, EXTRACT(YEAR FROM r.date)::int
            FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_donationdrive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_donation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT d.union_id, 0 FROM new_rows r
            JOIN finances_donationdrive d ON d.id = r.drive_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT d.union_id, 0 FROM old_rows r
            JOIN finances_donationdrive d ON d.id = r.drive_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT d.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
            JOIN finances_donationdrive d ON d.id = r.drive_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_fund() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_voucher() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, r.year FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, r.year FROM new_rows r
            WHERE r.reverses_id IS NOT NULL
            OR r.fund_id IN (SELECT f.id FROM finances_fund f WHERE f.restricted)
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, r.year FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, r.year FROM old_rows r
            WHERE r.reverses_id IS NOT NULL
            OR r.fund_id IN (SELECT f.id FROM finances_fund f WHERE f.restricted)
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, r.year FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'relief', 1 FROM (
            SELECT r.union_id, r.year FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
            WHERE r.reverses_id IS NOT NULL
            OR r.fund_id IN (SELECT f.id FROM finances_fund f WHERE f.restricted)
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;
"""

# 0011's functions, for going back.
FINANCES = """
CREATE OR REPLACE FUNCTION reports_stamp_finances_aidpayment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, EXTRACT(YEAR FROM r.date)::int
            FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, EXTRACT(YEAR FROM r.date)::int
            FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, EXTRACT(YEAR FROM r.date)::int
            FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_donationdrive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_donation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT d.union_id, 0 FROM new_rows r
            JOIN finances_donationdrive d ON d.id = r.drive_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT d.union_id, 0 FROM old_rows r
            JOIN finances_donationdrive d ON d.id = r.drive_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT d.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
            JOIN finances_donationdrive d ON d.id = r.drive_id
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_fund() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, 0 FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reports_stamp_finances_voucher() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, r.year FROM new_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, r.year FROM old_rows r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO reports_recordstamp AS s (union_id, year, part, changes)
        SELECT union_id, year, 'finances', 1 FROM (
            SELECT r.union_id, r.year FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
        ) AS touched (union_id, year)
        WHERE union_id IS NOT NULL GROUP BY union_id, year ORDER BY union_id, year
        ON CONFLICT (union_id, year, part) DO UPDATE SET changes = s.changes + 1;
    END IF;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0012_stamp_check_ins_apart")]

    operations = [migrations.RunSQL(RELIEF, FINANCES)]
