"""The register's search (MemberQuerySet.search), served by indexes, finds what a plain reading finds."""

import pytest
from django.urls import reverse

from members.idcard import normalise_text
from members.models import Member, pinyin_full, pinyin_initials
from tests.factories import UnionFactory
from tests.members.factories import MemberFactory

NAMES = ["王伟", "王小伟", "张伟", "伟王", "欧阳娜娜", "曾国藩", "蔡海涛", "李四", "王", "Anna Li", "张三丰"]


def plain_search(members, text: str, *, by_id_number: bool = True) -> set[int]:
    """The search's meaning, read member by member."""
    text = normalise_text(text)
    low = text.lower()
    found = set()
    for member in members:
        letters = text.isascii() and text.isalpha()
        if (
            low in member.name.lower()
            or (letters and low in pinyin_initials(member.name))
            or (
                letters
                and (
                    low in pinyin_full(member.name)
                    if len(low) >= 4
                    else pinyin_full(member.name).startswith(low)
                )
            )
            or low == member.card_number.lower()
            or (text.isascii() and text.isalnum() and low in member.card_number.lower())
            or (by_id_number and len(text) >= 4 and member.id_number.endswith(text.upper()))
        ):
            found.add(member.pk)
    return found


@pytest.mark.django_db
def test_the_search_finds_what_a_plain_reading_finds():
    union = UnionFactory()
    members = [
        MemberFactory(
            union=union,
            name=NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else "某"[: i % 2]),
            card_number=f"HZ{i:04d}",
        )
        for i in range(50)
    ]
    texts = [
        "王",
        "伟",
        "王伟",
        "伟王",
        "小伟",
        "王小伟",
        "欧阳娜",
        "阳娜娜",
        "zgf",
        "cgf",
        "zs",
        "caihai",
        "haitao",
        "anna",
        "NA",
        "a l",
        "hz0012",
        "0012",
        members[7].id_number[-4:],
        members[30].id_number[-6:],
        "某",
        "无此人",
    ]
    for text in texts:
        for by_id_number in (True, False):
            found = set(Member.objects.search(text, by_id_number=by_id_number).values_list("pk", flat=True))
            assert found == plain_search(members, text, by_id_number=by_id_number), text
    assert Member.objects.search("王伟").count() >= 1


@pytest.mark.django_db
def test_the_search_column_follows_the_name_whichever_way_it_is_written():
    member = MemberFactory(name="张三丰")
    Member.objects.filter(pk=member.pk).update(name="李四光")  # no save(): the database keeps it right
    assert list(Member.objects.search("四光")) == [member]
    assert not Member.objects.search("三丰").exists()


@pytest.mark.django_db
def test_the_register_counts_and_pages_in_one_query(client, world):
    for i in range(55):
        MemberFactory(union=world.union_a, name=f"王伟{i}")
    client.force_login(world.officers["secretary"])
    url = reverse("members:member_list")
    first = client.get(url, {"q": "王伟"})
    assert first.context["page"].paginator.count == 55 and len(first.context["page"].object_list) == 50
    last = client.get(url, {"q": "王伟", "page": 9})  # past the end: the last page, counted on its own
    assert last.context["page"].number == 2 and len(last.context["page"].object_list) == 5
    none = client.get(url, {"q": "无此人"})
    assert none.context["page"].paginator.count == 0
