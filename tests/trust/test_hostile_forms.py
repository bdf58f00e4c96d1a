"""Every form of the site, filled as a browser would and then given hostile values (property-based):
the answer is a clear message or a clean refusal, never a server error, and a refusal saves nothing."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from activities import services as activity_services
from activities.models import Activity, ChronicleEntry
from finances import services as finance_services
from tests.activities.factories import (
    ActivityFactory,
    AwardFactory,
    ChronicleEntryFactory,
    SuggestionFactory,
)
from tests.finances.access_cases import drive, hardship_fund, union_fund
from tests.finances.factories import category
from tests.members.factories import HardshipCaseFactory, MemberFactory
from tests.trust.hostile import examples, hostile_values, main_form, writes
from unionhub.models import Role

pytestmark = pytest.mark.django_db

DEBUG = False
SECRETARY, TREASURER, CHAIR = Role.Kind.SECRETARY, Role.Kind.TREASURER, Role.Kind.CHAIR
# What a page may show for a value it refuses.
MESSAGES = ("invalid-feedback", "errorlist", "alert-danger", "alert-warning", "is-invalid", "text-danger")


@dataclass
class Scene:
    """One record of each kind in union A, for the forms that edit one."""

    member: int
    other_member: int
    case: int
    activity: int
    series: int
    award: int
    suggestion: int
    entry: int
    voucher: int
    drive: int
    union: int
    union_fund: int
    hardship_fund: int
    income: int  # an income category


@pytest.fixture
def scene(world) -> Scene:
    member = MemberFactory(union=world.union_a)
    other = MemberFactory(union=world.union_a)
    case = HardshipCaseFactory(member=member)
    activity = ActivityFactory(union=world.union_a)
    series = activity_services.create_series(
        union=world.union_a,
        title="每周五集中学习",
        weekday=4,
        first_date=datetime.date(2026, 1, 2),
        last_date=datetime.date(2026, 3, 27),
        kind=Activity.Kind.STUDY,
    )
    relief = hardship_fund(world)
    voucher = finance_services.post_voucher(
        union=world.union_a,
        by=world.officers[TREASURER],
        date=datetime.date(2026, 3, 10),
        fund=union_fund(world),
        category=category("会费收入"),
        amount=Decimal("12.30"),
        summary="会费",
    )
    return Scene(
        member=member.pk,
        other_member=other.pk,
        case=case.pk,
        activity=activity.pk,
        series=series.pk,
        award=AwardFactory(union=world.union_a).pk,
        suggestion=SuggestionFactory(union=world.union_a).pk,
        entry=ChronicleEntryFactory(union=world.union_a).pk,
        voucher=voucher.pk,
        drive=drive(world)["pk"],
        union=world.union_a.pk,
        union_fund=union_fund(world).pk,
        hardship_fund=relief.pk,
        income=category("行政补助收入").pk,
    )


def nothing(scene):
    return {}


# (page, role, the page's URL arguments, what makes the form's own values a valid submission)
FORMS = [
    (
        "members:member_create",
        SECRETARY,
        nothing,
        lambda s: {"name": "新会员", "sex": "M", "id_type": "passport", "id_number": "E12345678"},
    ),
    ("members:member_edit", SECRETARY, lambda s: {"pk": s.member}, nothing),
    (
        "members:member_transfer",
        SECRETARY,
        lambda s: {"pk": s.other_member},
        lambda s: {"where": "outside", "to_union_name": "外单位工会", "reason": "调动"},
    ),
    (
        "members:member_change",
        SECRETARY,
        lambda s: {"pk": s.other_member, "action": "retain"},
        lambda s: {"reason": "退休"},
    ),
    (
        "members:hardship_create",
        SECRETARY,
        lambda s: {"member_pk": s.other_member},
        lambda s: {
            "level": "deep",
            "main_cause": "illness",
            "family-0-name": "李秀芬",
            "family-0-relation": "妻子",
        },
    ),
    ("members:hardship_edit", SECRETARY, lambda s: {"pk": s.case}, nothing),
    ("members:hardship_verify", SECRETARY, lambda s: {"pk": s.case}, nothing),
    ("members:hardship_close", SECRETARY, lambda s: {"pk": s.case}, lambda s: {"reason": "收入提高"}),
    (
        "activities:activity_create",
        SECRETARY,
        nothing,
        lambda s: {"kind": "culture", "title": "健步走", "start_date": "2026-03-01"},
    ),
    ("activities:activity_edit", SECRETARY, lambda s: {"pk": s.activity}, nothing),
    ("activities:attendance_sheet", SECRETARY, lambda s: {"pk": s.activity}, nothing),
    (
        "activities:series_create",
        SECRETARY,
        nothing,
        lambda s: {"title": "集中学习", "first_date": "2026-01-02", "last_date": "2026-03-27"},
    ),
    ("activities:series_edit", SECRETARY, lambda s: {"pk": s.series}, nothing),
    (
        "activities:award_create",
        SECRETARY,
        nothing,
        lambda s: {
            "date": "2026-05-20",
            "event": "技能大赛",
            "level": "city",
            "title": "冠军",
            "winner_kind": "unit",
            "unit_name": "本单位",
        },
    ),
    ("activities:award_edit", SECRETARY, lambda s: {"pk": s.award}, nothing),
    ("activities:suggestion_create", SECRETARY, nothing, lambda s: {"author_name": "职工", "title": "建议"}),
    ("activities:suggestion_edit", SECRETARY, lambda s: {"pk": s.suggestion}, nothing),
    ("activities:suggestion_adopt", SECRETARY, lambda s: {"pk": s.suggestion}, nothing),
    ("activities:chronicle_create", SECRETARY, nothing, lambda s: {"text": "召开工会委员会会议"}),
    ("activities:chronicle_edit", SECRETARY, lambda s: {"pk": s.entry}, nothing),
    (
        "activities:visit_create",
        SECRETARY,
        nothing,
        lambda s: {"campaign": "warmth", "household": "张某家", "visitors": "李主席", "goods": "大米"},
    ),
    (
        "activities:visit_batch",
        SECRETARY,
        nothing,
        lambda s: {
            "campaign": "warmth",
            "visitors": "李主席",
            "visit-0-household": "张某家",
            "visit-0-goods": "大米",
        },
    ),
    (
        "activities:survey_create",
        SECRETARY,
        nothing,
        lambda s: {"campaign": "warmth", "title": "摸底调查", "households": "120", "found": "12"},
    ),
    (
        "finances:voucher_create",
        TREASURER,
        nothing,
        lambda s: {
            "date": "2026-03-11",
            "amount": "100",
            "category": str(s.income),
            "fund": str(s.union_fund),
            "summary": "行政补助",
            "receipts": "1",
        },
    ),
    ("finances:voucher_reverse", TREASURER, lambda s: {"pk": s.voucher}, lambda s: {"reason": "录错"}),
    (
        "finances:transfer_create",
        TREASURER,
        nothing,
        lambda s: {
            "date": "2026-03-12",
            "from_fund": str(s.union_fund),
            "to_fund": str(s.hardship_fund),
            "amount": "10",
            "summary": "划转",
        },
    ),
    ("finances:fund_create", TREASURER, nothing, lambda s: {"name": "文体专项资金", "kind": "other"}),
    ("finances:category_list", TREASURER, nothing, lambda s: {"name": "利息收入"}),
    ("finances:dues", TREASURER, nothing, lambda s: {"month": "1"}),
    ("finances:wage_edit", TREASURER, lambda s: {"member_pk": s.member}, lambda s: {"amount": "5000"}),
    ("finances:allocations", TREASURER, nothing, lambda s: {"month": "2", "payroll": "80000"}),
    ("finances:month_list", TREASURER, nothing, nothing),
    (
        "finances:drive_create",
        TREASURER,
        nothing,
        lambda s: {"title": "专项募捐", "kind": "appeal", "fund": str(s.hardship_fund)},
    ),
    (
        "finances:drive_detail",
        TREASURER,
        lambda s: {"pk": s.drive},
        lambda s: {"gift-0-donor_kind": "outside", "gift-0-donor_name": "张三", "gift-0-amount": "100"},
    ),
    (
        "finances:aid_create",
        TREASURER,
        nothing,
        lambda s: {"member": str(s.member), "fund": str(s.hardship_fund), "amount": "500"},
    ),
    (
        "finances:aid_batch",
        TREASURER,
        nothing,
        lambda s: {
            "fund": str(s.hardship_fund),
            "row-0-name": "王小明",
            "row-0-schooling": "大学",
            "row-0-school": "嘉兴学院",
            "row-0-amount": "1000",
        },
    ),
    ("finances:budget_edit", TREASURER, nothing, lambda s: {"c1": "1000"}),
    ("finances:wage_import", TREASURER, nothing, lambda s: {"month": "2026-03"}),
    (
        "finances:aid_create",
        TREASURER,
        nothing,
        lambda s: {
            "recipient": "student",
            "beneficiary": "王小明",
            "schooling": "university",
            "school": "嘉兴学院",
            "kind": "schooling",
            "fund": str(s.hardship_fund),
            "amount": "1000",
        },
    ),
    (
        "reports:summary_edit",
        CHAIR,
        lambda s: {"union_id": s.union, "year": 2026, "key": "plan"},
        lambda s: {"text": "明年继续加强学习。", "heading": "下年度工作打算"},
    ),
    (
        "rights:create",
        SECRETARY,
        lambda s: {"register": "dispute"},
        lambda s: {
            "received_on": "2026-04-08",
            "applicant": "张小明",
            "respondent": "某公司",
            "workers": "2",
            "subject": "拖欠工资",
            "outcome": "settled",
            "closed_on": "2026-04-20",
            "recovered": "1000",
        },
    ),
    ("reports:statistics_return", CHAIR, nothing, lambda s: {"workers": "58", "as_of": "2026-09-30"}),
    ("organisation:profile", CHAIR, lambda s: {"union_id": s.union}, nothing),
    (
        "organisation:child_create",
        CHAIR,
        lambda s: {"union_id": s.union},
        lambda s: {"names": "新设村工会", "kind": "village"},
    ),
    (
        "organisation:appoint",
        CHAIR,
        lambda s: {"union_id": s.union},
        lambda s: {"kind": "secretary", "username": "new.secretary", "name": "新干事"},
    ),
    ("organisation:handover", CHAIR, lambda s: {"union_id": s.union}, nothing),
]


@pytest.mark.parametrize(("page", "role", "kwargs", "valid"), FORMS, ids=[form[0] for form in FORMS])
@settings(max_examples=examples(20))
@given(data=st.data())
def test_hostile_values_get_a_message_or_a_refusal_never_an_error(
    page, role, kwargs, valid, scene, world, client, data
):
    client.force_login(world.officers[role])
    with transaction.atomic():  # each example starts from the same scene
        try_hostile_values(page, kwargs, valid, scene, client, data)
        transaction.set_rollback(True)


def try_hostile_values(page, kwargs, valid, scene, client, data):
    url = reverse(page, kwargs=kwargs(scene))
    shown = client.get(url)
    assert shown.status_code == 200
    form = main_form(shown.content.decode())
    names = sorted({name for name in form.names if name != "csrfmiddlewaretoken"})
    poisoned = data.draw(
        st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True), label="fields"
    )
    payload = {**form.fields, **{name: [value] for name, value in valid(scene).items()}}
    for name in poisoned:
        value = data.draw(hostile_values, label=name)
        payload[name] = value if isinstance(value, list) else [value]
    before = writes()
    response = client.post(form.action or url, payload)
    if DEBUG:
        print(page, poisoned, {k: str(payload[k])[:30] for k in poisoned}, response.status_code)
    assert response.status_code in (200, 302, 400, 403, 404), response.status_code
    body = response.content.decode()
    assert "<script>alert('xss')</script>" not in body, "a value came back unescaped"
    if response.status_code == 302:
        after = client.get(response["Location"])
        if "alert-danger" in after.content.decode():  # refused, with the message on the next page
            assert writes() == before, "a refused form saved something"
    else:
        assert writes() == before, "a refused form saved something"
    if response.status_code == 200:
        assert any(mark in body for mark in MESSAGES), "a refusal without a message"


# Invisible control characters, pasted from another program, never pass a text field: XML cannot hold
# them, so one in a record broke every xlsx and Word file showing it (unionhub.control_characters).
LATER_ROW = re.compile(r"-[1-9][0-9]*-")
CONTROL_CHARACTERS = ["\x0b", "\x1b", "\x01", "\x0c", "\x7f", "\x85", "\x00"]


@pytest.mark.parametrize(("page", "role", "kwargs", "valid"), FORMS, ids=[form[0] for form in FORMS])
def test_a_control_character_in_any_text_field_is_a_message_at_the_field(
    page, role, kwargs, valid, scene, world, client
):
    client.force_login(world.officers[role])
    url = reverse(page, kwargs=kwargs(scene))
    form = main_form(client.get(url).content.decode())
    payload = {**form.fields, **{name: [value] for name, value in valid(scene).items()}}
    before = writes()
    # Not a formset's template, and of a grid's rows (gift-3-…, row-7-…) only the first: they are alike.
    texts = sorted({name for name in form.texts if "__prefix__" not in name and not LATER_ROW.search(name)})
    for index, name in enumerate(texts):
        control = CONTROL_CHARACTERS[index % len(CONTROL_CHARACTERS)]
        typed = (payload.get(name) or [""])[0] or "文字"
        response = client.post(form.action or url, {**payload, name: [typed[:1] + control + typed[1:]]})
        assert response.status_code in (200, 400), (name, response.status_code)  # the form again
        assert "含有不可见的控制字符" in response.content.decode(), name
    assert writes() == before, "a refused form saved something"


def test_tab_and_the_line_ends_of_a_text_area_are_text(world, client):
    client.force_login(world.officers[SECRETARY])
    response = client.post(
        reverse("activities:chronicle_create"),
        {"union": world.union_a.pk, "date": "2026-03-01", "section": "culture", "text": "第一行\r\n\t第二行"},
    )
    assert response.status_code == 302
    assert ChronicleEntry.objects.get().text == "第一行\r\n\t第二行"


# Regressions found by the tests above ------------------------------------------------------------


def test_a_birth_date_after_the_join_date_is_a_message_not_an_error(client, world):
    """The model's join-date check named a field the register forms do not have: a 500 before."""
    client.force_login(world.officers[SECRETARY])
    new = {
        "how": "join",
        "union": world.union_a.pk,
        "date": "2020-01-01",
        "name": "新会员",
        "sex": "M",
        "id_type": "passport",
        "id_number": "E12345678",
        "birth_date": "2021-06-01",
        "employment_type": "contract",
    }
    member = MemberFactory(union=world.union_a, id_type="passport", id_number="E7654321")
    before = writes()
    response = client.post(reverse("members:member_create"), new)
    assert response.status_code == 200 and "入会日期不能早于出生日期" in response.content.decode()
    assert "入会日期不能早于出生日期" in " ".join(response.context["form"].errors["date"])
    edit = {"name": member.name, "sex": "M", "id_type": "passport", "id_number": member.id_number}
    edit.update(birth_date="2016-01-01", employment_type="contract")  # joined 2015-03-01
    response = client.post(reverse("members:member_edit", args=[member.pk]), edit)
    assert response.status_code == 200
    assert "入会日期不能早于出生日期" in " ".join(response.context["form"].errors["birth_date"])
    assert writes() == before


