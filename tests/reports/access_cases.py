from tests.access import UrlCase
from unionhub.access import AUDIT, MEMBERS, SUMMARY


def summary_of_a(world):
    return {"union_id": world.union_a.pk, "year": 2026}


CASES = [
    UrlCase("reports:summary_list", area=SUMMARY),
    UrlCase("reports:summary", area=SUMMARY, kwargs=summary_of_a),
    UrlCase(
        "reports:summary_edit",
        area=SUMMARY,
        write=True,
        kwargs=lambda world: {**summary_of_a(world), "key": "plan"},
        methods=("GET", "POST"),
        post=(lambda world: {"text": "明年继续加强学习。"}, 302),
    ),
    UrlCase("reports:summary_finalise", area=SUMMARY, write=True, kwargs=summary_of_a, methods=("POST",)),
    UrlCase("reports:summary_print", area=SUMMARY, kwargs=summary_of_a),
]
CASES += [
    UrlCase(
        "reports:summary_arrange",
        area=SUMMARY,
        write=True,
        kwargs=summary_of_a,
        methods=("POST",),
        post=(lambda world: {"action": "remove", "key": "plan"}, 302),
    ),
    UrlCase(
        "reports:summary_settings",
        area=SUMMARY,
        write=True,
        kwargs=summary_of_a,
        methods=("POST",),
        post=(lambda world: {"theme": "凝心聚力", "signature": "", "signed_on": "2026-12-30"}, 302),
    ),
    UrlCase(
        "reports:summary_reopen",
        area=SUMMARY,
        write=True,
        kwargs=summary_of_a,
        methods=("POST",),
        post=(lambda world: {"reason": "补充"}, 302),
    ),
    UrlCase("reports:summary_docx", area=SUMMARY, kwargs=summary_of_a),
]


def a_final_version(world):
    from datetime import date

    from reports import services
    from unionhub.models import Role

    summary = services.get_summary(union=world.union_a, year=2026)
    chair = world.officers[Role.Kind.CHAIR]
    services.finalise(summary=summary, by=chair, signed_on=date(2026, 12, 30))
    services.reopen(summary=summary, by=chair, reason="补充数据")
    return {**summary_of_a(world), "number": 1}


CASES.append(UrlCase("reports:summary_version", area=SUMMARY, kwargs=a_final_version))
# The PDF takes a second to render: its access is checked once in test_summary.py, not per visitor here.
CASES.append(UrlCase("reports:summary_pdf", area=SUMMARY, kwargs=summary_of_a))


def a_member_of_a(world):
    from tests.members.factories import MemberFactory

    return {"member_id": MemberFactory(union=world.union_a).pk}


CASES.append(UrlCase("reports:member_ledger", area=MEMBERS, kwargs=a_member_of_a))
CASES.append(UrlCase("reports:dashboard", area=SUMMARY))

# The audit committee's yearly review report: read by chairs and auditors, written by auditors only.
CASES += [
    UrlCase("reports:review_report_list", area=AUDIT, query="year=2026"),
    UrlCase("reports:review_report", area=AUDIT, kwargs=summary_of_a),
    UrlCase(
        "reports:review_report_edit",
        area=AUDIT,
        write=True,
        kwargs=lambda world: {**summary_of_a(world), "key": "opinion"},
        methods=("GET", "POST"),
        post=(lambda world: {"text": "账目清楚，手续完备。"}, 302),
    ),
    UrlCase(
        "reports:review_report_sign",
        area=AUDIT,
        write=True,
        kwargs=summary_of_a,
        methods=("POST",),
        post=(lambda world: {"signed_on": "2026-12-30"}, 302),
    ),
    UrlCase("reports:review_report_print", area=AUDIT, kwargs=summary_of_a),
    UrlCase("reports:review_report_pdf", area=AUDIT, kwargs=summary_of_a),
    UrlCase("reports:review_report_docx", area=AUDIT, kwargs=summary_of_a),
]


# The members' own pages (reports.portal): member A's login reaches them, another member's gets 404 for
# A's records, officers get 404 (they have no member login).
def checkin_of_a(world) -> dict:
    from activities.services import checkin_token
    from tests.activities.factories import ActivityFactory

    return {"token": checkin_token(ActivityFactory(union=world.union_a))}


def suggestion_of_member_a(world) -> dict:
    from tests.activities.factories import SuggestionFactory

    return {"pk": SuggestionFactory(union=world.union_a, member=world.member).pk}


def suggestion_file_of_member_a(world) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.activities.factories import SuggestionFactory
    from tests.unionhub.attachment_files import jpeg
    from unionhub.attachments import add_attachment

    suggestion = SuggestionFactory(union=world.union_a, member=world.member)
    photo = add_attachment(
        record=suggestion, upload=SimpleUploadedFile("食堂.jpg", jpeg()), by=world.member_user
    )
    return {"pk": suggestion.pk, "file_pk": photo.pk}


CASES += [
    UrlCase("me:home", member_page=True),
    UrlCase("me:activate", public=True, methods=("GET", "POST"), post=(lambda world: {}, 200)),
    UrlCase("me:contact", member_page=True, methods=("GET", "POST"), post=(lambda world: {}, 200)),
    UrlCase(
        "me:checkin",
        member_page=True,
        member_record=False,
        kwargs=checkin_of_a,
        methods=("GET", "POST"),
        post=(lambda world: {}, 302),
    ),
    UrlCase("me:suggestion_create", member_page=True, methods=("GET", "POST"), post=(lambda world: {}, 200)),
    UrlCase("me:suggestion_detail", member_page=True, kwargs=suggestion_of_member_a),
    UrlCase("me:suggestion_file", member_page=True, kwargs=suggestion_file_of_member_a),
]
CASES += [
    UrlCase(
        "reports:statistics_return",
        area=SUMMARY,
        write="post",
        methods=("GET", "POST"),
        post=(lambda world: {}, 302),
    ),
    UrlCase(
        "reports:statistics_return_sign",
        area=SUMMARY,
        write=True,
        methods=("POST",),
        post=(lambda world: {}, 302),
    ),
]
