"""The summary of a year mirroring reference summary B: each fact is found in its own sentence."""

import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from activities.models import Activity
from finances import statutory
from finances.models import AidPayment
from finances.services.relief import pay_aid
from reports import services
from reports.chinese import yuan
from reports.documents.changes import numbers
from reports.figures import collect_figures
from reports.models import AnnualSummary
from tests.factories import UnionFactory
from tests.finances.factories import FundFactory, officer
from tests.members.factories import MemberFactory
from tests.reports.reference_year import transport_bureau
from unionhub.models import Union

pytestmark = pytest.mark.django_db


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。\n]", text) if s.strip()]


def sentence_with(text: str, *needles: str) -> str:
    """The one sentence (up to 。) that holds every needle; fails naming them when there is none."""
    found = [s for s in sentences(text) if all(n in s for n in needles)]
    assert found, f"no sentence holds {needles}"
    return found[0]


@pytest.fixture
def bureau():
    return transport_bureau(2026)


def text_of(union, year=2026, **settings) -> str:
    summary = services.get_summary(union=union, year=year)
    summary.as_of = settings.pop("as_of", date(year, 12, 24))
    for name, value in settings.items():
        setattr(summary, name, value)
    summary.save()
    return services.document_text(services.build_document(summary=summary))


def test_each_fact_of_reference_b_is_in_its_sentence(bureau):
    text = text_of(bureau.system, theme="干在实处，交通先行，开好新局")
    # The opening names the party organisation and the year's theme.
    sentence_with(text, "局党委", "“干在实处，交通先行，开好新局”")
    # The 1994 fund whose interest pays about 10,000 yuan of aid.
    sentence_with(text, "1994年设立", "“帮困基金”", "由各单位出资建立", "利息收入10200元", "4人", "10000元")
    # The appeal: 58,180 yuan given, 9,500 yuan paid out of it the same year.
    sentence_with(text, "1月", "“扶贫帮困，情暖交通”倡议", "58180元", "当年从中救助困难职工", "9500元")
    # The team's third place and the champion.
    sentence_with(text, "组队参加", "营运大客车驾驶员技能比赛", "团体第三名")
    sentence_with(text, "消防比赛", "冠军")
    # 52 suggestions with 27 adopted, in the campaign that collected them.
    sentence_with(text, "52件", "采纳27件")
    sentence_with(text, "交通工程公司工会", "“人人献计，管理挖潜”", "52件", "27件")
    # Culture awards by month.
    sentence_with(text, "4月", "腰鼓舞大赛", "最佳魅力奖")
    sentence_with(text, "6月", "文艺汇演", "银奖")
    sentence_with(text, "7月", "舞蹈大赛", "金奖")
    # Competitions and culture named, with examples.
    sentence_with(text, "如：", "路政形象大赛", "“业务操作”比武")
    sentence_with(text, "如：", "春节联欢会", "首届征费文化周")
    # A lecture names its group, speaker and subject.
    sentence_with(text, "面向农民工", "县司法局张律师", "劳动合同法")
    # 金秋助学 counts persons by group.
    sentence_with(text, "“金秋助学”", "大学生", "9名", "9000元", "中小学生", "10名", "2000元")
    # 送温暖: the survey's households and the visits.
    sentence_with(
        text, "“送温暖”", "困难职工家庭摸底调查", "120户", "14户", "走访慰问", "3户", "1500元", "大米"
    )
    # An activity of kind "other" and a chronicle entry of section "other" are printed.
    sentence_with(text, "引进人才座谈会")
    assert "三文明" in text
    assert text.count("关注不同职工群体") == 1
    # The honour and the closing paragraph.
    sentence_with(text, "被评为", "“优秀单位”")
    assert "总之，2026年" in text


