import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from tests.factories import RoleFactory, UnionFactory
from unionhub import access
from unionhub.models import Role, Union


def test_auditor_writes_nothing_but_audit_findings():
    assert access.WRITE[Role.Kind.AUDITOR] == {access.AUDIT}


def test_only_chair_and_secretary_read_hardship_files():
    readers = {kind for kind, areas in access.READ.items() if access.HARDSHIP in areas}
    assert readers == {Role.Kind.CHAIR, Role.Kind.SECRETARY}


def test_every_written_area_is_also_read():
    for kind in Role.Kind.values:
        assert access.WRITE[kind] <= access.READ[kind]


@pytest.mark.django_db
def test_union_paths_follow_the_tree():
    system = UnionFactory(kind=Union.Kind.SYSTEM)
    base = UnionFactory(parent=system)
    group = UnionFactory(parent=base, kind=Union.Kind.GROUP)
    sibling = UnionFactory(parent=system)
    assert group.path == f"/{system.pk}/{base.pk}/{group.pk}/"
    assert set(Union.objects.within(base)) == {base, group}
    assert set(Union.objects.within(system)) == {system, base, group, sibling}
    assert base.contains(group) and not base.contains(sibling)


@pytest.mark.django_db
def test_moving_a_union_moves_its_subtree():
    old_parent, new_parent = UnionFactory(), UnionFactory()
    base = UnionFactory(parent=old_parent)
    group = UnionFactory(parent=base)
    base.parent = new_parent
    base.save()
    group.refresh_from_db()
    assert group.path == f"/{new_parent.pk}/{base.pk}/{group.pk}/"


def request_as(role):
    request = RequestFactory().get("/")
    request.user = role.user
    request.role = role
    request.roles = [role]
    return request


@pytest.mark.django_db
def test_get_in_reach_hides_a_sibling_union_with_404(world):
    role_a = world.officers[Role.Kind.SECRETARY].roles.get()
    request = request_as(role_a)
    assert access.get_in_reach(request, Union, pk=world.group_a.pk) == world.group_a
    with pytest.raises(Http404):
        access.get_in_reach(request, Union.objects.all(), pk=world.union_b.pk)


@pytest.mark.django_db
def test_area_view_refuses_a_write_to_a_read_only_role(world):
    @access.area_view(access.FINANCES, write="post")
    def view(request):
        return "ok"

    auditor = RoleFactory(union=world.union_a, kind=Role.Kind.AUDITOR)
    request = request_as(auditor)
    assert view(request) == "ok"
    request.method = "POST"
    with pytest.raises(PermissionDenied):
        view(request)
