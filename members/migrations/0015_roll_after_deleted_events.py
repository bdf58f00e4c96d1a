from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0014_year_end_roll")]

    operations = [
        migrations.RunSQL(
            # An event deleted past the append-only guard recounts its union's roll (members.roll).
            '\nCREATE OR REPLACE FUNCTION members_events_removed_recount_roll() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    PERFORM members_recount_roll(array_agg(touched.union_id), array_agg(touched.from_year))\n    FROM (\n        SELECT union_id, MIN(EXTRACT(YEAR FROM date))::integer AS from_year FROM old_events GROUP BY union_id\n        UNION ALL\n        SELECT e.union_id, MIN(p.from_year)\n        FROM (\n            SELECT member_id, MIN(EXTRACT(YEAR FROM date))::integer AS from_year\n            FROM old_events GROUP BY member_id\n        ) AS p\n        JOIN members_memberevent e ON e.member_id = p.member_id\n        GROUP BY e.union_id\n    ) AS touched\n    HAVING COUNT(*) > 0;\n    RETURN NULL;\nEND\n$$;\nCREATE TRIGGER members_events_removed_recount_roll\nAFTER DELETE ON members_memberevent REFERENCING OLD TABLE AS old_events\nFOR EACH STATEMENT EXECUTE FUNCTION members_events_removed_recount_roll();\n',
            "DROP TRIGGER members_events_removed_recount_roll ON members_memberevent;"
            " DROP FUNCTION members_events_removed_recount_roll()",
        ),
    ]
