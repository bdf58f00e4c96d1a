"""A township union's whole year re-entered in the browser, as its officers would, with every click,
typed field and page load counted: the union started with `start_union --since`, ten village unions
as one list, 40 members from the roll the secretary already keeps in Excel, six activities with
attendance, a suggestion campaign, the 送温暖 survey and five visits as one list, 19 students'
金秋助学 in one grid, and the chair's summary (opened, a section written, signed, downloaded).

Walked by hand before entry by the list, the same year took 244 page loads, 766 clicks and 365 typed
fields; the README quotes the figures this test prints (`pytest -s`). A pick from a drop-down, a tick
and a file chosen count as clicks; opening a page from the menu (here `goto`) counts as one click."""

import re
import subprocess
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from activities.models import Activity, Attendance, Suggestion, Survey, Visit
from finances.models import AidPayment, Voucher
from members.idcard import make_resident_id
from members.models import Member
from reports.models import AnnualSummary
from unionhub.models import Union

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BASELINE_CLICKS = 766  # the same year walked by hand before entry by the list
TOWNSHIP = "青山镇工会"
VILLAGES = (
    "石桥村",
    "东岳村",
    "上坝村",
    "下坝村",
    "新民村",
    "红星村",
    "胜利村",
    "和平村",
    "永安村",
    "光明村",
)
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ("建国", "秀英", "春花", "志强")
STUDENTS = 19
STAGES = ("大学", "高中", "初中", "小学")
OWN_PASSWORD = "Tw#mkzp-9q4v!"  # each officer's own, set at first login


