"""Member search served by indexes (issue 26): the name's and initials' characters and bigrams kept by
PostgreSQL in a generated column under a GIN index, trigram indexes (pg_trgm, a trusted extension the
owner role may create) for the full pinyin and the card number, and the ID number reversed for its tail."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# IMMUTABLE, so a STORED generated column may call it: every row insert or name change recomputes it,
# whichever way the row is written. The single characters and bigrams of each text, lower case.
SEARCH_GRAMS = """
CREATE OR REPLACE FUNCTION member_search_grams(name text, initials text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(word, i, size)), '{}')
    FROM unnest(ARRAY[lower(coalesce(name, '')), lower(coalesce(initials, ''))]) AS word,
        generate_series(1, char_length(word)) AS i,
        (VALUES (1), (2)) AS sizes(size)
    WHERE i + size - 1 <= char_length(word)
$$
"""


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0011_member_portal'),
        ('unionhub', '0010_union_history_tracks_dues_mode_and_checkin_margin'),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(SEARCH_GRAMS, "DROP FUNCTION member_search_grams(text, text)"),
        migrations.AddField(
            model_name='member',
            name='search_grams',
            field=models.GeneratedField(db_persist=True, expression=models.Func(models.F('name'), models.F('name_initials'), function='member_search_grams', output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)), output_field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
        ),
        migrations.AddIndex(
            model_name='member',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_grams'], name='member_search_grams'),
        ),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(fields=['name_pinyin'], name='member_pinyin_prefix', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='member',
            index=django.contrib.postgres.indexes.GinIndex(fields=['name_pinyin'], name='member_pinyin_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Reverse('id_number'), name='text_pattern_ops'), name='member_id_tail'),
        ),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(fields=['card_number'], name='member_card_number'),
        ),
        migrations.AddIndex(
            model_name='member',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('card_number'), name='gin_trgm_ops'), name='member_card_number_trgm'),
        ),
    ]
