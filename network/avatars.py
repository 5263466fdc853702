"""Avatars and organizations' logos: uploaded pictures made small and free of metadata.

Re-encoding from pixels drops EXIF (GPS position, camera serial) and every other chunk
a phone may have written: organizers' pictures must not say where they were taken.
"""

from __future__ import annotations

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

AVATAR_SIZE = 256
# An organization's logo fits in a square this size, its shape kept.
LOGO_SIZE = 320
MAX_SOURCE_PIXELS = 40_000_000

# What phones and computers save pictures as, by Pillow's name, with the type a browser
# offers in its file chooser. MPO is a phone camera's JPEG with a second frame.
ACCEPTED_FORMATS = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
}
ACCEPTED_TYPES = ",".join(dict.fromkeys(ACCEPTED_FORMATS.values()))
ACCEPTED_NAMES = _("JPEG, PNG or WebP")


def make_avatar(upload) -> ContentFile:
    """Return a square WebP of ``AVATAR_SIZE`` pixels made from an uploaded image, or
    raise ``ValidationError`` with a message for the person who sent it."""
    picture = read_picture(upload)
    square = ImageOps.fit(picture, (AVATAR_SIZE, AVATAR_SIZE), method=Image.Resampling.LANCZOS)
    return _clean_webp(square, "avatar.webp")


def make_logo(upload) -> ContentFile:
    """Return a WebP of an organization's logo that fits in ``LOGO_SIZE`` pixels each way,
    its shape kept (a wide logo is not cropped), made as avatars are: from pixels only."""
    picture = read_picture(upload)
    picture.thumbnail((LOGO_SIZE, LOGO_SIZE), Image.Resampling.LANCZOS)  # never enlarged
    return _clean_webp(picture, "logo.webp")


def read_picture(upload) -> Image.Image:
    """The pixels of an uploaded picture, turned upright, or ``ValidationError`` with a
    message for the person who sent it.

    Only ``ACCEPTED_FORMATS``, whatever the file's name says: the field promises them, and
    each other format Pillow reads (TIFF, BMP, ICO, …) is one more decoder to trust."""
    try:
        upload.seek(0)
        with Image.open(upload) as source:
            if source.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("That picture is in %(format)s format: please use a %(accepted)s picture.")
                    % {"format": source.format, "accepted": ACCEPTED_NAMES}
                )
            if source.width * source.height > MAX_SOURCE_PIXELS:
                raise ValidationError(_("That picture is too large; use one under 40 megapixels."))
            source.load()
            picture = ImageOps.exif_transpose(source)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("That file is not a picture we can read (use %(accepted)s).")
            % {"accepted": ACCEPTED_NAMES}
        ) from error
    return picture.convert("RGBA" if "A" in picture.getbands() else "RGB")


def _clean_webp(picture: Image.Image, name: str) -> ContentFile:
    """``picture``'s pixels pasted into a new image and saved as WebP: nothing of the
    uploaded file but its pixels goes along."""
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    out = BytesIO()
    clean.save(out, format="WEBP", quality=85, method=4)
    return ContentFile(out.getvalue(), name=name)
