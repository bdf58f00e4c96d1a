"""Offices of a closed union given an end date after its closing (or none) end on the closing date,
as `close_union` now ends them; one that was to start later ends on its start (never held)."""

from django.db import migrations

SQL = """
UPDATE unionhub_role AS role
   SET "end" = GREATEST(org.closed_on, role.start)
  FROM unionhub_union AS org
 WHERE role.union_id = org.id
   AND org.closed_on IS NOT NULL
   AND (role."end" IS NULL OR role."end" > org.closed_on)
"""


class Migration(migrations.Migration):
    dependencies = [("unionhub", "0005_union_card_number_rule")]

    operations = [migrations.RunSQL(SQL, migrations.RunSQL.noop)]
