"""Offices end with their union and at a hand-over, whatever end date they were given; nothing is
appointed into a union past its closing date."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import RoleFactory, UserFactory
from unionhub import services
from unionhub.models import Role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days(n: int):
    return TODAY() + timedelta(days=n)


def test_closing_a_union_ends_offices_with_a_later_end_date_below_it_too(world):
    auditor = RoleFactory(union=world.union_a, kind=Role.Kind.AUDITOR, start=days(-30), end=days(365))
    below = RoleFactory(union=world.group_a, kind=Role.Kind.CHAIR, start=days(-30), end=days(100))
    services.close_union(union=world.union_a, on=TODAY())
    for role in (auditor, below):
        role.refresh_from_db()
        assert role.end == TODAY()
    assert not Role.objects.current(days(1)).filter(union__in=[world.union_a, world.group_a]).exists()


def test_closing_a_union_cuts_an_office_to_come_to_one_never_held(world):
    coming = RoleFactory(union=world.union_a, kind=Role.Kind.AUDITOR, start=days(10), end=days(400))
    services.close_union(union=world.union_a, on=days(5))
    coming.refresh_from_db()
    assert coming.end == coming.start == days(10)
    assert not any(coming.is_current(days(n)) for n in range(0, 400, 7))


def test_closing_leaves_ended_offices_and_other_unions_alone(world):
    ended = RoleFactory(union=world.union_a, kind=Role.Kind.AUDITOR, start=days(-90), end=days(-10))
    services.close_union(union=world.union_a, on=TODAY())
    ended.refresh_from_db()
    assert ended.end == days(-10)
    assert Role.objects.current().filter(union=world.union_b).count() == 1


def test_a_hand_over_ends_an_office_with_a_later_end_date(world):
    auditor = RoleFactory(union=world.union_a, kind=Role.Kind.AUDITOR, start=days(-30), end=days(365))
    chair = world.officers[Role.Kind.CHAIR]
    services.hand_over(
        union=world.union_a, on=TODAY(), officers=[services.NewOfficer(kind="chair", user=chair)]
    )
    auditor.refresh_from_db()
    assert auditor.end == TODAY()
    assert [r.kind for r in Role.objects.current(days(1)).filter(union=world.union_a)] == ["chair"]


def test_no_one_is_appointed_from_a_unions_closing_date_on(world):
    world.union_b.closed_on = days(30)
    world.union_b.save()
    with pytest.raises(ValidationError, match="撤销，不能任命此后到任的干部") as refused:
        services.appoint(union=world.union_b, kind=Role.Kind.AUDITOR, start=days(30), user=UserFactory())
    assert "start" in refused.value.message_dict
    with pytest.raises(ValidationError, match="撤销，不能任命此后到任的干部"):
        services.hand_over(
            union=world.union_b, on=days(40), officers=[services.NewOfficer(kind="chair", user=UserFactory())]
        )


def test_an_office_given_before_a_future_closing_ends_with_the_union(world):
    world.union_b.closed_on = days(30)
    world.union_b.save()
    role = services.appoint(
        union=world.union_b, kind=Role.Kind.AUDITOR, start=TODAY(), user=UserFactory()
    ).role
    assert role.end == days(30)


def test_a_person_holds_one_office_of_a_kind_at_a_time_even_with_an_end_date(world):
    person = UserFactory()
    RoleFactory(union=world.union_b, kind=Role.Kind.AUDITOR, user=person, start=days(-30), end=days(30))
    with pytest.raises(ValidationError, match="已是"):
        services.appoint(union=world.union_b, kind=Role.Kind.AUDITOR, start=TODAY(), user=person)
    assert services.appoint(union=world.union_b, kind=Role.Kind.AUDITOR, start=days(30), user=person).role
