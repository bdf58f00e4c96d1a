"""Control characters (unionhub.control_characters): every form's text field refuses them, and rows
that hold them already — written before the rule, or by a path that is not a form — still leave the
site in every xlsx and Word file."""

import datetime
import importlib
import io
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from activities.models import Activity, Award, ChronicleEntry, Suggestion
from finances import services as finance_services
from finances.models import AidPayment, Fund
from members.models import HardshipCase, Member
from tests.activities.factories import ActivityFactory, AwardFactory, ChronicleEntryFactory, SuggestionFactory
from tests.finances.factories import FundFactory, category
from tests.members.factories import HardshipCaseFactory, MemberFactory
from unionhub.control_characters import has_control_characters, refuse_control_characters, xml_text
from unionhub.models import Role, Union
from unionhub.spreadsheets import safe_cell

PROJECT = ("unionhub", "members", "activities", "finances", "reports")
CONTROLS = "\x0b\x1b\x01\x0c\x7f\x85\x00\ufffe"


@pytest.mark.parametrize("character", list(CONTROLS))
def test_each_control_character_is_one(character):
    assert has_control_characters(f"张{character}三")


def test_tab_and_line_ends_are_text_and_other_values_hold_none():
    assert not has_control_characters("第一行\r\n\t第二行　全角空格")
    assert not any(
        has_control_characters(value) for value in (None, 12, Decimal("1.5"), datetime.date.today())
    )


def test_what_xml_cannot_hold_is_dropped_and_a_formula_stays_text():
    assert xml_text("健步\x0b走\x1b\x00\ufffe\t\r\n") == "健步走\t\r\n"
    assert safe_cell("\x01=1+1") == "'=1+1"
    assert safe_cell(12) == 12


def project_forms():
    """Every form class the project defines, its modules imported first."""
    for app in PROJECT:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)

    def below(cls):
        for subclass in cls.__subclasses__():
            yield subclass
            yield from below(subclass)

    return {cls for cls in below(forms.BaseForm) if cls.__module__.split(".")[0] in PROJECT}


def test_every_text_field_of_every_form_refuses_control_characters():
    """The validator is CharField's default (set in UnionhubConfig.ready()); a form built before that
    would lack it. Django's own fields (the password form's) are built before and exempt: a password
    is never shown or exported."""
    django_fields = {
        id(field)
        for cls in project_forms()
        for base in cls.__mro__
        if base.__module__.startswith("django.")
        for field in getattr(base, "base_fields", {}).values()
    }
    checked, missing = 0, []
    for cls in project_forms():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.CharField) and id(field) not in django_fields:
                checked += 1
                if refuse_control_characters not in field.validators:
                    missing.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert checked > 50
    assert not missing


# Rows that hold control characters already ---------------------------------------------------------

DIRTY = "\x0b\x1b\x01"


@pytest.fixture
def dirty(world):
    """One record of every kind an export shows, each with control characters in its text, written
    straight to the database as an old row or a service would have."""
    Union.objects.filter(pk=world.union_a.pk).update(name=f"甲单位{DIRTY}工会")
    union = Union.objects.get(pk=world.union_a.pk)
    treasurer = world.officers[Role.Kind.TREASURER]
    member = MemberFactory(union=union, name=f"张{DIRTY}三", employer=f"机械{DIRTY}厂")
    HardshipCaseFactory(member=member)
    HardshipCase.objects.update(health=f"因病{DIRTY}致困", situation=f"因病{DIRTY}致困")
    activity = ActivityFactory(union=union, title=f"健步{DIRTY}走", place=f"体育{DIRTY}馆")
    AwardFactory(union=union, event=f"技能{DIRTY}大赛", date=datetime.date(2026, 5, 20))
    SuggestionFactory(union=union, title=f"建议{DIRTY}食堂")
    ChronicleEntryFactory(union=union, text=f"召开{DIRTY}会议", date=datetime.date(2026, 3, 1))
    fund = FundFactory(union=union, name=f"工会{DIRTY}经费", kind=Fund.Kind.UNION_FUND)
    hardship = FundFactory(union=union, name=f"帮困{DIRTY}基金", kind=Fund.Kind.HARDSHIP, restricted=True)
    finance_services.record_opening_balance(
        fund=hardship, by=treasurer, date=datetime.date(2026, 1, 1), amount=Decimal("10000")
    )
    voucher = finance_services.post_voucher(
        union=union,
        by=treasurer,
        date=datetime.date(2026, 3, 10),
        fund=fund,
        category=category("行政补助收入"),
        amount=Decimal("100.00"),
        summary=f"行政{DIRTY}补助",
    )
    finance_services.pay_aid(
        union=union,
        by=treasurer,
        date=datetime.date(2026, 3, 12),
        fund=hardship,
        kind=AidPayment.Kind.SCHOOLING,
        amount=Decimal("500"),
        recipient=AidPayment.Recipient.STUDENT,
        beneficiary=f"王{DIRTY}小明",
    )
    assert has_control_characters(Member.objects.get(pk=member.pk).name)
    assert all(
        has_control_characters(text)
        for text in (
            Activity.objects.get(pk=activity.pk).title,
            Award.objects.get().event,
            Suggestion.objects.get().title,
            ChronicleEntry.objects.get().text,
            type(voucher).objects.get(pk=voucher.pk).summary,
            AidPayment.objects.get().beneficiary,
        )
    )
    return {"union": union.pk, "activity": activity.pk}


