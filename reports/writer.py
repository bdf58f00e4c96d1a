"""Writes the annual work summary's sections from the year's figures.

`write_sections` is a pure function of the figures (see reports.figures) and of the chair's settings
(the year's theme), so a finalised summary reads the same for ever. Each paragraph is a list of
fragments: plain text, or a figure with the key of the records behind it ("link"; `figures.links`
turns keys into addresses when the page is drawn).

The register is that of a real summary: each point says what was done, names it, gives examples
(如：…) and its figures in the sentence; points are counted 一是、二是…; figures are written as
officials write them (58180元, 12.85万元, 人次, 名, 项, 件). A part of the work with no records is
left out rather than filled with zeros: never 0元, 0.0%, 0名.
"""

from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Audience, Campaign
from finances.models import AidPayment, Fund
from members.models import HardshipCase
from reports import register_text
from reports.chinese import percent, yuan
from reports.figures import UNSPENT_TOLD, own_then_largest
from reports.phrases import (
    activities_of,
    activity_detail,
    award_points,
    chronicle_points,
    examples_of,
    examples_sentence,
    fig,
    held_phrase,
    helped_list,
    is_detailed,
    join_list,
    kinds_phrase,
    month,
    month_day,
    names,
    nonzero,
    numbered,
    paid_phrase,
    quoted,
    series_note,
    sum_decimal,
    t,
    the_rest,
    yuan_s,
)
from unionhub.models import Union

SECTION_HEADINGS = {
    "opening": gettext_lazy("开头"),
    "organisation": gettext_lazy("加强组织建设，会员队伍稳步壮大"),
    "rights": gettext_lazy("履行维护职能，扎实做好困难职工帮扶"),
    "competitions": gettext_lazy("开展劳动竞赛和学习培训，提升职工素质"),
    "democracy": gettext_lazy("推进民主管理，广泛听取职工意见"),
    "culture": gettext_lazy("丰富职工文体生活，增强队伍凝聚力"),
    "honours": gettext_lazy("争创先进集体，展示良好形象"),
    "funds": gettext_lazy("管好用好工会经费，坚持专款专用"),
    "other": gettext_lazy("其他工作"),
    "shortcomings": gettext_lazy("存在的不足"),
    "plan": gettext_lazy("下年度工作安排"),
    "closing": gettext_lazy("结束语"),
}
# Paragraphs without a numbered heading: before the first section and after the last.
UNNUMBERED = ("opening", "closing")

COMPETITION_KINDS = ("competition", "safety", "quiz")
LEARNING_KINDS = ("study", "lecture", "training")
CULTURE_KINDS = ("culture", "sports")
CARE_KINDS = ("health_check", "civic")
DEMOCRACY_KINDS = ("congress", "evaluation")

# --- sections -------------------------------------------------------------------------------------


def opening(figures: dict, settings: dict) -> list[list[dict]]:
    union, year = figures["union"]["name"], figures["year"]
    party = figures["union"].get("party") or ""
    leaders = (
        _("在%(party)s和上级工会的正确领导下") % {"party": party}
        if party
        else _("在上级工会和同级党组织的正确领导下")
    )
    theme = (settings.get("theme") or "").strip().strip('“”"')
    aim = (
        _("紧紧围绕“%(theme)s”的工作目标，") % {"theme": theme}
        if theme
        else _("紧扣“维护、建设、参与、教育”四项基本职能，")
    )
    text = [
        t(
            _("%(year)s年，%(union)s%(leaders)s，%(aim)s")
            % {"year": year, "union": union, "leaders": leaders, "aim": aim}
        )
    ]
    facts = []
    members = figures.get("membership", {})
    if members.get("members"):
        facts.append([t(_("团结带领")), fig(f"{members['members']}名", "members"), t(_("会员"))])
    total = sum(figures.get("activity_counts", {}).values())
    if total:
        facts.append(
            [
                t(_("全年组织各类活动")),
                fig(f"{total}项", "activities"),
                *series_note(figures),
            ]
        )
    by_code = sum(kind.get("by_code", 0) for kind in figures.get("participation", {}).values())
    if by_code:
        facts.append([t(_("会员扫码签到")), fig(f"{by_code}人次", "activities")])
    if facts:
        text += [*join_list(facts, "，"), t(_("，切实履行工会各项职能，"))]
    else:
        text += [t(_("切实履行工会各项职能，"))]
    text.append(t(_("充分调动广大职工的积极性和创造性，各项工作取得了新的成效。现将一年来的工作总结如下：")))
    return [text]


