import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity, ChronicleEntry
from reports import services
from reports.models import AnnualSummary, SummaryFigures
from tests.reports.word_layout import assert_official_page_numbers, open_word
from unionhub.models import Role

pytestmark = pytest.mark.django_db


def summary_url(world, name="reports:summary", **extra):
    return reverse(name, kwargs={"union_id": world.union_a.pk, "year": 2026, **extra})


@pytest.fixture
def records(world):
    ChronicleEntry.objects.create(
        union=world.union_a, date=date(2026, 3, 2), section="organisation", text="制定工会工作制度十二项"
    )
    ChronicleEntry.objects.create(
        union=world.group_a, date=date(2026, 5, 6), section="culture", text="班组篮球队成立"
    )
    Activity.objects.create(
        union=world.union_a, kind="sports", title="篮球友谊赛", start_date=date(2026, 6, 1)
    )
    Activity.objects.create(
        union=world.union_b, kind="sports", title="乙单位拔河", start_date=date(2026, 6, 1)
    )
    return world


def test_chronicle_and_activities_of_the_union_and_below_are_quoted(records, client):
    client.force_login(records.officers[Role.Kind.CHAIR])
    body = client.get(summary_url(records)).content.decode()
    assert "3月2日，" in body and "制定工会工作制度十二项。" in body
    assert "班组篮球队成立" in body  # a group below A rolls up
    assert "体育比赛" in body and "1项" in body
    assert "乙单位拔河" not in body


def test_a_roll_up_tells_a_few_events_of_the_unions_below_and_counts_the_rest(world, client):
    for day in range(1, 8):
        ChronicleEntry.objects.create(
            union=world.group_a, date=date(2026, 4, day), section="culture", text=f"班组活动第{day}场"
        )
    ChronicleEntry.objects.create(
        union=world.union_a, date=date(2026, 9, 1), section="culture", text="本级职工书屋开放"
    )
    client.force_login(world.officers[Role.Kind.CHAIR])
    body = client.get(summary_url(world)).content.decode()
    assert "本级职工书屋开放" in body  # the union's own entries are all told
    assert f"4月1日，{world.group_a.name}" in body and "班组活动第5场" in body
    assert "班组活动第6场" not in body and "所属工会另记载此类大事2件" in body


def test_a_section_without_records_is_left_out(world, client):
    client.force_login(world.officers[Role.Kind.CHAIR])
    body = client.get(summary_url(world, "reports:summary_print")).content.decode()
    assert "推进民主管理" not in body
    assert "二〇二" in body  # the signature's date in Chinese numerals
    assert 'class="draft-watermark"' in body  # a draft says so on paper


def test_the_chair_edits_a_section_and_can_go_back_to_the_records(records, client):
    client.force_login(records.officers[Role.Kind.CHAIR])
    response = client.post(
        summary_url(records, "reports:summary_edit", key="organisation"),
        {"text": "我们的组织工作。\n第二段。"},
    )
    assert response.status_code == 302
    summary = AnnualSummary.objects.get(union=records.union_a, year=2026)
    assert summary.edits == {"organisation": "我们的组织工作。\n第二段。"}
    body = client.get(summary_url(records)).content.decode()
    assert "我们的组织工作。" in body and "制定工会工作制度十二项" not in body
    edit_page = client.get(summary_url(records, "reports:summary_edit", key="organisation")).content.decode()
    assert "制定工会工作制度十二项" in edit_page  # the records' text stays beside the edit
    client.post(summary_url(records, "reports:summary_edit", key="organisation"), {"discard": "1"})
    assert "制定工会工作制度十二项" in client.get(summary_url(records)).content.decode()


def test_a_numbering_slip_is_shown_on_the_edit_page_and_applied_only_when_accepted(records, client):
    client.force_login(records.officers[Role.Kind.CHAIR])
    url = summary_url(records, "reports:summary_edit", key="organisation")
    typed = "一是建会。二是发展。三是接转。四是实名。四是培训。"
    response = client.post(url, {"text": typed})
    assert response.status_code == 302 and response["Location"].startswith(url)  # back to the edit page
    summary = AnnualSummary.objects.get(union=records.union_a, year=2026)
    assert summary.edits["organisation"] == typed  # printed exactly as typed
    page = client.get(url).content.decode()
    assert "第二个“四是”可能应为“五是”" in page and 'name="renumber"' in page
    client.post(url, {"renumber": "1"})
    summary.refresh_from_db()
    assert summary.edits["organisation"] == "一是建会。二是发展。三是接转。四是实名。五是培训。"
    assert "可能应为" not in client.get(url).content.decode()