@pytest.mark.parametrize("name", ["system", "bus", "fees"])
def test_the_summarys_money_is_the_02_statements(bureau, name):
    """收入合计 and 支出合计 as the consolidated 工会02表 states them, donations and interest of the
    restricted funds included, grants inside the tree once; the year-end balances are the 01表's."""
    union = getattr(bureau, name)
    figures = collect_figures(union=union, year=2026, as_of=date(2026, 12, 31))
    funds = figures["funds"]
    form_02 = statutory.form_02(union=union, year=2026, consolidated=True)
    form_01 = statutory.form_01(union=union, year=2026, consolidated=True)
    assert Decimal(funds["income_total"]) == form_02.value("income")
    assert Decimal(funds["spending_total"]) == form_02.value("spending")
    assert Decimal(funds["net_assets"]) == form_01.value("net_assets", 1)
    assert sum(Decimal(amount) for _kind, amount, _restricted in funds["balances"]) == Decimal(
        funds["closing"]
    )
    text = text_of(union)
    if form_02.value("income"):
        sentence_with(text, f"全年收入合计{yuan(form_02.value('income'))}")
    if form_02.value("spending"):
        sentence_with(text, f"支出合计{yuan(form_02.value('spending'))}")
    if name == "system":
        # The donations to the 帮困基金 are part of the year's income, told as the restricted fund's.
        sentence_with(text, "专项资金", "“帮困基金”", "收入")


def test_the_summary_counts_up_to_its_date(bureau):
    before = text_of(bureau.system, as_of=date(2026, 12, 24))
    assert "年终集中学习" not in before and "集中学习" not in before
    after = text_of(bureau.system, as_of=date(2026, 12, 31))
    assert "集中学习1次" in after


def test_no_zero_figures_and_empty_parts_left_out(bureau):
    text = text_of(bureau.system)
    for zero in ("0元", "0.0%", "0名", "0人", "0户", "0件", "0项"):
        assert not re.search(rf"(?<![\d.]){re.escape(zero)}", text), zero
    assert "会费收缴" not in text  # no dues are recorded anywhere: nobody is said to owe them


def test_a_township_with_village_unions_reads_right():
    town = UnionFactory(name="新埭镇总工会", kind=Union.Kind.TOWNSHIP, party_organisation="镇党委")
    villages = [
        UnionFactory(name=f"新埭镇{i}村工会", kind=Union.Kind.VILLAGE, parent=town) for i in range(10)
    ]
    for village in villages[:3]:
        MemberFactory(union=village)
    Activity.objects.create(
        union=town,
        kind="training",
        title="农民工法律知识培训",
        start_date=date(2026, 6, 5),
        audience="migrant",
        speaker="镇司法所李所长",
        subject="劳动合同与工资支付",
    )
    fund = FundFactory(union=town, name="镇工会经费")
    treasurer = officer(town)
    for i in range(9):
        pay_aid(
            union=town,
            by=treasurer,
            date=date(2026, 8, 25),
            fund=fund,
            kind=AidPayment.Kind.SCHOOLING,
            amount=Decimal("1000"),
            recipient=AidPayment.Recipient.STUDENT,
            beneficiary=f"大学生{i}",
            schooling=AidPayment.Schooling.UNIVERSITY,
            school="嘉兴学院",
        )
    text = text_of(town)
    sentence_with(text, "镇党委")
    sentence_with(text, "村级工会10个", "共有会员3名")
    sentence_with(text, "面向农民工", "“农民工法律知识培训”", "镇司法所李所长", "劳动合同与工资支付")
    sentence_with(text, "“金秋助学”", "大学生", "9名", "9000元")
    sentence_with(text, "不同职工群体", "面向农民工1项")
    assert "会员子女" not in text and "培训班1期" in text


def test_the_chair_names_the_party_organisation_and_the_theme(world):
    summary = services.get_summary(union=world.union_a, year=2026)
    services.save_settings(
        summary=summary,
        party="公司党委",
        theme="凝心聚力促发展",
        signature="甲单位工会委员会",
        signed_on=date(2027, 1, 15),
        as_of=None,
    )
    summary.refresh_from_db()
    document = services.build_document(summary=summary)
    text = services.document_text(document)
    sentence_with(text, "在公司党委和上级工会的正确领导下", "“凝心聚力促发展”")
    assert text.rstrip().endswith("甲单位工会委员会\n二〇二七年一月十五日")
    with pytest.raises(ValidationError):
        services.save_settings(
            summary=summary, party="", theme="", signature="", signed_on=date(2025, 1, 1), as_of=None
        )


