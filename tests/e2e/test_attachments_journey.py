"""On a phone: the treasurer photographs a receipt onto a voucher, the secretary a sign-in sheet onto an
activity; another union's officer gets 404 for both files; a backup restored on another machine brings
them back byte for byte."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from playwright.sync_api import expect

from finances import services
from tests.activities.factories import ActivityFactory
from tests.factories import RoleFactory
from tests.finances.factories import FundFactory, category
from tests.trust.test_backup import rows, scratch_database, url_of  # noqa: F401 - the fixture
from tests.unionhub.attachment_files import PDF, jpeg
from unionhub.backup import create_backup
from unionhub.models import Attachment, Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""

    def luminance(colour: str) -> float:
        parts = [float(p) for p in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        linear = [
            (c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_receipt_and_sign_in_sheet_from_a_phone(
    world,
    live_server,
    page,
    browser,
    login,
    csp_violations,
    tmp_path,
    scratch_database,  # noqa: F811
):
    treasurer = world.officers[Role.Kind.TREASURER]
    voucher = services.post_voucher(
        union=world.union_a,
        by=treasurer,
        date=datetime.date(2026, 3, 10),
        fund=FundFactory(union=world.union_a),
        category=category("文体活动", "职工活动支出"),
        amount=Decimal("800.00"),
        summary="职工篮球赛奖品",
    )
    activity = ActivityFactory(union=world.union_a, title="三八节健步走")
    receipt, sheet = jpeg(1200, 1600, (240, 240, 230)), PDF
    page.set_viewport_size(PHONE)
    base = live_server.url

    # The treasurer, on the voucher's page: the camera input takes the photo.
    login(treasurer.username)
    # The phone menu button stands out from the navbar (WCAG 1.4.11: at least 3:1 for controls).
    toggler = page.locator(".navbar-toggler")
    colours = toggler.evaluate(
        "el => [getComputedStyle(el).borderTopColor, getComputedStyle(el.closest('nav')).backgroundColor]"
    )
    assert contrast(*colours) >= 3, colours
    page.goto(f"{base}/finances/vouchers/{voucher.pk}/")
    camera = page.get_by_label("拍照上传")
    expect(camera).to_have_attribute("capture", "environment")
    camera.set_input_files(files=[{"name": "IMG_2031.jpg", "mimeType": "image/jpeg", "buffer": receipt}])
    page.get_by_label("说明").fill("奖品发票")
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("IMG_2031.jpg")
    thumb = page.locator(".attachment img")
    expect(thumb).to_be_visible()
    assert thumb.evaluate("img => img.naturalWidth") > 0, "the thumbnail loads"
    expect(page.locator(".attachment")).to_contain_text("奖品发票")

    # The secretary, on the activity's page: the scanned sign-in sheet as a PDF.
    page.context.clear_cookies()
    login(world.officers[Role.Kind.SECRETARY].username)
    page.goto(f"{base}/activities/{activity.pk}/")
    page.get_by_label("选择照片或 PDF 扫描件").set_input_files(
        files=[{"name": "签到表.pdf", "mimeType": "application/pdf", "buffer": sheet}]
    )
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("签到表.pdf")
    expect(page.locator(".attachment")).to_contain_text("签到表.pdf")
    assert csp_violations == []

    photo = Attachment.objects.get(name="IMG_2031.jpg")
    scan = Attachment.objects.get(name="签到表.pdf")
    assert photo.record == voucher and scan.record == activity
    # The secretary reads the scan she attached; the bytes are the bytes.
    assert page.request.get(f"{base}/files/{scan.pk}/").body() == sheet

    # Another union's officers: 404 for both files, on a phone as anywhere.
    RoleFactory(union=world.union_b, kind=Role.Kind.TREASURER, user__username="b-treasurer")
    for username, attachment in (("b-treasurer", photo), ("b-secretary", scan), ("b-treasurer", scan)):
        page.context.clear_cookies()
        login(username)
        for url in (f"{base}/files/{attachment.pk}/", f"{base}/files/{attachment.pk}/thumbnail/"):
            assert page.request.get(url).status == 404, (username, url)

    # A backup, restored into an empty database and another machine's media folder.
    backup = create_backup(output_dir=tmp_path / "backups")
    elsewhere = tmp_path / "elsewhere"
    call_command("restore", str(backup.dump), database_url=url_of(scratch_database), media_root=elsewhere)
    restored = FileSystemStorage(location=elsewhere)
    files = dict(rows(scratch_database, "SELECT name, file FROM unionhub_attachment"))
    assert restored.open(files["IMG_2031.jpg"]).read() == receipt
    assert restored.open(files["签到表.pdf"]).read() == sheet