def organisation(figures: dict, settings: dict) -> list[list[dict]]:
    m = figures.get("membership") or {}
    points: list[list[dict]] = []
    year = figures["year"]
    by_kind = figures["union"].get("by_kind", {})
    kinds = [
        f"{str(Union.Kind(kind).label)}{n}个" for kind, n in by_kind.items() if kind != Union.Kind.GROUP and n
    ]
    point: list[dict] = []
    if kinds:
        point += [t(_("截至%(year)s年底，下辖") % {"year": year}), fig("、".join(kinds), "unions")]
        if by_kind.get(Union.Kind.GROUP):
            point.append(t(_("、工会小组%(n)s个") % {"n": by_kind[Union.Kind.GROUP]}))
        point.append(t(_("，") if m.get("members") else "。"))
    if m.get("members"):
        point += [t(_("共有会员") if kinds else _("截至%(year)s年底，共有会员") % {"year": year})]
        point.append(fig(f"{m['members']}名", "members"))
        details = []
        if m.get("women"):
            details.append([t(_("女会员")), fig(f"{m['women']}名", "women")])
        if m.get("migrant"):
            details.append([t(_("农民工会员")), fig(f"{m['migrant']}名", "migrant")])
        if details:
            point += [t(_("，其中")), *join_list(details)]
        point.append(t("。"))
        moves = []
        if m.get("new"):
            moves.append([t(_("新发展会员")), fig(f"{m['new']}名", "new")])
        if m.get("applied_online"):
            moves.append(
                [t(_("网上申请入会")), fig(f"{m['applied_online']}人", "applied_online")]
                + (
                    [t(_("（已入会%(n)s人）") % {"n": m["accepted_online"]})]
                    if m.get("accepted_online")
                    else []
                )
            )
        if m.get("transferred_in"):
            moves.append([t(_("转入")), fig(f"{m['transferred_in']}名", "transferred_in")])
        if m.get("transferred_out"):
            moves.append([t(_("转出")), fig(f"{m['transferred_out']}名", "transferred_out")])
        if m.get("retained"):
            moves.append([t(_("为退休职工办理保留会籍")), fig(f"{m['retained']}名", "retained")])
        if moves:
            point += [
                t(_("全年")),
                *join_list(moves, "，"),
                t(_("，会员实名制信息及时更新，做到应入尽入、动态接转。")),
            ]
    if point:
        points.append(point)
    points += chronicle_points(figures, "organisation")
    return numbered(points)


def rights(figures: dict, settings: dict) -> list[list[dict]]:
    points: list[list[dict]] = []
    h = figures.get("hardship") or {}
    if h.get("on_file"):
        levels = [
            [t(str(HardshipCase.Level(key).label)), fig(f"{n}户", f"hardship:{key}")]
            for key, n in h["by_level"]
            if n
        ]
        point = [t(_("建立健全困难职工档案，年末在档困难职工")), fig(f"{h['on_file']}户", "hardship")]
        if levels:
            point += [t(_("，其中")), *join_list(levels)]
        changes = []
        if h.get("opened"):
            changes.append([t(_("新建档")), fig(f"{h['opened']}户", "hardship")])
        if h.get("closed"):
            changes.append([t(_("解困销档")), fig(f"{h['closed']}户", "hardship")])
        if changes:
            point += [t(_("；全年")), *join_list(changes)]
        point.append(t(_("，做到底数清、情况明。")))
        points.append(point)
    points += aid_points(figures)
    points += fund_points(figures)
    points += drive_points(figures)
    points += schooling_points(figures)
    points += visit_points(figures)
    points += register_text.rights_points(figures)
    groups = [
        [t(_("面向%(who)s") % {"who": str(Audience(who).label)}), fig(f"{n}项", "activities")]
        for who, n in figures.get("audiences", {}).items()
        if who != Audience.ALL and n
    ]
    if groups:
        points.append(
            [t(_("关注不同职工群体的需求，")), *join_list(groups, "、"), t(_("开展有针对性的活动。"))]
        )
    points += chronicle_points(figures, "rights")
    return numbered(points)