BEFORE_THE_CHART = "2009-06-30"  # the 2009 chart took effect on 2010-01-01: no edition for this day


@pytest.mark.parametrize(
    ("page", "kwargs", "valid", "form_name"),
    [
        ("finances:dues", nothing, lambda s: {"month": "1"}, "form"),
        ("finances:allocations", nothing, lambda s: {"month": "2", "payroll": "80000"}, "form"),
        (
            "finances:drive_detail",
            lambda s: {"pk": s.drive},
            lambda s: {"gift-0-donor_kind": "outside", "gift-0-donor_name": "张三", "gift-0-amount": "100"},
            "batch",
        ),
        (
            "finances:aid_create",
            nothing,
            lambda s: {"member": str(s.member), "fund": str(s.hardship_fund), "amount": "500"},
            "form",
        ),
    ],
    ids=["dues", "allocation", "donations", "aid"],
)
def test_a_booking_date_before_the_first_chart_is_a_message_at_the_date(
    page, kwargs, valid, form_name, scene, world, client
):
    """No edition of the chart is in force before 2010: Category.DoesNotExist, a 500, before."""
    finance_services.set_wage_base(
        member=MemberFactory._meta.model.objects.get(pk=scene.member),
        by=world.officers[TREASURER],
        amount=Decimal("5000"),
        effective_from=datetime.date(2000, 1, 1),
    )
    client.force_login(world.officers[TREASURER])
    url = reverse(page, kwargs=kwargs(scene))
    form = main_form(client.get(url).content.decode())
    payload = {**form.fields, **{name: [value] for name, value in valid(scene).items()}}
    date_field = "batch-date" if form_name == "batch" else "date"
    payload[date_field] = [BEFORE_THE_CHART]
    before = writes()
    response = client.post(form.action or url, payload)
    assert response.status_code == 200
    assert "早于最早的会计制度" in " ".join(response.context[form_name].errors.get("date", []))
    assert writes() == before


def test_a_series_from_the_last_day_of_9999_is_a_message_at_the_field(world, client):
    client.force_login(world.officers[SECRETARY])
    data = {"union": world.union_a.pk, "kind": "study", "title": "集中学习", "weekday": 4}
    before = writes()
    response = client.post(reverse("activities:series_create"), {**data, "first_date": "9999-12-31"})
    assert response.status_code == 200
    assert "日期须在" in " ".join(response.context["form"].errors["first_date"])
    assert writes() == before


def test_a_hundred_billion_guests_are_a_message_not_an_integer_overflow(scene, world, client):
    client.force_login(world.officers[SECRETARY])
    url = reverse("activities:attendance_sheet", args=[scene.activity])
    before = writes()
    for count in ("99999999999", "2147483648", "²"):
        response = client.post(url, {"non_member_participants": count})
        assert response.status_code == 400
        assert "非会员参加人数" in response.content.decode()
    assert writes() == before
    assert client.post(url, {"non_member_participants": "12"}).status_code == 302
