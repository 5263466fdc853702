"""Avatars: uploaded pictures made square, small and free of metadata.

Re-encoding from pixels drops EXIF (GPS position, camera serial) and every other chunk
a phone may have written: organizers' pictures must not say where they were taken.
"""

from __future__ import annotations

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

AVATAR_SIZE = 256
MAX_SOURCE_PIXELS = 40_000_000


def make_avatar(upload) -> ContentFile:
    """Return a square WebP of ``AVATAR_SIZE`` pixels made from an uploaded image, or
    raise ``ValidationError`` with a message for the person who sent it."""
    try:
        upload.seek(0)
        with Image.open(upload) as source:
            if source.width * source.height > MAX_SOURCE_PIXELS:
                raise ValidationError("That picture is too large; use one under 40 megapixels.")
            source.load()
            picture = ImageOps.exif_transpose(source)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "That file is not a picture we can read (use JPEG, PNG or WebP)."
        ) from error

    picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
    square = ImageOps.fit(picture, (AVATAR_SIZE, AVATAR_SIZE), method=Image.Resampling.LANCZOS)
    clean = Image.new(square.mode, square.size)
    clean.paste(square)
    out = BytesIO()
    clean.save(out, format="WEBP", quality=85, method=4)
    return ContentFile(out.getvalue(), name="avatar.webp")
