"""The database refuses, whoever asks: as the role the application connects as, nothing switches off
what makes the books immutable (unionhub.dbroles). Every statement here runs on the app's own
connection, the one the views use."""

import datetime
import json
from decimal import Decimal

import pghistory
import pytest
from axes.models import AccessLog
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from finances import services
from finances.models import Fund, LedgerTotal, MonthClose, Voucher
from finances.services import setup
from members.models import Member
from reports import services as reports_services
from reports.models import AnnualSummary
from tests.activities.factories import ActivityFactory
from tests.finances.factories import FundFactory, category
from tests.members.factories import MemberFactory
from tests.refused import refused as refused_by_database
from tests.unionhub.attachment_files import PDF
from unionhub.attachments import add_attachment, delete_attachment
from unionhub.models import Attachment, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def voucher(world):
    return services.post_voucher(
        union=world.union_a,
        by=world.officers[Role.Kind.TREASURER],
        date=datetime.date(2026, 3, 10),
        fund=FundFactory(union=world.union_a, name="工会经费"),
        category=category("行政补助收入"),
        amount=Decimal("100.00"),
        summary="行政补助",
    )


def one(query: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


def trigger_names(table: str) -> str:
    """Every trigger on the table, as the text array `pgtrigger.ignore` takes."""
    (names,) = one("SELECT array_agg(tgname)::text FROM pg_trigger WHERE tgrelid = %s::regclass", [table])
    return names


def trigger_on(table: str, name: str) -> bool:
    """Whether pgtrigger installed the trigger `name` on the table."""
    (found,) = one(
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE %s",
        [table, f"pgtrigger_{name}_%"],
    )
    return found == 1


def ignore(cursor, table: str) -> None:
    """Ask pgtrigger to skip every trigger of the table for the rest of the transaction."""
    cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [trigger_names(table)])


def refused(statement: str, params=()):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_app_connects_as_a_role_that_owns_nothing_and_is_no_superuser():
    user, superuser, createrole, createdb = one(
        "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
    )
    assert user == settings.DATABASES["default"]["USER"]
    assert not superuser and not createrole
    owner = settings.DATABASE_OWNER and settings.DATABASE_OWNER["USER"]
    assert user != owner, "DATABASE_OWNER_URL must name a role other than the app's"
    (owned,) = one(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'MEMBER')"
    )
    assert owned == 0
    assert not one("SELECT pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database "
                   "WHERE datname = current_database()")[0]  # fmt: skip


