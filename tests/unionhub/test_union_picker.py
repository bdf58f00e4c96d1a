"""A union picker lists the unions nearest the top of the reach and the one chosen; its search box
asks `union_search` for the others by name, within the active role's reach only."""

import pytest
from django.urls import reverse

from members.filters import MemberFilter
from tests.factories import UnionFactory
from unionhub import fields
from unionhub.fields import picker_unions
from unionhub.models import Role, Union

pytestmark = pytest.mark.django_db


def test_the_picker_lists_the_nearest_unions_and_the_chosen_one(world, monkeypatch):
    monkeypatch.setattr(fields, "PICKER_UNIONS", 3)
    deep = UnionFactory(name="甲单位二班工会小组", parent=world.union_a, kind=Union.Kind.GROUP)
    unions = Union.objects.within(world.system)
    assert list(picker_unions(unions)) == [world.system, world.union_a, world.union_b]
    chosen = list(picker_unions(unions, [str(deep.pk), "x", "-1"]))
    assert chosen == [world.system, world.union_a, deep, world.union_b]


def test_the_register_filter_renders_the_nearest_unions_and_where_to_search(rf, world, monkeypatch):
    monkeypatch.setattr(fields, "PICKER_UNIONS", 2)
    request = rf.get("/", {"union": world.group_a.pk})
    request.user = world.system_chair
    request.role = world.system_chair.roles.get()
    html = str(MemberFilter(request.GET, request=request).form["union"])
    assert f'data-union-search="{reverse("union_search")}"' in html
    assert "测试系统工会" in html and "甲单位工会" in html  # the nearest two
    assert f'value="{world.group_a.pk}" selected' in html  # the chosen one, further down
    assert "乙单位工会" not in html


def test_the_search_finds_unions_by_name_within_the_reach(client, world):
    client.force_login(world.officers[Role.Kind.SECRETARY])  # 甲单位工会 and its group
    found = client.get(reverse("union_search"), {"q": "一班"}).json()["unions"]
    assert [union["id"] for union in found] == [world.group_a.pk]
    assert found[0]["label"] == "甲单位一班工会小组"
    assert client.get(reverse("union_search"), {"q": "乙单位"}).json() == {"unions": []}
    everything = client.get(reverse("union_search"), {"q": "\x00" * 5000}).json()["unions"]
    assert {union["id"] for union in everything} == {world.union_a.pk, world.group_a.pk}


def test_the_search_needs_a_role(client, django_user_model):
    assert client.get(reverse("union_search"), {"q": "工会"}).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(reverse("union_search"), {"q": "工会"}).status_code == 404
