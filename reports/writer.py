"""Writes the annual work summary's sections from the year's figures.

`write_sections` is a pure function of the figures (see reports.figures), so a finalised summary,
which stores its figures, reads the same for ever. Each paragraph is a list of fragments: plain text,
or a figure with the address of the records behind it.

The register is that of a real summary: numbered sections (一、二、…) with numbered points (1、2、…),
figures as officials write them (58180元, 12.85万元, 人次, 名, 项, 件), and nothing said about a part
of the work that has no records: such a section is left out rather than filled with zeros.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.chinese import chinese_small_number, yuan

SECTION_HEADINGS = {
    "opening": gettext_lazy("开头"),
    "organisation": gettext_lazy("加强组织建设，会员队伍稳步壮大"),
    "funds": gettext_lazy("管好用好工会经费，坚持专款专用"),
    "rights": gettext_lazy("履行维护职能，扎实做好困难职工帮扶"),
    "competitions": gettext_lazy("开展劳动竞赛和学习培训，提升职工素质"),
    "culture": gettext_lazy("丰富职工文体生活，增强队伍凝聚力"),
    "democracy": gettext_lazy("推进民主管理，广泛听取职工意见"),
    "honours": gettext_lazy("争创先进集体，展示良好形象"),
    "shortcomings": gettext_lazy("存在的不足"),
    "plan": gettext_lazy("下年度工作安排"),
}
# Sections the records can only start: the chair writes them.
EDITABLE_ONLY = {"shortcomings", "plan"}

COMPETITION_KINDS = ("competition", "safety", "quiz")
LEARNING_KINDS = ("study", "lecture", "training")
CULTURE_KINDS = ("culture", "sports", "health_check", "civic")
DEMOCRACY_KINDS = ("congress", "evaluation")


def t(text: str) -> dict:
    return {"text": text}


def fig(text: str, href: str | None = None) -> dict:
    return {"text": text, "href": href} if href else {"text": text}


def chinese_month_day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{chinese_small_number(day.month)}月{chinese_small_number(day.day)}日"


def month_day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.month}月{day.day}日"


def numbered(points: list[list[dict]]) -> list[list[dict]]:
    """Points 1、2、… when there are several; a lone point stands without a number."""
    if len(points) < 2:
        return points
    return [[t(f"{i}、"), *point] for i, point in enumerate(points, start=1)]


def join_list(items: list[list[dict]], sep: str = "、") -> list[dict]:
    out: list[dict] = []
    for i, item in enumerate(items):
        if i:
            out.append(t(sep))
        out.extend(item)
    return out


def chronicle_points(figures: dict, section: str) -> list[list[dict]]:
    return [
        [t(f"{month_day(entry['date'])}，"), fig(entry["text"].rstrip("。") + "。", entry.get("href"))]
        for entry in figures.get("chronicle", [])
        if entry["section"] == section
    ]


def award_phrase(award: dict) -> list[dict]:
    when, winner, title = month_day(award["date"]), award["winner"], f"“{award['title']}”"
    if award["category"] == "honour":
        event = "" if award["title"] in award["event"] else f"在{award['event']}中"
        return [t(f"{when}，{winner}{event}被评为"), fig(title, award.get("href"))]
    return [t(f"{when}，{winner}在{award['event']}中获"), fig(title, award.get("href"))]


LEVEL_ORDER = ("national", "province", "city", "county", "system")


def award_points(figures: dict, categories: tuple[str, ...]) -> list[list[dict]]:
    chosen = [a for a in figures.get("awards", []) if a["category"] in categories]
    if not chosen:
        return []
    labels = {a["level"]: a["level_label"] for a in chosen}
    by_level = [
        [t(labels[level]), fig(f"{n}项", figures["links"].get("awards"))]
        for level in LEVEL_ORDER
        if (n := sum(1 for a in chosen if a["level"] == level))
    ]
    intro = [t(_("全年获得奖项")), fig(f"{len(chosen)}项", figures["links"].get("awards"))]
    if len(by_level) > 1:
        intro += [t(_("，其中")), *join_list(by_level)]
    return [[*intro, t("："), *join_list([award_phrase(a) for a in chosen], "；"), t("。")]]


def participation_phrase(part: dict) -> list[dict]:
    """ "，参加N人次" (non-members counted too, as a summary counts heads); nothing when none was recorded."""
    total = part["present"] + part["non_members"]
    if not total:
        return []
    return [t(_("，参加")), fig(f"{total}人次", part.get("href"))]


def sum_participation(figures: dict, kinds: tuple[str, ...]) -> dict:
    parts = [figures["participation"][k] for k in kinds if k in figures.get("participation", {})]
    return {
        "activities": sum(p["activities"] for p in parts),
        "present": sum(p["present"] for p in parts),
        "non_members": sum(p["non_members"] for p in parts),
        "href": figures.get("links", {}).get("activities"),
    }


# How a summary names each kind of activity, and the measure word it counts them with.
KIND_WORDS = {
    "study": ("集中学习", "次"),
    "lecture": ("专题讲座", "次"),
    "training": ("业务培训", "期"),
    "competition": ("劳动竞赛和技能比武", "项"),
    "safety": ("“安康杯”竞赛", "项"),
    "quiz": ("知识竞赛", "项"),
    "sports": ("体育比赛", "项"),
    "culture": ("文艺活动", "项"),
    "health_check": ("职工健康体检", "次"),
    "civic": ("志愿服务和公益活动", "次"),
    "congress": ("职工代表大会", "次"),
    "evaluation": ("民主评议", "次"),
    "other": ("其他活动", "项"),
}


def kinds_phrase(figures: dict, kinds: tuple[str, ...]) -> list[list[dict]]:
    """["“安康杯”竞赛2项", "知识竞赛1项"] as fragments, each count linked to its activities."""
    items = []
    for kind in kinds:
        count = figures.get("activity_counts", {}).get(kind, 0)
        if count:
            word, unit = KIND_WORDS[kind]
            items.append([t(word), fig(f"{count}{unit}", figures["links"].get(f"kind:{kind}"))])
    return items


# --- sections -------------------------------------------------------------------------------------


def opening(figures: dict) -> list[list[dict]]:
    union, year = figures["union"]["name"], figures["year"]
    members = figures.get("membership", {})
    total_activities = sum(figures.get("activity_counts", {}).values())
    text = [
        t(
            _(
                "%(year)s年，%(union)s在上级工会和本单位党组织的领导下，紧扣“维护、建设、参与、教育”四项基本职能，"
            )
            % {"year": year, "union": union}
        )
    ]
    facts = []
    if members.get("members"):
        facts.append([t(_("年末共有会员")), fig(f"{members['members']}名", figures["links"].get("members"))])
    if total_activities:
        facts.append(
            [t(_("全年组织各类活动")), fig(f"{total_activities}项", figures["links"].get("activities"))]
        )
    funds = figures.get("funds", {})
    if funds.get("income_total") not in (None, "0.00"):
        facts.append(
            [t(_("经费收入")), fig(yuan_s(funds["income_total"]), figures["links"].get("statement"))]
        )
    if facts:
        text += [
            t(_("团结带领广大职工扎实工作：")),
            *join_list(facts, "，"),
            t(_("。现将一年来的工作总结如下。")),
        ]
    else:
        text += [t(_("认真开展各项工作。现将一年来的工作总结如下。"))]
    return [text]


def yuan_s(amount: str) -> str:
    """A figure stored as text in the snapshot ("58180.00") → 58180元."""
    return yuan(Decimal(amount))


def organisation(figures: dict) -> list[list[dict]]:
    m = figures.get("membership")
    points: list[list[dict]] = []
    links = figures.get("links", {})
    if m and m.get("members"):
        year = figures["year"]
        point = []
        children = figures["union"].get("children", 0)
        if children:
            point += [
                t(_("截至%(year)s年底，全系统有基层工会组织") % {"year": year}),
                fig(f"{children}个", links.get("unions")),
                t(_("，共有会员")),
            ]
        else:
            point += [t(_("截至%(year)s年底，共有会员") % {"year": year})]
        point.append(fig(f"{m['members']}名", links.get("members")))
        details = []
        if m.get("women"):
            details.append([t(_("女会员")), fig(f"{m['women']}名", links.get("women"))])
        if m.get("migrant"):
            details.append([t(_("农民工会员")), fig(f"{m['migrant']}名", links.get("migrant"))])
        if details:
            point += [t(_("，其中")), *join_list(details)]
        point.append(t("。"))
        moves = []
        if m.get("new"):
            moves.append([t(_("新发展会员")), fig(f"{m['new']}名", links.get("new"))])
        if m.get("transferred_in"):
            moves.append([t(_("转入")), fig(f"{m['transferred_in']}名", links.get("transferred_in"))])
        if m.get("transferred_out"):
            moves.append([t(_("转出")), fig(f"{m['transferred_out']}名", links.get("transferred_out"))])
        if m.get("retained"):
            moves.append(
                [t(_("为退休、离岗职工办理保留会籍")), fig(f"{m['retained']}名", links.get("retained"))]
            )
        if moves:
            point += [
                t(_("全年")),
                *join_list(moves, "，"),
                t(_("，会员实名制信息及时更新，做到一次入会、动态接转。")),
            ]
        points.append(point)
    points += chronicle_points(figures, "organisation")
    return numbered(points)


def funds(figures: dict) -> list[list[dict]]:
    f = figures.get("funds")
    links = figures.get("links", {})
    points: list[list[dict]] = []
    if f and (f["income_total"] != "0.00" or f["spending_total"] != "0.00"):
        point = [t(_("全年工会经费总收入")), fig(yuan_s(f["income_total"]), links.get("statement"))]
        income = [[t(name), fig(yuan_s(amount), links.get(f"income:{name}"))] for name, amount in f["income"]]
        if income:
            point += [t(_("，其中")), *join_list(income), t("")]
        point += [t(_("；总支出")), fig(yuan_s(f["spending_total"]), links.get("statement"))]
        spending = [
            [t(name), fig(yuan_s(amount), links.get(f"spending:{name}"))] for name, amount in f["spending"]
        ]
        if spending:
            point += [t(_("，其中")), *join_list(spending)]
        point.append(t("。"))
        points.append(point)
        balances = [
            [t(name), fig(yuan_s(amount), links.get("balances"))]
            for name, amount, _restricted in f["balances"]
        ]
        if balances:
            points.append([t(_("年末各项资金结余：")), *join_list(balances, "，"), t("。")])
        restricted = [name for name, _amount, is_restricted in f["balances"] if is_restricted]
        warnings = f.get("warnings", 0)
        discipline = [t(_("设立工会经费专账，严格执行经费收支管理规定"))]
        if restricted:
            discipline.append(t(_("，%(funds)s专款专用、不扩大开支范围") % {"funds": "、".join(restricted)}))
        if warnings:
            discipline += [
                t(_("；全年有")),
                fig(f"{warnings}笔", links.get("warnings")),
                t(_("支出在录入时触发开支标准提示，已提交经审委员会审查。")),
            ]
        else:
            discipline.append(t(_("，全年未发生超标准、超范围开支。")))
        points.append(discipline)
    points += chronicle_points(figures, "funds")
    return numbered(points)


def rights(figures: dict) -> list[list[dict]]:
    links = figures.get("links", {})
    points: list[list[dict]] = []
    h = figures.get("hardship")
    if h and h.get("on_file"):
        levels = [
            [t(label), fig(f"{n}户", links.get(f"hardship:{key}"))] for key, label, n in h["by_level"] if n
        ]
        point = [
            t(_("建立健全困难职工档案，目前在档困难职工")),
            fig(f"{h['on_file']}户", links.get("hardship")),
        ]
        if levels:
            point += [t(_("，其中")), *join_list(levels)]
        changes = []
        if h.get("opened"):
            changes.append([t(_("新建档")), fig(f"{h['opened']}户", links.get("hardship"))])
        if h.get("closed"):
            changes.append([t(_("解困销档")), fig(f"{h['closed']}户", links.get("hardship"))])
        if changes:
            point += [t(_("；全年")), *join_list(changes)]
        point.append(t("。"))
        points.append(point)
    aid = figures.get("aid", [])
    if aid:
        total = sum_decimal(row["amount"] for row in aid)
        people = figures.get("aid_people", 0)
        times = sum(row["times"] for row in aid)
        kinds = [
            [t(row["label"]), fig(yuan_s(row["amount"]), links.get(f"aid:{row['kind']}"))] for row in aid
        ]
        points.append(
            [
                t(_("全年发放各类帮扶救助资金")),
                fig(yuan(total), links.get("aid")),
                t(_("，帮扶职工")),
                fig(f"{people}人", links.get("aid")),
                t("、"),
                fig(f"{times}人次", links.get("aid")),
                t(_("，其中")),
                *join_list(kinds),
                t("。"),
            ]
        )
        school = next((row for row in aid if row["kind"] == "schooling"), None)
        if school:
            points.append(
                [
                    t(_("开展“金秋助学”活动，资助会员子女")),
                    fig(f"{school['people']}名", links.get("aid:schooling")),
                    t(_("，发放助学金")),
                    fig(yuan_s(school["amount"]), links.get("aid:schooling")),
                    t("。"),
                ]
            )
    d = figures.get("donations")
    if d and d.get("drives"):
        points.append(
            [
                t(_("组织募捐活动")),
                fig(f"{d['drives']}次", links.get("donations")),
                t(_("，")),
                fig(f"{d['donors']}人次", links.get("donations")),
                t(_("献出爱心，共募集善款")),
                fig(yuan_s(d["amount"]), links.get("donations")),
                t(_("，全部纳入帮扶基金，专款用于困难职工救助。")),
            ]
        )
    points += chronicle_points(figures, "rights")
    return numbered(points)


def sum_decimal(values) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal("0"))


def competitions(figures: dict) -> list[list[dict]]:
    points: list[list[dict]] = []
    held = kinds_phrase(figures, COMPETITION_KINDS)
    if held:
        part = sum_participation(figures, COMPETITION_KINDS)
        points.append(
            [
                t(_("围绕单位中心工作开展劳动竞赛和技能比武，全年举办")),
                *join_list(held),
                *participation_phrase(part),
                t("。"),
            ]
        )
    learning = kinds_phrase(figures, LEARNING_KINDS)
    if learning:
        part = sum_participation(figures, LEARNING_KINDS)
        points.append(
            [
                t(_("坚持学习制度，组织")),
                *join_list(learning),
                *participation_phrase(part),
                t(_("，职工的业务能力和综合素质不断提高。")),
            ]
        )
    points += award_points(figures, ("skills",))
    points += chronicle_points(figures, "competitions")
    return numbered(points)


def culture(figures: dict) -> list[list[dict]]:
    points: list[list[dict]] = []
    held = kinds_phrase(figures, ("culture", "sports"))
    if held:
        part = sum_participation(figures, ("culture", "sports"))
        points.append(
            [
                t(_("利用节假日开展职工喜闻乐见的文体活动，全年举办")),
                *join_list(held),
                *participation_phrase(part),
                t("。"),
            ]
        )
    care = kinds_phrase(figures, ("health_check", "civic"))
    if care:
        part = sum_participation(figures, ("health_check", "civic"))
        points.append(
            [t(_("关心职工身心健康，组织")), *join_list(care), *participation_phrase(part), t("。")]
        )
    points += award_points(figures, ("culture_sports",))
    points += chronicle_points(figures, "culture")
    return numbered(points)


def democracy(figures: dict) -> list[list[dict]]:
    links = figures.get("links", {})
    points: list[list[dict]] = []
    held = kinds_phrase(figures, DEMOCRACY_KINDS)
    if held:
        points.append(
            [
                t(_("坚持和完善以职工代表大会为基本形式的民主管理制度，全年召开")),
                *join_list(held),
                t(_("，重大事项经职工代表审议，接受职工监督。")),
            ]
        )
    s = figures.get("suggestions")
    if s and s.get("collected"):
        point = [
            t(_("广泛开展合理化建议活动，共征集职工意见建议")),
            fig(f"{s['collected']}件", links.get("suggestions")),
        ]
        if s.get("adopted"):
            point += [t(_("，采纳")), fig(f"{s['adopted']}件", links.get("suggestions_adopted"))]
            if s.get("implemented"):
                point += [
                    t(_("，已实施")),
                    fig(f"{s['implemented']}件", links.get("suggestions_implemented")),
                ]
        point.append(t("。"))
        points.append(point)
    points += chronicle_points(figures, "democracy")
    return numbered(points)


def honours(figures: dict) -> list[list[dict]]:
    points = award_points(figures, ("honour",))
    points += chronicle_points(figures, "honours")
    return numbered(points)


def shortcomings(figures: dict) -> list[list[dict]]:
    """What the records say is lagging: a starting point for the chair's own words."""
    hints = figures.get("shortcomings", {})
    links = figures.get("links", {})
    points: list[list[dict]] = []
    if hints.get("participation_rate") is not None and hints["participation_rate"] < 50:
        points.append(
            [
                t(_("会员参加活动的比例还不高，全年参加过活动的会员占")),
                fig(f"{hints['participation_rate']}%", links.get("activities")),
                t(_("，活动的吸引力有待增强。")),
            ]
        )
    if hints.get("reverify_due"):
        points.append(
            [
                t(_("困难职工档案动态管理不够及时，有")),
                fig(f"{hints['reverify_due']}户", links.get("hardship_due")),
                t(_("档案尚未完成年度复核。")),
            ]
        )
    if hints.get("arrears"):
        points.append(
            [
                t(_("会费收缴还不够及时，年末有")),
                fig(f"{hints['arrears']}名", links.get("arrears")),
                t(_("会员欠缴会费。")),
            ]
        )
    return numbered(points)


WRITERS = {
    "opening": opening,
    "organisation": organisation,
    "funds": funds,
    "rights": rights,
    "competitions": competitions,
    "culture": culture,
    "democracy": democracy,
    "honours": honours,
    "shortcomings": shortcomings,
}


def write_sections(*, union, year: int, figures: dict) -> list[dict]:
    """The sections the records can write, in order; empty ones left out."""
    sections = []
    for key, writer in WRITERS.items():
        paragraphs = writer(figures)
        if paragraphs:
            sections.append({"key": key, "heading": str(SECTION_HEADINGS[key]), "paragraphs": paragraphs})
    return sections
