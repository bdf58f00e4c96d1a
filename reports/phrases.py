"""The phrases the annual summary is written in: fragments (text or a linked figure), dates and
names as officials write them, lists counted 一是、二是…, and the sentences about activities and
awards that several sections share. Used by `reports.writer`."""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from activities.models import Activity, Audience, Award
from reports.chinese import chinese_small_number, yuan
from reports.figures import AWARDS_TOLD


def t(text: str) -> dict:
    return {"text": text}


def fig(text: str, link: str | None = None) -> dict:
    return {"text": text, "link": link} if link else {"text": text}


def month_day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.month}月{day.day}日"


def month(iso: str) -> str:
    return f"{date.fromisoformat(iso).month}月"


def quoted(name: str) -> str:
    """A name as a summary quotes it: “职工运动会”, but 《工会法》 and “安康杯”竞赛 stay as they are."""
    name = name.strip()
    if not name or any(mark in name for mark in "“”《》\"'"):
        return name
    return f"“{name}”"


def ordinal_point(n: int) -> str:
    return f"{chinese_small_number(n)}是"


def numbered(points: list[list[dict]]) -> list[list[dict]]:
    """Points 一是、二是… when there are several, each its own paragraph; a lone point stands alone."""
    if len(points) < 2:
        return points
    return [[t(ordinal_point(i)), *point] for i, point in enumerate(points, start=1)]


def join_list(items: list[list[dict]], sep: str = "、") -> list[dict]:
    out: list[dict] = []
    for i, item in enumerate(items):
        if i:
            out.append(t(sep))
        out.extend(item)
    return out


def names(items: list[str], limit: int = 4) -> str:
    unique = list(dict.fromkeys(items))
    shown = [quoted(i) for i in unique[:limit]]
    return "、".join(shown) + ("等" if len(unique) > 1 else "")


def yuan_s(amount) -> str:
    """A figure stored as text in the snapshot ("58180.00") → 58180元."""
    return yuan(Decimal(amount))


def nonzero(amount) -> bool:
    return amount is not None and Decimal(amount) != 0


def sum_decimal(values) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal("0"))


# How the papers name whom aid helped (finances.relief_selectors.HELPED), with the measure word for each.
HELPED_WORDS = {
    "member": ("困难职工", "人"),
    "student": ("学生", "名"),
    "child": ("职工子女", "名"),
    "other": ("其他困难群众", "人"),
}


def helped_items(by_whom: dict[str, int]) -> list[tuple[str, str]]:
    """[("困难职工", "3人"), ("学生", "9名"), ("其他困难群众", "1人")]: whom some aid helped, each kind
    of person by its own word, so a student or someone who is not a member is never called 困难职工."""
    return [(HELPED_WORDS[who][0], f"{n}{HELPED_WORDS[who][1]}") for who, n in by_whom.items()]


def helped_list(by_whom: dict[str, int], link: str) -> list[dict]:
    """The same as fragments, each count linked to the aid it counts."""
    return join_list([[t(word), fig(count, link)] for word, count in helped_items(by_whom)])


def chronicle_points(figures: dict, section: str) -> list[list[dict]]:
    """The section's chronicle entries, one point each; an entry of a union below is said with its
    name, and those left out of a roll-up are counted in a last point."""
    points = []
    for entry in figures.get("chronicle", []):
        if entry["section"] != section or opens_a_drive(figures, entry):
            continue
        who = "" if named_in(entry["text"], entry) else entry.get("union") or ""
        points.append(
            [t(f"{month_day(entry['date'])}，{who}"), t(entry["text"].strip().rstrip("。；;，,") + "。")]
        )
    more = figures.get("chronicle_more", {}).get(section)
    if more:
        points.append([t(_("所属工会另记载此类大事%(n)s件，详见各单位台账。") % {"n": more})])
    return points


