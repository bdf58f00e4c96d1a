from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Attendance, Award
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def attend(member, title, day, status=Attendance.Status.PRESENT):
    activity = Activity.objects.create(union=member.union, kind="study", title=title, start_date=day)
    return Attendance.objects.create(activity=activity, member=member, status=status)


def test_ledger_shows_the_members_year(world, client):
    member = MemberFactory(union=world.group_a, name="张三丰")
    attend(member, "周五集中学习", date(2026, 3, 6))
    attend(member, "安全讲座", date(2026, 4, 6), Attendance.Status.ON_LEAVE)
    attend(member, "去年的学习", date(2025, 3, 6))
    award = Award.objects.create(
        union=world.union_a, event="市职工技能大赛", level="city", title="冠军", date=date(2026, 5, 1)
    )
    award.members.add(member)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    response = client.get(reverse("reports:member_ledger", args=[member.pk]), {"year": 2026})
    body = response.content.decode()
    assert response.status_code == 200
    assert "张三丰的会员台账" in body
    assert "周五集中学习" in body and "安全讲座" in body and "去年的学习" not in body
    assert "出席 1 次，缺席 0 次，请假 1 次" in body
    assert "市职工技能大赛" in body and "冠军" in body
    assert "入会" in body  # the status history


def test_ledger_of_a_sibling_unions_member_is_404(world, client):
    member = MemberFactory(union=world.union_b)
    client.force_login(world.officers[Role.Kind.CHAIR])
    assert client.get(reverse("reports:member_ledger", args=[member.pk])).status_code == 404


def test_ledger_query_count_is_flat(world, client):
    member = MemberFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.CHAIR])
    url = reverse("reports:member_ledger", args=[member.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"year": 2026}).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for day in range(1, 25):
        attend(member, f"学习{day}", date(2026, 1, day))
    assert queries() == few
