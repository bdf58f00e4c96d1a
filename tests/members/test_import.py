"""Importing a roll on the web and on the command line: the same checker, the same verdicts."""

import io
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from members.models import Member, MemberEvent, RollImport
from tests.members.factories import MemberFactory
from tests.members.rollfiles import messy_roll

pytestmark = pytest.mark.django_db


def upload(client, world, content: bytes, name: str = "花名册.xlsx", union=None):
    client.force_login(world.officers["secretary"])
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        reverse("members:import_upload"), {"union": (union or world.union_a).pk, "file": file}, follow=False
    )


def test_upload_preview_commit(client, world):
    registered = MemberFactory(union=world.union_a)
    roll = messy_roll(registered_id=registered.id_number)
    response = upload(client, world, roll.content)
    roll_import = RollImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:import_preview", args=[roll_import.pk]
    )
    assert (roll_import.accepted_count, roll_import.registered_count) == (3, 1)
    assert roll_import.rejected_count == len(roll.expected) - 4

    page = client.get(response["Location"]).content.decode()
    assert "第 7 行" in page and "校验位" in page and "B列" in page
    assert "已在本工会登记" in page
    assert "导入 3 名会员" in page
    assert Member.objects.count() == 1, "nothing is saved before the secretary confirms"

    response = client.post(reverse("members:import_preview", args=[roll_import.pk]))
    assert response.status_code == 302
    assert Member.objects.count() == 4
    imported = Member.objects.get(id_number=roll.good_ids[3])
    assert (imported.name, imported.name_initials, imported.join_date) == ("张三丰", "zsf", date(2024, 3, 1))
    event = imported.events.get()
    assert (event.kind, event.recorded_by) == (MemberEvent.Kind.JOINED, world.officers["secretary"])
    assert Member.objects.get(id_number=roll.good_ids[4]).union == world.group_a
    roll_import.refresh_from_db()
    assert {row["verdict"] for row in roll_import.rows} == {"rejected", "registered"}, (
        "no second copy of the people"
    )
    assert "第 7 行" in client.get(reverse("members:import_preview", args=[roll_import.pk])).content.decode()

    # A second commit of the same upload does nothing; a second upload finds them registered.
    client.post(reverse("members:import_preview", args=[roll_import.pk]))
    assert Member.objects.count() == 4
    upload(client, world, roll.content)
    again = RollImport.objects.latest("pk")
    # rows 3, 4, 14, the old member's row, and row 10 (a repeat of row 3's number)
    assert (again.accepted_count, again.registered_count) == (0, 5)


def test_commit_is_all_or_nothing_when_the_register_changed_since_the_preview(client, world):
    roll = messy_roll()
    upload(client, world, roll.content)
    roll_import = RollImport.objects.get()
    # Meanwhile someone registers the person of row 14 by hand.
    MemberFactory(union=world.union_b, id_number=roll.good_ids[14], birth_date=date(1990, 1, 15))
    response = client.post(reverse("members:import_preview", args=[roll_import.pk]), follow=True)
    assert "已经登记" in response.content.decode()
    assert not Member.objects.filter(union__in=[world.union_a, world.group_a]).exists()
    roll_import.refresh_from_db()
    assert roll_import.committed_at is None


def test_a_wrong_file_is_explained_at_the_field(client, world):
    response = upload(client, world, b"PK\x03\x04broken", name="名册.xlsx")
    assert response.status_code == 200
    assert "无法读取这个 Excel 文件" in response.content.decode()
    assert not RollImport.objects.exists()


def test_the_command_and_the_web_give_the_same_verdicts_on_the_same_file(client, world, tmp_path):
    registered = MemberFactory(union=world.union_a)
    elsewhere = MemberFactory(union=world.union_b)
    roll = messy_roll(registered_id=registered.id_number, elsewhere_id=elsewhere.id_number)
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(roll.content)

    out = io.StringIO()
    call_command("import_members", str(path), "--union", world.union_a.name, "--dry-run", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == f"accepted: 3 rejected: {len(roll.expected) - 3}"
    command_rejected = {}
    for line in lines:
        match = re.match(r"第(\d+)行：(.+)$", line)
        if match:
            command_rejected[int(match.group(1))] = match.group(2)

    upload(client, world, roll.content)
    web = RollImport.objects.get()
    web_rejected = {row["row"]: row for row in web.rows if row["verdict"] != "accepted"}
    assert set(command_rejected) == set(web_rejected)
    for number, row in web_rejected.items():
        for problem in row["problems"]:
            assert problem["message"] in command_rejected[number]
            if problem["column"]:
                assert f"{problem['column']}列" in command_rejected[number]
    assert web.accepted_count == 3
    assert Member.objects.count() == 2, "a dry run saves nothing"


def test_the_command_imports_for_real(world, tmp_path):
    roll = messy_roll()
    path = tmp_path / "roll.xlsx"
    path.write_bytes(roll.content)
    world.union_a.short_name = "甲单位"
    world.union_a.save()
    out = io.StringIO()
    call_command("import_members", str(path), "--union", "甲单位", stdout=out)
    assert out.getvalue().strip().endswith("accepted: 3 rejected: 9")
    assert Member.objects.within(world.union_a).count() == 3
    out = io.StringIO()
    call_command("import_members", str(path), "--union", "甲单位", stdout=out)
    assert out.getvalue().strip().endswith("accepted: 0 rejected: 12")
    assert "已在本工会登记" in out.getvalue()


def test_the_command_explains_a_wrong_file_or_union(world, tmp_path):
    path = tmp_path / "roll.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0old excel")
    with pytest.raises(CommandError, match="另存为"):
        call_command("import_members", str(path), "--union", world.union_a.name)
    with pytest.raises(CommandError, match="找不到工会"):
        call_command("import_members", str(path), "--union", "没有这个工会")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_members", str(tmp_path / "missing.xlsx"), "--union", world.union_a.name)