def opens_a_drive(figures: dict, entry: dict) -> bool:
    """An entry of the day a drive of its union began (the appeal made): the drive's own sentence
    tells it, with what it raised; the entry is not told a second time."""
    return any(
        d["starts_on"] == entry["date"]
        and (d["own"] if not entry.get("union") else d["union"] == entry["union"])
        for d in figures.get("drives", [])
    )


def examples_of(figures: dict, kinds: tuple[str, ...]) -> list[dict]:
    """The activities a section names as examples: those a chronicle entry of their union and day
    does not tell already (the 三八 health check is told once, in the chair's words)."""
    own = figures["union"]["name"]
    chronicled = {(e["date"], e.get("union") or own) for e in figures.get("chronicle", [])}
    return [a for a in activities_of(figures, kinds) if (a["date"], a["union"]) not in chronicled]


def named_in(text: str, entry: dict) -> bool:
    """Whether a text already names the entry's union: by its name, its short name or its name
    without "工会" (局机关工会 → 局机关), so it is not prefixed again."""
    name = entry.get("union") or ""
    names = (name, entry.get("union_short") or "", name.removesuffix("工会"))
    return any(len(n) >= 2 and n in text for n in names)


def activities_of(figures: dict, kinds: tuple[str, ...]) -> list[dict]:
    return [a for a in figures.get("activities", []) if a["kind"] in kinds]


def participants(figures: dict, kinds: tuple[str, ...]) -> int:
    parts = [figures["participation"][k] for k in kinds if k in figures.get("participation", {})]
    return sum(p["present"] + p["non_members"] for p in parts)


# How a summary names each kind of activity, and the measure word it counts them with.
KIND_WORDS = {
    "study": ("集中学习", "次"),
    "lecture": ("专题讲座", "场"),
    "training": ("培训班", "期"),
    "competition": ("劳动竞赛和技能比武", "项"),
    "safety": ("“安康杯”竞赛", "项"),
    "quiz": ("知识竞赛", "场"),
    "sports": ("体育比赛", "项"),
    "culture": ("文艺活动", "场"),
    "health_check": ("职工健康体检", "次"),
    "civic": ("志愿服务和公益活动", "次"),
    "congress": ("职工代表大会", "次"),
    "evaluation": ("民主评议", "次"),
    "other": ("其他活动", "项"),
}


def kinds_phrase(figures: dict, kinds: tuple[str, ...]) -> list[list[dict]]:
    """["集中学习12次", "专题讲座2场"] as fragments, each count linked to its activities. A weekly
    series is one item: "集中学习4项（含每周例行的“周五学习会”，共52次）"."""
    items = []
    for kind in kinds:
        count = figures.get("activity_counts", {}).get(kind, 0)
        if count:
            word, unit = KIND_WORDS[kind]
            series = [s for s in figures.get("activity_series", []) if s["kind"] == kind]
            held = series_of(figures).get(kind)
            if held:
                unit = "项"
            items.append([t(word), fig(f"{count}{unit}", f"kind:{kind}"), *series_named(series, held)])
    return items


def series_of(figures: dict) -> dict[str, list[int]]:
    """Per kind: [weekly series held, their sessions] (figures of an older shape kept every series)."""
    if "series_by_kind" in figures:
        return figures["series_by_kind"]
    held: dict[str, list[int]] = {}
    for s in figures.get("activity_series", []):
        counts = held.setdefault(s["kind"], [0, 0])
        counts[0] += 1
        counts[1] += s["sessions"]
    return held


def series_note(figures: dict) -> list[dict]:
    """ "（其中每周例行活动1项，共52次）" after the year's count of activities, a series once."""
    held = series_of(figures).values()
    if not held:
        return []
    n, sessions = sum(series for series, _sessions in held), sum(sessions for _series, sessions in held)
    return [t(_("（其中每周例行活动%(n)s项，共%(sessions)s次）") % {"n": n, "sessions": sessions})]


