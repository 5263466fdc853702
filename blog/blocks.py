"""The blocks an article's body is made of.
https://docs.wagtail.org/en/stable/topics/streamfield.html

Embedded media never loads from another host until the reader asks: a video block shows
a link and a play button, and only a click (with JavaScript) swaps in the provider's
privacy-enhanced player. Without JavaScript the link opens the video at its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "hr"]
SUMMARY_FEATURES = ["bold", "italic", "link"]

PARTICIPANTS_NOTE = _("Organizations listed for identification purposes only.")


@dataclass(frozen=True)
class Video:
    provider: str
    page_url: str
    embed_url: str


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def recognise_video(url: str) -> Video | None:
    """The provider's name and privacy-enhanced player URL for a YouTube or Vimeo link,
    or None for any other address (shown as a plain link)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/live/", "/shorts/")):
            video_id = parts.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parts.path.lstrip("/").split("/")[0]
    if video_id and _YOUTUBE_ID.match(video_id):
        return Video(
            "YouTube",
            f"https://www.youtube.com/watch?v={video_id}",
            f"https://www.youtube-nocookie.com/embed/{video_id}",
        )
    if host in ("vimeo.com", "player.vimeo.com"):
        vimeo_id = parts.path.rstrip("/").split("/")[-1]
        if vimeo_id.isdigit():
            return Video(
                "Vimeo",
                f"https://vimeo.com/{vimeo_id}",
                f"https://player.vimeo.com/video/{vimeo_id}?dnt=1",
            )
    return None


class MediaURLBlock(blocks.URLBlock):
    """A link to a video (YouTube or Vimeo) shown as a click-to-play player."""

    def clean(self, value):
        value = super().clean(value)
        if value and not recognise_video(value):
            raise ValidationError(gettext("Use a YouTube or Vimeo address for the video."))
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["video"] = recognise_video(value) if value else None
        return context

    class Meta:
        template = "blog/blocks/video.html"
        icon = "media"


class HeadingBlock(blocks.CharBlock):
    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value)
        return context

    class Meta:
        template = "blog/blocks/heading.html"
        icon = "title"
        form_classname = "title"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alt text"),
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=300, label=_("Caption"))
    credit = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Credit"),
        help_text=_("Photographer or source"),
    )

    class Meta:
        template = "blog/blocks/image.html"
        icon = "image"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Text"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Attribution"))
    source_url = blocks.URLBlock(required=False, label=_("Source link"))

    class Meta:
        template = "blog/blocks/quote.html"
        icon = "openquote"


class PersonBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120, label=_("Name"))
    organization = blocks.CharBlock(required=False, max_length=200, label=_("Organization"))

    class Meta:
        icon = "user"


class VideoSegmentBlock(blocks.StructBlock):
    """One segment of a recorded session: numbered by its place among the article's
    segments, with what it covers and who speaks."""

    title = blocks.CharBlock(max_length=200, label=_("Title"))
    summary = blocks.RichTextBlock(features=SUMMARY_FEATURES, required=False, label=_("Summary"))
    video = MediaURLBlock(label=_("Video"), help_text=_("A YouTube or Vimeo address."))
    speakers = blocks.ListBlock(PersonBlock(), default=[], label=_("People speaking"))

    class Meta:
        template = "blog/blocks/video_segment.html"
        icon = "media"


class ParticipantsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default=_("Participants"), max_length=120, label=_("Heading"))
    people = blocks.ListBlock(PersonBlock(), label=_("People"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["note"] = PARTICIPANTS_NOTE
        return context

    class Meta:
        template = "blog/blocks/participants.html"
        icon = "group"


def video_segment_numbers(stream) -> dict[str, int]:
    """Each video segment's number in a body (an article's, an event's): its place among
    the body's segments."""
    segments = [block.id for block in stream if block.block_type == "video_segment"]
    return {block_id: number for number, block_id in enumerate(segments, start=1)}


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="blog/blocks/paragraph.html", label=_("Paragraph")
    )
    image = CaptionedImageBlock(label=_("Image"))
    quote = QuoteBlock(label=pgettext_lazy("article block", "Quote"))
    embed = MediaURLBlock(label=_("Video"))
    video_segment = VideoSegmentBlock(label=_("Video segment"))
    participants = ParticipantsBlock(label=_("Participants"))