def aid_points(figures: dict) -> list[list[dict]]:
    """The year's aid in one sentence: the yuan, whom it helped (each person once, by who they are),
    and the yuan of each kind of aid the students' sentence does not already tell. Left out when that
    sentence tells it all."""
    aid = figures.get("aid", [])
    by_stage = [row for row in aid if set(row["by_whom"]) == {"student"}]  # told by schooling_points
    if len(by_stage) == len(aid):
        return []
    by_whom = figures["aid_by_whom"]
    point = [t(_("全年发放各类帮扶救助资金")), fig(yuan(sum_decimal(row["amount"] for row in aid)), "aid")]
    point.append(t(_("，帮扶")))
    if len(by_whom) > 1:
        point += [fig(f"{figures['aid_people']}人", "aid"), t("（"), *helped_list(by_whom, "aid"), t("）")]
    else:
        point += helped_list(by_whom, "aid")
    point += [t("、"), fig(f"{sum(row['times'] for row in aid)}人次", "aid")]
    kinds = [
        [t(str(AidPayment.Kind(row["kind"]).label)), fig(yuan_s(row["amount"]), f"aid:{row['kind']}")]
        for row in aid
        if row not in by_stage
    ]
    if len(kinds) > 1:  # one kind alone is the total less what the students' sentence tells
        point += [t(_("，其中")), *join_list(kinds)]
    point.append(t("。"))
    return [point]


def fund_points(figures: dict) -> list[list[dict]]:
    """A restricted fund that earns interest, or a standing fund that paid aid without a drive feeding
    it this year (the figures keep those, `reports.figures._restricted_funds`): who set it up and
    when, what it earned, what it paid."""
    points = []
    year = figures["year"]
    funds, rest = own_then_largest(
        figures.get("restricted_funds", []), lambda fund: Decimal(fund["interest"]) + Decimal(fund["paid"])
    )
    for fund in funds:
        earned, paid = nonzero(fund["interest"]), nonzero(fund["paid"])
        who = fund["union"]
        since = (
            _("%(who)s于%(year)s年设立的") % {"who": who, "year": fund["opened"]} if fund["opened"] else who
        )
        text = [t(f"{since}{quoted(fund['name'])}")]
        if fund.get("purpose"):
            text.append(t(f"（{fund['purpose'].strip('（）()。')}）"))
        if earned and paid:
            helps = _("帮助困难职工") if set(fund["by_whom"]) == {"member"} else _("开展帮扶救助")
            text += [
                t(
                    _("，坚持用基金产生的利息%(helps)s，%(year)s年取得利息收入")
                    % {"helps": helps, "year": year}
                ),
                fig(yuan_s(fund["interest"]), "balances"),
            ]
        elif earned:
            text += [
                t(_("，%(year)s年取得利息收入") % {"year": year}),
                fig(yuan_s(fund["interest"]), "balances"),
            ]
        if paid:
            text += [t("，"), *paid_phrase(fund["by_whom"], fund["paid"])]
        text.append(t("。"))
        points.append(text)
    n, summed = the_rest(rest, figures.get("restricted_funds_rest"), "funds", "interest", "paid")
    if n:
        text = [t(_("所属工会其他%(n)s个专项基金") % {"n": n})]
        interest, paid = summed["interest"], summed["paid"]
        parts = []
        if nonzero(interest):
            parts.append([t(_("取得利息收入")), fig(yuan_s(interest), "balances")])
        if nonzero(paid):
            parts.append([t(_("支付帮扶救助资金")), fig(yuan_s(paid), "aid")])
        points.append([*text, *join_list(parts, "，"), t("。")])
    return points