def series_named(series: list[dict], held: list[int] | None) -> list[dict]:
    """ "（含每周例行的“周五学习会”，共52次）" after the count of a kind that holds weekly series:
    `series` the first of them, `held` [how many, their sessions]."""
    if not held:
        return []
    n, sessions = held
    # Several unions' series often share a title ("每周五政治理论学习"): each title named once.
    named = list(dict.fromkeys(s["title"] for s in series))[:3]
    titles = "".join(quoted(title) for title in named) + ("等" if n > len(named) else "")
    return [t(_("（含每周例行的%(titles)s，共%(sessions)s次）") % {"titles": titles, "sessions": sessions})]


def held_phrase(figures: dict, kinds: tuple[str, ...]) -> list[dict]:
    """ "举办…N项，参加M人次" — the counts of the kinds, with the head count when one was recorded."""
    held = kinds_phrase(figures, kinds)
    if not held:
        return []
    out = join_list(held)
    total = participants(figures, kinds)
    if total:
        out += [t(_("，参加")), fig(f"{total}人次", "activities")]
    return out


def activity_detail(a: dict, *, speaker: bool = True) -> str:
    """One activity told in full: when, for whom, with whom, what, by whom (`speaker`: unless the
    sentence names a speaker shared by several activities once, after them)."""
    text = month_day(a["date"]) + "，"
    if a.get("audience"):
        text += _("面向%(who)s") % {"who": str(Audience(a["audience"]).label)}
    if a.get("cohosts"):
        text += _("与%(units)s联合") % {"units": a["cohosts"]}
    text += _("举办%(title)s") % {"title": quoted(a["title"])}
    if a.get("speaker") and a.get("subject"):
        text += _("，邀请%(speaker)s讲授%(subject)s") % {
            "speaker": a["speaker"],
            "subject": quoted(a["subject"]),
        }
    elif a.get("speaker") and speaker:
        text += _("，由%(speaker)s主讲") % {"speaker": a["speaker"]}
    elif a.get("subject") and a["subject"] not in a["title"]:
        text += _("，主题为%(subject)s") % {"subject": quoted(a["subject"])}
    if a.get("partners"):
        text += _("，%(units)s协办") % {"units": a["partners"]}
    if a.get("participants"):
        text += _("，参加%(n)s人次") % {"n": a["participants"]}
    return text


def is_detailed(a: dict) -> bool:
    return bool(a.get("audience") or a.get("speaker") or a.get("subject") or a.get("cohosts"))


def examples_sentence(acts: list[dict], limit: int = 4) -> list[dict]:
    """ "如：A、B、C等。" naming the activities; those with a speaker, subject, group or co-host told in
    full after the plain names."""
    if not acts:
        return []
    detailed = [a for a in acts if is_detailed(a)][:3]
    plain = [a["title"] for a in acts if not is_detailed(a)]
    parts = []
    if plain:
        parts.append(names(plain, limit))
    # A speaker of several activities (and no subject) is named once, after them.
    speakers = Counter(a["speaker"] for a in detailed if a.get("speaker") and not a.get("subject"))
    shared = [name for name, n in speakers.items() if n > 1]
    parts += [activity_detail(a, speaker=a.get("speaker") not in shared) for a in detailed]
    text = "；".join(parts)
    for name in shared:
        theirs = [a["title"] for a in detailed if a.get("speaker") == name and not a.get("subject")]
        if len(theirs) == len(detailed):
            text += _("，均由%(speaker)s主讲") % {"speaker": name}
        else:
            titles = "".join(quoted(title) for title in theirs)
            text += _("，其中%(titles)s均由%(speaker)s主讲") % {"titles": titles, "speaker": name}
    return [t(_("如：")), t(text), t("。")]


