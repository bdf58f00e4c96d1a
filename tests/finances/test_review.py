"""The audit committee's desk: the weighted, reproducible sample; review marks; queries answered
in words or by reversal and closed by the auditor only; the auditor never writing the books."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import IntegrityError, InternalError
from django.urls import reverse
from django.utils import timezone

from finances import services
from finances.models import AuditQuery, ReviewSample, Voucher, VoucherReview
from finances.services.review import Candidate, choose
from tests.finances.factories import category
from tests.members.factories import HardshipCaseFactory

pytestmark = pytest.mark.django_db
YEAR_START, YEAR_END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def spend(books, amount, summary="文体活动用品", day=datetime.date(2026, 3, 10), **extra):
    return services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        category=category("文体活动", parent="职工活动支出"),
        amount=Decimal(amount),
        summary=summary,
        **extra,
    )


def income(books, amount, day=datetime.date(2026, 2, 1)):
    return services.post_voucher(
        union=books.union,
        by=books.treasurer,
        date=day,
        fund=books.fund,
        category=category("行政补助收入"),
        amount=Decimal(amount),
        summary="行政补助",
    )


# The draw ----------------------------------------------------------------------------------------


def test_the_same_seed_draws_the_same_sample_and_another_seed_usually_another():
    candidates = [Candidate(pk, Decimal(100 + pk), False, False) for pk in range(1, 201)]
    first = choose(candidates, rate=10, seed=12345)
    assert len(first) == 20
    assert choose(candidates, rate=10, seed=12345) == first
    assert choose(list(candidates), rate=10, seed=12346) != first
    assert choose(candidates, rate=100, seed=1) == list(range(1, 201))
    assert len(choose(candidates[:3], rate=1, seed=1)) == 1  # never an empty sample


def test_large_amounts_warnings_and_reversals_are_drawn_far_more_often():
    ordinary = [Candidate(pk, Decimal("100"), False, False) for pk in range(1, 91)]
    large = [Candidate(pk, Decimal("5000"), False, False) for pk in range(91, 94)]
    warned = [Candidate(pk, Decimal("100"), True, False) for pk in range(94, 97)]
    reversed_ = [Candidate(pk, Decimal("100"), False, True) for pk in range(97, 100)]
    candidates = ordinary + large + warned + reversed_
    hits = {"ordinary": 0, "large": 0, "warned": 0, "reversed": 0}
    groups = {
        "ordinary": {c.pk for c in ordinary},
        "large": {c.pk for c in large},
        "warned": {c.pk for c in warned},
        "reversed": {c.pk for c in reversed_},
    }
    for seed in range(300):
        for pk in choose(candidates, rate=10, seed=seed):
            for name, pks in groups.items():
                hits[name] += pk in pks
    per_voucher = {name: hits[name] / len(groups[name]) for name in hits}
    # An ordinary voucher is drawn in well under 10% of draws; the flagged ones in most of them.
    assert per_voucher["ordinary"] < 0.1 * 300
    for name in ("large", "warned", "reversed"):
        assert per_voucher[name] > 4 * per_voucher["ordinary"], (name, per_voucher)


def test_a_drawn_sample_is_recorded_with_its_seed_and_redrawing_it_gives_the_same_vouchers(books):
    vouchers = [spend(books, str(50 + n), summary=f"支出{n}") for n in range(20)]
    big = spend(books, "9000", summary="大额采购")
    sample = services.draw_sample(
        union=books.union, by=books.auditor, start=YEAR_START, end=YEAR_END, rate=25, seed=99
    )
    drawn = set(sample.vouchers.values_list("pk", flat=True))
    assert (
        sample.population == 21 and len(drawn) == 6 and sample.seed == 99 and sample.drawn_by == books.auditor
    )
    again = services.draw_sample(
        union=books.union, by=books.auditor, start=YEAR_START, end=YEAR_END, rate=25, seed=99
    )
    assert set(again.vouchers.values_list("pk", flat=True)) == drawn
    assert {v.pk for v in vouchers} | {big.pk} >= drawn
    # A seed left blank is chosen and stored.
    chosen = services.draw_sample(
        union=books.union, by=books.auditor, start=YEAR_START, end=YEAR_END, rate=100
    )
    assert chosen.seed is not None and chosen.vouchers.count() == 21


def test_the_draw_refuses_bad_periods_and_rates_and_non_auditors(books):
    spend(books, "10")
    with pytest.raises(ValidationError, match="截止日期"):
        services.draw_sample(union=books.union, by=books.auditor, start=YEAR_END, end=YEAR_START, rate=5)
    with pytest.raises(ValidationError, match="抽查比例"):
        services.draw_sample(union=books.union, by=books.auditor, start=YEAR_START, end=YEAR_END, rate=0)
    with pytest.raises(ValidationError, match="没有记账凭证"):
        services.draw_sample(
            union=books.union,
            by=books.auditor,
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 12, 31),
            rate=5,
        )
    with pytest.raises(PermissionDenied):
        services.draw_sample(union=books.union, by=books.treasurer, start=YEAR_START, end=YEAR_END, rate=5)


# Review marks ------------------------------------------------------------------------------------


def test_a_voucher_is_marked_reviewed_once_with_who_and_when_and_the_mark_never_changes(books):
    voucher = spend(books, "300")
    review = services.mark_reviewed(voucher=voucher, by=books.auditor, remark="  发票齐全 ")
    assert (review.remark, review.reviewed_by, review.union) == ("发票齐全", books.auditor, books.union)
    assert review.reviewed_at is not None
    assert review.history.count() == 1  # in the audit trail
    with pytest.raises(ValidationError, match="已审查"):
        services.mark_reviewed(voucher=voucher, by=books.auditor)
    with pytest.raises(PermissionDenied):
        services.mark_reviewed(voucher=spend(books, "5"), by=books.treasurer)
    with pytest.raises(InternalError, match="pgtrigger: Cannot"), transaction.atomic():
        connection.cursor().execute(
            "UPDATE finances_voucherreview SET remark = 'x' WHERE id = %s", [review.pk]
        )


def test_a_mark_given_from_a_sample_must_be_of_a_voucher_it_drew(books):
    inside = spend(books, "300")
    outside = spend(books, "10", day=datetime.date(2026, 5, 1))
    sample = services.draw_sample(
        union=books.union,
        by=books.auditor,
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 3, 31),
        rate=100,
        seed=1,
    )
    with pytest.raises(ValidationError, match="不在这次抽查"):
        services.mark_reviewed(voucher=outside, by=books.auditor, sample=sample)
    assert services.mark_reviewed(voucher=inside, by=books.auditor, sample=sample).sample == sample


# Queries -----------------------------------------------------------------------------------------


def test_a_query_answered_by_reversal_corrects_the_books_and_only_the_auditor_closes_it(books):
    wrong = spend(books, "880", summary="重复报销")
    query = services.raise_query(by=books.auditor, voucher=wrong, question="这笔是否重复报销？")
    assert (query.union, query.year, query.status) == (books.union, 2026, AuditQuery.Status.OPEN)
    with pytest.raises(PermissionDenied):  # the auditor does not answer her own query
        services.answer_query(query=query, by=books.auditor, answer="是")
    answered = services.answer_query(
        query=query, by=books.treasurer, answer="确系重复报销，已冲销。", reverse=True
    )
    assert answered.status == AuditQuery.Status.ANSWERED
    assert answered.correction.reverses == wrong
    assert Voucher.objects.filter(union=books.union).balance() == 0
    for asked in (books.treasurer, books.chair):
        with pytest.raises(PermissionDenied):
            services.close_query(query=query, by=asked)
    closed = services.close_query(query=query, by=books.auditor, remark="已核实冲销")
    assert (closed.status, closed.closed_by) == (AuditQuery.Status.CLOSED, books.auditor)
    with pytest.raises(ValidationError, match="已关闭"):
        services.answer_query(query=query, by=books.treasurer, answer="补充")
    assert query.history.count() == 3  # raised, answered, closed: all in the trail


def test_the_chair_may_answer_in_words_but_not_reverse(books):
    voucher = spend(books, "100")
    query = services.raise_query(by=books.auditor, voucher=voucher, question="用途？")
    with pytest.raises(PermissionDenied):
        services.answer_query(query=query, by=books.chair, answer="冲销", reverse=True)
    assert not Voucher.objects.filter(reverses=voucher).exists()
    answered = services.answer_query(query=query, by=books.chair, answer="工会活动用品。")
    assert answered.answered_by == books.chair


def test_queries_on_aid_payments_and_statement_lines(books):
    services.record_opening_balance(
        fund=books.hardship, by=books.treasurer, date=YEAR_START, amount=Decimal("5000")
    )
    case = HardshipCaseFactory(member__union=books.union)
    aid = services.pay_aid(
        union=books.union,
        by=books.treasurer,
        member=case.member,
        case=case,
        kind="living",
        amount=Decimal("600"),
        date=datetime.date(2026, 4, 1),
        fund=books.hardship,
    )
    on_aid = services.raise_query(by=books.auditor, aid_payment=aid, question="是否经过公示？")
    assert on_aid.subject_voucher == aid.voucher
    answered = services.answer_query(
        query=on_aid, by=books.treasurer, answer="未公示，先冲销。", reverse=True
    )
    assert answered.correction.reverses == aid.voucher
    line = services.raise_query(
        by=books.auditor, category=category("会费收入"), union=books.union, year=2026, question="会费偏低？"
    )
    assert "收入支出表" in line.subject_label
    with pytest.raises(ValidationError, match="不能直接冲销"):
        services.answer_query(query=line, by=books.treasurer, answer="x", reverse=True)
    with pytest.raises(ValidationError, match="一张凭证"):
        services.raise_query(by=books.auditor, question="?")
    with pytest.raises(ValidationError):
        services.raise_query(by=books.auditor, voucher=aid.voucher, question="   ")


def test_a_query_must_have_exactly_one_subject_in_the_database(books):
    voucher = spend(books, "1")
    with pytest.raises(IntegrityError, match="audit_query_one_subject"), transaction.atomic():
        AuditQuery.objects.create(
            union=books.union,
            voucher=voucher,
            category=category("会费收入"),
            year=2026,
            question="?",
            raised_by=books.auditor,
        )


# Pages -------------------------------------------------------------------------------------------


def test_the_auditor_cannot_post_change_or_reverse_a_voucher(books, client):
    voucher = spend(books, "200")
    client.force_login(books.auditor)
    assert client.get(reverse("finances:voucher_create")).status_code == 403
    data = {
        "date": "2026-03-11",
        "category": category("行政补助收入").pk,
        "fund": books.fund.pk,
        "amount": "1",
    }
    assert client.post(reverse("finances:voucher_create"), {**data, "summary": "x"}).status_code == 403
    assert (
        client.post(reverse("finances:voucher_reverse", args=[voucher.pk]), {"reason": "x"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.reverse_voucher(voucher=voucher, by=books.auditor, reason="x")
    with pytest.raises(PermissionDenied):
        services.post_voucher(
            union=books.union,
            by=books.auditor,
            date=datetime.date(2026, 3, 1),
            fund=books.fund,
            category=category("行政补助收入"),
            amount=Decimal("1"),
            summary="x",
        )
    assert Voucher.objects.filter(reverses=voucher).count() == 0
    # What the auditor writes is review and queries, from the voucher page.
    page = client.get(reverse("finances:voucher_detail", args=[voucher.pk])).content.decode()
    assert "标记已审" in page and "提出询问" in page and "红字冲销</a>" not in page


def test_a_treasurer_cannot_close_a_query_nor_draw_or_mark(books, client):
    voucher = spend(books, "200")
    query = services.raise_query(by=books.auditor, voucher=voucher, question="?")
    client.force_login(books.treasurer)
    assert client.post(reverse("finances:query_close", args=[query.pk])).status_code == 403
    assert client.post(reverse("finances:review_mark", args=[voucher.pk])).status_code == 403
    assert client.get(reverse("finances:review_index")).status_code == 403
    detail = client.get(reverse("finances:query_detail", args=[query.pk])).content.decode()
    assert "关闭询问" not in detail and "答复" in detail
    # The open query is on the treasurer's worklists: the home page's and the ledger's.
    assert "经费审查询问待答复" in client.get(reverse("home")).content.decode()
    assert "待您答复" in client.get(reverse("finances:index")).content.decode()
    client.force_login(books.auditor)
    assert "经费审查询问待答复" not in client.get(reverse("home")).content.decode()
    services.answer_query(query=query, by=books.treasurer, answer="见附件。")
    home = client.get(reverse("home")).content.decode()
    last_year = timezone.localdate().year - 1
    assert "经费审查询问已答复，待审阅关闭" in home and f"{last_year}年度经费审查报告尚未签发" in home


def test_the_sample_page_marks_vouchers_and_bad_input_gets_a_message(books, client):
    voucher = spend(books, "200")
    client.force_login(books.auditor)
    response = client.post(reverse("finances:review_index"), {"year": "2026", "month": "13", "rate": "abc"})
    assert response.status_code == 200 and "rate" in response.context["form"].errors
    response = client.post(
        reverse("finances:review_index"), {"year": "2026", "month": "", "rate": "100", "seed": "5"}
    )
    sample = ReviewSample.objects.get()
    assert response.status_code == 302 and sample.seed == 5
    response = client.post(
        reverse("finances:review_mark", args=[voucher.pk]),
        {"sample": sample.pk, "remark": "好", "next": "//evil.example"},
    )
    assert response["Location"] == reverse("finances:review_sample", args=[sample.pk])
    assert VoucherReview.objects.get().remark == "好"
    page = client.get(reverse("finances:review_sample", args=[sample.pk])).content.decode()
    assert "已审 1 / 1" in page
    todo = reverse("finances:review_sample", args=[sample.pk]) + "?todo=on"
    assert "没有未审的凭证" in client.get(todo).content.decode()
    other = spend(books, "30", day=datetime.date(2026, 4, 1))
    again = services.draw_sample(
        union=books.union, by=books.auditor, start=YEAR_START, end=YEAR_END, rate=100
    )
    todo = reverse("finances:review_sample", args=[again.pk]) + "?todo=on&page=1"
    response = client.post(
        reverse("finances:review_mark", args=[other.pk]), {"sample": again.pk, "next": todo}
    )
    assert response["Location"] == todo


def test_the_desks_records_are_in_the_audit_log(books, client):
    voucher = spend(books, "200")
    services.mark_reviewed(voucher=voucher, by=books.auditor, remark="无误")
    query = services.raise_query(by=books.auditor, voucher=voucher, question="用途？")
    services.answer_query(query=query, by=books.treasurer, answer="活动用品。")
    client.force_login(books.chair)
    log = client.get(reverse("reports:audit_log")).content.decode()
    assert "审查询问" in log and "活动用品。" in log
    url = reverse("reports:audit_record", args=["finances.voucher", voucher.pk])
    history = client.get(url).content.decode()
    assert "凭证审查" in history and "无误" in history


def queries_for(client, url) -> int:
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_desks_lists_query_count_stays_flat(books, client):
    def grow(n):
        for i in range(n):
            voucher = spend(books, str(10 + i), summary=f"支出{i}")
            services.mark_reviewed(voucher=voucher, by=books.auditor)
            services.raise_query(by=books.auditor, voucher=voucher, question=f"问题{i}")
        return services.draw_sample(
            union=books.union, by=books.auditor, start=YEAR_START, end=YEAR_END, rate=100
        )

    client.force_login(books.auditor)
    small = grow(2)
    pages = [
        reverse("finances:query_list"),
        reverse("finances:review_index") + "?year=2026",
        reverse("home"),
        reverse("finances:index"),
    ]
    before = [queries_for(client, url) for url in pages]
    before_sample = queries_for(client, reverse("finances:review_sample", args=[small.pk]))
    large = grow(12)
    assert [queries_for(client, url) for url in pages] == before
    assert queries_for(client, reverse("finances:review_sample", args=[large.pk])) == before_sample


def test_what_a_sample_drew_cannot_be_changed(books):
    spend(books, "10")
    sample = services.draw_sample(
        union=books.union, by=books.auditor, start=YEAR_START, end=YEAR_END, rate=100
    )
    for sql in (
        "DELETE FROM finances_reviewsamplevoucher WHERE sample_id = %s",
        "UPDATE finances_reviewsample SET rate = 1 WHERE id = %s",
    ):
        with pytest.raises(InternalError, match="pgtrigger: Cannot"), transaction.atomic():
            connection.cursor().execute(sql, [sample.pk])
    assert sample.vouchers.count() == 1


def test_the_voucher_list_shows_the_auditor_what_is_not_yet_reviewed(books, client):
    done, left = spend(books, "111", summary="已审的支出"), spend(books, "222", summary="未审的支出")
    services.mark_reviewed(voucher=done, by=books.auditor)
    client.force_login(books.auditor)
    page = client.get(reverse("finances:voucher_list") + "?year=2026&unreviewed=on").content.decode()
    assert left.summary in page and done.summary not in page
    client.force_login(books.treasurer)  # the filter is the auditor's: others see every voucher
    page = client.get(reverse("finances:voucher_list") + "?year=2026&unreviewed=on").content.decode()
    assert left.summary in page and done.summary in page and "经审未审查的" not in page
