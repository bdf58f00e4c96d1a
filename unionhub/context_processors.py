from unionhub import access


def active_role(request):
    role = getattr(request, "role", None)
    return {
        "active_role": role,
        "user_roles": getattr(request, "roles", []),
        "can": {area: access.can_read(role, area) for area in access.AREAS},
        "can_write": {area: access.can_write(role, area) for area in access.AREAS},
    }
