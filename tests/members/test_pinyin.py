"""Names sort by full pinyin everywhere, and search takes full pinyin as well as initials."""

import pytest
from django.urls import reverse

from members.models import Member, pinyin_full
from tests.members.factories import MemberFactory
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def test_full_pinyin_of_a_name():
    assert pinyin_full("蔡海涛") == "caihaitao"
    assert pinyin_full("曾国藩") == "zengguofan"  # the surname reading, not ceng
    assert pinyin_full("单雄信") == "shanxiongxin"
    assert pinyin_full("A组 王五") == "azuwangwu"


def test_sorting_chen_chao_cao_dan_cai_haitao_gives_cai_cao_chen(world, client):
    for name in ("陈超", "曹丹", "蔡海涛", "崔健", "陈佳"):
        MemberFactory(union=world.union_a, name=name)
    assert list(Member.objects.filter(union=world.union_a).values_list("name", flat=True)) == [
        "蔡海涛",
        "曹丹",
        "陈超",
        "陈佳",
        "崔健",
    ]
    # The roll on the screen and on paper in the same order.
    client.force_login(world.officers[Role.Kind.SECRETARY])
    page = client.get(reverse("members:member_list")).content.decode()
    positions = [page.index(name) for name in ("蔡海涛", "曹丹", "陈超", "陈佳", "崔健")]
    assert positions == sorted(positions)
    printed = client.get(reverse("members:member_list"), {"format": "print"}).content.decode()
    positions = [printed.index(name) for name in ("蔡海涛", "曹丹", "陈超", "陈佳", "崔健")]
    assert positions == sorted(positions)
    # Sorting descending is labelled in Chinese.
    assert "descending" not in page


def test_search_takes_full_pinyin_and_initials(world):
    cai = MemberFactory(union=world.union_a, name="蔡海涛")
    MemberFactory(union=world.union_a, name="曹丹")
    for text in ("caihaitao", "CaiHaiTao", "cht", "蔡海", "caihai", "haitao"):
        assert list(Member.objects.search(text)) == [cai], text
