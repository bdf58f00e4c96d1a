"""Setting a union up and running its house: the tree, its officers, their terms and passwords.

Keyword-only, atomic functions; messages in Chinese. Every change here is written to the audit
trail by PostgreSQL triggers (unionhub.history: `UnionHistory`, `RoleHistory`).
"""

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhub import guards, hooks
from unionhub.models import Province, Role, Union, User
from unionhub.scope import path_ids

# No 0/O, 1/l/I: the password is read off a screen or a slip of paper and typed in.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"  # noqa: S105 - an alphabet
PASSWORD_LENGTH = 12
OFFICES = (Role.Kind.CHAIR, Role.Kind.SECRETARY, Role.Kind.TREASURER, Role.Kind.AUDITOR)


def one_time_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def union_kind(text: str) -> str:
    """A union type from its Chinese name (乡镇工会) or its code (township)."""
    text = (text or "").strip()
    for value, label in Union.Kind.choices:
        if text in (value, str(label)):
            return value
    names = "、".join(str(label) for _value, label in Union.Kind.choices)
    raise ValidationError(
        {"kind": _("没有“%(kind)s”这一工会类型，可选：%(names)s。") % {"kind": text, "names": names}}
    )


def province(text: str) -> str:
    found = Province.parse(text)
    if found is None:
        raise ValidationError(
            {
                "region": _(
                    "没有“%(name)s”这一省级行政区，请写全称（如四川省、广西壮族自治区）或简称（如四川）。"
                )
                % {"name": text}
            }
        )
    return found.value


def _new_login(*, username: str, name: str) -> tuple[User, str]:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("请填写登录名。")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("登录名“%(name)s”已被使用，请换一个。") % {"name": username}})
    password = one_time_password()
    user = User(username=username, name=(name or "").strip(), must_change_password=True)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user, password


def _check_name_free(name: str, *, exclude: Union | None = None) -> None:
    others = Union.objects.filter(name=name)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"name": _("已有名为“%(name)s”的工会组织。") % {"name": name}})


@dataclass
class Started:
    union: Union
    chair: User
    password: str


