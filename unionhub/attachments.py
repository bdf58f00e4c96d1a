"""Scans and photos attached to records: what may be attached, how a file is checked, stored and shown.

Each app registers the models that take attachments in its `AppConfig.ready()`
(`register("voucher", "finances.Voucher", area=FINANCES, label=…)`), so this module
names no model of a downstream app. A file is accepted by its content (the first bytes), never by its
name or the browser's content type; it is stored through Django's default storage under a random
name; an image gets a JPEG thumbnail (Pillow). Nothing is served from a public URL.
"""

import hashlib
import io
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from unionhub.models import Attachment, Union

THUMBNAIL_SIZE = (320, 320)
# What making a thumbnail may hold decoded at once, so that a worker stays well under 300 MB: 30
# million pixels (6,700 × 4,500: a 600 dpi A4 scan), 15 million with transparency; a photo (JPEG)
# is decoded at an eighth of its size, so even a phone's 200-million-pixel mode passes.
MAX_DECODED_BYTES = 120_000_000
ACCEPT = "image/*,application/pdf"  # the <input type=file accept=…>: a phone offers its camera too
CONTENT_TYPES = {
    Attachment.Kind.JPEG: "image/jpeg",
    Attachment.Kind.PNG: "image/png",
    Attachment.Kind.WEBP: "image/webp",
    Attachment.Kind.HEIC: "image/heic",
    Attachment.Kind.PDF: "application/pdf",
}
EXTENSIONS = {
    Attachment.Kind.JPEG: "jpg",
    Attachment.Kind.PNG: "png",
    Attachment.Kind.WEBP: "webp",
    Attachment.Kind.HEIC: "heic",
    Attachment.Kind.PDF: "pdf",
}
HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"}


def max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


@dataclass(frozen=True)
class AttachableKind:
    """A model that takes attachments, and the area whose rights read and write them."""

    slug: str
    model_label: str
    area: str
    label: str
    deletable: bool = True

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


KINDS: dict[str, AttachableKind] = {}


def register(slug: str, model_label: str, *, area: str, label: str, deletable: bool = True) -> None:
    """Let records of `model_label` take attachments, read and written with the rights of `area`.
    `deletable=False` for accounting records: their attachments are archive and stay."""
    KINDS[slug] = AttachableKind(slug, model_label, area, label, deletable)


def kind_of_model(model: type[models.Model]) -> AttachableKind | None:
    label = model._meta.label
    return next((kind for kind in KINDS.values() if kind.model._meta.label == label), None)


def kind_of(attachment: Attachment) -> AttachableKind | None:
    return kind_of_model(attachment.content_type.model_class())


def sniff(head: bytes) -> str | None:
    """The kind of file by its first bytes (magic numbers), or None when it is none we take."""
    if head.startswith(b"\xff\xd8\xff"):
        return Attachment.Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Attachment.Kind.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Attachment.Kind.WEBP
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return Attachment.Kind.HEIC
    if head.startswith(b"%PDF-"):
        return Attachment.Kind.PDF
    return None


def clean_upload(upload) -> str:
    """Check an uploaded file before anything is stored; return its kind or raise ValidationError."""
    if upload is None:
        raise ValidationError(_("请选择要上传的照片或扫描件。"))
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("文件超过 %(size)d MB，请压缩或分页扫描后再上传。") % {"size": limit // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("文件是空的。"))
    upload.seek(0)
    kind = sniff(upload.read(32))
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("只能上传照片（JPEG、PNG、WebP、HEIC）或 PDF 扫描件；这个文件不是其中任何一种。")
        )
    if kind in (Attachment.Kind.JPEG, Attachment.Kind.PNG, Attachment.Kind.WEBP):
        check_image(upload)
    return kind


