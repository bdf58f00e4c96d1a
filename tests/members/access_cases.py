"""Every URL of the member register, for the all-URLs-by-role walker (tests/test_url_access.py)."""

import itertools
from datetime import date

from members.idcard import make_resident_id
from members.models import ContactChange, JoinApplication, RollImport
from tests.access import UrlCase
from tests.members.factories import HardshipCaseFactory, MemberFactory
from unionhub.access import AUDIT, HARDSHIP, MEMBERS


def member_of_a(world) -> dict:
    return {"pk": MemberFactory(union=world.union_a).pk}


def case_of_a(world) -> dict:
    return {"pk": HardshipCaseFactory(member__union=world.union_a).pk}


def import_of_a(world) -> dict:
    roll_import = RollImport.objects.create(
        union=world.union_a, uploaded_by=world.officers["secretary"], file_name="名册.xlsx", rows=[]
    )
    return {"pk": roll_import.pk}


APPLICANTS = itertools.count(1)


def application_of_a(world) -> dict:
    """A fresh open application each call (one open application per ID number)."""
    application = JoinApplication.objects.create(
        union=world.union_a,
        name="王小明",
        id_number=make_resident_id(region="110101", birth_date=date(1990, 3, 7), sequence=next(APPLICANTS)),
        employer="甲单位",
        mobile="13800000000",
        declared=True,
    )
    return {"pk": application.pk}


def change_of_a(world) -> dict:
    change = ContactChange.objects.create(member=MemberFactory(union=world.union_a), mobile="13900000000")
    return {"pk": change.pk}


GET_POST = ("GET", "POST")

CASES = [
    UrlCase(
        "members:login_slip",
        area=MEMBERS,
        write=True,
        kwargs=member_of_a,
        methods=("POST",),
        post=(lambda world: {}, 200),
    ),
    UrlCase("members:application_list", area=MEMBERS),
    UrlCase(
        "members:application_decide",
        area=MEMBERS,
        write=True,
        kwargs=application_of_a,
        methods=GET_POST,
        post=(lambda world: {"decision": "decline"}, 200),
    ),
    UrlCase(
        "members:contact_change_decide",
        area=MEMBERS,
        write=True,
        kwargs=change_of_a,
        methods=("POST",),
        post=(lambda world: {"decision": "decline"}, 302),
    ),
    UrlCase("members:member_list", area=MEMBERS),
    UrlCase("members:member_export", area=MEMBERS, methods=GET_POST),
    UrlCase("members:access_log", area=AUDIT),
    UrlCase("members:member_create", area=MEMBERS, write=True, methods=GET_POST),
    UrlCase("members:member_detail", area=MEMBERS, kwargs=member_of_a),
    UrlCase("members:member_edit", area=MEMBERS, write=True, kwargs=member_of_a, methods=GET_POST),
    UrlCase("members:member_transfer", area=MEMBERS, write=True, kwargs=member_of_a, methods=GET_POST),
    UrlCase(
        "members:member_change",
        area=MEMBERS,
        write=True,
        kwargs=lambda world: {**member_of_a(world), "action": "retain"},
        methods=("GET", "POST"),
        post=(lambda world: {"date": "2024-06-30", "reason": "退休"}, 302),
    ),
    UrlCase("members:import_upload", area=MEMBERS, write=True, methods=GET_POST),
    UrlCase("members:import_template", area=MEMBERS),
    UrlCase(
        "members:import_preview",
        area=MEMBERS,
        write=True,
        kwargs=import_of_a,
        methods=("GET", "POST"),
        post=(lambda world: {}, 302),
    ),
    UrlCase("members:hardship_list", area=HARDSHIP),
    UrlCase("members:hardship_due", area=HARDSHIP),
    UrlCase("members:hardship_detail", area=HARDSHIP, kwargs=case_of_a),
    UrlCase("members:hardship_edit", area=HARDSHIP, write=True, kwargs=case_of_a, methods=GET_POST),
    UrlCase("members:hardship_verify", area=HARDSHIP, write=True, kwargs=case_of_a, methods=GET_POST),
    UrlCase(
        "members:hardship_close",
        area=HARDSHIP,
        write=True,
        kwargs=case_of_a,
        methods=("GET", "POST"),
        post=(lambda world: {"date": "2025-01-10", "reason": "子女已工作，收入提高"}, 302),
    ),
    UrlCase(
        "members:hardship_create",
        area=HARDSHIP,
        write=True,
        kwargs=lambda world: {"member_pk": MemberFactory(union=world.union_a).pk},
        methods=GET_POST,
    ),
]
