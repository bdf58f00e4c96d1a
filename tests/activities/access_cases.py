"""Every URL of the activities app, for the all-URLs-by-role walker (tests/test_url_access.py)."""

import datetime

from activities import services
from activities.models import Activity
from tests.access import UrlCase
from tests.activities.factories import (
    ActivityFactory,
    AwardFactory,
    ChronicleEntryFactory,
    MemberFactory,
    SuggestionFactory,
)
from unionhub.access import ACTIVITIES


def activity_of_a(world):
    MemberFactory(union=world.union_a)
    return {"pk": ActivityFactory(union=world.union_a).pk}


def series_of_a(world):
    series = services.create_series(
        union=world.union_a,
        title="每周五集中学习",
        weekday=4,
        first_date=datetime.date(2026, 1, 2),
        last_date=datetime.date(2026, 3, 27),
        kind=Activity.Kind.STUDY,
    )
    return {"pk": series.pk}


def award_of_a(world):
    return {"pk": AwardFactory(union=world.union_a).pk}


def suggestion_of_a(world):
    return {"pk": SuggestionFactory(union=world.union_a).pk}


def entry_of_a(world):
    return {"pk": ChronicleEntryFactory(union=world.union_a).pk}


def empty(world):
    return {}


def on_date(world):
    return {"on": "2026-05-01"}


GET_POST = ("GET", "POST")

CASES = [
    UrlCase("activities:activity_code", ACTIVITIES, kwargs=activity_of_a),
    UrlCase("activities:activity_list", ACTIVITIES),
    UrlCase("activities:activity_calendar", ACTIVITIES),
    UrlCase("activities:activity_create", ACTIVITIES, write=True, methods=GET_POST, post=(empty, 200)),
    UrlCase("activities:activity_detail", ACTIVITIES, kwargs=activity_of_a),
    UrlCase(
        "activities:activity_edit",
        ACTIVITIES,
        write=True,
        kwargs=activity_of_a,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase(
        "activities:activity_delete",
        ACTIVITIES,
        write=True,
        kwargs=activity_of_a,
        methods=GET_POST,
        post=(empty, 302),
    ),
    UrlCase(
        "activities:attendance_sheet",
        ACTIVITIES,
        write="post",
        kwargs=activity_of_a,
        methods=GET_POST,
        post=(empty, 302),
    ),
    UrlCase("activities:attendance_xlsx", ACTIVITIES, kwargs=activity_of_a),
    UrlCase("activities:series_create", ACTIVITIES, write=True, methods=GET_POST, post=(empty, 200)),
    UrlCase("activities:series_detail", ACTIVITIES, kwargs=series_of_a),
    UrlCase(
        "activities:series_edit",
        ACTIVITIES,
        write=True,
        kwargs=series_of_a,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase(
        "activities:series_end",
        ACTIVITIES,
        write=True,
        kwargs=series_of_a,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase("activities:award_list", ACTIVITIES),
    UrlCase("activities:award_create", ACTIVITIES, write=True, methods=GET_POST, post=(empty, 200)),
    UrlCase(
        "activities:award_edit",
        ACTIVITIES,
        write=True,
        kwargs=award_of_a,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase(
        "activities:award_delete",
        ACTIVITIES,
        write=True,
        kwargs=award_of_a,
        methods=GET_POST,
        post=(empty, 302),
    ),
    UrlCase("activities:suggestion_list", ACTIVITIES),
    UrlCase("activities:suggestion_create", ACTIVITIES, write=True, methods=GET_POST, post=(empty, 200)),
    UrlCase(
        "activities:suggestion_edit",
        ACTIVITIES,
        write=True,
        kwargs=suggestion_of_a,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase(
        "activities:suggestion_adopt",
        ACTIVITIES,
        write=True,
        kwargs=suggestion_of_a,
        methods=GET_POST,
        post=(on_date, 302),
    ),
    UrlCase(
        "activities:suggestion_reject",
        ACTIVITIES,
        write=True,
        kwargs=suggestion_of_a,
        methods=GET_POST,
        post=(on_date, 302),
    ),
    UrlCase(
        "activities:suggestion_implement",
        ACTIVITIES,
        write=True,
        kwargs=suggestion_of_a,
        methods=GET_POST,
        post=(on_date, 302),
    ),
    UrlCase("activities:chronicle_list", ACTIVITIES),
    UrlCase("activities:chronicle_create", ACTIVITIES, write=True, methods=GET_POST, post=(empty, 200)),
    UrlCase(
        "activities:chronicle_edit",
        ACTIVITIES,
        write=True,
        kwargs=entry_of_a,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase(
        "activities:chronicle_delete",
        ACTIVITIES,
        write=True,
        kwargs=entry_of_a,
        methods=GET_POST,
        post=(empty, 302),
    ),
]


def visit_of_a(world):
    from activities.models import Visit

    visit = Visit.objects.create(
        union=world.union_a,
        date=datetime.date(2026, 1, 20),
        campaign="warmth",
        household="张某家",
        visitors="李主席",
    )
    return {"pk": visit.pk}


def survey_of_a(world):
    from activities.models import Survey

    survey = Survey.objects.create(
        union=world.union_a,
        date=datetime.date(2026, 10, 8),
        campaign="warmth",
        title="摸底调查",
        households=30,
    )
    return {"pk": survey.pk}


CASES += [
    UrlCase("activities:visit_list", ACTIVITIES),
    UrlCase("activities:visit_create", ACTIVITIES, write=True, methods=GET_POST, post=(empty, 200)),
    UrlCase("activities:visit_batch", ACTIVITIES, write=True, methods=GET_POST, post=(empty, 200)),
    UrlCase(
        "activities:visit_edit",
        ACTIVITIES,
        write=True,
        kwargs=visit_of_a,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase(
        "activities:visit_delete",
        ACTIVITIES,
        write=True,
        kwargs=visit_of_a,
        methods=GET_POST,
        post=(empty, 302),
    ),
    UrlCase("activities:survey_create", ACTIVITIES, write=True, methods=GET_POST, post=(empty, 200)),
    UrlCase(
        "activities:survey_edit",
        ACTIVITIES,
        write=True,
        kwargs=survey_of_a,
        methods=GET_POST,
        post=(empty, 200),
    ),
    UrlCase(
        "activities:survey_delete",
        ACTIVITIES,
        write=True,
        kwargs=survey_of_a,
        methods=GET_POST,
        post=(empty, 302),
    ),
]
