"""The union scope: one module decides "a union and those below it", and nothing else filters by path."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from members import services
from members.models import HardshipCase
from members.selectors import hardship_figures
from tests.factories import RoleFactory, UnionFactory
from tests.members.factories import HardshipCaseFactory, MemberFactory
from unionhub.models import Role, Union
from unionhub.scope import ScopedQuerySet

ROOT = Path(__file__).resolve().parents[2]
APPS = ("unionhub", "members", "activities", "finances", "rights", "reports", "bench")
# The generator writes the path column itself, by COPY, for unions it has not saved yet.
EXEMPT = {ROOT / "unionhub" / "scope.py", ROOT / "unionhub" / "models.py"}
EXEMPT_DIRS = {ROOT / "bench" / "scale"}
HAND_WRITTEN_SCOPE = re.compile(
    r"path__startswith|path\.strip\(\"/\"\)|path\.split\(|union\.path\.startswith"
)


def test_no_scope_is_written_by_hand_outside_the_scope_module():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path in EXEMPT or "migrations" in path.parts or any(d in path.parents for d in EXEMPT_DIRS):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if HAND_WRITTEN_SCOPE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, (
        "use unionhub.scope (Model.objects.within, subtree(), union.ancestors()):\n" + "\n".join(offenders)
    )


def test_every_model_with_a_union_declares_its_scope():
    from django.apps import apps

    unscoped = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model.__name__.endswith("History"):
            continue
        points_at_union = any(
            getattr(field, "related_model", None) is Union and field.name == "union"
            for field in model._meta.get_fields()
        )
        if points_at_union and not isinstance(model._default_manager.all(), ScopedQuerySet):
            unscoped.append(model.__name__)
    assert not unscoped, f"models with a union but no ScopedQuerySet: {unscoped}"


@pytest.mark.django_db
def test_ancestors_root_and_subtree():
    top = UnionFactory(kind=Union.Kind.SYSTEM)
    middle = UnionFactory(parent=top)
    leaf = UnionFactory(parent=middle, kind=Union.Kind.GROUP)
    other = UnionFactory()
    assert list(leaf.ancestors()) == [top, middle]
    assert leaf.root() == top and top.root() == top
    assert set(middle.subtree()) == {middle, leaf}
    assert set(leaf.tree()) == {top, middle, leaf} and other not in set(leaf.tree())
    assert leaf.lineage_ids == [top.pk, middle.pk, leaf.pk]


@pytest.mark.django_db
def test_a_transferred_members_closed_file_stays_with_the_union_that_closed_it(world):
    """Hole 1 of issue 11: the new union read and edited the closed file; the old one got 404."""
    member = MemberFactory(union=world.union_a)
    closed = HardshipCaseFactory(member=member, opened_on=date(2024, 3, 1), closed_on=date(2025, 1, 10))
    still_open = HardshipCaseFactory(member=member, opened_on=date(2025, 6, 1))
    services.transfer(member=member, to_union=world.union_b, by=None, date=date(2025, 9, 1))
    closed.refresh_from_db()
    still_open.refresh_from_db()
    assert closed.union == world.union_a and still_open.union == world.union_b

    def status(user, case, suffix=""):
        client = Client()
        client.force_login(user)
        return client.get(f"/members/hardship/{case.pk}/{suffix}").status_code

    b_secretary = world.outsider
    a_secretary = world.officers[Role.Kind.SECRETARY]
    assert status(b_secretary, closed) == 404, "the new union must not read the old union's closed file"
    assert status(b_secretary, closed, "edit/") == 404
    assert status(a_secretary, closed) == 200, "the union that closed the file keeps reading it"
    assert status(b_secretary, still_open) == 200 and status(a_secretary, still_open) == 404
    client = Client()
    client.force_login(b_secretary)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert f"/members/hardship/{still_open.pk}/" in page and f"/members/hardship/{closed.pk}/" not in page

    # The old union opened the moved file this year: it keeps counting it as opened.
    assert hardship_figures(union=world.union_a, year=2025).opened == 1
    assert hardship_figures(union=world.union_b, year=2025).opened == 0
    assert hardship_figures(union=world.union_a, year=2025).closed == 1
    assert HardshipCase.objects.within(world.union_b).get() == still_open


@pytest.mark.django_db
def test_a_union_chair_reaches_the_moved_file_through_the_union_that_holds_it(world):
    member = MemberFactory(union=world.union_a)
    case = HardshipCaseFactory(member=member, opened_on=date(2025, 6, 1))
    services.transfer(member=member, to_union=world.group_a, by=None, date=date(2025, 9, 1))
    chair = RoleFactory(union=world.union_a, kind=Role.Kind.CHAIR).user
    client = Client()
    client.force_login(chair)
    assert client.get(f"/members/hardship/{case.pk}/").status_code == 200