def drive_points(figures: dict) -> list[list[dict]]:
    """Each donation drive in its own sentence: what it was, what it raised from whom, what it paid.
    Of the drives of the unions below, the largest few are told and the rest summed."""
    points = []
    drives, rest = own_then_largest(
        figures.get("drives", []), lambda d: Decimal(d["amount"]) + Decimal(d["paid"])
    )
    for d in drives:
        when = month(d["starts_on"])
        who = "" if d["own"] else d["union"]
        title = quoted(d["title"])
        if d["kind"] == "appeal":
            what = title if "倡议" in d["title"] else _("%(title)s倡议") % {"title": title}
            text = [t(_("%(when)s，%(who)s发出%(what)s") % {"when": when, "who": who, "what": what})]
        else:
            what = title if "募捐" in d["title"] else _("%(title)s募捐") % {"title": title}
            text = [t(_("%(when)s，%(who)s开展%(what)s活动") % {"when": when, "who": who, "what": what})]
        if nonzero(d["amount"]):
            text += [
                t(_("，共收到")),
                fig(f"{d['donors']}人（单位）", "donations"),
                t(_("捐款")),
                fig(yuan_s(d["amount"]), "donations"),
            ]
            if d.get("fund"):
                text.append(t(_("，全部纳入%(fund)s") % {"fund": quoted(d["fund"])}))
        if nonzero(d["paid"]):
            text += [t(_("，当年从中")), *paid_phrase(d["paid_by_whom"], d["paid"], _("救助"))]
        text.append(t("。"))
        points.append(text)
    n, summed = the_rest(rest, figures.get("drives_rest"), "drives", "amount", "paid")
    if n:
        amount, paid = summed["amount"], summed["paid"]
        text = [t(_("所属工会另开展捐款活动%(n)s次") % {"n": n})]
        if nonzero(amount):
            text += [t(_("，收到捐款")), fig(yuan_s(amount), "donations")]
        if nonzero(paid):
            text += [t(_("，从中支付帮扶救助资金")), fig(yuan_s(paid), "aid")]
        points.append([*text, t("。")])
    return points


def schooling_points(figures: dict) -> list[list[dict]]:
    """金秋助学 and other aid to students: students by stage, whether recorded as a member's child or
    as a student ("资助大学生9名9000元、中小学生10名2000元"), and a few of their schools."""
    rows = figures.get("aid_students", [])
    points = []
    for kind in dict.fromkeys(row["kind"] for row in rows):
        stages = [
            [
                t(str(AidPayment.Schooling(row["schooling"]).label) if row["schooling"] else _("学生")),
                fig(f"{row['people']}名", f"aid:{kind}"),
                fig(yuan_s(row["amount"]), f"aid:{kind}"),
            ]
            for row in rows
            if row["kind"] == kind
        ]
        text = [t(_("开展%(campaign)s活动，资助") % {"campaign": quoted(str(AidPayment.Kind(kind).label))})]
        if len(stages) > 1:
            text += join_list(stages)
        else:
            text += [*stages[0][:2], t(_("，发放")), stages[0][2]]
        text += schools_phrase(figures, kind)
        text.append(t("。"))
        points.append(text)
    return points


def schools_phrase(figures: dict, kind: str) -> list[dict]:
    schools = list(
        dict.fromkeys(
            e["school"] for e in figures.get("aid_examples", []) if e["kind"] == kind and e["school"]
        )
    )
    if len(schools) > 1:
        return [t(_("，受助学生分别就读于%(schools)s等学校") % {"schools": "、".join(schools)})]
    if schools:
        return [t(_("，受助学生就读于%(school)s") % {"school": schools[0]})]
    return []


