"""The glossary (unionhub/glossary.py): no template or product module shows a variant it lists,
and no form page shows Django's "---------" or English sort labels."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.members.factories import MemberFactory
from unionhub.glossary import TERMS, problems_in
from unionhub.models import Role

ROOT = Path(settings.BASE_DIR)
PRODUCT = ("unionhub", "members", "activities", "finances", "reports")


def product_files():
    yield from sorted((ROOT / "templates").rglob("*.html"))
    for app in PRODUCT:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name == "glossary.py":
                continue
            yield path
        yield from sorted((ROOT / app).rglob("templates/**/*.html"))


def test_the_glossary_catches_what_it_lists():
    assert problems_in("会员台帐") == [("台帐", "台账")]
    assert problems_in('<button type="submit" class="btn">{% translate "筛选" %}</button>')
    assert problems_in("{{ voucher.year }}-{{ voucher.number }}")
    assert problems_in('empty_label="---------"')
    assert not problems_in('<button type="submit" class="btn">{% translate "查询" %}</button>')
    assert all(term.preferred for term in TERMS)


def test_no_template_or_module_shows_a_variant_the_glossary_lists():
    found = []
    for path in product_files():
        for variant, preferred in problems_in(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(ROOT)}: “{variant}” — write “{preferred}”")
    assert not found, "\n".join(found)


FORM_PAGES = [
    ("members:member_create", Role.Kind.SECRETARY),
    ("activities:activity_create", Role.Kind.SECRETARY),
    ("activities:award_create", Role.Kind.SECRETARY),
    ("activities:suggestion_create", Role.Kind.SECRETARY),
    ("activities:chronicle_create", Role.Kind.SECRETARY),
    ("activities:series_create", Role.Kind.SECRETARY),
    ("finances:voucher_create", Role.Kind.TREASURER),
    ("finances:transfer_create", Role.Kind.TREASURER),
    ("finances:aid_create", Role.Kind.TREASURER),
    ("finances:drive_create", Role.Kind.TREASURER),
    ("finances:fund_create", Role.Kind.TREASURER),
    ("members:member_list", Role.Kind.SECRETARY),
    ("members:hardship_list", Role.Kind.SECRETARY),
    ("activities:activity_list", Role.Kind.SECRETARY),
    ("reports:audit_log", Role.Kind.CHAIR),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kind"), FORM_PAGES, ids=[name for name, _kind in FORM_PAGES])
def test_no_placeholder_dashes_or_english_sort_labels_on_a_page(world, client, name, kind):
    MemberFactory(union=world.union_a)
    client.force_login(world.officers[kind])
    page = client.get(reverse(name)).content.decode()
    assert "---------" not in page
    assert "descending" not in page
