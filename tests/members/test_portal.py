"""The members' own door, the register's side: login slips, online joining and corrections."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from members import services
from members.models import ContactChange, JoinApplication, Member, MemberEvent
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db

ID = "110101199003070070"  # a valid resident ID: male, born 1990-03-07
FORM = {
    "name": "王小明",
    "id_number": ID,
    "employer": "甲单位车队",
    "mobile": "13800000000",
    "declared": "on",
}


def apply(client, union, **changes):
    return client.post(reverse("join_apply", args=[services.join_token(union)]), {**FORM, **changes})


def test_a_slip_activates_a_login_with_the_officers_password_rules(world, client):
    member = MemberFactory(union=world.union_a)
    login, code = services.issue_login(member=member, by=None)
    url = reverse("me:activate")
    weak = {
        "login": login.user.username,
        "code": code,
        "new_password1": "gonghui2025",
        "new_password2": "gonghui2025",
    }
    assert "密码不能" in client.post(url, weak).content.decode()
    good = {**weak, "new_password1": "Qz-7hN!tr4Lw", "new_password2": "Qz-7hN!tr4Lw"}
    response = client.post(url, good)
    assert response.status_code == 302 and response["Location"] == reverse("me:home")
    login.refresh_from_db()
    assert login.activated_at is not None and not login.user.must_change_password
    assert client.get(reverse("me:home")).status_code == 200
    client.logout()  # the code is used up: the same slip activates nothing again
    assert (
        "已经使用过"
        in client.post(
            url, {**good, "new_password1": "Pw-9xK!mm2Rt", "new_password2": "Pw-9xK!mm2Rt"}
        ).content.decode()
    )


def test_the_public_page_answers_the_same_for_a_member_an_open_application_and_a_stranger(world, client):
    first = apply(client, world.union_a)
    again = apply(client, world.union_a, name="王小明二")
    MemberFactory(
        union=world.union_b, id_number="110101199003070038", sex="M", birth_date=datetime.date(1990, 3, 7)
    )
    member = apply(client, world.union_a, id_number="110101199003070038")
    assert first.status_code == again.status_code == member.status_code == 200
    assert "申请已提交" in first.content.decode() and again.content.decode() == first.content.decode()
    assert JoinApplication.objects.open().filter(id_number=ID).count() == 1  # one open application per ID
    assert "身份证" in apply(client, world.union_a, id_number="110101199003070071").content.decode()


@override_settings(JOIN_APPLICATIONS_PER_HOUR=2, TRUSTED_PROXY_COUNT=1)
def test_an_address_may_send_a_few_applications_an_hour(world, client):
    numbers = ["110101199003070038", "110101199003070054", "110101199003070070"]
    statuses = [
        client.post(
            reverse("join_apply", args=[services.join_token(world.union_a)]),
            {**FORM, "id_number": number},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",  # not from a trusted proxy: ignored
        ).status_code
        for n, number in enumerate(numbers)
    ]
    assert statuses == [200, 200, 429]
    assert JoinApplication.objects.count() == 2


def test_the_secretary_accepts_an_application_into_the_register_with_a_slip(world, client):
    apply(client, world.union_a)
    application = JoinApplication.objects.get()
    secretary = world.officers[Role.Kind.SECRETARY]
    client.force_login(secretary)
    response = client.post(
        reverse("members:application_decide", args=[application.pk]), {"decision": "accept"}
    )
    assert response.status_code == 200 and "激活码" in response.content.decode()
    member = Member.objects.get(id_number=ID)
    event = MemberEvent.objects.get(member=member)
    assert (event.kind, event.date, event.recorded_by) == ("joined", datetime.date.today(), secretary)
    assert member.login.user.must_change_password
    application.refresh_from_db()
    assert application.status == "accepted" and application.member == member


def test_declining_needs_a_reason(world):
    application = JoinApplication.objects.create(
        union=world.union_a, declared=True, **{k: v for k, v in FORM.items() if k != "declared"}
    )
    secretary = world.officers[Role.Kind.SECRETARY]
    with pytest.raises(ValidationError):
        services.decline_application(
            application=application, by=secretary, on=datetime.date.today(), reason=" "
        )
    services.decline_application(
        application=application, by=secretary, on=datetime.date.today(), reason="非本单位职工"
    )
    assert JoinApplication.objects.get().status == "declined"


def test_a_correction_waits_for_the_secretary(world):
    member = MemberFactory(union=world.union_a, mobile="13700000000")
    change = services.request_contact_change(member=member, mobile="139 0000 0000", address="幸福路1号")
    member.refresh_from_db()
    assert member.mobile == "13700000000"
    services.decide_contact_change(change=change, by=world.officers[Role.Kind.SECRETARY], confirm=True)
    member.refresh_from_db()
    assert (member.mobile, member.address) == ("13900000000", "幸福路1号")
    assert ContactChange.objects.get().status == "confirmed"


def test_the_summary_counts_the_applications_made_online(world, client):
    from reports.figures import collect_figures
    from reports.writer import organisation

    MemberFactory(union=world.union_a)
    apply(client, world.union_a)
    apply(client, world.union_a, id_number="110101199003070054")
    year = datetime.date.today().year
    figures = collect_figures(union=world.system, year=year)
    assert (figures["membership"]["applied_online"], figures["membership"]["accepted_online"]) == (2, 0)
    text = "".join(part["text"] for point in organisation(figures, {}) for part in point)
    assert "网上申请入会2人" in text
