"""Everything that changes membership, and the hardship files' multi-row work.

`Member.status` and `Member.union` change here only, each time together with a `MemberEvent`:
the history is append-only, so the register on any past date can be rebuilt from the events.
"""

import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.cards import assign_card_numbers
from members.idcard import check_resident_id, normalise_text
from members.models import (
    ContactChange,
    HardshipCase,
    HardshipFamilyMember,
    HardshipVerification,
    JoinApplication,
    Member,
    MemberEvent,
    MemberLogin,
    RollImport,
    is_mobile_number,
)
from members.rolls import ACCEPTED, member_from_data
from unionhub.attachments import attachments_of
from unionhub.models import Union, User

Kind = MemberEvent.Kind
Status = Member.Status

# Which statuses each change starts from. A new (unsaved) member may only join or transfer in.
ALLOWED_FROM = {
    Kind.JOINED: {Status.LEFT, Status.REMOVED},
    Kind.TRANSFERRED_IN: {Status.TRANSFERRED_OUT, Status.LEFT},
    Kind.TRANSFERRED_OUT: {Status.ACTIVE},
    Kind.RETAINED: {Status.ACTIVE},
    Kind.RESTORED: {Status.RETAINED},
    Kind.LEFT: {Status.ACTIVE, Status.RETAINED},
    Kind.REMOVED: {Status.ACTIVE, Status.RETAINED},
    Kind.DECEASED: {Status.ACTIVE, Status.RETAINED},
}


