"""The SQL floor of a page: hand-written SQL computing the same figures, run directly through a cursor.

No ORM, no Python loops over rows, no template: the time no page showing those figures can beat on
this database. Each statement reads the union's subtree through the same materialised path.
"""

from datetime import date

from django.db import connection

INCOME_STATEMENT = """
SELECT v.category_id,
       SUM(v.signed_amount) FILTER (WHERE v.date >= %(start)s) AS period,
       SUM(v.signed_amount) AS year_to_date
FROM finances_voucher v JOIN unionhub_union u ON u.id = v.union_id
WHERE u.path LIKE %(path)s AND v.kind = 'entry' AND v.date BETWEEN %(year_start)s AND %(end)s
GROUP BY v.category_id
"""

SUMMARY = {
    "membership": """
WITH latest AS (
    SELECT DISTINCT ON (e.member_id) e.member_id, e.kind, e.union_id
    FROM members_memberevent e
    WHERE e.date <= %(year_end)s
    ORDER BY e.member_id, e.date DESC, e.id DESC
)
SELECT COUNT(*), COUNT(*) FILTER (WHERE m.sex = 'F'), COUNT(*) FILTER (WHERE m.employment_type = 'migrant'),
       COUNT(*) FILTER (WHERE l.kind = 'retained')
FROM latest l JOIN unionhub_union u ON u.id = l.union_id JOIN members_member m ON m.id = l.member_id
WHERE u.path LIKE %(path)s AND l.kind IN ('joined', 'transferred_in', 'restored', 'retained')
""",
    "membership_events": """
SELECT e.kind, COUNT(*) FROM members_memberevent e
JOIN unionhub_union u ON u.id = e.union_id
LEFT JOIN unionhub_union o ON o.id = e.other_union_id
WHERE u.path LIKE %(path)s AND e.date BETWEEN %(year_start)s AND %(year_end)s
  AND (e.kind NOT IN ('transferred_in', 'transferred_out') OR o.id IS NULL OR o.path NOT LIKE %(path)s)
GROUP BY e.kind
""",
    "hardship": """
SELECT c.level,
       COUNT(*) FILTER (WHERE c.opened_on <= %(year_end)s
                        AND (c.closed_on IS NULL OR c.closed_on > %(year_end)s)),
       COUNT(*) FILTER (WHERE c.opened_on BETWEEN %(year_start)s AND %(year_end)s),
       COUNT(*) FILTER (WHERE c.closed_on BETWEEN %(year_start)s AND %(year_end)s),
       COUNT(*) FILTER (WHERE c.closed_on IS NULL
                        AND COALESCE(c.last_verified_on, c.opened_on) <= %(year_end)s - INTERVAL '1 year')
FROM members_hardshipcase c JOIN unionhub_union u ON u.id = c.union_id
WHERE u.path LIKE %(path)s GROUP BY c.level
""",
    "activities": """
SELECT a.kind, COUNT(*), SUM(a.non_member_participants)
FROM activities_activity a JOIN unionhub_union u ON u.id = a.union_id
WHERE u.path LIKE %(path)s AND a.start_date BETWEEN %(year_start)s AND %(year_end)s
GROUP BY a.kind
""",
    "participation": """
SELECT a.kind, COUNT(*), COUNT(DISTINCT t.member_id)
FROM activities_attendance t JOIN activities_activity a ON a.id = t.activity_id
JOIN unionhub_union u ON u.id = a.union_id
WHERE u.path LIKE %(path)s AND a.start_date BETWEEN %(year_start)s AND %(year_end)s AND t.status = 'present'
GROUP BY ROLLUP (a.kind)
""",
    "awards": """
SELECT w.id, w.date, w.event, w.level, w.title, w.category, w.team_name, w.unit_name,
       (SELECT string_agg(m.name, '、' ORDER BY m.id) FROM activities_award_members am
        JOIN members_member m ON m.id = am.member_id WHERE am.award_id = w.id)
FROM activities_award w JOIN unionhub_union u ON u.id = w.union_id
WHERE u.path LIKE %(path)s AND w.date BETWEEN %(year_start)s AND %(year_end)s
ORDER BY w.date, w.id
""",
    "suggestions": """
SELECT COUNT(*), COUNT(*) FILTER (WHERE s.status IN ('adopted', 'implemented')),
       COUNT(*) FILTER (WHERE s.status = 'rejected'), COUNT(*) FILTER (WHERE s.status = 'implemented')
FROM activities_suggestion s JOIN unionhub_union u ON u.id = s.union_id
WHERE u.path LIKE %(path)s AND s.collected_on BETWEEN %(year_start)s AND %(year_end)s
""",
    "chronicle": """
SELECT c.date, c.section, c.text FROM activities_chronicleentry c JOIN unionhub_union u ON u.id = c.union_id
WHERE u.path LIKE %(path)s AND c.date BETWEEN %(year_start)s AND %(year_end)s ORDER BY c.date, c.id
""",
    "books_by_category": """
SELECT v.direction, COALESCE(p.name, c.name), SUM(v.signed_amount)
FROM finances_voucher v JOIN unionhub_union u ON u.id = v.union_id
JOIN finances_category c ON c.id = v.category_id LEFT JOIN finances_category p ON p.id = c.parent_id
WHERE u.path LIKE %(path)s AND v.kind = 'entry' AND v.year = %(year)s
GROUP BY ROLLUP (v.direction, COALESCE(p.name, c.name))
""",
    "fund_balances": """
SELECT f.kind, f.restricted, SUM(v.fund_effect)
FROM finances_fund f JOIN unionhub_union u ON u.id = f.union_id
LEFT JOIN finances_voucher v ON v.fund_id = f.id AND v.date <= %(year_end)s
WHERE u.path LIKE %(path)s GROUP BY f.kind, f.restricted
""",
    "aid": """
SELECT a.kind, COUNT(DISTINCT a.member_id), COUNT(*), SUM(a.amount)
FROM finances_aidpayment a JOIN unionhub_union u ON u.id = a.union_id
WHERE u.path LIKE %(path)s AND a.date BETWEEN %(year_start)s AND %(year_end)s
  AND NOT EXISTS (SELECT 1 FROM finances_voucher r WHERE r.reverses_id = a.voucher_id)
GROUP BY ROLLUP (a.kind)
""",
    "donations": """
SELECT COUNT(DISTINCT d.drive_id), COUNT(DISTINCT d.member_id),
       COUNT(DISTINCT d.donor_name) FILTER (WHERE d.member_id IS NULL), SUM(d.amount)
FROM finances_donation d JOIN finances_donationdrive dr ON dr.id = d.drive_id
JOIN unionhub_union u ON u.id = dr.union_id JOIN finances_voucher v ON v.id = d.voucher_id
WHERE u.path LIKE %(path)s AND v.date BETWEEN %(year_start)s AND %(year_end)s
  AND NOT EXISTS (SELECT 1 FROM finances_voucher r WHERE r.reverses_id = d.voucher_id)
""",
    "warnings": """
SELECT COUNT(*) FROM finances_rulewarning w JOIN unionhub_union u ON u.id = w.union_id
JOIN finances_voucher v ON v.id = w.voucher_id
WHERE u.path LIKE %(path)s AND v.date BETWEEN %(year_start)s AND %(year_end)s
""",
}


def _params(path: str, year: int, start: date | None = None, end: date | None = None) -> dict:
    return {
        "path": path + "%",
        "year": year,
        "year_start": date(year, 1, 1),
        "year_end": date(year, 12, 31),
        "start": start or date(year, 1, 1),
        "end": end or date(year, 12, 31),
    }


def run(statements: list[str], params: dict) -> int:
    """Execute the statements and fetch every row; returns the number of rows fetched."""
    rows = 0
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)
            rows += len(cursor.fetchall())
    return rows


def income_statement(path: str, year: int) -> int:
    return run([INCOME_STATEMENT], _params(path, year))


def summary(path: str, year: int) -> int:
    return run(list(SUMMARY.values()), _params(path, year))
