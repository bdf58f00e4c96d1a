"""The chart of categories and the spending rules are there after migrating and after any flush."""

import pytest
from django.core.management import call_command

from finances import chart, rules
from finances.models import Category, CategoryEdition, SpendingRule

STANDARD = sum(1 + len(subs) for *_, subs in chart.ACCOUNTS_2021 + chart.ACCOUNTS_2009)


def assert_seeded():
    assert set(CategoryEdition.objects.values_list("code", flat=True)) == {"2021", "2009"}
    assert Category.objects.filter(union__isnull=True).count() == STANDARD == 71
    assert SpendingRule.objects.count() == len(rules.RULES)


@pytest.mark.django_db
def test_the_migration_seeds_the_chart_and_the_rules():
    assert_seeded()
    top = Category.objects.filter(edition__code="2021", parent__isnull=True)
    assert list(top.filter(direction="in").order_by("code").values_list("name", flat=True))[:3] == [
        "会费收入",
        "拨缴经费收入",
        "上级补助收入",
    ]
    assert CategoryEdition.objects.get(code="2021").document == "财会〔2021〕7号"


@pytest.mark.django_db(transaction=True)
def test_they_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert_seeded()
    chart.seed()
    rules.seed()
    assert_seeded()  # seeding again adds nothing