def award_phrase(award: dict) -> str:
    """ "4月，组队参加“全市职工腰鼓舞大赛”获“最佳魅力奖”" — what was won, where, by whom."""
    when = month(award["date"])
    title = award["title"]
    event = quoted(award["event"])
    organiser = award.get("organiser") or ""
    where = _("%(org)s组织的%(event)s") % {"org": organiser, "event": event} if organiser else event
    if award["category"] == "honour":
        return _("%(when)s，%(winner)s被评为%(title)s") % {
            "when": when,
            "winner": award["winner"],
            "title": quoted(title),
        }
    if award["winner_kind"] == Award.Winner.TEAM:
        return _("%(when)s，组队参加%(where)s，获%(title)s") % {"when": when, "where": where, "title": title}
    if award["winner_kind"] == Award.Winner.UNIT:
        return _("%(when)s，%(winner)s在%(where)s中获%(title)s") % {
            "when": when,
            "winner": award["winner"],
            "where": where,
            "title": title,
        }
    count = award.get("members") or 1
    who = _("职工%(names)s") % {"names": award["winner"]} if count <= 3 else _("%(n)s名职工") % {"n": count}
    return _("%(when)s，%(who)s在%(where)s中获%(title)s") % {
        "when": when,
        "who": who,
        "where": where,
        "title": title,
    }


LEVEL_ORDER = tuple(Award.Level.values)  # highest first


def award_counts(figures: dict) -> dict[str, dict[str, int]]:
    """Awards by category and level (figures of an older shape kept every award as a row)."""
    if "award_counts" in figures:
        return figures["award_counts"]
    counts: dict[str, dict[str, int]] = {}
    for a in figures.get("awards", []):
        by_level = counts.setdefault(a["category"], {})
        by_level[a["level"]] = by_level.get(a["level"], 0) + 1
    return counts


def award_points(figures: dict, categories: tuple[str, ...], intro: str) -> list[list[dict]]:
    """The awards of the categories counted by level and named one by one; past AWARDS_TOLD (a
    federation's hundreds), the highest levels are named, in date order, and "等"."""
    counts = Counter()
    for category in categories:
        counts.update(award_counts(figures).get(category, {}))
    total = sum(counts.values())
    if not total:
        return []
    by_level = [f"{str(Award.Level(level).label)}{counts[level]}项" for level in LEVEL_ORDER if counts[level]]
    head = [t(intro), fig(f"{total}项", "awards")]
    if len(by_level) > 1:
        head.append(t(_("（%(levels)s）") % {"levels": "、".join(by_level)}))
    chosen = [a for a in figures.get("awards", []) if a["category"] in categories]
    rank = {level: i for i, level in enumerate(LEVEL_ORDER)}
    best = sorted(range(len(chosen)), key=lambda i: (rank.get(chosen[i]["level"], len(rank)), i))
    told = [chosen[i] for i in sorted(best[:AWARDS_TOLD])]
    more = _("等") if len(told) < total else ""
    return [[*head, t("："), t("；".join(award_phrase(a) for a in told) + more), t("。")]]


def level_label(level: str) -> str:
    return str(Award.Level(level).label)


def activity_kind_label(kind: str) -> str:
    return str(Activity.Kind(kind).label)


def the_rest(rest: list[dict], summed: dict | None, count: str, *fields: str) -> tuple[int, dict]:
    """The rows past the few a sentence tells: those the figures summed already (`summed`, how many
    under `count`) and any the sentence left out itself. How many, and each field's total."""
    summed = summed or {}
    totals = {field: sum_decimal([summed.get(field, "0"), *(row[field] for row in rest)]) for field in fields}
    return len(rest) + summed.get(count, 0), totals


def paid_phrase(by_whom: dict[str, int], amount, verb: str = "") -> list[dict]:
    """ "补助困难职工4人、其他困难群众1人，共2500元" — whom a fund or a drive helped and the yuan
    (students alone are 资助, financed; others 补助 unless told another `verb`)."""
    if not by_whom:
        return [t(_("支付帮扶救助资金")), fig(yuan_s(amount), "aid")]
    verb = verb or (_("资助") if set(by_whom) == {"student"} else _("补助"))
    return [
        t(verb),
        *helped_list(by_whom, "aid"),
        t(_("，共") if len(by_whom) > 1 else _("、共")),
        fig(yuan_s(amount), "aid"),
    ]
