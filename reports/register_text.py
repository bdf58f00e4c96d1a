"""The summary's sentences about the registers of democratic management, rights and members' growth
(rights.selectors.register_figures): one function per register, each a point or nothing.

A register with records is told with its figures and a few examples. An empty register is told
("全年未发生劳动争议") only when the union marked it as kept for the year (rights.models.KeptRegister);
a union that keeps no such register says nothing of it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.phrases import fig, join_list, month_day, names, quoted, t, yuan_s
from rights.models import CollectiveContract, JobService, OpenAffairsItem, StudyOutput


def _registers(figures: dict) -> dict:
    return figures.get("registers") or {}


def _kept(figures: dict, register: str) -> bool:
    return register in _registers(figures).get("kept", [])


def democracy_points(figures: dict) -> list[list[dict]]:
    return [p for p in (contract_point(figures), congress_point(figures), openness_point(figures)) if p]


def rights_points(figures: dict) -> list[list[dict]]:
    points = [dispute_point(figures), complaint_point(figures), job_point(figures), insurance_point(figures)]
    return [p for p in points if p]


def growth_points(figures: dict) -> list[list[dict]]:
    return [p for p in (study_point(figures), subsidy_point(figures)) if p]


def contract_point(figures: dict) -> list[dict]:
    c = _registers(figures).get("contracts") or {}
    if not c.get("signed"):
        return []
    kinds = [
        [t(str(CollectiveContract.Kind(kind).label)), fig(f"{row['n']}份", "register:contract")]
        for kind, row in c["by_kind"].items()
    ]
    point = [
        t(_("坚持平等协商和集体合同制度，全年签订集体合同")),
        fig(f"{c['signed']}份", "register:contract"),
    ]
    if c.get("renewed"):
        point += [t(_("（其中续签")), fig(f"{c['renewed']}份", "register:contract"), t("）")]
    point += [t(_("，其中")), *join_list(kinds)]
    if c.get("workers"):
        point += [t(_("，覆盖职工")), fig(f"{c['workers']}人次", "register:contract")]
    wages = [
        f"{w['employer']}约定工资增长{w['figure'].rstrip('0').rstrip('.')}%"
        for w in c.get("wage_examples", [])
    ]
    if wages:
        point.append(t(_("。如：%(examples)s") % {"examples": "；".join(wages)}))
    point.append(t("。"))
    return point


def congress_point(figures: dict) -> list[dict]:
    c = _registers(figures).get("congress") or {}
    if not c.get("held") and not c.get("raised"):
        return []
    point = [
        t(_("坚持以职工代表大会为基本形式的民主管理制度，全年召开职工代表大会")),
        fig(f"{c['held']}次", "register:congress"),
    ]
    sessions = [
        _("%(date)s召开%(title)s，%(n)s名职工代表参加")
        % {"date": month_day(s["date"]), "title": s["title"], "n": s["representatives"]}
        for s in c.get("sessions", [])
    ]
    if sessions:
        point.append(t(_("（%(sessions)s）") % {"sessions": "；".join(sessions)}))
    if c.get("raised"):
        point += [t(_("，征集职工代表提案")), fig(f"{c['raised']}件", "register:motion")]
        if c.get("accepted"):
            point += [t(_("，立案")), fig(f"{c['accepted']}件", "register:motion")]
        if c.get("done"):
            point += [t(_("，已落实")), fig(f"{c['done']}件", "register:motion")]
    point.append(t("。"))
    examples = [f"{quoted(m['subject'])}，{m['action'].rstrip('。')}" for m in c.get("examples", [])]
    if examples:
        point.append(t(_("如：%(examples)s。") % {"examples": "；".join(examples)}))
    return point


def openness_point(figures: dict) -> list[dict]:
    o = _registers(figures).get("openness") or {}
    if not o.get("items"):
        return []
    channels = "、".join(str(OpenAffairsItem.Channel(c).label) for c in o.get("channels", []))
    return [
        t(_("深化厂务公开，通过%(channels)s等形式公开事项") % {"channels": channels}),
        fig(f"{o['items']}项", "register:openness"),
        t(
            _("，如%(examples)s，保障了职工的知情权和监督权。")
            % {"examples": names(o.get("examples", []), 3)}
        ),
    ]


def dispute_point(figures: dict) -> list[dict]:
    d = _registers(figures).get("disputes") or {}
    if not d.get("received"):
        if _kept(figures, "dispute"):
            return [t(_("建立劳动争议调解台账，全年未发生劳动争议，劳动关系和谐稳定。"))]
        return []
    point = [
        t(_("积极开展劳动争议调解，全年受理劳动争议")),
        fig(f"{d['received']}件", "register:dispute"),
        t(_("，涉及职工")),
        fig(f"{d['workers']}人", "register:dispute"),
    ]
    if d.get("settled"):
        point += [t(_("，调解成功")), fig(f"{d['settled']}件", "register:dispute")]
    if d.get("recovered") and yuan_s(d["recovered"]) != "0元":
        point += [t(_("，为职工挽回经济损失")), fig(yuan_s(d["recovered"]), "register:dispute")]
    if d.get("subjects"):
        point.append(t(_("，主要涉及%(subjects)s") % {"subjects": "、".join(d["subjects"])}))
    point.append(t("。"))
    return point


def complaint_point(figures: dict) -> list[dict]:
    c = _registers(figures).get("complaints") or {}
    if not c.get("received"):
        if _kept(figures, "complaint"):
            return [t(_("畅通职工诉求表达渠道，全年未发生职工信访和投诉。"))]
        return []
    point = [
        t(_("认真做好职工来信来访工作，全年收到信访投诉")),
        fig(f"{c['received']}件", "register:complaint"),
    ]
    if c.get("answered"):
        point += [t(_("，已答复")), fig(f"{c['answered']}件", "register:complaint")]
    if c.get("subjects"):
        point.append(t(_("，反映的主要是%(subjects)s") % {"subjects": "、".join(c["subjects"])}))
    point.append(t("。"))
    return point


JOB_PHRASES = {
    JobService.Kind.PLACEMENT: gettext_lazy("推荐就业"),
    JobService.Kind.TRAINING: gettext_lazy("开展就业技能培训"),
    JobService.Kind.EXPORT: gettext_lazy("组织劳务输出"),
}


def job_point(figures: dict) -> list[dict]:
    j = _registers(figures).get("jobs") or {}
    by_kind = j.get("by_kind") or {}
    if not by_kind:
        return []
    parts = []
    for kind in JobService.Kind.values:
        row = by_kind.get(kind)
        if not row:
            continue
        part = [t(str(JOB_PHRASES[kind]))]
        if kind == JobService.Kind.TRAINING:
            part += [fig(f"{row['times']}期", "register:job"), t(_("，培训"))]
        part.append(fig(f"{row['people']}人次", "register:job"))
        if kind == JobService.Kind.EXPORT and j.get("destinations"):
            part.append(t(_("（主要去往%(places)s）") % {"places": "、".join(j["destinations"])}))
        parts.append(part)
    point = [t(_("为农民工等职工做好就业服务，全年")), *join_list(parts, "，"), t("。")]
    if j.get("examples"):
        point.append(t(_("如：%(examples)s。") % {"examples": names(j["examples"], 3)}))
    return point


def insurance_point(figures: dict) -> list[dict]:
    i = _registers(figures).get("insurance") or {}
    if not i.get("members"):
        return []
    return [
        t(_("组织会员参加%(plans)s，参保会员") % {"plans": names(i.get("names", []), 3)}),
        fig(f"{i['members']}名", "register:insurance"),
        t(_("，缴纳互助金")),
        fig(yuan_s(i["premium"]), "register:insurance"),
        t(_("，为会员筑牢大病保障防线。")),
    ]


def study_point(figures: dict) -> list[dict]:
    s = _registers(figures).get("study") or {}
    if not s.get("pieces"):
        return []
    kinds = "、".join(str(StudyOutput.Kind(k).label) for k in s.get("kinds", []))
    return [
        t(_("引导会员学思践悟，全年")),
        fig(f"{s['authors']}名", "register:study"),
        t(_("会员撰写%(kinds)s") % {"kinds": kinds}),
        fig(f"{s['pieces']}篇", "register:study"),
        t(_("，共")),
        fig(f"{s['words']}字", "register:study"),
        t("。"),
    ]


def subsidy_point(figures: dict) -> list[dict]:
    s = _registers(figures).get("subsidies") or {}
    if not s.get("times"):
        return []
    return [
        t(_("鼓励职工参加学历教育和职业资格培训，为")),
        fig(f"{s['people']}名", "register:subsidy"),
        t(_("会员发放学习补助")),
        fig(yuan_s(s["amount"]), "register:subsidy"),
        t("。"),
    ]