def visit_points(figures: dict) -> list[list[dict]]:
    """走访慰问 by campaign, with the survey that went before it."""
    points = []
    surveys = figures.get("surveys", [])
    visits = figures.get("visits", {})
    campaigns = list(dict.fromkeys([s["campaign"] for s in surveys] + list(visits)))
    for campaign in campaigns:
        label = str(Campaign(campaign).label)
        text = [
            t(
                _("开展%(campaign)s活动")
                % {"campaign": quoted(label) if campaign != "other" else _("走访慰问")}
            )
        ]
        for s in (s for s in surveys if s["campaign"] == campaign):
            text += [
                t(
                    _("，%(when)s开展%(title)s，覆盖")
                    % {"when": month(s["date"]), "title": quoted(s["title"])}
                ),
                fig(f"{s['households']}户", "visits"),
            ]
            if s.get("found"):
                text += [t(_("，摸排出困难家庭")), fig(f"{s['found']}户", "visits")]
        v = visits.get(campaign)
        if v:
            lead = ""
            if v["visitors"]:
                lead = _("由%(names)s等带队") % {"names": "、".join(v["visitors"][:3])}
            text += [t(_("；%(lead)s走访慰问") % {"lead": lead}), fig(f"{v['households']}户", "visits")]
            gifts = []
            if nonzero(v["cash"]):
                gifts.append([t(_("慰问金")), fig(yuan_s(v["cash"]), "visits")])
            if v["goods"]:
                goods = "、".join(v["goods"][:4])
                if nonzero(v["goods_value"]):
                    gifts.append(
                        [t(goods), t(_("等慰问品（价值")), fig(yuan_s(v["goods_value"]), "visits"), t("）")]
                    )
                else:
                    gifts.append([t(goods), t(_("等慰问品"))])
            if gifts:
                text += [t(_("，送去")), *join_list(gifts)]
        text.append(t(_("，把党和工会组织的温暖送到职工心坎上。")))
        points.append(text)
    return points


def competitions(figures: dict, settings: dict) -> list[list[dict]]:
    points: list[list[dict]] = []
    held = held_phrase(figures, COMPETITION_KINDS)
    if held:
        points.append(
            [
                t(_("围绕中心工作开展劳动竞赛和技能比武，全年举办")),
                *held,
                t("。"),
                *examples_sentence(examples_of(figures, COMPETITION_KINDS)),
            ]
        )
    learning = held_phrase(figures, LEARNING_KINDS)
    if learning:
        points.append(
            [
                t(_("坚持学习培训制度，组织")),
                *learning,
                t(_("，职工的业务能力和综合素质不断提高。")),
                *examples_sentence(examples_of(figures, LEARNING_KINDS)),
            ]
        )
    points += register_text.growth_points(figures)
    points += award_points(figures, ("skills",), _("积极组队参加上级组织的技能竞赛，获得奖项"))
    points += chronicle_points(figures, "competitions")
    return numbered(points)


def culture(figures: dict, settings: dict) -> list[list[dict]]:
    points: list[list[dict]] = []
    held = held_phrase(figures, CULTURE_KINDS)
    if held:
        points.append(
            [
                t(_("利用节假日开展职工喜闻乐见的文体活动，全年举办")),
                *held,
                t("。"),
                *examples_sentence(examples_of(figures, CULTURE_KINDS)),
            ]
        )
    care = held_phrase(figures, CARE_KINDS)
    if care:
        points.append(
            [
                t(_("关心职工身心健康，组织")),
                *care,
                t("。"),
                *examples_sentence(examples_of(figures, CARE_KINDS)),
            ]
        )
    points += award_points(figures, ("culture_sports",), _("积极组队参加上级工会组织的文体活动，获得奖项"))
    points += chronicle_points(figures, "culture")
    return numbered(points)


def democracy(figures: dict, settings: dict) -> list[list[dict]]:
    points: list[list[dict]] = []
    held = kinds_phrase(figures, DEMOCRACY_KINDS)
    if held:
        points.append(
            [
                t(_("坚持和完善以职工代表大会为基本形式的民主管理制度，全年召开")),
                *join_list(held),
                t(_("，重大事项经职工代表审议，接受职工监督。")),
                *examples_sentence(examples_of(figures, DEMOCRACY_KINDS)),
            ]
        )
    s = figures.get("suggestions") or {}
    if s.get("collected"):
        point = [
            t(_("广泛开展合理化建议活动，发动职工献计献策，全年共征集职工意见建议")),
            fig(f"{s['collected']}件", "suggestions"),
        ]
        if s.get("adopted"):
            point += [t(_("，采纳")), fig(f"{s['adopted']}件", "suggestions_adopted")]
            if s.get("implemented"):
                point += [t(_("，已实施")), fig(f"{s['implemented']}件", "suggestions_implemented")]
        point.append(t("。"))
        for c in s.get("campaigns", [])[:2]:
            sentence = _("如：%(union)s组织开展了以%(campaign)s为主题的献计献策活动，收到意见建议%(n)s件") % {
                "union": c["union"],
                "campaign": quoted(c["campaign"]),
                "n": c["collected"],
            }
            if c["adopted"]:
                sentence += _("，采纳%(n)s件") % {"n": c["adopted"]}
            point.append(t(sentence + _("，提高了职工参与管理的积极性。")))
        points.append(point)
    points += register_text.democracy_points(figures)
    points += chronicle_points(figures, "democracy")
    return numbered(points)