@transaction.atomic
def start_union(
    *,
    name: str,
    kind: str,
    province_name: str,
    chair_login: str,
    chair_name: str = "",
    parent: str = "",
    since: date | None = None,
) -> Started:
    """A new union (at the top of a tree, or below `parent`, given by name) and its chair's login,
    with a one-time password to be changed at first login. The chair's term, and the committee's,
    start `since` (the day she was elected; today when not given), so "who was chair on 1 June" has
    its answer. Refuses a name already taken, an unknown type or province, an unknown parent, a
    login already in use and a start after today; creates nothing then."""
    today = timezone.localdate()
    since = since or today
    if since > today:
        raise ValidationError({"since": _("任职日期不能晚于今天。")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写工会名称。")})
    _check_name_free(name)
    kind = union_kind(kind)
    region = province(province_name)
    parent_union = None
    if parent:
        parent_union = Union.objects.filter(name=parent.strip()).first()
        if parent_union is None:
            raise ValidationError({"parent": _("没有名为“%(name)s”的上级工会。") % {"name": parent}})
    union = Union(
        name=name,
        kind=kind,
        region=region,
        parent=parent_union,
        term_start=since,
        dues_mode=dues_mode_of(kind),
    )
    union.full_clean()
    union.save()
    chair, password = _new_login(username=chair_login, name=chair_name)
    Role.objects.create(user=chair, union=union, kind=Role.Kind.CHAIR, start=since)
    return Started(union, chair, password)


# The type a union below is most often: a township's and a village's unions are village unions, a
# workplace union's are its groups; a system, industry or regional union federates workplace unions.
CHILD_KIND = {
    Union.Kind.TOWNSHIP: Union.Kind.VILLAGE,
    Union.Kind.VILLAGE: Union.Kind.GROUP,
    Union.Kind.BASE: Union.Kind.GROUP,
    Union.Kind.JOINT: Union.Kind.GROUP,
}


# How a union of a type collects dues unless its profile says otherwise: a village union of farmers
# draws no wages to take 0.5% of, and collects none at its own level (its profile may set a fixed amount).
DUES_MODE_OF_KIND = {Union.Kind.VILLAGE: Union.DuesMode.NONE}


def dues_mode_of(kind: str) -> str:
    return DUES_MODE_OF_KIND.get(kind, Union.DuesMode.WAGE)


def child_kind(parent: Union) -> str:
    """The type offered first for a union set up below `parent`."""
    return CHILD_KIND.get(parent.kind, Union.Kind.BASE)


@transaction.atomic
def create_child(*, parent: Union, name: str, kind: str, short_name: str = "") -> Union:
    name = (name or "").strip()
    _check_name_free(name)
    if not parent.is_open():
        raise ValidationError(_("上级工会已撤销，不能再设立下级工会。"))
    union = Union(
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        region=parent.region,
        dues_mode=dues_mode_of(kind),
    )
    union.full_clean()
    union.save()
    return union


@transaction.atomic
def create_children(*, parent: Union, names: list[str], kind: str) -> list[Union]:
    """Several unions of one type below `parent`, entered as a list: all or none, every name that
    cannot be used named in one message."""
    names = [name.strip() for name in names if name.strip()]
    if not names:
        raise ValidationError({"names": _("请至少填写一个工会名称。")})
    repeated = sorted({name for name in names if names.count(name) > 1})
    taken = sorted(Union.objects.filter(name__in=names).values_list("name", flat=True))
    problems = [_("名称重复：%(names)s。") % {"names": "、".join(repeated)}] if repeated else []
    if taken:
        problems.append(_("已有同名的工会组织：%(names)s。") % {"names": "、".join(taken)})
    if problems:
        raise ValidationError({"names": problems})
    return [create_child(parent=parent, name=name, kind=kind) for name in names]


@transaction.atomic
def move_union(*, union: Union, parent: Union) -> Union:
    """Put `union` (with everything below it) under `parent`; never under itself or below itself.

    The locks the recounts of a move take are taken first, in the order every writer takes them: the
    apps' tables (`hooks.BEFORE_MOVE`), the federations it leaves and joins, then the union's row. A
    voucher or a check-in in flight finishes first (each checks the union's row when it commits), and
    one that starts now waits for the move."""
    for lock in hooks.BEFORE_MOVE:
        lock()
    paths = Union.objects.filter(pk__in=[union.pk, parent.pk]).values_list("path", flat=True)
    guards.lock_federations([path_ids(path)[0] for path in paths])
    union = Union.objects.select_for_update().get(pk=union.pk)
    if parent.pk == union.pk or union.contains(parent):
        raise ValidationError({"parent": _("上级工会不能是本工会或其下级工会。")})
    if not parent.is_open():
        raise ValidationError({"parent": _("该工会已撤销，不能作为上级工会。")})
    union.parent = parent
    union.full_clean()
    union.save()
    return union


@transaction.atomic
def close_union(*, union: Union, on: date) -> list[Union]:
    """Close the union and every union below it on `on`: they leave the pickers, their officers'
    roles end that day, and their records stay. Returns the unions closed.

    Every office not ended by `on` ends then, an end date set for later included: no one holds an
    office in a union that is gone. An office that was to start after `on` ends on its start date,
    so it is kept as the record of an appointment that was never held (a role reaches nothing from
    its end date on, and the database refuses an end before the start).
    """
    closing = list(union.subtree().open(on).select_for_update())
    if not closing:
        raise ValidationError({"closed_on": _("该工会已于%(date)s撤销。") % {"date": union.closed_on}})
    for each in closing:
        each.closed_on = on
        each.save(update_fields=["closed_on"])
    for role in Role.objects.filter(union__in=closing).not_ended(on).select_for_update():
        role.end = max(on, role.start)
        role.save(update_fields=["end"])
    return closing


@dataclass
class Appointed:
    role: Role
    password: str | None  # the one-time password of a new login, shown once


def _appoint(
    *, union: Union, kind: str, start: date, user: User | None, username: str = "", name: str = ""
) -> Appointed:
    """An office ends with its union: one that closes (or is set to close) on a date takes no
    officer from that date on, and an office given before it ends on it."""
    if not union.is_open(start):
        raise ValidationError(
            {"start": _("该工会于%(date)s撤销，不能任命此后到任的干部。") % {"date": union.closed_on}}
        )
    password = None
    if user is None:
        user, password = _new_login(username=username, name=name)
    if Role.objects.filter(user=user, union=union, kind=kind).not_ended(start).exists():
        raise ValidationError(
            _("%(user)s 已是%(union)s的%(kind)s。如需更改其任职日期，请在干部页点“更正任职日期”。")
            % {"user": user, "union": union.label, "kind": Role.Kind(kind).label}
        )
    role = Role(user=user, union=union, kind=kind, start=start, end=union.closed_on)
    role.full_clean()
    role.save()
    return Appointed(role, password)


@transaction.atomic
def appoint(
    *, union: Union, kind: str, start: date, user: User | None = None, username: str = "", name: str = ""
) -> Appointed:
    """Give a person an office in `union` from `start`: an existing `user`, or a new login
    (`username`, `name`) with a one-time password."""
    if not union.is_open():
        raise ValidationError(_("该工会已撤销，不能任命干部。"))
    return _appoint(union=union, kind=kind, start=start, user=user, username=username, name=name)


@transaction.atomic
def end_role(*, role: Role, on: date) -> Role:
    role = Role.objects.select_for_update().get(pk=role.pk)
    if role.end is not None:
        raise ValidationError({"end": _("该职务已于%(date)s卸任。") % {"date": role.end}})
    if on < role.start:
        raise ValidationError({"end": _("卸任日期不能早于任职日期（%(date)s）。") % {"date": role.start}})
    role.end = on
    role.full_clean()
    role.save(update_fields=["end"])
    return role


@transaction.atomic
def correct_start(*, role: Role, start: date) -> Role:
    """Correct the date an office was taken up, to a past date too (a chair elected on 1 January and
    entered in March): never after its end or today, never before the union was founded, and never
    overlapping another term of the same person in the same office."""
    role = Role.objects.select_for_update().select_related("union").get(pk=role.pk)
    if start > timezone.localdate():
        raise ValidationError({"start": _("任职日期不能晚于今天。")})
    if role.end is not None and start > role.end:
        raise ValidationError({"start": _("任职日期不能晚于卸任日期（%(date)s）。") % {"date": role.end}})
    if role.union.founded and start < role.union.founded:
        raise ValidationError(
            {"start": _("任职日期不能早于工会成立日期（%(date)s）。") % {"date": role.union.founded}}
        )
    overlapping = (
        Role.objects.filter(user=role.user_id, union=role.union_id, kind=role.kind)
        .exclude(pk=role.pk)
        .not_ended(start)
        .filter(start__lt=role.end or date.max)
    )
    if overlapping.exists():
        raise ValidationError(
            {
                "start": _("与%(user)s另一段%(kind)s任职重叠。")
                % {"user": role.user, "kind": role.get_kind_display()}
            }
        )
    role.start = start
    role.full_clean()
    role.save(update_fields=["start"])
    return role


@dataclass
class NewOfficer:
    kind: str
    user: User | None = None  # an existing person, or a new login:
    username: str = ""
    name: str = ""


@transaction.atomic
def hand_over(
    *, union: Union, on: date, officers: list[NewOfficer], term_end: date | None = None
) -> list[Appointed]:
    """换届: on one date, end every office of the old committee of `union` and start the new one's.

    All or nothing. The union's committee term starts on `on` (and ends on `term_end` when given).
    """
    union = Union.objects.select_for_update().get(pk=union.pk)
    if not union.is_open():
        raise ValidationError(_("该工会已撤销，不能换届。"))
    if not officers:
        raise ValidationError(_("请至少填写新一届的一名干部。"))
    if not any(officer.kind == Role.Kind.CHAIR for officer in officers):
        raise ValidationError(_("新一届委员会须有工会主席。"))
    # The old committee: every office not ended by the hand-over, one with a later end date too.
    old = list(Role.objects.filter(union=union, kind__in=OFFICES).not_ended(on).select_for_update())
    for role in old:
        if role.start > on:
            raise ValidationError(
                _("%(role)s 的任职日期（%(date)s）晚于换届日期。") % {"role": role, "date": role.start}
            )
        role.end = on
        role.save(update_fields=["end"])
    appointed = [
        _appoint(union=union, kind=o.kind, start=on, user=o.user, username=o.username, name=o.name)
        for o in officers
    ]
    union.term_start = on
    union.term_end = term_end
    union.full_clean()
    union.save(update_fields=["term_start", "term_end"])
    return appointed


@transaction.atomic
def reset_password(*, user: User) -> str:
    """A new one-time password for an officer who forgot theirs; they set their own at next login."""
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    return password