def test_a_route_renamed_does_not_change_a_final_summary(bureau, monkeypatch):
    summary = services.get_summary(union=bureau.system, year=2026)
    summary.as_of = date(2026, 12, 24)
    summary.save()
    services.finalise(summary=summary, by=bureau.chair, signed_on=date(2026, 12, 30))
    summary.refresh_from_db()
    assert "links" not in summary.figures
    stored = str(summary.sections)
    assert "/members/" not in stored and "href" not in stored
    assert not services.build_document(summary=summary).records_changed
    # Links are made when the page is drawn: a route that moves changes nothing stored.
    from reports import figures

    monkeypatch.setattr(figures, "links", lambda **kw: {"members": "/elsewhere/"})
    assert not services.build_document(summary=summary).records_changed
    # A record added is a change.
    Activity.objects.create(union=bureau.fees, kind="sports", title="拔河比赛", start_date=date(2026, 6, 1))
    assert services.build_document(summary=summary).records_changed
    assert numbers({"a": [1, {"b": "2.00", "label": "x"}]}) == {"a.#": 2, "a.0": 1, "a.1.b": "2.00"}
    # A summary finalised before the figures took their present shape (links and labels stored in
    # them) is not said to have changed because of the shape (given to the object alone: PostgreSQL
    # refuses any change to a final summary).
    summary.figures = {"links": {"members": "/members/?union=1"}, "membership": {"members": 3}}
    assert not services.build_document(summary=summary).records_changed


def test_the_unpaid_dues_figure_counts_only_months_whose_dues_were_run(world):
    from finances.services.dues import record_member_dues, run_monthly_dues, set_wage_base

    payer, owing = MemberFactory(union=world.union_a), MemberFactory(union=world.union_a)
    MemberFactory(union=world.union_a, join_date=date(2026, 12, 5))  # joined after the last run
    FundFactory(union=world.union_a, name="工会经费")
    treasurer = world.officers["treasurer"]
    set_wage_base(member=payer, by=treasurer, amount=Decimal("5000"), effective_from=date(2020, 1, 1))
    # January to November run; `owing` had no wage on record then and was left out of the runs …
    for month in range(1, 12):
        run_monthly_dues(
            union=world.union_a, by=treasurer, year=2026, month=month, date=date(2026, month, 20)
        )
    # … and paid January to September late: October and November are owed.
    set_wage_base(member=owing, by=treasurer, amount=Decimal("5000"), effective_from=date(2020, 1, 1))
    for month in range(1, 10):
        record_member_dues(
            union=world.union_a, by=treasurer, member=owing, year=2026, month=month, date=date(2026, 11, 20)
        )
    summary = services.get_summary(union=world.union_a, year=2026)
    summary.as_of = date(2026, 12, 31)  # December's dues not run yet: owed by no one
    summary.save()
    document = services.build_document(summary=summary)
    assert document.figures["shortcomings"]["arrears"] == 1
    text = services.document_text(document)
    sentence_with(text, "会费收缴", "1名", "欠缴会费")
    assert "加强会费收缴管理" in text
    # Before the October run, nobody owed anything.
    assert (
        collect_figures(union=world.union_a, year=2026, as_of=date(2026, 10, 10))["shortcomings"]["arrears"]
        == 0
    )
    # Union B runs no dues: nobody there is said to owe them, nor does the plan speak of dues.
    figures = collect_figures(union=world.union_b, year=2026)
    assert figures["shortcomings"]["arrears"] == 0
    assert "欠缴" not in services.document_text(
        services.build_document(summary=AnnualSummary(union=world.union_b, year=2026))
    )


def test_the_command_writes_a_word_file(bureau, tmp_path):
    summary = services.get_summary(union=bureau.system, year=2026)
    summary.signed_on = date(2026, 12, 30)
    summary.as_of = date(2026, 12, 24)
    summary.save()
    out = tmp_path / "s.docx"
    call_command("annual_summary", union="交通局系统工会", year=2026, format="docx", output=str(out))
    with zipfile.ZipFile(out) as word:
        xml = word.read("word/document.xml").decode()
        footer = "".join(word.read(n).decode() for n in word.namelist() if n.startswith("word/footer"))
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    assert "交通局系统工会2026年度工会工作总结" in text
    for heading in ("一、加强组织建设", "二、履行维护职能", "三、开展劳动竞赛", "四、推进民主管理"):
        assert heading in text
    assert "二〇二六年十二月三十日" in text
    assert "PAGE" in footer and "— " in footer
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="黑体"' in xml and "方正小标宋简体" in xml
    assert '<w:pgSz w:w="11906" w:h="16838"' in xml or 'w:w="11905"' in xml