def check_image(upload) -> None:
    """Pillow must be able to read the picture, and it must not be a decompression bomb: its size is
    read from the header (`Image.open` decodes nothing) and refused past MAX_DECODED_BYTES before
    any pixel is decoded."""
    from PIL import Image

    try:
        with Image.open(upload) as image:
            width, height = image.size  # as the header says (a JPEG's `draft` shrinks `size`)
            if too_large(image):
                raise ValidationError(
                    _("图片像素过大（%(width)d×%(height)d），请缩小到 %(limit)d 万像素以内再上传。")
                    % {
                        "width": width,
                        "height": height,
                        "limit": MAX_DECODED_BYTES // bytes_per_pixel(image) // 10_000,
                    }
                )
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, past 180 million pixels
        raise ValidationError(
            _("图片像素过大，请缩小到 %(limit)d 万像素以内再上传。")
            % {"limit": MAX_DECODED_BYTES // 4 // 10_000}
        ) from None
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise ValidationError(_("图片已损坏，无法打开。")) from error
    finally:
        upload.seek(0)


def bytes_per_pixel(image) -> int:
    """What one pixel costs decoded: 4 bytes (Pillow keeps RGB as RGBX), 8 with transparency (the
    thumbnail is resized from a premultiplied copy)."""
    return 8 if "A" in image.mode or "a" in image.mode else 4


def too_large(image) -> bool:
    """Whether making the thumbnail would decode more than MAX_DECODED_BYTES, known from the header
    alone: a JPEG is first set to decode at the smallest scale the thumbnail allows (`draft` only
    sets it, as `thumbnail` would); nothing is decoded here."""
    image.draft(None, (THUMBNAIL_SIZE[0] * 2, THUMBNAIL_SIZE[1] * 2))  # thumbnail's own reducing gap
    return image.size[0] * image.size[1] * bytes_per_pixel(image) > MAX_DECODED_BYTES


def make_thumbnail(data: bytes) -> bytes | None:
    """A small JPEG of an image, or None when Pillow cannot read it (HEIC without a plug-in, PDF) or
    it is too large to decode (`check_image` refuses such a file before it gets here).

    `thumbnail` comes first: it decodes a JPEG at an eighth of its size (`draft`) and leaves a small
    picture; turning it upright as the camera's EXIF says is then cheap (done first, it decoded and
    copied the whole picture: 1 GB for a 9,000 × 9,000 PNG)."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as image:
            if too_large(image):
                return None
            image.thumbnail(THUMBNAIL_SIZE)
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=80)
            return out.getvalue()
    except Exception:  # noqa: BLE001 - no thumbnail is not an error: the file itself is shown
        return None


def clean_name(name: str) -> str:
    name = "".join(ch for ch in (name or "") if ch.isprintable() and ch not in '/\\"<>')
    return name.strip()[-200:] or _("附件")


@transaction.atomic
def add_attachment(*, record: models.Model, upload, by, note: str = "") -> Attachment:
    """Check and store one file against `record`; the attachment takes the record's union."""
    kind = clean_upload(upload)
    union = record_union(record)
    attachable = kind_of_model(type(record))
    data = upload.read()
    stem = uuid.uuid4().hex
    attachment = Attachment(
        union=union,
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=record.pk,
        kind=kind,
        name=clean_name(getattr(upload, "name", "")),
        note=(note or "").strip()[:200],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
        kept=attachable is not None and not attachable.deletable,
    )
    attachment.file.save(f"{stem}.{EXTENSIONS[kind]}", ContentFile(data), save=False)
    thumbnail = make_thumbnail(data) if kind != Attachment.Kind.PDF else None
    if thumbnail:
        attachment.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(thumbnail), save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except BaseException:
        delete_files(attachment)
        raise
    return attachment


def add_attachments(*, record: models.Model, uploads, by, note: str = "") -> tuple[list, list]:
    """Check and store each of several files chosen at once, each on its own: a refused file keeps no
    other from being saved. Returns the saved attachments and (file name, ValidationError) per refusal."""
    saved, refused = [], []
    for upload in uploads:
        try:
            saved.append(add_attachment(record=record, upload=upload, by=by, note=note))
        except ValidationError as error:
            refused.append((clean_name(getattr(upload, "name", "")) if upload else "", error))
    return saved, refused


def delete_files(attachment: Attachment) -> None:
    for field in (attachment.file, attachment.thumbnail):
        if field:
            field.storage.delete(field.name)


@transaction.atomic
def delete_attachment(*, attachment: Attachment) -> None:
    """Remove an attachment; its row stays in the audit trail, its bytes go when the row is gone."""
    files = [(field.storage, field.name) for field in (attachment.file, attachment.thumbnail) if field]
    attachment.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def record_union(record: models.Model) -> Union:
    union = getattr(record, "union", None)
    if not isinstance(union, Union):
        raise ValidationError(_("这条记录不属于任何工会，不能添加附件。"))
    return union


def attachments_of(record: models.Model):
    """The attachments of one record (a plain queryset: filter, count or update it)."""
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False), object_id=record.pk
    )


def response(attachment: Attachment, *, thumbnail: bool = False) -> FileResponse:
    """An attachment's stored bytes (or its thumbnail) as sent to whoever may read it: a photo shown,
    anything else downloaded, both sandboxed and never sniffed. The caller has checked the access."""
    field = attachment.thumbnail if thumbnail else attachment.file
    if not field:
        raise Http404
    try:
        stream = field.storage.open(field.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = "image/jpeg" if thumbnail else CONTENT_TYPES[attachment.kind]
    sent = FileResponse(stream, content_type=content_type)
    shown = content_type.startswith("image/")
    sent["Content-Disposition"] = content_disposition_header(not shown, attachment.name)
    sent["Content-Security-Policy"] = "sandbox"
    sent["X-Content-Type-Options"] = "nosniff"
    sent["Cache-Control"] = "private, no-store"
    return sent