def honours(figures: dict, settings: dict) -> list[list[dict]]:
    points = award_points(figures, ("honour", "other"), _("全年获得各级荣誉"))
    points += chronicle_points(figures, "honours")
    return numbered(points)


def funds(figures: dict, settings: dict) -> list[list[dict]]:
    """The year's money as the 工会02表 states it (收入合计, 支出合计, then by account), the restricted
    funds' part of it, and the year-end balances, which add up to the 01表's net assets."""
    f = figures.get("funds") or {}
    points = [point for point in (money_point(f), restricted_point(f), balance_point(f)) if point]
    if points:
        points.append(discipline_point(f, figures))
    points += chronicle_points(figures, "funds")
    return numbered(points)


def _account_lines(lines: list) -> list[dict]:
    if len(lines) < 2:
        return []
    return [t(_("，其中")), *join_list([[t(n), fig(yuan_s(a), "statement")] for n, a in lines])]


def money_point(f: dict) -> list[dict]:
    """收入合计 and 支出合计, each with its accounts, exactly as the 02表 of the union states them."""
    point: list[dict] = []
    if nonzero(f.get("income_total")):
        point += [
            t(_("全年收入合计")),
            fig(yuan_s(f["income_total"]), "statement"),
            *_account_lines(f["income"]),
        ]
    if nonzero(f.get("spending_total")):
        point += [
            t(_("；支出合计") if point else _("全年支出合计")),
            fig(yuan_s(f["spending_total"]), "statement"),
            *_account_lines(f["spending"]),
        ]
    if not point:
        return []
    point.append(t("。"))
    if nonzero(f.get("internal")):
        point += [
            t(_("上下级工会之间拨付的")),
            fig(yuan_s(f["internal"]), "statement"),
            t(_("在汇总中已作抵销，不重复计算。")),
        ]
    return point


def restricted_point(f: dict) -> list[dict]:
    """What of that went into and out of the restricted funds, each told by name (the union's own and
    the largest few of the unions below; the rest summed)."""
    told, rest = own_then_largest(
        f.get("restricted") or [], lambda row: Decimal(row["income"]) + Decimal(row["spending"])
    )
    n, summed = the_rest(rest, f.get("restricted_rest"), "funds", "income", "spending")
    if not told and not n:
        return []
    parts = []
    for row in told:
        moved = []
        if nonzero(row["income"]):
            moved.append(_("收入%(amount)s") % {"amount": yuan_s(row["income"])})
        if nonzero(row["spending"]):
            moved.append(_("支出%(amount)s") % {"amount": yuan_s(row["spending"])})
        owner = "" if row["own"] else row["union"]
        parts.append([t(f"{owner}{quoted(row['name'])}"), fig("、".join(moved), "balances")])
    if n:
        parts.append(
            [
                t(_("其他%(n)d项专项资金") % {"n": n}),
                fig(
                    _("收入%(income)s、支出%(spending)s")
                    % {"income": yuan_s(summed["income"]), "spending": yuan_s(summed["spending"])},
                    "balances",
                ),
            ]
        )
    return [t(_("以上收支含专项资金，单独核算、专款专用：")), *join_list(parts, "；"), t("。")]


