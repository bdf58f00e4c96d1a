import pytest
from django.urls import reverse

from tests.factories import RoleFactory
from unionhub.models import Role


@pytest.mark.django_db
def test_home_shows_the_role_and_only_the_unions_in_reach(client, world):
    client.force_login(world.officers[Role.Kind.SECRETARY])
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "工会干事" in body and "甲单位工会" in body and "甲单位一班工会小组" in body
    assert "乙单位工会" not in body


@pytest.mark.django_db
def test_system_chair_sees_every_union_below(client, world):
    client.force_login(world.system_chair)
    body = client.get(reverse("home")).content.decode()
    for name in ["测试系统工会", "甲单位工会", "乙单位工会", "甲单位一班工会小组"]:
        assert name in body


@pytest.mark.django_db
def test_a_user_switches_between_roles_in_several_unions(client, world):
    user = world.officers[Role.Kind.TREASURER]
    other = RoleFactory(user=user, union=world.union_b, kind=Role.Kind.AUDITOR)
    client.force_login(user)
    assert "甲单位工会" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("switch_role"), {"role": other.pk, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    body = client.get(reverse("home")).content.decode()
    assert "经审委员" in body and "乙单位工会" in body


@pytest.mark.django_db
def test_switching_to_someone_elses_role_answers_404(client, world):
    client.force_login(world.officers[Role.Kind.TREASURER])
    foreign = world.outsider.roles.get()
    assert client.post(reverse("switch_role"), {"role": foreign.pk}).status_code == 404


@pytest.mark.django_db
def test_user_without_a_role_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(user)
    assert "还没有在任何工会担任职务" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_home_query_count_is_small(client, world, django_assert_max_num_queries):
    client.force_login(world.system_chair)
    # The session, the user, the roles, the unions, and one or two per worklist item (flat as data
    # grows: tests/unionhub/test_organisation.py).
    with django_assert_max_num_queries(20):
        client.get(reverse("home"))


@pytest.mark.django_db
def test_the_chairs_home_leads_to_the_summary_and_the_dashboard(client, world):
    client.force_login(world.officers[Role.Kind.CHAIR])
    body = client.get(reverse("home")).content.decode()
    assert reverse("reports:summary_list") in body and reverse("reports:dashboard") in body
    assert "本工会及下级工会尚未审批的支出凭证。" in body


@pytest.mark.django_db
def test_the_home_page_lists_the_top_of_a_long_tree_and_counts_the_rest(client, world, monkeypatch):
    """A federation of hundreds of unions: the home page names the levels nearest the top and says
    how many there are in all, pointing to the organisation tree (which lists them all)."""
    from unionhub import views
    from unionhub.models import Union

    in_reach = Union.objects.within(world.system_chair.roles.get().union).count()
    monkeypatch.setattr(views, "HOME_UNIONS", 3)
    client.force_login(world.system_chair)
    body = client.get(reverse("home")).content.decode()
    listed = body.split('id="unions-in-reach"')[1].split("</ul>")[0]
    assert "测试系统工会" in listed and "甲单位工会" in listed and "乙单位工会" in listed
    assert "甲单位一班工会小组" not in listed  # a level further down
    more = body.split('id="unions-in-reach-more"')[1].split("</div>")[0]
    assert f"共 {in_reach} 个工会" in more and reverse("organisation:tree") in more
