"""Scans and photos on records: checked by content, limited in size, stored privately, served only
to those who may read the record, kept in the audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import content_disposition_header
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finances import services as finance_services
from tests.activities.factories import ActivityFactory
from tests.factories import RoleFactory
from tests.finances.factories import FundFactory, category
from tests.unionhub.attachment_files import EXE_AS_JPG, HTML_AS_PDF, PDF, PDF_WITH_SCRIPT, jpeg, png
from unionhub.attachments import add_attachment, sniff
from unionhub.models import Attachment, Role


@pytest.fixture
def voucher(world):
    return finance_services.post_voucher(
        union=world.union_a,
        by=world.officers[Role.Kind.TREASURER],
        date=datetime.date(2026, 3, 10),
        fund=FundFactory(union=world.union_a),
        category=category("行政补助收入"),
        amount=Decimal("800.00"),
        summary="单位拨付工会经费",
    )


def upload(client, kind, record, content, name="发票.jpg", field="file", **extra):
    url = reverse("attachment_add", kwargs={"kind": kind, "pk": record.pk})
    return client.post(url, {field: SimpleUploadedFile(name, content), "note": "发票", **extra}, follow=True)


def test_sniffing_goes_by_content_not_by_name():
    assert sniff(jpeg()[:32]) == "jpeg"
    assert sniff(png()[:32]) == "png"
    assert sniff(PDF[:32]) == "pdf"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00") == "heic"
    assert sniff(EXE_AS_JPG[:32]) is None
    assert sniff(HTML_AS_PDF[:32]) is None


def test_the_treasurer_attaches_a_receipt_and_reads_it_back(world, client, voucher):
    client.force_login(world.officers[Role.Kind.TREASURER])
    photo = jpeg()
    response = upload(client, "voucher", voucher, photo, field="photo")
    assert response.status_code == 200
    assert "附件“发票.jpg”已上传" in response.content.decode()
    (attachment,) = Attachment.objects.all()
    assert attachment.union == world.union_a
    assert attachment.record == voucher
    assert attachment.kind == "jpeg" and attachment.size == len(photo) and attachment.note == "发票"
    assert attachment.thumbnail, "an image gets a thumbnail"
    assert not attachment.file.name.endswith("发票.jpg"), "stored under a random name"

    page = client.get(reverse("finances:voucher_detail", args=[voucher.pk])).content.decode()
    assert reverse("attachment_thumbnail", args=[attachment.pk]) in page
    assert 'accept="image/*,application/pdf"' in page and 'capture="environment"' in page

    served = client.get(reverse("attachment_file", args=[attachment.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == photo
    assert served["Cache-Control"] == "private, no-store"
    thumb = client.get(reverse("attachment_thumbnail", args=[attachment.pk]))
    assert b"".join(thumb.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_pdf_scan_gets_no_thumbnail_but_is_served_as_pdf(world, client):
    activity = ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    upload(client, "activity", activity, PDF, name="签到表.pdf")
    (attachment,) = Attachment.objects.all()
    assert attachment.kind == "pdf" and not attachment.thumbnail
    served = client.get(reverse("attachment_file", args=[attachment.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF


def test_a_pdf_is_downloaded_and_sandboxed_so_its_script_never_runs_in_the_page(world, client):
    """A PDF may carry JavaScript that the browser's viewer runs when it is shown inline: it is served
    as a download, in a sandbox (no script, no form, no same-origin rights) and never sniffed."""
    activity = ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    upload(client, "activity", activity, PDF_WITH_SCRIPT, name="签到表.pdf")
    (attachment,) = Attachment.objects.all()
    served = client.get(reverse("attachment_file", args=[attachment.pk]))
    assert served["Content-Disposition"] == content_disposition_header(True, "签到表.pdf")
    assert served["Content-Security-Policy"] == "sandbox"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PDF_WITH_SCRIPT


def test_an_image_is_shown_inline_but_sandboxed_too(world, client, voucher):
    client.force_login(world.officers[Role.Kind.TREASURER])
    upload(client, "voucher", voucher, png(), name="发票.png")
    (attachment,) = Attachment.objects.all()
    for name in ("attachment_file", "attachment_thumbnail"):
        served = client.get(reverse(name, args=[attachment.pk]))
        assert served["Content-Type"].startswith("image/")
        assert served["Content-Disposition"].startswith("inline;")
        assert served["Content-Security-Policy"] == "sandbox"
        assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (EXE_AS_JPG, "receipt.jpg", "只能上传照片"),
        (HTML_AS_PDF, "scan.pdf", "只能上传照片"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "broken.jpg", "图片已损坏"),
        (b"", "empty.jpg", "附件“empty.jpg”未上传"),
    ],
)
def test_what_is_not_a_photo_or_scan_is_refused_at_the_form(world, client, content, name, message):
    activity = ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    response = upload(client, "activity", activity, content, name=name)
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_no_file_at_all_is_a_message_not_an_error(world, client):
    activity = ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    response = client.post(reverse("attachment_add", args=["activity", activity.pk]), follow=True)
    assert "请选择要上传的照片" in response.content.decode()


def test_the_size_limit(world, client, settings):
    activity = ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    settings.ATTACHMENT_MAX_BYTES = 10_000
    response = upload(client, "activity", activity, jpeg(1200, 1200, (1, 2, 3)) + b"\x00" * 20_000)
    assert "文件超过" in response.content.decode()
    # Past the hard limit the upload handler stops keeping the file at all.
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    settings.UPLOAD_HARD_LIMIT_BYTES = 100_000
    response = upload(client, "activity", activity, jpeg() + b"\x00" * 300_000)
    assert "文件超过" in response.content.decode()
    assert not Attachment.objects.exists()


def test_another_unions_officer_gets_404_and_a_role_without_the_area_403(world, client, voucher):
    receipt = add_attachment(
        record=voucher, upload=SimpleUploadedFile("r.jpg", jpeg()), by=world.officers[Role.Kind.TREASURER]
    )
    sheet = add_attachment(
        record=ActivityFactory(union=world.union_a),
        upload=SimpleUploadedFile("s.pdf", PDF),
        by=world.officers[Role.Kind.SECRETARY],
    )
    b_treasurer = RoleFactory(union=world.union_b, kind=Role.Kind.TREASURER).user
    for user, attachment, status in (
        (b_treasurer, receipt, 404),
        (world.outsider, sheet, 404),
        (world.officers[Role.Kind.SECRETARY], receipt, 403),  # the secretary does not read the books
        (world.system_chair, receipt, 200),
        (world.officers[Role.Kind.AUDITOR], receipt, 200),
    ):
        client.force_login(user)
        for name in ("attachment_file", "attachment_thumbnail"):
            if name == "attachment_thumbnail" and not attachment.thumbnail:
                continue
            assert client.get(reverse(name, args=[attachment.pk])).status_code == status, (user, name)
    # Nor can another union attach to A's record.
    client.force_login(b_treasurer)
    assert upload(client, "voucher", voucher, jpeg()).status_code == 404
    # And the file is at no public address.
    client.force_login(world.officers[Role.Kind.TREASURER])
    assert client.get("/" + receipt.file.name).status_code == 404
    assert client.get("/media/" + receipt.file.name).status_code == 404


def test_voucher_files_stay_activity_files_can_be_removed(
    world, client, voucher, django_capture_on_commit_callbacks
):
    receipt = add_attachment(
        record=voucher, upload=SimpleUploadedFile("r.jpg", jpeg()), by=world.officers[Role.Kind.TREASURER]
    )
    client.force_login(world.officers[Role.Kind.TREASURER])
    response = client.post(reverse("attachment_delete", args=[receipt.pk]), follow=True)
    assert "不能删除" in response.content.decode()
    assert Attachment.objects.filter(pk=receipt.pk).exists()

    sheet = add_attachment(
        record=ActivityFactory(union=world.union_a),
        upload=SimpleUploadedFile("s.jpg", jpeg()),
        by=world.officers[Role.Kind.SECRETARY],
    )
    name = sheet.file.name
    client.force_login(world.officers[Role.Kind.SECRETARY])
    client.post(reverse("attachment_delete", args=[sheet.pk]))
    assert Attachment.objects.filter(pk=sheet.pk).exists(), "not without the confirmation"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("attachment_delete", args=[sheet.pk]), {"confirm": "1"})
    assert not Attachment.objects.filter(pk=sheet.pk).exists()
    assert not default_storage.exists(name)
    # The audit trail keeps who added and who removed it.
    events = list(sheet.history.model.objects.filter(pgh_obj_id=sheet.pk).values_list("pgh_label", "name"))
    assert events == [("insert", "s.jpg"), ("delete", "s.jpg")]


def test_attachments_are_scoped_by_their_own_union(world):
    for union in (world.union_a, world.group_a, world.union_b):
        add_attachment(
            record=ActivityFactory(union=union),
            upload=SimpleUploadedFile("s.png", png()),
            by=world.officers[Role.Kind.SECRETARY],
        )
    assert Attachment.objects.within(world.union_a).count() == 2
    assert Attachment.objects.of(world.union_a, rollup=False).count() == 1
    assert Attachment.objects.within(world.system).count() == 3


def test_a_transferred_members_scans_move_with_the_record(world):
    from members import services as member_services
    from tests.members.factories import MemberFactory

    member = MemberFactory(union=world.union_a)
    scan = add_attachment(
        record=member,
        upload=SimpleUploadedFile("入会申请书.pdf", PDF),
        by=world.officers[Role.Kind.SECRETARY],
    )
    member_services.transfer(member=member, to_union=world.union_b, by=None, date=datetime.date(2026, 3, 1))
    scan.refresh_from_db()
    assert scan.union == world.union_b
    assert Attachment.objects.within(world.union_a).count() == 0


def test_the_audit_log_names_who_attached_what(world, client):
    add_attachment(
        record=ActivityFactory(union=world.union_a),
        upload=SimpleUploadedFile("签到表.pdf", PDF),
        by=world.officers[Role.Kind.SECRETARY],
        note="三月学习",
    )
    client.force_login(world.officers[Role.Kind.CHAIR])
    page = client.get(reverse("reports:audit_log")).content.decode()
    assert "附件" in page and "签到表.pdf" in page and "三月学习" in page
    assert "object id" not in page.lower() and "content type" not in page.lower()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    head=st.sampled_from(
        [b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBP", b"GIF89a", b"PK\x03\x04"]
    ),
    body=st.binary(max_size=2048),
    name=st.text(max_size=300),
)
def test_hostile_uploads_get_a_message_never_an_error(world, client, head, body, name):
    activity = ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    url = reverse("attachment_add", args=["activity", activity.pk])
    file_name = name.replace("/", "").replace("\\", "").strip(". ") or "x"  # what a browser can send
    response = client.post(url, {"file": SimpleUploadedFile(file_name, head + body), "note": name})
    assert response.status_code == 302
    for attachment in Attachment.objects.filter(object_id=activity.pk):
        assert attachment.kind in ("jpeg", "png", "webp", "heic", "pdf")
        assert "/" not in attachment.name and "<" not in attachment.name


def test_a_photo_and_pdfs_chosen_together_are_all_saved_and_each_refusal_is_named(world, client):
    activity = ActivityFactory(union=world.union_a)
    client.force_login(world.officers[Role.Kind.SECRETARY])
    url = reverse("attachment_add", kwargs={"kind": "activity", "pk": activity.pk})
    response = client.post(
        url,
        {
            "photo": SimpleUploadedFile("现场.jpg", jpeg()),
            "file": [
                SimpleUploadedFile("签到表.pdf", PDF),
                SimpleUploadedFile("名单.pdf", PDF),
                SimpleUploadedFile("病毒.jpg", EXE_AS_JPG),
            ],
        },
        follow=True,
    )
    page = response.content.decode()
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["名单.pdf", "现场.jpg", "签到表.pdf"]
    assert "附件“病毒.jpg”未上传：只能上传照片" in page
    assert "现场.jpg”“签到表.pdf”“名单.pdf" in page
