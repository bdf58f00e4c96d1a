from members.models import PersonalDataAccess


def system_unions(union):
    """Every union of the tree `union` belongs to (a transfer may go anywhere inside the system)."""
    return union.tree()


def log_personal_data_read(request, *, what: str, member=None, row_count: int = 1, filters: str = "") -> None:
    """Note that the active role has just been shown unmasked personal data (个人信息保护法)."""
    PersonalDataAccess.objects.create(
        kind=PersonalDataAccess.Kind.VIEW,
        user=request.user,
        union=request.role.union,
        role_kind=request.role.kind,
        what=what[:200],
        member=member,
        filters=filters[:500],
        row_count=row_count,
    )