def test_pgtrigger_ignore_does_not_let_the_app_change_a_posted_voucher(voucher):
    for statement in (
        "UPDATE finances_voucher SET amount = 1 WHERE id = %s",
        "DELETE FROM finances_voucher WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            ignore(cursor, "finances_voucher")
            cursor.execute(statement, [voucher.pk])
    voucher.refresh_from_db()
    assert voucher.amount == Decimal("100.00")


def test_pgtrigger_ignore_does_not_let_the_app_change_lines_or_aid(voucher):
    for table in ("finances_voucherline", "finances_approval", "finances_donation", "finances_aidpayment"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            ignore(cursor, table)
            cursor.execute(f"UPDATE {table} SET id = id")  # noqa: S608 - our own table names


def test_pgtrigger_ignore_does_not_let_the_app_skip_the_audit_trail(world):
    """The audit trail's triggers are pgtrigger triggers too: skipping them is refused the same way."""
    member = MemberFactory(union=world.union_a)
    before = member.history.count()
    with transaction.atomic(), connection.cursor() as cursor:
        ignore(cursor, "members_member")
        cursor.execute("UPDATE members_member SET mobile = '13811112222' WHERE id = %s", [member.pk])
    assert member.history.count() == before + 1


def test_the_app_cannot_truncate(voucher):
    refused("TRUNCATE finances_voucher CASCADE")
    refused("TRUNCATE members_memberhistory")
    assert Voucher.objects.filter(pk=voucher.pk).exists()


def test_the_app_cannot_disable_or_drop_a_trigger(voucher):
    refused("ALTER TABLE finances_voucher DISABLE TRIGGER ALL")
    refused("ALTER TABLE finances_voucher DISABLE TRIGGER USER")
    (trigger,) = one(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'finances_voucher'::regclass AND NOT tgisinternal "
        "LIMIT 1"
    )
    refused(f'DROP TRIGGER "{trigger}" ON finances_voucher')
    refused("DROP TABLE finances_voucher CASCADE")
    refused("CREATE OR REPLACE FUNCTION _pgtrigger_should_ignore(trigger_name NAME) RETURNS BOOLEAN "
            "AS $$ BEGIN RETURN TRUE; END; $$ LANGUAGE plpgsql")  # fmt: skip


def test_the_app_cannot_act_as_a_replica():
    refused("SET session_replication_role = replica")
    refused("SET LOCAL session_replication_role = replica")


def test_the_app_cannot_create_tables_or_roles():
    refused("CREATE TABLE public.smuggled (id int)")
    refused("CREATE ROLE smuggler LOGIN SUPERUSER")
    refused("CREATE SCHEMA smuggled")


# What the books depend on: the app writes these tables, but only the one way its services do ---------


def write_refused(statement: str, params=()):
    """The database refuses the statement with a trigger's message or a missing grant."""
    with refused_by_database(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def copy_row(model, pk: int, **overrides) -> str:
    """An INSERT of a copy of one row, some columns replaced (SQL expressions): a forged row."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    values = ", ".join(overrides.get(f.attname, f'"{f.column}"') for f in fields)
    table = model._meta.db_table
    key = model._meta.pk.column
    return f'INSERT INTO "{table}" ({columns}) SELECT {values} FROM "{table}" WHERE "{key}" = {int(pk)}'  # noqa: S608


def test_the_trail_is_written_by_its_triggers_alone_and_who_acted_stays(world):
    treasurer = world.officers[Role.Kind.TREASURER]
    with pghistory.context(user=treasurer.pk, url="/reports/review/2026/"):
        member = MemberFactory(union=world.union_a)
    event = member.history.get()
    context = event.pgh_context
    write_refused("UPDATE pghistory_context SET metadata = jsonb_set(metadata, '{user}', '1')")
    write_refused("DELETE FROM pghistory_context WHERE id = %s", [context.pk])
    write_refused(
        "INSERT INTO pghistory_context (id, metadata, created_at, updated_at) "
        "VALUES (gen_random_uuid(), '{}', now(), now())"
    )
    # Nor through the trail's own trigger, naming an existing context with other metadata.
    with refused_by_database(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pghistory.context_id', %s, true), "
            "set_config('pghistory.context_metadata', %s, true)",
            [str(context.pk), json.dumps({"user": world.outsider.pk, "url": "/"})],
        )
        cursor.execute("UPDATE members_member SET mobile = '13811112222' WHERE id = %s", [member.pk])
    # Event rows: no forged insert, no change, no delete; every event table is guarded alike.
    history = member.history.model
    write_refused(copy_row(history, event.pk))
    write_refused(f"UPDATE {history._meta.db_table} SET name = 'x'")  # noqa: S608 - our own table
    write_refused(f"DELETE FROM {history._meta.db_table}")  # noqa: S608 - our own table
    for model in apps.get_models():
        if hasattr(model, "pgh_tracked_model"):
            assert trigger_on(model._meta.db_table, "written_by_tracker"), model
    context.refresh_from_db()
    assert context.metadata == {"user": treasurer.pk, "url": "/reports/review/2026/"}


def test_a_context_learns_who_signed_in_during_the_request(world):
    """A login within a request adds the user to a context that had none: the one change allowed."""
    with pghistory.context(user=None, url="/accounts/login/"):
        member = MemberFactory(union=world.union_a)
        with pghistory.context(user=world.outsider.pk):
            Member.objects.filter(pk=member.pk).update(mobile="13811112222")
    first, second = member.history.order_by("pgh_id")
    assert first.pgh_context_id == second.pgh_context_id
    assert second.pgh_context.metadata["user"] == world.outsider.pk


def test_the_login_log_is_kept_and_only_stamped_at_logout():
    entry = AccessLog.objects.create(
        username="chair", ip_address="10.0.0.1", user_agent="Firefox", http_accept="*/*", path_info="/login/"
    )
    write_refused("DELETE FROM axes_accesslog WHERE id = %s", [entry.pk])
    write_refused("UPDATE axes_accesslog SET username = 'someone' WHERE id = %s", [entry.pk])
    AccessLog.objects.filter(pk=entry.pk).update(logout_time=timezone.now())  # as django-axes does
    write_refused("UPDATE axes_accesslog SET logout_time = now() WHERE id = %s", [entry.pk])


def test_a_final_summary_is_frozen_and_reopened_only_into_a_kept_version(world):
    chair = world.officers[Role.Kind.CHAIR]
    summary = AnnualSummary.objects.create(
        union=world.union_a,
        year=2025,
        status=AnnualSummary.Status.FINAL,
        signed_on=datetime.date(2026, 1, 10),
        sections=[
            {"key": "opening", "heading": "", "paragraphs": [[{"text": "定稿的正文"}]], "edited": False}
        ],
        figures={"members": 12},
        finalised_at=timezone.now(),
        finalised_by=chair,
    )
    write_refused(
        "UPDATE reports_annualsummary SET sections = '[]', signature = '改过' WHERE id = %s", [summary.pk]
    )
    write_refused("UPDATE reports_annualsummary SET status = 'draft' WHERE id = %s", [summary.pk])
    write_refused("DELETE FROM reports_annualsummary WHERE id = %s", [summary.pk])
    # The chair's reopening keeps the final text as a version, then the summary is a draft again.
    version = reports_services.reopen(summary=summary, by=chair, reason="补充数据")
    summary.refresh_from_db()
    assert not summary.is_final and version.sections[0]["paragraphs"][0][0]["text"] == "定稿的正文"
    write_refused("UPDATE reports_annualsummaryversion SET sections = '[]' WHERE id = %s", [version.pk])
    write_refused("DELETE FROM reports_annualsummaryversion WHERE id = %s", [version.pk])
    with refused_by_database(), transaction.atomic():
        AnnualSummary.objects.filter(pk=summary.pk).delete()  # its versions stay
    # The draft is the chair's to edit; both are on the trail.
    AnnualSummary.objects.filter(pk=summary.pk).update(theme="新的主题")
    assert [e.pgh_label for e in summary.history.order_by("pgh_id")] == ["insert", "update", "update"]
    assert version.history.count() == 1


def test_ledger_totals_are_written_by_the_vouchers_trigger_alone(voucher):
    (total,) = LedgerTotal.objects.filter(union=voucher.union)
    write_refused("UPDATE finances_ledgertotal SET amount = amount + 1")
    write_refused("DELETE FROM finances_ledgertotal")
    write_refused(copy_row(LedgerTotal, total.pk, month="12", amount="1", fund_effect="1"))
    total.refresh_from_db()
    assert (total.amount, total.vouchers) == (Decimal("100.00"), 1)


def test_a_fund_or_category_in_use_keeps_its_name_and_flags(world, voucher):
    write_refused("UPDATE finances_fund SET name = '另一个名字' WHERE id = %s", [voucher.fund_id])
    write_refused("UPDATE finances_fund SET restricted = true WHERE id = %s", [voucher.fund_id])
    write_refused("UPDATE finances_fund SET kind = 'other' WHERE id = %s", [voucher.fund_id])
    write_refused("UPDATE finances_category SET name = '改名' WHERE id = %s", [voucher.category_id])
    # What the vouchers do not read changes; funds and sub-items without vouchers change freely.
    Fund.objects.filter(pk=voucher.fund_id).update(purpose="日常经费")
    unused = FundFactory(union=world.union_a, name="新资金")
    unused.name, unused.restricted = "帮困资金", True
    unused.full_clean()
    unused.save()
    treasurer = world.officers[Role.Kind.TREASURER]
    item = setup.add_sub_item(union=world.union_a, by=treasurer, parent=voucher.category.top, name="补助")
    item.name = "上级补助"
    item.full_clean()
    item.save()
    # The form hears it first, in words.
    used = Fund.objects.get(pk=voucher.fund_id)
    used.name = "另一个名字"
    with pytest.raises(ValidationError):
        used.full_clean()


def test_a_closed_month_takes_no_voucher_and_reopens_only_on_the_log(world, voucher):
    treasurer, chair = world.officers[Role.Kind.TREASURER], world.officers[Role.Kind.CHAIR]
    closed = services.close_month(union=world.union_a, by=treasurer, year=2026, month=3)
    write_refused("DELETE FROM finances_monthclose WHERE id = %s", [closed.pk])
    write_refused("UPDATE finances_monthclose SET month = 4 WHERE id = %s", [closed.pk])
    write_refused(copy_row(Voucher, voucher.pk, number="99", date="'2026-03-20'"))
    services.reopen_month(union=world.union_a, by=chair, year=2026, month=3, reason="补记一笔")
    assert not MonthClose.objects.filter(pk=closed.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(copy_row(Voucher, voucher.pk, number="99", date="'2026-03-20'"))


def test_a_vouchers_scans_stay(world, voucher):
    treasurer = world.officers[Role.Kind.TREASURER]
    receipt = add_attachment(record=voucher, upload=SimpleUploadedFile("r.pdf", PDF), by=treasurer)
    assert receipt.kept
    write_refused("DELETE FROM unionhub_attachment WHERE id = %s", [receipt.pk])
    write_refused("UPDATE unionhub_attachment SET kept = false WHERE id = %s", [receipt.pk])
    write_refused("UPDATE unionhub_attachment SET object_id = 0 WHERE id = %s", [receipt.pk])
    # An activity's scan may go.
    sheet = add_attachment(
        record=ActivityFactory(union=world.union_a), upload=SimpleUploadedFile("s.pdf", PDF), by=treasurer
    )
    assert not sheet.kept
    delete_attachment(attachment=sheet)
    assert Attachment.objects.filter(pk=receipt.pk).exists() and not Attachment.objects.filter(pk=sheet.pk)
