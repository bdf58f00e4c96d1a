"""Entry at the speed of paper: save and add the next member; the voucher form keeps what was typed
when the union changes and lists activities with their dates."""

import datetime
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from activities import services as activity_services
from activities.models import Activity
from members.idcard import make_resident_id
from members.models import Member
from tests.finances.factories import FundFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def test_save_and_add_the_next_member_keeps_what_the_next_shares(world, client):
    client.force_login(world.officers[Role.Kind.SECRETARY])
    data = {
        "how": "join",
        "union": world.group_a.pk,
        "date": "2024-03-01",
        "name": "张三丰",
        "id_type": "ric",
        "id_number": make_resident_id(region="330402", birth_date=date(1990, 8, 8), sequence=21),
        "ethnicity": "汉族",
        "employment_type": "dispatched",
        "employer": "市高速公路养护中心",
        "department": "养护一队",
        "add_next": "1",
    }
    response = client.post(reverse("members:member_create"), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:member_create") + "?")
    assert Member.objects.get().name == "张三丰"
    page = client.get(response["Location"]).content.decode()
    assert "已登记会员 张三丰" in page
    assert 'value="市高速公路养护中心"' in page and 'value="养护一队"' in page
    assert 'value="2024-03-01"' in page
    assert re.search(rf'<option value="{world.group_a.pk}"[^>]*selected', page)
    assert re.search(r'<option value="dispatched"[^>]*selected', page)
    assert 'value="张三丰"' not in page, "the person's own fields start empty"
    # Plain 保存 still goes to the member's page.
    data.pop("add_next")
    data.update(
        name="李四", id_number=make_resident_id(region="330402", birth_date=date(1991, 8, 8), sequence=23)
    )
    response = client.post(reverse("members:member_create"), data)
    assert response["Location"] == reverse("members:member_detail", args=[Member.objects.get(name="李四").pk])


def test_the_voucher_form_keeps_what_was_typed_when_the_union_changes(world, client):
    FundFactory(union=world.group_a)
    client.force_login(world.officers[Role.Kind.TREASURER])
    url = reverse("finances:voucher_create")
    page = client.get(
        url, {"union": world.group_a.pk, "amount": "800.00", "summary": "篮球赛奖品", "receipts": "3"}
    ).content.decode()
    assert 'value="800.00"' in page and 'value="篮球赛奖品"' in page and 'value="3"' in page
    assert (
        'data-carry="date amount category settlement earmarked project summary counterparty receipts benefit"'
        in page
    )
    # Nonsense in the query string is shown back, never a server error.
    assert client.get(url, {"date": "<script>", "amount": "x" * 5000}).status_code == 200


def test_the_voucher_form_lists_activities_with_their_dates(world, client):
    series = activity_services.create_series(
        union=world.union_a,
        title="每周五下午集中学习",
        weekday=4,
        first_date=datetime.date.today() - datetime.timedelta(days=30),
        last_date=datetime.date.today(),
        kind=Activity.Kind.STUDY,
    )
    first = series.sessions.order_by("start_date").first()
    FundFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.TREASURER])
    page = client.get(reverse("finances:voucher_create")).content.decode()
    assert f"{first.start_date:%Y-%m-%d} 每周五下午集中学习" in page


def test_the_member_form_asks_for_the_wage_and_dues_use_it(world, client):
    from finances.models import WageBase

    client.force_login(world.officers[Role.Kind.SECRETARY])
    data = {
        "how": "join",
        "union": world.union_a.pk,
        "date": "2026-03-15",
        "name": "王工资",
        "id_type": "ric",
        "id_number": make_resident_id(region="330402", birth_date=date(1992, 8, 8), sequence=25),
        "ethnicity": "汉族",
        "employment_type": "contract",
    }
    page = client.get(reverse("members:member_create")).content.decode()
    assert 'name="wage"' in page and "月工资" in page
    bad = client.post(reverse("members:member_create"), {**data, "wage": "面议"}).content.decode()
    assert "is-invalid" in bad and not Member.objects.exists()
    client.post(reverse("members:member_create"), {**data, "wage": "4567.00"})
    wage = WageBase.objects.get()
    assert (wage.member.name, wage.amount, wage.effective_from) == (
        "王工资",
        Decimal("4567.00"),
        date(2026, 3, 1),
    )
    assert wage.recorded_by == world.officers[Role.Kind.SECRETARY]
