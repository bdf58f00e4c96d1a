from django.core.files.uploadedfile import SimpleUploadedFile

from members.services import join_token
from tests.access import UrlCase
from tests.activities.factories import ActivityFactory
from tests.unionhub.attachment_files import jpeg
from unionhub.access import ACTIVITIES
from unionhub.attachments import add_attachment
from unionhub.models import Role


def activity_of_a(world) -> dict:
    return {"kind": "activity", "pk": ActivityFactory(union=world.union_a).pk}


def attachment_of_a(world) -> dict:
    attachment = add_attachment(
        record=ActivityFactory(union=world.union_a),
        upload=SimpleUploadedFile("签到表.jpg", jpeg()),
        by=world.officers[Role.Kind.SECRETARY],
    )
    return {"pk": attachment.pk}


CASES = [
    UrlCase("home", member_status=302),
    UrlCase("login", public=True, methods=("GET", "POST")),
    UrlCase("logout", methods=("POST",), post=(lambda world: {}, 302), member_status=302),
    UrlCase("password_change", methods=("GET", "POST"), member_status=200),
    UrlCase("password_change_done", member_status=200),
    UrlCase(
        "join_apply",
        public=True,
        kwargs=lambda world: {"token": join_token(world.union_a)},
        methods=("GET", "POST"),
        post=(lambda world: {}, 200),
    ),
    UrlCase("switch_role", methods=("POST",), post=(lambda world: {"role": 0}, 404)),
    # A union picker's search box: any role, the unions in its reach.
    UrlCase("union_search", query="q=工会"),
    # An activity's files: every role reads activities; the secretary writes them.
    UrlCase(
        "attachment_add",
        area=ACTIVITIES,
        write=True,
        kwargs=activity_of_a,
        methods=("POST",),
        post=(lambda world: {}, 302),
    ),
    UrlCase("attachment_file", area=ACTIVITIES, kwargs=attachment_of_a),
    UrlCase("attachment_thumbnail", area=ACTIVITIES, kwargs=attachment_of_a),
    UrlCase(
        "attachment_delete",
        area=ACTIVITIES,
        write=True,
        kwargs=attachment_of_a,
        methods=("POST",),
        post=(lambda world: {}, 302),  # without the confirmation nothing is deleted: back to the record
    ),
]

# The organisation pages (chairs only): union A's profile and officers, and group A below it.
from itertools import count  # noqa: E402

from unionhub.access import ORGANISATION  # noqa: E402

NUMBERS = count(1)


def union_a(world):
    return {"union_id": world.union_a.pk}


def group_a(world):
    return {"union_id": world.group_a.pk}


def another_role_of_a(world):
    """A second auditor of union A (resetting a visitor's own password would lock the visitor out)."""
    from tests.factories import RoleFactory

    return {"role_id": RoleFactory(union=world.union_a, kind="auditor").pk}


CASES += [
    UrlCase("organisation:tree", area=ORGANISATION),
    UrlCase("organisation:profile", area=ORGANISATION, write=True, kwargs=union_a, methods=("GET", "POST")),
    UrlCase(
        "organisation:child_create",
        area=ORGANISATION,
        write=True,
        kwargs=union_a,
        methods=("GET", "POST"),
        post=(lambda world: {"names": f"甲单位第{next(NUMBERS)}班工会小组", "kind": "group"}, 302),
    ),
    UrlCase("organisation:move", area=ORGANISATION, write=True, kwargs=group_a, methods=("GET", "POST")),
    UrlCase("organisation:close", area=ORGANISATION, write=True, kwargs=group_a, methods=("GET", "POST")),
    UrlCase("organisation:officers", area=ORGANISATION, kwargs=union_a),
    UrlCase("organisation:appoint", area=ORGANISATION, write=True, kwargs=union_a, methods=("GET", "POST")),
    UrlCase("organisation:handover", area=ORGANISATION, write=True, kwargs=union_a, methods=("GET", "POST")),
    UrlCase(
        "organisation:role_end",
        area=ORGANISATION,
        write=True,
        kwargs=another_role_of_a,
        methods=("GET", "POST"),
    ),
    UrlCase(
        "organisation:role_start",
        area=ORGANISATION,
        write=True,
        kwargs=another_role_of_a,
        methods=("GET", "POST"),
    ),
    UrlCase(
        "organisation:password_reset",
        area=ORGANISATION,
        write=True,
        kwargs=another_role_of_a,
        methods=("POST",),
        post=(lambda world: {}, 302),
    ),
]
