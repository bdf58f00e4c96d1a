"""Check-in by an activity's code: once, inside the window with the union's margin, own union only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities import services
from activities.models import Attendance
from reports.models import AnnualSummary
from reports.services import build_document, document_text
from tests.activities.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def test_a_member_checks_in_once_inside_the_window(world):
    day = datetime.date(2026, 5, 8)
    activity = ActivityFactory(
        union=world.union_a,
        start_date=day,
        end_date=None,
        start_time=datetime.time(14),
        end_time=datetime.time(16),
    )
    member = MemberFactory(union=world.group_a)  # a union below the activity's
    token = services.checkin_token(activity)
    assert services.activity_of_token(token) == activity
    with pytest.raises(ValidationError, match="尚未开始"):
        services.check_in(activity=activity, member=member, at=at(day, 13, 29))  # margin: 30 minutes
    services.check_in(activity=activity, member=member, at=at(day, 13, 31))
    with pytest.raises(ValidationError, match="已签到"):
        services.check_in(activity=activity, member=member, at=at(day, 14))
    with pytest.raises(ValidationError, match="已结束"):
        services.check_in(activity=activity, member=MemberFactory(union=world.union_a), at=at(day, 16, 31))
    with pytest.raises(ValidationError, match="不在本活动"):
        services.check_in(activity=activity, member=MemberFactory(union=world.union_b), at=at(day, 15))
    attendance = Attendance.objects.get()
    assert attendance.member == member and attendance.checked_in_at == at(day, 13, 31)
    # The summary says it: one check-in by code, the member ticked by hand not counted with it.
    Attendance.objects.create(
        activity=activity, member=MemberFactory(union=world.union_a), status=Attendance.Status.PRESENT
    )
    summary = AnnualSummary(union=world.union_a, year=2026, as_of=datetime.date(2026, 12, 31))
    text = document_text(build_document(summary=summary, with_changes_check=False))
    assert "会员扫码签到1人次" in text


def test_a_forged_or_altered_code_names_no_activity(world):
    token = services.checkin_token(ActivityFactory(union=world.union_a))
    for bad in (token[:-2] + "xx", "abc", token.replace(":", "", 1)):
        with pytest.raises(ValidationError, match="签到码无效"):
            services.activity_of_token(bad)
