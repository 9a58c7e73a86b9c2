"""Uploaded files are checked for what they are, not only for what they are called.

A browser sends the file's name and a content type it guessed from that name; neither says
what is inside. Every upload of the platform therefore goes through a check here that reads
the file itself: its leading bytes, its structure (the parts a ZIP-based office file must
contain), or whether it decodes as text. The checks never trust the client's content type.

Used by the ward emblem (`LimitedImageField`) and the portal's attachments (Wagtail documents,
through `kuyakusho.portal.forms.DocumentForm`); a new kind of upload adds its check here.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

HEAD_BYTES = 1024
# A ZIP's central directory may declare any sizes; these bound what we accept without
# decompressing anything but the one small part we read.
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
ZIP_MAX_MANIFEST = 1024 * 1024
TEXT_ENCODINGS = ("utf-8", "cp932")  # UTF-8 first: valid UTF-8 is almost never meant as cp932
# Control characters that real text files contain (tab, line ends, form feed, the old DOS
# end-of-file mark); any other one means the file is not plain text in these encodings.
TEXT_CONTROLS_ALLOWED = frozenset("\t\n\r\x0b\x0c\x1a")
TEXT_CONTROLS = re.compile(
    "[" + "".join(chr(c) for c in range(32) if chr(c) not in TEXT_CONTROLS_ALLOWED) + "\x7f]"
)
# What a browser would render as a page or run as a script if it ever sniffed the file.
MARKUP = re.compile(
    rb"^\s*<(?:!doctype\s+html|html|head|body|script|iframe|svg|meta|object|embed|img|style"
    rb"|link|a|form|base)[\s/>]",
    re.IGNORECASE,
)
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

OOXML_MAIN_TYPES = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
# Extension → the format Pillow reports for a real image of that kind.
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}


# --- messages (each names the problem and what to do) ---------------------------------------


def too_large_message(size: str, limit: str) -> str:
    return _("ファイルが大きすぎます（%(size)s）。%(limit)s 以下のファイルを選んでください。") % {
        "size": size,
        "limit": limit,
    }


def too_large_unknown_size_message(limit: int) -> str:
    return _("ファイルが大きすぎます。%(limit)s 以下のファイルを選んでください。") % {
        "limit": filesizeformat(limit)
    }


def _unsupported(name: str, allowed: Iterable[str]) -> ValidationError:
    return ValidationError(
        _("「%(name)s」は受け付けていない種類のファイルです。使えるのは %(allowed)s です。")
        % {"name": name, "allowed": ", ".join(f".{ext}" for ext in allowed)},
        code="unsupported_type",
    )


def _mismatch(ext: str) -> ValidationError:
    return ValidationError(
        _(
            "ファイルの中身が .%(ext)s の形式ではありません。"
            "名前だけを変えたファイルは使えません。.%(ext)s の形式で保存したファイルを選んでください。"
        )
        % {"ext": ext},
        code="content_mismatch",
    )


def _markup(ext: str) -> ValidationError:
    return ValidationError(
        _(
            "このファイルは .%(ext)s ではなく、ウェブページ（HTML）やスクリプトです。"
            "このようなファイルは受け付けられません。"
        )
        % {"ext": ext},
        code="markup",
    )


def _not_text(ext: str) -> ValidationError:
    return ValidationError(
        _(
            "ファイルの文字を読み取れません。.%(ext)s のファイルは、"
            "文字コードを UTF-8 かシフトJIS にして保存してください。"
        )
        % {"ext": ext},
        code="text_encoding",
    )


# --- shared steps ------------------------------------------------------------------------------


def extension_of(name: str | None) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def validate_upload_size(uploaded: Any, limit: int | None = None) -> None:
    """Reject a file larger than the limit with a message that says both sizes."""
    limit = limit or settings.MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            too_large_message(filesizeformat(uploaded.size), filesizeformat(limit)),
            code="file_too_large",
        )


def _read_head(uploaded: Any) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    return head


def looks_like_markup(head: bytes) -> bool:
    for bom in BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return bool(MARKUP.match(head.replace(b"\x00", b"")))  # UTF-16 HTML too


# --- checks per kind of document ---------------------------------------------------------------


def _check_pdf(uploaded: Any, head: bytes, ext: str) -> None:
    # Stricter than readers (which look for the header anywhere in the first 1 KiB): a file
    # with anything before %PDF- could be a page with a PDF appended, i.e. a polyglot.
    if not head.startswith(b"%PDF-"):
        raise _mismatch(ext)


def _zip_members(uploaded: Any, head: bytes, ext: str) -> tuple[zipfile.ZipFile, list[str]]:
    # The local-header signature at offset 0: zipfile alone would also accept a ZIP appended
    # to some other file, since it reads the directory from the end.
    if not head.startswith(b"PK\x03\x04"):
        raise _mismatch(ext)
    try:
        archive = zipfile.ZipFile(uploaded)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _mismatch(ext) from None
    total = sum(member.file_size for member in members)
    if len(members) > ZIP_MAX_MEMBERS or total > ZIP_MAX_UNCOMPRESSED:
        raise _mismatch(ext)
    return archive, [member.filename for member in members]


def _read_member(archive: zipfile.ZipFile, name: str, ext: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > ZIP_MAX_MANIFEST:
        raise _mismatch(ext)
    try:
        with archive.open(info) as member:
            return member.read(ZIP_MAX_MANIFEST + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise _mismatch(ext) from None  # corrupt, encrypted or an unknown compression method


def _check_ooxml(uploaded: Any, head: bytes, ext: str) -> None:
    """Word and Excel files: a ZIP whose [Content_Types].xml declares the main part of that
    kind (a renamed .docm/.xlsm declares its macro-enabled type instead and is refused)."""
    archive, names = _zip_members(uploaded, head, ext)
    with archive:
        if "[Content_Types].xml" not in names:
            raise _mismatch(ext)
        # A byte search, not an XML parser: nothing in an uploaded file is parsed as XML.
        if OOXML_MAIN_TYPES[ext] not in _read_member(archive, "[Content_Types].xml", ext):
            raise _mismatch(ext)


def _check_odf(uploaded: Any, head: bytes, ext: str) -> None:
    """OpenDocument files: a ZIP with a `mimetype` entry naming exactly that kind."""
    archive, names = _zip_members(uploaded, head, ext)
    with archive:
        if "mimetype" not in names:
            raise _mismatch(ext)
        if _read_member(archive, "mimetype", ext).strip() != ODF_MIMETYPES[ext]:
            raise _mismatch(ext)


def _check_text(uploaded: Any, head: bytes, ext: str) -> None:
    """CSV and plain text: UTF-8 or cp932 (Shift_JIS as Windows writes it), no NUL bytes.

    Decoded chunk by chunk, so a large file is never held in memory as a whole."""
    for encoding in TEXT_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in uploaded.chunks():
                if b"\x00" in chunk:
                    raise _mismatch(ext)  # binary data with a text name
                if TEXT_CONTROLS.search(decoder.decode(chunk)):
                    raise _not_text(ext)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return
    raise _not_text(ext)


DOCUMENT_CHECKS: dict[str, Callable[[Any, bytes, str], None]] = {
    "pdf": _check_pdf,
    "docx": _check_ooxml,
    "xlsx": _check_ooxml,
    "odt": _check_odf,
    "ods": _check_odf,
    "csv": _check_text,
    "txt": _check_text,
}


def validate_document(
    uploaded: Any, *, allowed: Iterable[str] | None = None, limit: int | None = None
) -> None:
    """Raise ValidationError unless `uploaded` is a document of the kind its name says.

    `allowed` narrows the extensions (default: every kind with a check here); an extension
    without a check is refused, so widening a setting never lets files through unchecked.
    `uploaded` is any Django File (an UploadedFile from a form, or a File opened by a
    service); it is read, not stored, and left positioned at its start.
    """
    kinds = [ext for ext in (allowed or DOCUMENT_CHECKS) if ext in DOCUMENT_CHECKS]
    ext = extension_of(uploaded.name)
    if ext not in kinds:
        raise _unsupported(PurePath(uploaded.name or "").name, kinds)
    validate_upload_size(uploaded, limit or settings.MAX_DOCUMENT_BYTES)
    try:
        head = _read_head(uploaded)
        if looks_like_markup(head):
            raise _markup(ext)
        DOCUMENT_CHECKS[ext](uploaded, head, ext)
    finally:
        uploaded.seek(0)


def _image_extension(uploaded: Any) -> str:
    ext = extension_of(uploaded.name)
    if ext not in IMAGE_FORMATS:
        raise _unsupported(PurePath(uploaded.name or "").name, IMAGE_FORMATS)
    return ext


def validate_image(uploaded: Any) -> None:
    """Raise ValidationError unless `uploaded` is a PNG, JPEG, GIF or WebP image whose content
    is the format its name says (a renamed file, e.g. a PSD called .png, is refused).

    Django's ImageField leaves the Pillow image it verified on the file; a file that has none
    (a service's own File) is opened here."""
    ext = _image_extension(uploaded)
    image = getattr(uploaded, "image", None)
    if image is None:
        from PIL import Image, UnidentifiedImageError

        try:
            uploaded.seek(0)
            with Image.open(uploaded) as opened:
                image_format = opened.format
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            raise _mismatch(ext) from None
        finally:
            uploaded.seek(0)
    else:
        image_format = image.format
    if image_format != IMAGE_FORMATS[ext]:
        raise _mismatch(ext)


class LimitedImageField(forms.ImageField):
    """An image field that checks the size before Pillow opens the file, and afterwards that
    the image is of an accepted format matching its name."""

    def to_python(self, data: Any) -> Any:
        if data is not None and getattr(data, "size", None) is not None:
            validate_upload_size(data)
            _image_extension(data)  # before Pillow, whose message would not say why
        image = super().to_python(data)
        if image is not None:
            validate_image(image)
        return image

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:  # the formats we take, not every image/* a browser offers
            attrs["accept"] = ",".join(f".{ext}" for ext in IMAGE_FORMATS)
        return attrs
