"""The database refuses, whoever asks: as the role the application connects as, nothing switches off
what makes the books immutable (unionhub.dbroles). Every statement here runs on the app's own
connection, the one the views use."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from finances import services
from finances.models import Voucher
from tests.finances.factories import FundFactory, category
from tests.members.factories import MemberFactory
from unionhub.models import Role

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