def balance_point(f: dict) -> list[dict]:
    """年末资金结转结余 by kind of fund; with fixed assets, the net assets they add up to."""
    balances = [
        [t(str(Fund.Kind(kind).label)), fig(yuan_s(amount), "balances")]
        for kind, amount, _restricted in f.get("balances", [])
        if nonzero(amount)
    ]
    if not balances:
        return []
    point = [t(_("年末资金结转结余")), fig(yuan_s(f["closing"]), "balances")]
    if len(balances) > 1:
        point += [t(_("，其中")), *join_list(balances, "、")]
    if nonzero(f.get("asset_fund")):
        point += [
            t(_("；另有固定资产净值")),
            fig(yuan_s(f["asset_fund"]), "balances"),
            t(_("，年末净资产合计")),
            fig(yuan_s(f["net_assets"]), "balances"),
        ]
    return [*point, t("。")]


def discipline_point(f: dict, figures: dict) -> list[dict]:
    restricted = [
        str(Fund.Kind(kind).label) for kind, _amount, is_restricted in f.get("balances", []) if is_restricted
    ]
    # An account opened this year is told by its chronicle entry: said once.
    opened = any("专账" in e["text"] for e in figures.get("chronicle", []) if e["section"] == "funds")
    point = [t(_("严格执行经费收支管理规定") if opened else _("设立工会经费专账，严格执行经费收支管理规定"))]
    if restricted:
        point.append(t(_("，%(funds)s专款专用、不扩大开支范围") % {"funds": "、".join(restricted)}))
    if f.get("warnings"):
        point += [
            t(_("；全年有")),
            fig(f"{f['warnings']}笔", "warnings"),
            t(_("支出在录入时触发开支标准提示，已提交经审委员会审查。")),
        ]
    else:
        point.append(t(_("，全年未发生超标准、超范围开支。")))
    return point


def other(figures: dict, settings: dict) -> list[list[dict]]:
    """Whatever else the officers recorded: activities of kind "other", chronicle entries of "other"."""
    points: list[list[dict]] = []
    acts = activities_of(figures, ("other",))
    if acts:
        # A title several unions used ("职工之家开放日") is named once, without a date.
        titles = Counter(a["title"] for a in acts)
        details, named = [], set()
        for a in acts:
            if titles[a["title"]] > 1:
                if a["title"] not in named:
                    details.append(_("举办%(title)s") % {"title": quoted(a["title"])})
                    named.add(a["title"])
            elif is_detailed(a):
                details.append(activity_detail(a))
            else:
                details.append(f"{month_day(a['date'])}，举办{quoted(a['title'])}")
        # The first few are told (a federation's year has hundreds); all are counted.
        held = figures.get("activity_counts", {}).get("other") or len(acts)
        points.append(
            [
                t(_("组织开展其他活动")),
                fig(f"{held}项", "kind:other"),
                t("："),
                t("；".join(details) + (_("等") if held > len(acts) else "")),
                t("。"),
            ]
        )
    points += chronicle_points(figures, "other")
    return numbered(points)


def shortcomings(figures: dict, settings: dict) -> list[list[dict]]:
    """What the records say is lagging: a draft for the chair's own words."""
    hints = figures.get("shortcomings", {})
    points: list[list[dict]] = []
    rate = hints.get("participation_rate")
    if rate is not None and 0 < rate < 50:
        points.append(
            [
                t(_("会员参加活动的面还不够广，全年参加过活动的会员仅占")),
                fig(f"{percent(Decimal(str(rate)), 100)}", "activities"),
                t(_("，活动的吸引力有待增强。")),
            ]
        )
    if hints.get("reverify_due"):
        points.append(
            [
                t(_("困难职工档案动态管理还不够及时，有")),
                fig(f"{hints['reverify_due']}户", "hardship_due"),
                t(_("档案尚未完成年度复核。")),
            ]
        )
    unspent = hints.get("unspent_funds") or []
    if unspent:
        funds = [
            [t("".join(owner) + quoted(name)), t(_("结余")), fig(yuan_s(balance), "balances")]
            for name, balance, *owner in unspent[:UNSPENT_TOLD]
        ]
        n = hints.get("unspent_funds_count", len(unspent))
        more = _("等%(n)s项专项资金") % {"n": n} if n > UNSPENT_TOLD else ""
        points.append(
            [
                t(_("专项资金使用还不够充分，")),
                *join_list(funds),
                t(more),
                t(_("，全年未发生支出，资金的帮扶作用有待发挥。")),
            ]
        )
    if hints.get("arrears"):
        points.append(
            [
                t(_("会费收缴还不够及时，截至统计日仍有")),
                fig(f"{hints['arrears']}名", "arrears"),
                t(_("会员欠缴会费。")),
            ]
        )
    if points:
        points.append([t(_("工作的创新意识还不够强，离上级工会的要求和职工的期盼还有一定差距。"))])
    return numbered(points)