def test_finalised_summary_is_frozen_and_says_when_records_changed(records, client):
    chair = records.officers[Role.Kind.CHAIR]
    client.force_login(chair)
    client.post(summary_url(records, "reports:summary_edit", key="plan"), {"text": "明年举办职工运动会。"})
    response = client.post(summary_url(records, "reports:summary_finalise"), {"signed_on": "2026-12-30"})
    assert response.status_code == 302
    summary = AnnualSummary.objects.get(union=records.union_a, year=2026)
    assert summary.is_final and summary.finalised_by == chair
    ChronicleEntry.objects.create(
        union=records.union_a, date=date(2026, 7, 1), section="organisation", text="新的记录"
    )
    body = client.get(summary_url(records)).content.decode()
    assert "新的记录" not in body
    assert 'id="records-changed"' in body
    assert "明年举办职工运动会。" in body and "二〇二六年十二月三十日" in body
    # no more edits once final
    client.post(summary_url(records, "reports:summary_edit", key="plan"), {"text": "改动"})
    summary.refresh_from_db()
    assert summary.edits["plan"] == "明年举办职工运动会。"


def test_a_summary_finalised_before_the_years_end_prints_the_date_it_counts_to(records, client):
    chair = records.officers[Role.Kind.CHAIR]
    summary = services.get_summary(union=records.union_a, year=2026)
    services.save_settings(
        summary=summary, theme="", signature="", signed_on=date(2026, 12, 8), as_of=date(2026, 12, 7)
    )
    services.finalise(summary=summary, by=chair)
    client.force_login(chair)
    counted_to = "（统计截至2026年12月7日）"
    for name in ("reports:summary", "reports:summary_print"):
        assert counted_to in client.get(summary_url(records, name)).content.decode()
    word = open_word(client.get(summary_url(records, "reports:summary_docx")).content)
    title, subtitle = (p.text for p in word.paragraphs[:2])
    assert (title, subtitle) == ("甲单位工会2026年度工会工作总结", counted_to)
    assert_official_page_numbers(word)
    # A year counted to its end says nothing of the date.
    last_year = services.get_summary(union=records.union_a, year=2025)
    text = services.document_text(services.build_document(summary=last_year))
    assert "统计截至" not in text and text.startswith("甲单位工会2025年度工会工作总结\n\n")


def test_another_years_summary_stays_readable(records, client):
    client.force_login(records.officers[Role.Kind.SECRETARY])
    assert (
        client.get(
            reverse("reports:summary", kwargs={"union_id": records.union_a.pk, "year": 2025})
        ).status_code
        == 200
    )


def test_the_command_prints_the_same_text_as_the_page(records, capsys):
    call_command("annual_summary", union=records.union_a.name, year=2026, format="text")
    printed = capsys.readouterr().out
    summary = AnnualSummary(union=records.union_a, year=2026)
    assert printed.strip() == services.document_text(services.build_document(summary=summary)).strip()
    assert "制定工会工作制度十二项" in printed and printed.startswith("甲单位工会2026年度工会工作总结")


def test_pdf_has_the_union_name_as_text(records, client):
    client.force_login(records.officers[Role.Kind.AUDITOR])
    response = client.get(summary_url(records, "reports:summary_pdf"))
    assert response["Content-Type"] == "application/pdf"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "甲单位工会2026年度工会工作总结" in text.replace("\n", "")


def test_summary_query_count_does_not_grow_with_records(world, client, django_assert_max_num_queries):
    client.force_login(world.officers[Role.Kind.CHAIR])

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        SummaryFigures.objects.all().delete()  # every section computed, both times
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(summary_url(world)).status_code == 200
        return len(ctx.captured_queries)

    few = count_queries()
    for day in range(1, 29):
        ChronicleEntry.objects.create(
            union=world.union_a, date=date(2026, 2, day), section="funds", text=f"记录{day}"
        )
        Activity.objects.create(
            union=world.group_a, kind="study", title=f"学习{day}", start_date=date(2026, 2, day)
        )
    assert count_queries() == few


def test_campaigns_of_equal_size_are_told_in_one_order_whatever_the_rows_order(world):
    """After a backup and a restore the rows come back in another order: the same records must
    still give the same text, so ties are broken by a natural key (here the union's name)."""
    from reports.figures import collect_figures
    from tests.activities.factories import SuggestionFactory

    for union in (world.union_b, world.union_a, world.group_a):  # inserted out of name order
        SuggestionFactory(union=union, campaign="合理化建议月", collected_on=date(2026, 4, 1))
    campaigns = collect_figures(union=world.system, year=2026, as_of=date(2026, 12, 31))["suggestions"][
        "campaigns"
    ]
    assert [c["union"] for c in campaigns] == sorted(c["union"] for c in campaigns)
    assert len(campaigns) == 3


def test_the_draft_word_file_says_草稿_on_every_page_and_the_final_one_does_not(records, client):
    chair = records.officers[Role.Kind.CHAIR]
    client.force_login(chair)
    draft = open_word(client.get(summary_url(records, "reports:summary_docx")).content)
    section = draft.sections[0]
    assert section.header.paragraphs[0].text == section.even_page_header.paragraphs[0].text == "草稿"
    assert draft.core_properties.title.endswith("（草稿）")
    services.finalise(summary=services.get_summary(union=records.union_a, year=2026), by=chair)
    final = open_word(client.get(summary_url(records, "reports:summary_docx")).content)
    assert final.sections[0].header.is_linked_to_previous and "草稿" not in final.core_properties.title