class Officer:
    """The browser as an officer uses it, counting what she does: clicks (a pick from a list, a tick,
    a file chosen and a page opened from the menu included), fields typed, and pages loaded."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.loads = self.clicks = self.typed = 0
        page.on("load", self._loaded)

    def _loaded(self, _page) -> None:
        self.loads += 1

    def open(self, path: str) -> None:
        self.clicks += 1
        self.page.goto(f"{self.base}{path}")

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def choose(self, locator, **option) -> None:
        self.clicks += 1
        locator.select_option(**option)

    def fill(self, locator, text: str) -> None:
        self.typed += 1
        locator.fill(text)

    def upload(self, locator, path) -> None:
        self.clicks += 1
        locator.set_input_files(str(path))

    def download(self, locator, path) -> None:
        with self.page.expect_download() as download:
            self.click(locator)
        download.value.save_as(path)

    def log_in(self, username: str, password: str) -> None:
        self.page.context.clear_cookies()  # 退出 on the previous officer's screen
        self.clicks += 1
        self.open("/accounts/login/")
        self.fill(self.page.get_by_label("用户名"), username)
        self.fill(self.page.get_by_label("密码"), password)
        self.click(self.page.get_by_role("button", name="登录"))

    def first_log_in(self, username: str, one_time: str) -> None:
        """The one-time password, then her own."""
        self.log_in(username, one_time)
        self.page.wait_for_url(f"{self.base}/accounts/password/")
        own = OWN_PASSWORD
        self.fill(self.page.locator("input[name=old_password]"), one_time)
        self.fill(self.page.locator("input[name=new_password1]"), own)
        self.fill(self.page.locator("input[name=new_password2]"), own)
        self.click(self.page.get_by_role("button", name="保存新密码"))
        self.page.wait_for_url(f"{self.base}/accounts/password/done/")

    def figures(self) -> str:
        return f"page loads {self.loads}, clicks {self.clicks}, typed fields {self.typed}"


def one_time_password(text: str) -> str:
    return re.search(r"一次性密码：\s*(\S+)", text).group(1)


def in_year(today: date, step: int, of: int) -> date:
    """The step-th of `of` dates spread over this year up to today."""
    first = date(today.year, 1, 1)
    return first + timedelta(days=(today - first).days * step // of)


def roll_workbook(path) -> list[tuple[str, str]]:
    """The roll the secretary keeps: a title row, 所属工会 as the villages write it (石桥村), 工作单位
    as free text. Returns (name, village) of the 40 members."""
    wb = Workbook()
    sheet = wb.active
    sheet.append([f"{TOWNSHIP}会员花名册"])
    sheet.append(["序号", "姓名", "性别", "身份证号码", "所属工会", "工作单位", "用工性质", "入会时间"])
    people = []
    for n in range(40):
        village = VILLAGES[n // 4]
        name = SURNAMES[n % 10] + VILLAGES[n // 4][0] + GIVEN[n % 4]
        female = n % 4 in (1, 2)
        born = date(1965 + n % 30, 1 + n % 12, 1 + n % 28)
        number = make_resident_id(region="330411", birth_date=born, sequence=2 * n + (2 if female else 1))
        sheet.append(
            [
                n + 1,
                name,
                "女" if female else "男",
                number,
                village,
                f"{village}村委会",
                "农民工",
                "2020-05-01",
            ]
        )
        people.append((name, village))
    wb.save(path)
    return people


def test_a_township_year_in_under_half_the_clicks(live_server, page, tmp_path, csp_violations):
    today = timezone.localdate()
    year = today.year
    out = StringIO()
    call_command(
        "start_union",
        name=TOWNSHIP,
        kind="乡镇工会",
        province="浙江省",
        chair="qs.chair",
        chair_name="杨春兰",
        since=f"{year}-01-01",
        stdout=out,
    )
    township = Union.objects.get(name=TOWNSHIP)
    me = Officer(page, live_server.url)

    # The chair: village unions as one list, then a secretary and a treasurer.
    me.first_log_in("qs.chair", one_time_password(out.getvalue()))
    me.open("/organisation/")
    me.click(page.get_by_role("link", name="设立下级工会"))
    me.fill(page.get_by_label("名称"), "\n".join(f"{village}工会" for village in VILLAGES))
    me.click(page.get_by_role("button", name="保存"))
    expect(page.locator("#child-unions")).to_contain_text(f"{VILLAGES[-1]}工会")
    passwords = {}
    for office, username, name in (("工会干事", "qs.secretary", "赵小燕"), ("会计", "qs.treasurer", "钱进")):
        me.open(f"/organisation/{township.pk}/officers/")
        me.click(page.get_by_role("link", name="任命干部"))
        me.choose(page.get_by_label("职务"), label=office)
        me.fill(page.get_by_label("新登录名"), username)
        me.fill(page.get_by_label("姓名"), name)
        me.click(page.get_by_role("button", name="保存"))
        passwords[username] = page.locator("#one-time-passwords code.password").inner_text()

    # The secretary: the roll she keeps in Excel.
    me.first_log_in("qs.secretary", passwords["qs.secretary"])
    roll = tmp_path / "青山镇会员花名册.xlsx"
    people = roll_workbook(roll)
    me.open("/members/import/")
    me.upload(page.get_by_label("花名册文件"), roll)
    me.click(page.get_by_role("button", name="上传并检查"))
    expect(page.locator("#count-accepted")).to_have_text("40")
    me.click(page.get_by_role("button", name="导入 40 名会员"))
    expect(page.locator(".alert-success")).to_contain_text("已导入 40 名会员")

    # Six activities, each with its attendance: three of the township, three of a village.
    activities = (
        ("", "集中学习", "学习贯彻工会十八大精神"),
        ("", "培训", "农村实用技术培训"),
        ("", "体育活动", "全镇农民趣味运动会"),
        (VILLAGES[0], "文艺活动", "石桥村迎新春文艺汇演"),
        (VILLAGES[1], "讲座", "东岳村法律知识讲座"),
        (VILLAGES[2], "志愿公益活动", "上坝村环境整治志愿服务"),
    )
    for step, (village, kind, title) in enumerate(activities, start=1):
        me.open("/activities/new/")
        if village:
            me.choose(page.locator("#id_union"), label=f"　{village}工会")
        me.choose(page.locator("#id_kind"), label=kind)
        me.fill(page.get_by_label("名称"), title)
        me.fill(page.get_by_label("开始日期"), in_year(today, step, 8).isoformat())
        me.click(page.get_by_role("button", name="保存"))
        me.click(page.get_by_role("link", name="考勤登记"))
        me.click(page.get_by_role("button", name="全部出席"))
        me.click(page.get_by_role("button", name="保存考勤"))
        expect(page.locator(".alert-success")).to_contain_text("考勤已保存")

    # A suggestion campaign: four suggestions from members of the villages, one adopted. The date and
    # the campaign are typed once: 保存并继续登记 keeps them for the next.
    campaign = "乡村振兴金点子征集"
    me.open("/activities/suggestions/new/")
    me.fill(page.get_by_label("提出日期"), in_year(today, 5, 8).isoformat())
    me.fill(page.get_by_label("征集活动"), campaign)
    for n, title in enumerate(("村道路灯亮化", "农技夜校常态化", "留守老人结对帮扶", "农产品直播带货")):
        name, village = people[n * 9]
        me.choose(page.get_by_label("提出会员"), label=f"{name}（{village}工会）")
        me.fill(page.get_by_label("建议标题"), title)
        me.click(page.get_by_role("button", name="保存并继续登记"))
        expect(page.locator(".alert-success")).to_contain_text(title)
    me.open("/activities/suggestions/")
    me.click(
        page.locator("#suggestion-table tr", has_text="村道路灯亮化").get_by_role(
            "button", name="采纳", exact=True
        )
    )

    # 送温暖: the survey of households, then five visits as one list.
    me.open("/activities/surveys/new/")
    me.choose(page.get_by_label("所属活动"), label="送温暖")
    me.fill(page.get_by_label("名称"), "困难职工家庭摸底调查")
    me.fill(page.get_by_label("覆盖户数"), "40")
    me.fill(page.get_by_label("其中困难户数"), "5")
    me.click(page.get_by_role("button", name="保存"))
    me.open("/activities/visits/list/")
    me.fill(page.get_by_label("走访日期"), in_year(today, 7, 8).isoformat())
    me.choose(page.get_by_label("所属活动"), label="送温暖")
    me.fill(page.get_by_label("走访人员"), "杨春兰、赵小燕")
    rows = page.locator("#visit-grid .visit-row")
    for n in range(5):
        name, village = people[n * 8 + 1]
        me.choose(rows.nth(n).get_by_label("走访会员"), label=f"{name}（{village}工会）")
        me.fill(rows.nth(n).get_by_label("慰问金（元）"), "500")
        me.fill(rows.nth(n).get_by_label("慰问品", exact=True), "大米、食用油")
    me.click(page.get_by_role("button", name="检查"))
    me.click(page.get_by_role("button", name="确认登记"))
    expect(page.locator(".alert-success")).to_contain_text("5")

    # The treasurer: the fund, then 金秋助学 for 19 students in one grid.
    me.first_log_in("qs.treasurer", passwords["qs.treasurer"])
    me.open("/finances/funds/new/")
    me.fill(page.get_by_label("资金名称"), "工会经费")
    me.choose(page.get_by_label("资金类别"), label="工会经费")
    me.fill(page.get_by_label("期初余额（元）"), "50000")
    me.fill(page.get_by_label("期初日期"), f"{year}-01-01")
    me.click(page.get_by_role("button", name="保存"))
    me.open("/finances/aid/list/")
    for n in range(1, STUDENTS + 1):
        me.fill(
            page.get_by_label(f"姓名 {n}", exact=True), f"{SURNAMES[n % 10]}{VILLAGES[n % 10][0]}学{n:02d}"
        )
        me.choose(page.get_by_label(f"学段 {n}", exact=True), label=STAGES[n % 4])
        me.fill(page.get_by_label(f"学校 {n}", exact=True), "青山中学" if n % 4 else "嘉兴学院")
        me.fill(page.get_by_label(f"金额 {n}", exact=True), "1000")
    me.click(page.get_by_role("button", name="检查"))
    me.click(page.get_by_role("button", name=f"确认支付 {STUDENTS} 人"))
    expect(page.locator(".alert-success")).to_contain_text(f"已支付救助{STUDENTS}笔")

    # The chair: the spending her worklist asks her to approve, ticked one by one, approved at once.
    me.log_in("qs.chair", OWN_PASSWORD)
    me.click(page.locator("#worklist").get_by_role("link", name="支出凭证待审批"))
    for box in page.locator("#approve-many input[name=voucher]").all():
        me.click(box)
    me.click(page.get_by_role("button", name="审批勾选的凭证"))
    expect(page.locator(".alert-success")).to_contain_text(f"已审批 {STUDENTS} 张凭证")

    # Her summary: open it, write next year's plan, sign, download.
    me.open("/")
    me.click(page.get_by_role("link", name="年度总结"))
    me.click(page.get_by_role("button", name="打开总结"))
    article = page.locator("article")
    expect(article).to_contain_text("共有会员40名")
    me.click(page.locator("#section-plan").get_by_role("link", name="修改标题和正文"))
    me.fill(page.get_by_label("正文"), "一是办好农民工技能培训。\n二是做好困难职工帮扶。")
    me.click(page.get_by_role("button", name="保存"))
    me.fill(page.get_by_label("落款日期"), f"{year}-12-30")
    page.once("dialog", lambda dialog: dialog.accept())
    me.click(page.get_by_role("button", name="定稿"))
    expect(page.locator("#summary-status")).to_have_text("已定稿")
    pdf, word = tmp_path / "summary.pdf", tmp_path / "summary.docx"
    me.download(page.get_by_role("link", name="下载PDF"), pdf)
    me.download(page.get_by_role("link", name="下载Word"), word)

    print(f"\nThe township year: {me.figures()} (by hand before: 244 / 766 / 365)")
    assert Union.objects.filter(parent=township, kind=Union.Kind.VILLAGE).count() == len(VILLAGES)
    assert Member.objects.filter(union__parent=township).count() == 40
    assert Activity.objects.filter(union__path__startswith=township.path).count() == 6
    assert Attendance.objects.filter(status="present").count() == 3 * 40 + 3 * 4
    assert Suggestion.objects.filter(campaign=campaign, collected_on=in_year(today, 5, 8)).count() == 4
    assert Union.objects.filter(parent=township, dues_mode=Union.DuesMode.NONE).count() == len(VILLAGES)
    assert Survey.objects.filter(union=township).count() == 1
    assert Visit.objects.filter(union=township, member__union__parent=township).count() == 5
    paid = AidPayment.objects.filter(union=township, kind=AidPayment.Kind.SCHOOLING, recipient="student")
    assert paid.count() == STUDENTS
    assert Voucher.objects.filter(aid_payment__in=paid, approval__isnull=False).count() == STUDENTS
    assert AnnualSummary.objects.get(union=township, year=year).status == "final"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "二是做好困难职工帮扶。" in text
    assert word.stat().st_size > 1000
    assert me.clicks < BASELINE_CLICKS / 2
    assert csp_violations == []