def test_a_numbering_slip_is_suggested_never_applied(bureau):
    assert services.renumber("一是学习。三是比武。\n四是帮扶。") == "一是学习。二是比武。\n三是帮扶。"
    assert services.renumber("1、甲\n3、乙\n正文\n5、丙") == "1、甲\n2、乙\n正文\n1、丙"
    assert services.renumber("（二）组织\n（五）经费") == "（一）组织\n（二）经费"
    typed = "一是学习。二是比武。三是帮扶。四是慰问。四是建言。"
    assert services.numbering_slips(typed) == ["第二个“四是”可能应为“五是”"]
    assert services.numbering_slips("一是学习。二是比武。") == []
    summary = services.get_summary(union=bureau.system, year=2026)
    services.save_edit(summary=summary, key="other", text=typed)
    summary.refresh_from_db()
    assert summary.edits["other"] == typed
    assert typed in services.document_text(services.build_document(summary=summary))


def test_shortcomings_written_by_the_chair_sit_before_the_plan(bureau):
    summary = services.get_summary(union=bureau.system, year=2026)
    services.remove_section(summary=summary, key="shortcomings")
    services.restore_section(summary=summary, key="shortcomings")
    services.save_edit(summary=summary, key="shortcomings", text="档案管理还不够规范。")
    summary.refresh_from_db()
    keys = [s.key for s in services.build_document(summary=summary).sections]
    assert keys.index("shortcomings") < keys.index("plan") < keys.index("closing")


def test_sections_are_renamed_added_removed_moved(bureau):
    summary = services.get_summary(union=bureau.system, year=2026)
    services.save_edit(summary=summary, key="democracy", text="", heading="以“诚心”倾听职工建言")
    key = services.add_section(summary=summary, heading="以“温馨”提升职工素质", after="culture")
    services.save_edit(summary=summary, key=key, text="开展“三文明”创建活动。")
    services.move_section(summary=summary, key=key, step=-1)
    services.remove_section(summary=summary, key="funds")
    summary.refresh_from_db()
    document = services.build_document(summary=summary)
    headings = [s.heading for s in document.numbered]
    assert "以“诚心”倾听职工建言" in headings
    assert headings.index("以“温馨”提升职工素质") == headings.index("丰富职工文体生活，增强队伍凝聚力") - 1
    assert "管好用好工会经费，坚持专款专用" not in headings
    numbers_ = [s.number for s in document.numbered]
    assert numbers_[:3] == ["一、", "二、", "三、"]
    services.restore_section(summary=summary, key="funds")
    summary.refresh_from_db()
    assert "管好用好工会经费，坚持专款专用" in [
        s.heading for s in services.build_document(summary=summary).numbered
    ]


def test_reopen_keeps_the_earlier_final_readable(bureau):
    summary = services.get_summary(union=bureau.system, year=2026)
    services.finalise(summary=summary, by=bureau.chair, signed_on=date(2026, 12, 30))
    version = services.reopen(summary=summary, by=bureau.chair, reason="补充年底数据")
    summary.refresh_from_db()
    assert summary.status == AnnualSummary.Status.DRAFT and version.number == 1
    earlier = services.document_text(services.version_document(version))
    assert "58180元" in earlier and "二〇二六年十二月三十日" in earlier


def test_a_drive_shows_what_was_paid_out_of_it(bureau, client):
    from django.urls import reverse

    from finances.models import DonationDrive

    drive = DonationDrive.objects.get(title="扶贫帮困，情暖交通")
    client.force_login(bureau.chair)
    body = client.get(reverse("finances:drive_detail", kwargs={"pk": drive.pk})).content.decode()
    paid = re.search(r'id="drive-paid">([^<]*)<', body)
    assert paid and paid.group(1).replace(",", "") == "9500.00"