def xlsx_exports(ids):
    union, year = {"union": ids["union"]}, {"year": 2026}
    xlsx, export = {"format": "xlsx"}, {"export": "xlsx"}
    secretary, treasurer = Role.Kind.SECRETARY, Role.Kind.TREASURER
    return [
        (secretary, reverse("members:member_list"), xlsx),
        (secretary, reverse("members:member_export"), {}),
        (secretary, reverse("members:hardship_list"), xlsx),
        (secretary, reverse("activities:activity_list"), xlsx),
        (secretary, reverse("activities:attendance_sheet", args=[ids["activity"]]), xlsx),
        (secretary, reverse("activities:attendance_xlsx", args=[ids["activity"]]), {}),
        (secretary, reverse("activities:award_list"), xlsx),
        (secretary, reverse("activities:suggestion_list"), xlsx),
        (secretary, reverse("activities:chronicle_list"), xlsx),
        (treasurer, reverse("finances:voucher_list"), {**year, **xlsx}),
        (treasurer, reverse("finances:aid_list"), {**year, **xlsx}),
        (treasurer, reverse("finances:arrears"), {**union, **year, "month": 3, **xlsx}),
        (treasurer, reverse("finances:income_statement"), {**year, **export}),
        (treasurer, reverse("finances:fund_balances"), {**year, **export}),
        (treasurer, reverse("finances:journal"), {**year, **export}),
        (treasurer, reverse("finances:budget"), {**year, **export}),
        (treasurer, reverse("finances:statutory"), {**union, **year, "form": "01", **export}),
        (treasurer, reverse("finances:statutory"), {**union, **year, "form": "02", **export}),
        (treasurer, reverse("finances:account_journal"), {**union, **year, **export}),
        (treasurer, reverse("finances:trial_balance"), {**union, **year, **export}),
        (Role.Kind.CHAIR, reverse("reports:audit_log"), xlsx),
    ]


def test_rows_with_control_characters_export_to_every_workbook(world, client, dirty):
    seen = set()
    for role, url, query in xlsx_exports(dirty):
        client.force_login(world.officers[role])
        response = client.get(url, query)
        assert response.status_code == 200, (url, query)
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), (url, query)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        book = load_workbook(io.BytesIO(content))
        texts = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
        seen.update(text for text in texts if isinstance(text, str))
    seen = {text.replace(" ", "") for text in seen}  # a member's name is saved with \x0b as a space
    for clean in ("张三", "健步走", "技能大赛", "召开会议", "行政补助", "王小明", "甲单位工会"):
        assert any(clean in text for text in seen), clean


def test_rows_with_control_characters_write_the_summarys_word_file(world, client, dirty):
    client.force_login(world.officers[Role.Kind.CHAIR])
    response = client.get(reverse("reports:summary_docx", args=[dirty["union"], 2026]))
    assert response.status_code == 200
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs)
    assert "甲单位工会" in text and not has_control_characters(text)
    response = client.get(reverse("reports:review_report_docx", args=[dirty["union"], 2026]))
    assert response.status_code == 200
    Document(io.BytesIO(response.content))
