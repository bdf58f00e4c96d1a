from django.core.files.uploadedfile import SimpleUploadedFile

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
    UrlCase("home"),
    UrlCase("login", public=True, methods=("GET", "POST")),
    UrlCase("logout", methods=("POST",), post=(lambda world: {}, 302)),
    UrlCase("password_change", methods=("GET", "POST")),
    UrlCase("password_change_done"),
    UrlCase("switch_role", methods=("POST",), post=(lambda world: {"role": 0}, 404)),
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