def _locked(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def _check_change(member: Member, kind: str, day: date) -> None:
    """The change must start from an allowed status and may not be dated before the last one."""
    if day > timezone.localdate():
        raise ValidationError({"date": _("变动日期不能晚于今天。")})
    if member.pk is None:
        return
    if member.status not in ALLOWED_FROM[kind]:
        raise ValidationError(
            _("会员当前为“%(status)s”，不能办理“%(kind)s”。")
            % {"status": member.get_status_display(), "kind": Kind(kind).label}
        )
    last = member.events.order_by("-date", "-pk").first()
    if last and day < last.date:
        raise ValidationError(
            {"date": _("变动日期不能早于上一次会籍变动（%(date)s）。") % {"date": last.date.isoformat()}}
        )


def _record(
    member: Member,
    *,
    kind: str,
    union: Union,
    by: User | None,
    day: date,
    reason: str = "",
    other_union: Union | None = None,
    other_union_name: str = "",
) -> MemberEvent:
    event = MemberEvent(
        member=member,
        union=union,
        kind=kind,
        date=day,
        reason=reason,
        other_union=other_union,
        other_union_name=other_union_name,
        recorded_by=by,
    )
    event.full_clean()
    event.save()
    return event


def _set_status(member: Member, *, status: str, union: Union | None = None) -> None:
    member.status = status
    fields = ["status", "updated_at"]
    if union is not None:
        member.union = union
        fields.append("union")
    member.save(update_fields=fields)


@transaction.atomic
def join(*, member: Member, union: Union, by: User | None, date: date, reason: str = "") -> Member:
    """入会: a new member (unsaved) joins `union`; a former member (left or removed) joins again."""
    if member.pk:
        member = _locked(member)
    _check_change(member, Kind.JOINED, date)
    member.join_date = date
    if member.pk is None:
        member.union = union
        member.status = Status.ACTIVE
        assign_card_numbers([member])
        member.full_clean()
        member.save()
    else:
        member.save(update_fields=["join_date", "updated_at"])
        _set_status(member, status=Status.ACTIVE, union=union)
    _record(member, kind=Kind.JOINED, union=union, by=by, day=date, reason=reason)
    return member


@transaction.atomic
def transfer(*, member: Member, to_union: Union, by: User | None, date: date, reason: str = "") -> Member:
    """转出 / 转入 inside the system: the same record moves, with an event in each union.

    The employer becomes the new union's. Open hardship files move along (the new union looks after
    them); closed ones stay with the union that closed them (`HardshipCase`).
    """
    member = _locked(member)
    _check_change(member, Kind.TRANSFERRED_OUT, date)
    from_union = member.union
    if to_union.pk == from_union.pk:
        raise ValidationError({"to_union": _("转入工会不能是会员现在所在的工会。")})
    if not to_union.is_open(date):
        raise ValidationError(
            {
                "to_union": _("%(union)s已于%(date)s撤销，不能转入。")
                % {"union": to_union, "date": to_union.closed_on}
            }
        )
    _record(
        member,
        kind=Kind.TRANSFERRED_OUT,
        union=from_union,
        by=by,
        day=date,
        reason=reason,
        other_union=to_union,
    )
    _record(
        member,
        kind=Kind.TRANSFERRED_IN,
        union=to_union,
        by=by,
        day=date,
        reason=reason,
        other_union=from_union,
    )
    _set_status(member, status=Status.ACTIVE, union=to_union)
    if to_union.employer and member.employer != to_union.employer:
        member.employer = to_union.employer
        member.save(update_fields=["employer", "updated_at"])
    moved = list(member.hardship_cases.open().values_list("pk", flat=True))
    member.hardship_cases.open().update(union=to_union)
    # Their scans go along: an attachment belongs to the union of its record.
    attachments_of(member).update(union=to_union)
    for case in HardshipCase.objects.filter(pk__in=moved):
        attachments_of(case).update(union=to_union)
    return member


@transaction.atomic
def transfer_out(
    *, member: Member, to_union_name: str, by: User | None, date: date, reason: str = ""
) -> Member:
    """转出 to a union outside the system, named in words. The record stays with its union."""
    member = _locked(member)
    _check_change(member, Kind.TRANSFERRED_OUT, date)
    if not to_union_name.strip():
        raise ValidationError({"to_union_name": _("请填写转入的工会名称。")})
    _record(
        member,
        kind=Kind.TRANSFERRED_OUT,
        union=member.union,
        by=by,
        day=date,
        reason=reason,
        other_union_name=to_union_name.strip(),
    )
    _set_status(member, status=Status.TRANSFERRED_OUT)
    return member


@transaction.atomic
def transfer_in(
    *, member: Member, union: Union, from_union_name: str, by: User | None, date: date, reason: str = ""
) -> Member:
    """转入 from a union outside the system: a new record, or one that left earlier coming back."""
    if member.pk:
        member = _locked(member)
    _check_change(member, Kind.TRANSFERRED_IN, date)
    if not from_union_name.strip():
        raise ValidationError({"from_union_name": _("请填写原所在工会名称。")})
    if member.pk is None:
        member.union = union
        member.status = Status.ACTIVE
        member.join_date = member.join_date or date
        assign_card_numbers([member])
        member.full_clean()
        member.save()
    else:
        _set_status(member, status=Status.ACTIVE, union=union)
    _record(
        member,
        kind=Kind.TRANSFERRED_IN,
        union=union,
        by=by,
        day=date,
        reason=reason,
        other_union_name=from_union_name.strip(),
    )
    return member


def _simple_change(member: Member, *, kind: str, by: User | None, date: date, reason: str) -> Member:
    member = _locked(member)
    _check_change(member, kind, date)
    _record(member, kind=kind, union=member.union, by=by, day=date, reason=reason)
    _set_status(member, status=MemberEvent.STATUS_AFTER[kind])
    return member


@transaction.atomic
def retain(*, member: Member, by: User | None, date: date, reason: str) -> Member:
    """保留会籍: retired or out of work; the member stays on the roll and pays no dues."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写保留会籍的原因（如退休、失业）。")})
    return _simple_change(member, kind=Kind.RETAINED, by=by, date=date, reason=reason)


@transaction.atomic
def restore(*, member: Member, by: User | None, date: date, reason: str = "") -> Member:
    """恢复会籍: a retained member works again."""
    return _simple_change(member, kind=Kind.RESTORED, by=by, date=date, reason=reason)


@transaction.atomic
def leave(*, member: Member, by: User | None, date: date, reason: str = "") -> Member:
    """退会: leaving of one's own will."""
    return _simple_change(member, kind=Kind.LEFT, by=by, date=date, reason=reason)


@transaction.atomic
def remove(*, member: Member, by: User | None, date: date, reason: str) -> Member:
    """除名: e.g. six months without dues or participation and no good reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("除名须写明原因。")})
    return _simple_change(member, kind=Kind.REMOVED, by=by, date=date, reason=reason)


@transaction.atomic
def decease(*, member: Member, by: User | None, date: date, reason: str = "") -> Member:
    """去世."""
    return _simple_change(member, kind=Kind.DECEASED, by=by, date=date, reason=reason)


@transaction.atomic
def register_members(*, members: list[Member], by: User | None, reason: str = "") -> list[Member]:
    """Register many new members at once (a roll import), each with its joining event; all or none.

    Each member arrives unsaved with its union and join date set. Checked one by one (`full_clean`),
    the ID numbers together in one query; the unique constraint still guards a race.
    """
    assign_card_numbers(members)
    for member in members:
        member.status = Status.ACTIVE
        # full_clean() also normalises. The union came from the checked roll: no query per row for it.
        try:
            member.full_clean(exclude=["union"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ValidationError(
                _("%(name)s（%(number)s）：%(errors)s")
                % {"name": member.name, "number": member.id_number, "errors": "；".join(error.messages)}
            ) from None
    numbers = [(member.id_type, member.id_number) for member in members]
    if len(set(numbers)) != len(numbers):
        raise ValidationError(_("同一证件号码在名册中出现了两次。"))
    taken = set()
    for id_type in {id_type for id_type, _number in numbers}:
        wanted = [number for kind, number in numbers if kind == id_type]
        for start in range(0, len(wanted), 5000):
            taken.update(
                Member.objects.filter(
                    id_type=id_type, id_number__in=wanted[start : start + 5000]
                ).values_list("id_number", flat=True)
            )
    if taken:
        raise ValidationError(
            _("以下证件号码已经登记，未导入任何会员：%(numbers)s") % {"numbers": "、".join(sorted(taken)[:5])}
        )
    created = Member.objects.bulk_create(members, batch_size=1000)
    MemberEvent.objects.bulk_create(
        [
            MemberEvent(
                member=member,
                union_id=member.union_id,
                kind=Kind.JOINED,
                date=member.join_date,
                reason=reason,
                recorded_by=by,
            )
            for member in created
        ],
        batch_size=2000,
    )
    return created


@transaction.atomic
def import_roll(*, roll_import: RollImport, by: User) -> int:
    """Register the accepted rows of a checked upload: all of them, or none if anything changed since."""
    roll_import = RollImport.objects.select_for_update().get(pk=roll_import.pk)
    if roll_import.uploaded_by_id != by.pk:  # a preview is its uploader's to confirm, no one else's
        raise ValidationError(_("只有上传这份名册的人可以确认导入；如需导入，请自己上传一次。"))
    if roll_import.committed_at:
        raise ValidationError(_("这份名册已经导入过了。"))
    accepted = [row["data"] for row in roll_import.rows if row["verdict"] == ACCEPTED]
    if not accepted:
        raise ValidationError(_("没有可以导入的行。"))
    members = register_members(
        members=[member_from_data(data) for data in accepted],
        by=by,
        reason=_("名册导入：%(file)s") % {"file": roll_import.file_name[:150]},
    )
    roll_import.committed_at = timezone.now()
    roll_import.committed_count = len(members)
    # The accepted rows now live in the register: keep only the problem rows, for fixing and re-uploading.
    roll_import.rows = [row for row in roll_import.rows if row["verdict"] != ACCEPTED]
    roll_import.save(update_fields=["committed_at", "committed_count", "rows"])
    return len(members)


# Hardship files


@transaction.atomic
def save_hardship_case(
    *,
    case: HardshipCase,
    by: User,
    family: Iterable[HardshipFamilyMember] = (),
    removed: Iterable[HardshipFamilyMember] = (),
) -> HardshipCase:
    """File (建档) or update a hardship case with its household members."""
    if case.pk is None:
        if not case.member.is_current:
            raise ValidationError(_("只能为在册会员建立困难职工档案。"))
        case.union = case.opened_in = case.member.union
        case.filed_by = by
    case.per_capita_income = case.compute_per_capita_income()
    case.full_clean()
    case.save()
    for person in removed:
        if person.pk and person.case_id == case.pk:
            person.delete()
    for person in family:
        person.case = case
        person.full_clean()
        person.save()
    return case


@transaction.atomic
def verify_hardship_case(
    *, case: HardshipCase, by: User, date: date, level: str, household_income=None, notes: str = ""
) -> HardshipVerification:
    """年度复核: confirm (or change) the level of an open file for another year."""
    case = HardshipCase.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise ValidationError(_("已解困的档案不再复核。"))
    if date < (case.last_verified_on or case.opened_on):
        raise ValidationError({"date": _("复核日期不能早于建档或上次复核日期。")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("复核日期不能晚于今天。")})
    if household_income is not None:
        case.household_income = household_income
    case.level = level
    case.last_verified_on = date
    case.per_capita_income = case.compute_per_capita_income()
    case.full_clean()
    case.save()
    verification = HardshipVerification(
        case=case,
        date=date,
        level=level,
        per_capita_income=case.per_capita_income,
        notes=notes,
        verified_by=by,
    )
    verification.full_clean()
    verification.save()
    return verification


@transaction.atomic
def close_hardship_case(*, case: HardshipCase, by: User, date: date, reason: str) -> HardshipCase:
    """解困: the household is out of hardship; the file stays, closed."""
    case = HardshipCase.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise ValidationError(_("这份档案已经解困。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写解困原因。")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("解困日期不能晚于今天。")})
    case.closed_on = date
    case.closed_reason = reason.strip()
    case.full_clean()
    case.save(update_fields=["closed_on", "closed_reason", "updated_at"])
    return case


# -- the members' own door ---------------------------------------------------------------------------

# The one-time code on a login slip: no 0/O, 1/I/L to misread; 10 characters (about 49 bits).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def _login_name(member: Member) -> str:
    base = f"hy{member.pk:05d}"
    name, suffix = base, 1
    while User.objects.filter(username=name).exists():
        suffix += 1
        name = f"{base}-{suffix}"
    return name


@transaction.atomic
def issue_login(*, member: Member, by: User | None) -> tuple[MemberLogin, str]:
    """A login slip: the member's login (made on the first slip) with a new one-time code, returned once.

    The code is the user's password until the member sets their own (`must_change_password`), so the
    login form, the lockout and the password rules are the officers'. A new slip voids the last one.
    """
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    login = MemberLogin.objects.select_for_update().filter(member=member).select_related("user").first()
    if login is None:
        user = User(username=_login_name(member), name=member.name)
        login = MemberLogin(member=member, user=user)
    user = login.user
    user.set_password(code)
    user.must_change_password = True
    user.is_active = True
    user.save()
    login.user = user
    login.issued_at = timezone.now()
    login.issued_by = by
    login.activated_at = None
    login.save()
    return login, code


def activate_login(*, login: MemberLogin) -> None:
    """The member has set their own password (the view checked the code and the password rules)."""
    login.activated_at = timezone.now()
    login.save(update_fields=["activated_at"])
    User.objects.filter(pk=login.user_id).update(must_change_password=False)


@transaction.atomic
def request_contact_change(*, member: Member, mobile: str, address: str) -> ContactChange:
    """The member's correction of their phone and address; it replaces one still waiting."""
    change = ContactChange.objects.select_for_update().pending().filter(member=member).first()
    change = change or ContactChange(member=member)
    change.mobile = normalise_text(mobile).replace(" ", "").replace("-", "")
    change.address = normalise_text(address)
    if not is_mobile_number(change.mobile):
        raise ValidationError({"mobile": _("请填写11位手机号码。")})
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def decide_contact_change(*, change: ContactChange, by: User, confirm: bool) -> ContactChange:
    """The secretary confirms a correction (the register takes it) or leaves it unused."""
    change = ContactChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ContactChange.Status.PENDING:
        raise ValidationError(_("这项更正已经处理过了。"))
    if confirm:
        member = _locked(change.member)
        member.mobile, member.address = change.mobile, change.address
        member.full_clean()
        member.save(update_fields=["mobile", "address", "updated_at"])
    change.status = ContactChange.Status.CONFIRMED if confirm else ContactChange.Status.DECLINED
    change.decided_at = timezone.now()
    change.decided_by = by
    change.save(update_fields=["status", "decided_at", "decided_by"])
    return change


class TooManyApplications(Exception):
    """More applications from one address in the last hour than settings.JOIN_APPLICATIONS_PER_HOUR."""


@transaction.atomic
def apply_to_join(
    *,
    union: Union,
    name: str,
    id_number: str,
    employer: str,
    mobile: str,
    declared: bool,
    address: str | None,
) -> None:
    """网上入会: record an application from the union's public page.

    The answer is the same whatever the ID number: a second open application for the same number, or
    the number of a member already in the register, is not told apart (the secretary sees it when
    deciding). Returns nothing for that reason. Raises ValidationError for what the form shows and
    TooManyApplications past the hourly cap of the address.
    """
    application = JoinApplication(
        union=union,
        name=name,
        id_number=id_number,
        employer=employer,
        mobile=mobile,
        declared=declared,
        client_address=address,
    )
    application.full_clean(exclude=["union", "client_address"], validate_constraints=False)
    if address:
        since = timezone.now() - timedelta(hours=1)
        recent = JoinApplication.objects.filter(client_address=address, submitted_at__gte=since).count()
        if recent >= settings.JOIN_APPLICATIONS_PER_HOUR:
            raise TooManyApplications
    if JoinApplication.objects.open().filter(id_number=application.id_number).exists():
        return
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same number sent twice at once: the first one stands
        pass


@transaction.atomic
def accept_application(*, application: JoinApplication, by: User, on: date) -> tuple[Member, str]:
    """The secretary accepts: the worker joins the register on the day of the decision, with a login slip."""
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != JoinApplication.Status.OPEN:
        raise ValidationError(_("这份申请已经处理过了。"))
    if Member.objects.filter(id_type=Member.IdType.RESIDENT_ID, id_number=application.id_number).exists():
        raise ValidationError(_("该身份证号码已在会员名册中，请以“未同意”处理并注明原因。"))
    facts = check_resident_id(application.id_number)
    member = Member(
        name=application.name,
        id_number=application.id_number,
        sex=facts.sex,
        birth_date=facts.birth_date,
        employer=application.employer,
        mobile=application.mobile,
    )
    member = join(member=member, union=application.union, by=by, date=on, reason=_("网上申请入会"))
    application.status = JoinApplication.Status.ACCEPTED
    application.decided_on = on
    application.decided_by = by
    application.member = member
    application.save(update_fields=["status", "decided_on", "decided_by", "member"])
    _login, code = issue_login(member=member, by=by)
    return member, code


@transaction.atomic
def decline_application(*, application: JoinApplication, by: User, on: date, reason: str) -> JoinApplication:
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != JoinApplication.Status.OPEN:
        raise ValidationError(_("这份申请已经处理过了。"))
    reason = normalise_text(reason)
    if not reason:
        raise ValidationError({"reason": _("请填写未同意的原因。")})
    application.status = JoinApplication.Status.DECLINED
    application.decided_on = on
    application.decided_by = by
    application.reason = reason[:200]
    application.save(update_fields=["status", "decided_on", "decided_by", "reason"])
    return application


JOIN_SALT = "members.join"


def join_token(union: Union) -> str:
    """The part of a union's public joining link that names it (signed: union ids are not guessed)."""
    return signing.dumps(union.pk, salt=JOIN_SALT)


def union_of_join_token(token: str) -> Union | None:
    try:
        return Union.objects.open().get(pk=int(signing.loads(token, salt=JOIN_SALT)))
    except (signing.BadSignature, Union.DoesNotExist, TypeError, ValueError):
        return None
