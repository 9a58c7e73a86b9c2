"""Photos residents and staff send (damage reports, citizen reports): checked for what they
are (core.uploads: size, type, a declared size too large to decode), turned upright, scaled
down to a bounded size and re-encoded as a fresh JPEG from the pixels alone. Nothing of the
original file survives: no EXIF (so no GPS position, camera serial or owner name), no XMP, no
ICC profile, no comment, no thumbnail. Where a domain needs the position, it asks for it
separately (a map pin), so a photo taken at home says nothing about home.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from kuyakusho.core.uploads import validate_image, validate_upload_size

MAX_PHOTOS = 3
MAX_SIDE = 1600  # pixels on the longer side: enough to read a scene, small on a phone line
JPEG_QUALITY = 82


@dataclass
class ProcessedPhoto:
    content: ContentFile
    width: int
    height: int


def too_many_message(limit: int = MAX_PHOTOS) -> str:
    return _("写真は%(limit)s枚までです。%(limit)s枚以内に減らしてください。") % {"limit": limit}


def process(uploaded: Any) -> ProcessedPhoto:
    """Validate one upload and return it re-encoded; ValidationError says what is wrong."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    validate_upload_size(uploaded)
    validate_image(uploaded)
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as original:
            original.seek(0)  # the first frame of an animation
            upright = ImageOps.exif_transpose(original)
            upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            if upright.mode != "RGB":
                background = Image.new("RGB", upright.size, (255, 255, 255))
                rgba = upright.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                upright = background
            # A new image holding the pixels only: no info dict, no EXIF, no profile.
            clean = Image.frombytes("RGB", upright.size, upright.tobytes())
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("写真を読み取れませんでした。別の写真を選んでください。"), code="unreadable_image"
        ) from None
    finally:
        uploaded.seek(0)
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ProcessedPhoto(ContentFile(buffer.getvalue(), name="photo.jpg"), *clean.size)


def process_all(uploads: list[Any], limit: int = MAX_PHOTOS) -> list[ProcessedPhoto]:
    """Every photo, or ValidationError({"photos": [...]}) naming each one that is refused."""
    if len(uploads) > limit:
        raise ValidationError({"photos": [too_many_message(limit)]})
    processed, problems = [], []
    for upload in uploads:
        try:
            processed.append(process(upload))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError({"photos": problems})
    return processed


def file_response(image: Any) -> FileResponse:
    """A stored photo as the answer to a request: always the JPEG process() wrote, never
    sniffed as anything else."""
    response = FileResponse(image.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response