def plan(figures: dict, settings: dict) -> list[list[dict]]:
    """Next year's plan drafted from the year's records: what to repeat, what to put right."""
    points: list[list[dict]] = []
    hints = figures.get("shortcomings", {})
    annual = [d["title"] for d in figures.get("drives", []) if d["kind"] == "annual"]
    visits = [str(Campaign(c).label) for c in figures.get("visits", {}) if c != "other"]
    if annual or visits or figures.get("aid"):
        items = [quoted(x) for x in dict.fromkeys(visits + annual)]
        text = _("继续做好困难职工帮扶工作")
        if items:
            text += _("，办好%(items)s等活动") % {"items": "、".join(items)}
        if hints.get("reverify_due"):
            text += _("，按时完成困难职工档案的年度复核")
        points.append([t(text + "。")])
    contests = [a["title"] for a in activities_of(figures, COMPETITION_KINDS)]
    if contests:
        points.append(
            [t(_("深入开展劳动竞赛和技能比武，继续办好%(items)s。") % {"items": names(contests, 3)})]
        )
    if figures.get("suggestions", {}).get("collected") or kinds_phrase(figures, DEMOCRACY_KINDS):
        points.append([t(_("坚持职工代表大会制度，继续开展合理化建议征集活动。"))])
    culture_acts = [a["title"] for a in activities_of(figures, CULTURE_KINDS)]
    if culture_acts:
        points.append([t(_("丰富职工文体生活，继续办好%(items)s。") % {"items": names(culture_acts, 3)})])
    rate = hints.get("participation_rate")
    if rate is not None and 0 < rate < 50:
        points.append([t(_("改进活动的内容和形式，吸引更多会员参加工会活动。"))])
    if hints.get("unspent_funds"):
        points.append([t(_("用好专项资金，做到专款专用、及时发挥帮扶作用。"))])
    if hints.get("arrears"):
        points.append([t(_("加强会费收缴管理，做到按月足额收缴。"))])
    if not points:
        return []
    lead = [
        t(_("%(next)s年，我们将继续紧扣工会的基本职能，重点做好以下工作：") % {"next": figures["year"] + 1})
    ]
    return [lead, *numbered(points)]


def closing(figures: dict, settings: dict) -> list[list[dict]]:
    year = figures["year"]
    honours = [a for a in figures.get("awards", []) if a["category"] == "honour"]
    text = _(
        "总之，%(year)s年我们在工会工作中，认真履行维护职工合法权益的基本职责，全体职工的积极性得到较好发挥"
    ) % {"year": year}
    if honours:
        text += _("，取得了%(first)s等荣誉") % {"first": quoted(honours[0]["title"])}
    text += _(
        "。成绩的取得离不开各级领导的重视和支持，也凝聚着全体会员的心血。新的一年，我们将发扬成绩、正视不足，扎实工作，推动工会工作再上新台阶。"
    )
    return [[t(text)]]


WRITERS = {
    "opening": opening,
    "organisation": organisation,
    "rights": rights,
    "competitions": competitions,
    "democracy": democracy,
    "culture": culture,
    "honours": honours,
    "funds": funds,
    "other": other,
    "shortcomings": shortcomings,
    "plan": plan,
    "closing": closing,
}


def write_sections(*, figures: dict, settings: dict | None = None) -> list[dict]:
    """The sections the records can write, in order; empty ones left out."""
    settings = settings or {}
    sections = []
    for key, writer in WRITERS.items():
        paragraphs = writer(figures, settings)
        if paragraphs:
            sections.append({"key": key, "heading": str(SECTION_HEADINGS[key]), "paragraphs": paragraphs})
    return sections
