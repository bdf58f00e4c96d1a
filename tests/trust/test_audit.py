"""The audit trail: every create, change and delete kept in PostgreSQL with who, when and the values;
read per record and as a log by the chair and the auditor, within their reach and their areas;
reads of unmasked personal data logged too."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Attendance, Award, AwardWinner
from finances import services as finance_services
from finances.models import Voucher
from members.models import HardshipCase, Member, PersonalDataAccess
from reports.audit import TRAILS
from tests.activities.factories import ActivityFactory, AttendanceFactory, AwardFactory
from tests.factories import RoleFactory
from tests.finances.access_cases import union_fund
from tests.finances.factories import category
from tests.members.factories import HardshipCaseFactory, MemberFactory
from tests.refused import refused
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def as_role(client, world, kind):
    client.force_login(world.officers[kind])
    return client


def member_data(member: Member, **overrides) -> dict:
    data = {
        "name": member.name,
        "sex": member.sex,
        "id_type": member.id_type,
        "id_number": member.id_number,
        "mobile": member.mobile,
        "employment_type": member.employment_type,
    }
    data.update(overrides)
    return data


def history_of(model):
    return model._meta.get_field("history").related_model


def history_url(record) -> str:
    return reverse("reports:audit_record", args=[record._meta.label_lower, record.pk])


# What is recorded --------------------------------------------------------------------------------


REQUIRED = {
    "members.member",
    "members.hardshipcase",
    "members.hardshipfamilymember",
    "members.hardshipverification",
    "activities.activity",
    "activities.attendance",
    "activities.award",
    "activities.suggestion",
    "activities.chronicleentry",
    "finances.fund",
    "finances.voucher",
    "finances.voucherline",
    "finances.wagebase",
    "finances.donationdrive",
    "finances.donation",
    "finances.aidpayment",
    "finances.budget",
    "finances.monthclose",
}


def test_every_tracked_model_is_shown_and_every_record_the_issue_names_is_tracked():
    tracked = {
        model.pgh_tracked_model._meta.label_lower
        for model in apps.get_models()
        if hasattr(model, "pgh_tracked_model")
    }
    assert tracked >= REQUIRED
    assert tracked == set(TRAILS), "a tracked model missing from reports.audit.TRAILS is never shown"


def test_a_change_through_the_site_is_recorded_with_who_when_and_the_old_and_new_values(client, world):
    member = MemberFactory(union=world.union_a, name="王芳", sex="F", mobile="13900001111")
    client = as_role(client, world, Role.Kind.SECRETARY)
    response = client.post(
        reverse("members:member_edit", args=[member.pk]), member_data(member, mobile="13722223333")
    )
    assert response.status_code == 302
    insert, update = member.history.order_by("pgh_id")
    assert (insert.pgh_label, update.pgh_label) == ("insert", "update")
    assert (insert.mobile, update.mobile) == ("13900001111", "13722223333")
    assert timezone.localdate(update.pgh_created_at) == timezone.localdate()
    context = update.pgh_context.metadata
    assert context["user"] == world.officers[Role.Kind.SECRETARY].pk
    assert context["role"] == Role.Kind.SECRETARY and context["union"] == world.union_a.pk
    assert context["url"] == reverse("members:member_edit", args=[member.pk])
    # Saving without a change is no event: timestamps alone do not count.
    client.post(reverse("members:member_edit", args=[member.pk]), member_data(member, mobile="13722223333"))
    assert member.history.count() == 2


def test_creates_changes_and_deletes_of_activities_awards_and_winners_are_recorded(client, world):
    activity = ActivityFactory(union=world.union_a, title="春季健步走")
    check_in = AttendanceFactory(activity=activity)
    award = AwardFactory(union=world.union_a, winner_kind=Award.Winner.INDIVIDUAL, unit_name="")
    award.members.add(check_in.member)
    award.members.remove(check_in.member)
    Activity.objects.filter(pk=activity.pk).update(title="春季健步走（改期）")
    activity_pk, check_in_pk = activity.pk, check_in.pk
    activity.delete()
    history = history_of(Activity).objects.filter(pgh_obj_id=activity_pk).order_by("pgh_id")
    assert list(history.values_list("pgh_label", "title")) == [
        ("insert", "春季健步走"),
        ("update", "春季健步走（改期）"),
        ("delete", "春季健步走（改期）"),
    ]
    attendance_history = history_of(Attendance).objects.filter(pgh_obj_id=check_in_pk)
    assert list(attendance_history.values_list("pgh_label", flat=True).order_by("pgh_id")) == [
        "insert",
        "delete",
    ]
    winners = history_of(AwardWinner).objects.order_by("pgh_id")
    assert list(winners.values_list("pgh_label", "member_id")) == [
        ("insert", check_in.member_id),
        ("delete", check_in.member_id),
    ]


def test_finance_records_keep_their_protection_and_their_insert_is_recorded(world):
    voucher = finance_services.post_voucher(
        union=world.union_a,
        by=world.officers[Role.Kind.TREASURER],
        date=datetime.date(2026, 3, 10),
        fund=union_fund(world),
        category=category("会费收入"),
        amount=Decimal("12.30"),
        summary="三月会费",
    )
    (event,) = voucher.history.all()
    assert (event.pgh_label, event.amount, event.summary) == ("insert", Decimal("12.30"), "三月会费")
    with refused(), transaction.atomic():
        Voucher.objects.filter(pk=voucher.pk).update(summary="改过的摘要")
    with refused(), transaction.atomic():
        Voucher.objects.filter(pk=voucher.pk).delete()
    assert voucher.history.count() == 1


def test_the_trail_itself_cannot_be_edited_or_deleted(world):
    member = MemberFactory(union=world.union_a)
    history = member.history.model
    with refused(), transaction.atomic():
        history.objects.filter(pgh_obj_id=member.pk).update(name="改写历史")
    with refused(), transaction.atomic():
        history.objects.filter(pgh_obj_id=member.pk).delete()
    # Plain SQL is refused the same way: the guard is in PostgreSQL.
    with (
        refused(),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(f"UPDATE {history._meta.db_table} SET name = 'x'")  # noqa: S608 - our own table name


def test_a_change_outside_the_site_is_recorded_with_no_user(world):
    member = MemberFactory(union=world.union_a)
    Member.objects.filter(pk=member.pk).update(mobile="13811112222")
    assert member.history.latest("pgh_id").pgh_context is None


# One record's history -------------------------------------------------------------------------------


def test_the_member_history_page_shows_who_changed_what_masked_for_the_auditor(client, world):
    member = MemberFactory(union=world.union_a, name="王芳", sex="F", mobile="13900001111")
    as_role(client, world, Role.Kind.SECRETARY).post(
        reverse("members:member_edit", args=[member.pk]), member_data(member, mobile="13722223333")
    )
    page = as_role(client, world, Role.Kind.CHAIR).get(history_url(member)).content.decode()
    assert "修改" in page and str(world.officers[Role.Kind.SECRETARY]) in page and "工会干事" in page
    assert "13900001111" in page and "13722223333" in page and "手机号码" in page
    assert member.id_number in page
    page = as_role(client, world, Role.Kind.AUDITOR).get(history_url(member)).content.decode()
    assert "139****1111" in page and "137****3333" in page
    assert "13900001111" not in page and member.id_number not in page
    # The chair's visit to the member page (unmasked numbers) is on the member's history.
    as_role(client, world, Role.Kind.CHAIR).get(reverse("members:member_detail", args=[member.pk]))
    page = as_role(client, world, Role.Kind.AUDITOR).get(history_url(member)).content.decode()
    assert "查看个人信息" in page and str(world.officers[Role.Kind.CHAIR]) in page


def test_another_unions_record_is_not_found_and_only_chair_and_auditor_read_histories(client, world):
    theirs = MemberFactory(union=world.union_b)
    ours = MemberFactory(union=world.group_a)
    assert as_role(client, world, Role.Kind.AUDITOR).get(history_url(theirs)).status_code == 404
    assert client.get(history_url(ours)).status_code == 200
    for kind in (Role.Kind.SECRETARY, Role.Kind.TREASURER):
        assert as_role(client, world, kind).get(history_url(ours)).status_code == 403
    client.force_login(world.system_chair)
    assert client.get(history_url(theirs)).status_code == 200
    assert (
        client.get(reverse("reports:audit_record", args=["members.rollimport", ours.pk])).status_code == 404
    )
    assert client.get(reverse("reports:audit_record", args=["members.member", 10**9])).status_code == 404


def test_a_hardship_file_history_is_for_the_chair_not_the_auditor(client, world):
    case = HardshipCaseFactory(member__union=world.union_a)
    case.family.create(name="李秀芬", relation="妻子", monthly_income=Decimal("1200"))
    HardshipCase.objects.filter(pk=case.pk).update(household_income=Decimal("2650.00"))
    page = as_role(client, world, Role.Kind.CHAIR).get(history_url(case))
    assert page.status_code == 200
    text = page.content.decode()
    assert "李秀芬" in text and "1,200.00" in text and "3,000.00" in text and "2,650.00" in text
    assert as_role(client, world, Role.Kind.AUDITOR).get(history_url(case)).status_code == 404
    # Nor does the auditor find the file's family on the member's history.
    member_page = client.get(history_url(case.member)).content.decode()
    assert "李秀芬" not in member_page


def test_a_deleted_activity_keeps_its_history_in_reach_only(client, world):
    activity = ActivityFactory(union=world.union_a, title="已取消的讲座")
    AttendanceFactory(activity=activity)
    url = history_url(activity)
    activity.delete()
    page = as_role(client, world, Role.Kind.CHAIR).get(url).content.decode()
    assert "已删除" in page and "已取消的讲座" in page and page.count("删除") >= 3
    b_chair = RoleFactory(union=world.union_b, kind=Role.Kind.CHAIR).user
    client.force_login(b_chair)
    assert client.get(url).status_code == 404


def test_the_record_pages_link_to_their_history_for_chair_and_auditor_only(client, world):
    member = MemberFactory(union=world.union_a)
    activity = ActivityFactory(union=world.union_a)
    for kind, linked in ((Role.Kind.CHAIR, True), (Role.Kind.AUDITOR, True), (Role.Kind.SECRETARY, False)):
        client.force_login(world.officers[kind])
        for record, page in ((member, "members:member_detail"), (activity, "activities:activity_detail")):
            body = client.get(reverse(page, args=[record.pk])).content.decode()
            assert (history_url(record) in body) is linked, (kind, page)


# The log ---------------------------------------------------------------------------------------------


LOG = reverse("reports:audit_log")


def test_the_log_filters_by_user_and_date_and_stays_in_reach(client, world):
    ours = MemberFactory(union=world.union_a, name="甲会员")
    theirs = MemberFactory(union=world.union_b, name="乙会员")
    as_role(client, world, Role.Kind.SECRETARY).post(
        reverse("members:member_edit", args=[ours.pk]), member_data(ours, name="甲会员改名")
    )
    outsider = Client()
    outsider.force_login(world.outsider)
    outsider.post(reverse("members:member_edit", args=[theirs.pk]), member_data(theirs, name="乙会员改名"))

    client = as_role(client, world, Role.Kind.AUDITOR)
    page = client.get(LOG).content.decode()
    assert "甲会员改名" in page and "乙会员" not in page
    secretary = world.officers[Role.Kind.SECRETARY]
    assert "甲会员改名" in client.get(LOG, {"user": secretary.pk}).content.decode()
    only_chair = client.get(LOG, {"user": world.officers[Role.Kind.CHAIR].pk}).content.decode()
    assert "甲会员改名" not in only_chair
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    later = client.get(LOG, {"start": tomorrow, "end": tomorrow}).content.decode()
    assert "甲会员改名" not in later
    refused = client.get(LOG, {"start": tomorrow, "end": timezone.localdate()})
    assert refused.status_code == 200 and "结束日期不能早于开始日期" in refused.content.decode()
    # The system chair above both sees both.
    client.force_login(world.system_chair)
    page = client.get(LOG).content.decode()
    assert "甲会员改名" in page and "乙会员改名" in page


def test_the_log_shows_reads_of_personal_data_and_deleted_rows(client, world):
    member = MemberFactory(union=world.union_a, name="被查看的会员")
    as_role(client, world, Role.Kind.SECRETARY).get(reverse("members:member_detail", args=[member.pk]))
    activity = ActivityFactory(union=world.union_a, title="被删除的活动")
    AttendanceFactory(activity=activity, member__name="出席者")
    activity.delete()
    page = as_role(client, world, Role.Kind.AUDITOR).get(LOG).content.decode()
    assert "查看个人信息" in page and "被查看的会员" in page and "会员资料（含完整身份证号、手机号）" in page
    assert "被删除的活动" in page and "出席者" in page


def test_the_log_keeps_hardship_files_from_the_auditor(client, world):
    HardshipCaseFactory(member__union=world.union_a, member__name="困难会员", health="肺癌晚期")
    assert "肺癌晚期" in as_role(client, world, Role.Kind.CHAIR).get(LOG).content.decode()
    assert "肺癌晚期" not in as_role(client, world, Role.Kind.AUDITOR).get(LOG).content.decode()


@pytest.mark.django_db(transaction=True)  # each row its own time, as in life: pages mix all kinds
def test_the_log_query_count_stays_flat(client, world, django_assert_max_num_queries):
    def add_rows(n):
        for i in range(n):
            member = MemberFactory(union=world.union_a)
            Member.objects.filter(pk=member.pk).update(mobile=f"1390000{i:04d}")
            activity = ActivityFactory(union=world.union_a)
            AttendanceFactory(activity=activity)
            HardshipCaseFactory(member=member)

    client = as_role(client, world, Role.Kind.CHAIR)
    add_rows(2)
    with django_assert_max_num_queries(40) as few:
        assert client.get(LOG).status_code == 200
    add_rows(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LOG).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LOG, {"page": 2}).status_code == 200


# Reads of personal data ---------------------------------------------------------------------------


def test_reading_unmasked_numbers_is_logged_for_the_roles_that_see_them(client, world):
    member = MemberFactory(union=world.union_a)
    url = reverse("members:member_detail", args=[member.pk])
    as_role(client, world, Role.Kind.TREASURER).get(url)  # masked: nothing to log
    assert not PersonalDataAccess.objects.exists()
    as_role(client, world, Role.Kind.SECRETARY).get(url)
    entry = PersonalDataAccess.objects.get()
    assert (entry.kind, entry.member, entry.user, entry.role_kind) == (
        PersonalDataAccess.Kind.VIEW,
        member,
        world.officers[Role.Kind.SECRETARY],
        Role.Kind.SECRETARY,
    )
    as_role(client, world, Role.Kind.CHAIR).get(reverse("members:member_list"))
    listed = PersonalDataAccess.objects.latest("pk")
    assert listed.kind == PersonalDataAccess.Kind.VIEW and listed.row_count == 1 and listed.member is None
    as_role(client, world, Role.Kind.TREASURER).get(reverse("members:member_list"))
    assert PersonalDataAccess.objects.count() == 2


def test_reading_a_hardship_file_is_logged(client, world):
    case = HardshipCaseFactory(member__union=world.union_a)
    as_role(client, world, Role.Kind.CHAIR).get(reverse("members:hardship_detail", args=[case.pk]))
    entry = PersonalDataAccess.objects.get()
    assert entry.member == case.member and "困难职工档案" in entry.what


def test_the_export_log_still_lists_exports_only_and_an_export_still_needs_a_purpose(client, world):
    member = MemberFactory(union=world.union_a)
    as_role(client, world, Role.Kind.SECRETARY).get(reverse("members:member_detail", args=[member.pk]))
    page = as_role(client, world, Role.Kind.AUDITOR).get(reverse("members:access_log")).content.decode()
    assert "会员资料（含完整身份证号、手机号）" not in page
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonalDataAccess.objects.create(
            kind=PersonalDataAccess.Kind.EXPORT,
            user=world.officers[Role.Kind.SECRETARY],
            union=world.union_a,
            role_kind="secretary",
            what="导出",
            row_count=1,
        )


def test_a_dues_run_is_one_entry_of_the_log_with_its_lines_and_months_in_words(world):
    from reports.audit_log import all_entries, log_rows

    treasurer = world.officers[Role.Kind.TREASURER]
    union_fund(world)
    for name, wage in (("甲", "4567"), ("乙", "3000"), ("丙", "5000")):
        member = MemberFactory(union=world.union_a, name=f"会员{name}")
        finance_services.set_wage_base(
            member=member, by=treasurer, amount=Decimal(wage), effective_from=datetime.date(2025, 1, 1)
        )
    run = finance_services.run_monthly_dues(union=world.union_a, year=2026, month=3, by=treasurer)
    chair = Role.objects.get(union=world.union_a, kind=Role.Kind.CHAIR)
    today = timezone.localdate()
    rows = log_rows(role=chair, scope=world.union_a, start=today, end=today, user=None)
    finance = [
        entry for entry in all_entries(rows, role=chair) if entry.trail and entry.trail.area == "finances"
    ]
    [entry] = [entry for entry in finance if entry.trail.key not in ("finances.wagebase", "finances.fund")]
    assert entry.trail.key == "finances.voucher" and entry.record_id == run.voucher.pk
    inside = {change.label: change.new for change in entry.changes}
    assert "凭证明细（3条）" in inside and "月度会费（1条）" in inside
    lines = inside["凭证明细（3条）"]
    assert "会员：会员甲，所属月份：2026年3月" in lines and "2026-03-01" not in lines
