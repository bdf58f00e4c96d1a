"""Pages and downloads with unmasked personal data are never kept by a browser or a proxy: every
response to a signed-in user says `Cache-Control: no-store, private`."""

import pytest
from django.urls import reverse

from tests.members.factories import HardshipCaseFactory, MemberFactory
from tests.members.test_views import export_rows

pytestmark = pytest.mark.django_db


def not_stored(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_the_unmasked_export_is_not_stored(client, world):
    member = MemberFactory(union=world.union_a)
    client.force_login(world.officers["secretary"])
    response = client.post(reverse("members:member_export"), {"purpose": "报送市总工会会员实名制数据"})
    assert export_rows(response)[2][5] == member.id_number  # the full ID number is in it (under the title)
    assert not_stored(response)


def test_member_pages_hardship_files_and_the_ledger_are_not_stored(client, world):
    member = MemberFactory(union=world.union_a)
    case = HardshipCaseFactory(member=member)
    client.force_login(world.officers["chair"])
    for url in (
        reverse("members:member_list"),
        reverse("members:member_detail", args=[member.pk]),
        reverse("members:hardship_detail", args=[case.pk]),
        reverse("reports:member_ledger", args=[member.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and member.name in response.content.decode(), url
        assert not_stored(response), url
    assert member.id_number in client.get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert not_stored(client.get(reverse("finances:voucher_list")))
