"""The back office shows the register but cannot rewrite its history."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.members.factories import HardshipCaseFactory

pytestmark = pytest.mark.django_db


def test_the_admin_reads_the_register_and_keeps_history_read_only(client, world):
    case = HardshipCaseFactory(member__union=world.union_a)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name in ("member", "memberevent", "hardshipcase", "rollimport", "personaldataaccess"):
        assert client.get(reverse(f"admin:members_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:members_member_change", args=[case.member.pk])).status_code == 200
    assert client.get(reverse("admin:members_hardshipcase_change", args=[case.pk])).status_code == 200
    event = case.member.events.get()
    assert (
        client.post(reverse("admin:members_memberevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:members_member_add")).status_code == 403
