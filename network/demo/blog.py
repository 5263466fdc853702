"""Demo articles for ``manage.py seed_demo``: originals and cross-posts, a strategy
session told in video segments with its participants, an endorsed piece and one
scheduled for later, across regions, topics and tags; then comments under a few of
them. Idempotent: an article whose slug exists is left alone, and so is a discussion
that already has comments."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from blog.comments import open_discussion
from blog.models import ArticlePage, BlogIndexPage, HomePage
from blog.snippets import Author, Topic
from forums import placing
from forums.models import Post, Thread
from network import markup
from network.models import Region

PALETTE = [(163, 33, 28), (36, 102, 59), (26, 95, 180), (122, 62, 157), (138, 90, 0)]


def lead_image(title: str, colour: tuple[int, int, int]):
    """A plain picture for the demo: a colour field with a star, made here, not fetched."""
    ImageModel = get_image_model()
    existing = ImageModel.objects.filter(title=title).first()
    if existing:
        return existing
    picture = Image.new("RGB", (1600, 900), colour)
    draw = ImageDraw.Draw(picture)
    cx, cy, r = 1250, 300, 160
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill=(251, 248, 243))
    draw.rectangle((0, 760, 1600, 900), fill=(29, 27, 26))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    image = ImageModel(title=title, file=ImageFile(buffer, name=f"demo-{len(title)}.png"))
    image.save()
    return image


def paragraphs(*texts: str) -> list:
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


def author_for(handle: str | None, name: str) -> Author:
    member = get_user_model().objects.filter(username=handle).first() if handle else None
    slug = slugify(handle or name)
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": name, "member": member})
    return author


SESSION_PEOPLE = [
    {"name": "Rosa Bell", "organization": "Georgia Tenants Union"},
    {"name": "Marcus Thibodeaux", "organization": "New Orleans Mutual Aid"},
    {"name": "Jo Alvarez", "organization": "Houston Workers Center"},
    {"name": "Deborah King", "organization": "Durham for All"},
    {"name": "Sam Whitfield", "organization": ""},
]


def demo_articles() -> list[dict]:
    today = timezone.localdate()

    def days_ago(n: int) -> datetime.date:
        return today - datetime.timedelta(days=n)

    return [
        {
            "title": "Strategy session: building a Southern left for 2027",
            "subtitle": "Five organizers, four states, one long conversation",
            "introduction": (
                "In October the network brought together organizers from across the South "
                "to ask what a shared strategy could look like. Here is the session, in "
                "three segments, with the people who spoke."
            ),
            "authors": [("deb_k", "Deborah King")],
            "regions": ["georgia", "louisiana", "texas", "north-carolina"],
            "topics": ["strategy-and-theory"],
            "tags": ["strategy session", "2027"],
            "date": days_ago(3),
            "featured": True,
            "body": [
                *paragraphs(
                    "We met for three hours in a union hall in Atlanta. The recording is "
                    "split into segments; each lists who speaks in it."
                ),
                (
                    "video_segment",
                    {
                        "title": "Where the movement stands",
                        "summary": RichText("<p>Each participant describes their local work.</p>"),
                        "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                        "speakers": SESSION_PEOPLE[:3],
                    },
                ),
                (
                    "video_segment",
                    {
                        "title": "Elections and the streets",
                        "summary": RichText("<p>A frank argument about electoral work.</p>"),
                        "video": "https://www.youtube.com/watch?v=ScMzIvxBSi4",
                        "speakers": [SESSION_PEOPLE[3], SESSION_PEOPLE[4]],
                    },
                ),
                (
                    "video_segment",
                    {
                        "title": "Building across tendencies",
                        "summary": RichText("<p>What unity can mean without uniformity.</p>"),
                        "video": "https://vimeo.com/76979871",
                        "speakers": SESSION_PEOPLE,
                    },
                ),
                ("participants", {"heading": "Participants", "people": SESSION_PEOPLE}),
            ],
        },
        {
            "title": "What we learned from the Atlanta rent strikes",
            "introduction": (
                "Three buildings, eleven months, and a landlord who finally came to the table."
            ),
            "authors": [("rosa_b", "Rosa Bell")],
            "regions": ["georgia"],
            "topics": ["housing"],
            "tags": ["rent strike", "tenants"],
            "date": days_ago(9),
            "body": [
                *paragraphs(
                    "It started with a broken boiler and a group chat.",
                    "By spring, three buildings had committed to withhold rent together.",
                ),
                ("heading", "What worked"),
                *paragraphs("Door-knocking every week, not every month."),
                (
                    "quote",
                    {
                        "text": "We stopped asking for repairs and started negotiating.",
                        "attribution": "A building captain",
                        "source_url": "",
                    },
                ),
            ],
        },
        {
            "title": "Why Gulf Coast petrochemical workers are organizing now",
            "introduction": "Heat, layoffs and a new generation on the plant floor.",
            "source": {
                "source_name": "Gulf Coast Labor Review",
                "source_url": "https://gulf-coast-labor-review.example/2026/petrochemical-organizing",
                "original_author": "Luis Cardenas",
                "original_date": days_ago(20),
                "permission_note": "Republished with the author's permission.",
            },
            "authors": [(None, "Luis Cardenas")],
            "regions": ["texas", "louisiana"],
            "topics": ["labor"],
            "tags": ["petrochemical", "unions"],
            "date": days_ago(14),
            "body": paragraphs(
                "Along the Houston Ship Channel, contract workers outnumber direct hires.",
                "That is starting to change how organizing happens.",
            ),
        },
        {
            "title": "Mutual aid after the storm",
            "introduction": "What New Orleans neighbors built in the week after the hurricane.",
            "authors": [("marcus_t", "Marcus Thibodeaux")],
            "regions": ["louisiana"],
            "topics": ["mutual-aid"],
            "tags": ["hurricane", "mutual aid"],
            "date": days_ago(21),
            "body": paragraphs("The first thing we needed was ice. The second was a list."),
        },
        {
            "title": "The case for socialists on city council",
            "introduction": "Local office is where the South's left can win first.",
            "source": {
                "source_name": "The Piedmont Organizer",
                "source_url": "https://piedmont-organizer.example/city-council-case",
                "original_author": "Deborah King",
                "original_date": days_ago(40),
            },
            "authors": [("deb_k", "Deborah King")],
            "regions": ["north-carolina"],
            "topics": ["electoral-work"],
            "tags": ["elections"],
            "date": days_ago(30),
            "body": paragraphs("Durham's last three races were decided by under 500 votes."),
        },
        {
            "title": "Our program for 2027",
            "introduction": "Adopted by the network's members at the November convention.",
            "authors": [(None, "Network Coordinating Committee")],
            "regions": [],
            "topics": ["strategy-and-theory"],
            "tags": ["program"],
            "date": days_ago(1),
            "endorsed": True,
            "endorsement_note": "Adopted by vote of the membership, November 2026.",
            "body": paragraphs("We commit to three campaigns across the region."),
        },
        {
            "title": "Reading group notes: Luxemburg's The Mass Strike",
            "introduction": "What a 1906 pamphlet says to tenant unions in 2026.",
            "authors": [("sam_whitfield", "Sam Whitfield")],
            "regions": ["tennessee"],
            "topics": ["political-education"],
            "tags": ["reading group", "theory"],
            "date": days_ago(35),
            "body": paragraphs("Our Nashville group read it over four weeks."),
        },
        {
            "title": "Jackson's water, three years on",
            "introduction": "The pipes are still failing; the organizing has not stopped.",
            "source": {
                "source_name": "Mississippi Free Press Review",
                "source_url": "https://ms-free-press-review.example/jackson-water-three-years",
                "original_author": "Tasha Washington",
                "original_date": days_ago(50),
                "permission_note": "CC BY-NC 4.0",
            },
            "authors": [("tasha_w", "Tasha Washington")],
            "regions": ["mississippi"],
            "topics": ["mutual-aid"],
            "tags": ["water", "infrastructure"],
            "date": days_ago(45),
            "body": paragraphs("Boil-water notices have become a season of their own."),
        },
        {
            "title": "Solidarity across the border: Texas and Monterrey",
            "introduction": "Auto parts workers on both sides of the line compare notes.",
            "authors": [("jo_alvarez", "Jo Alvarez")],
            "regions": ["texas"],
            "topics": ["international", "labor"],
            "tags": ["solidarity", "unions"],
            "date": days_ago(60),
            "body": paragraphs("The same company, two contracts, one supply chain."),
        },
        {
            # The same article in Spanish: the two name each other (hreflang).
            "title": "Solidaridad en la frontera: Texas y Monterrey",
            "language": "es",
            "translation_of": "Solidarity across the border: Texas and Monterrey",
            "introduction": (
                "Trabajadores de autopartes de los dos lados de la frontera comparan notas."
            ),
            "authors": [("jo_alvarez", "Jo Alvarez")],
            "regions": ["texas"],
            "topics": ["international", "labor"],
            "tags": ["solidarity", "unions"],
            "date": days_ago(60),
            "body": paragraphs(
                "La misma empresa, dos contratos, una sola cadena de suministro. En Monterrey "
                "el sindicato independiente ganó su primera elección; en San Antonio, la "
                "planta hermana sigue sin contrato.",
                "Lo que aprendimos: compartir los horarios de producción entre las dos "
                "plantas le quita a la empresa su mejor amenaza, mover el trabajo al otro lado.",
            ),
        },
        {
            "title": "How to run a political education series",
            "introduction": "A practical guide from two groups that have done it for years.",
            "authors": [("sam_whitfield", "Sam Whitfield"), ("ana_p", "Ana Pereira")],
            "regions": ["tennessee", "florida"],
            "topics": ["political-education"],
            "tags": ["reading group", "how-to"],
            "date": days_ago(75),
            "body": paragraphs("Start small, keep a schedule, and feed people."),
        },
        {
            "title": "Convention report",
            "introduction": (
                "Everything decided at the convention, published once the minutes are approved."
            ),
            "authors": [(None, "Network Coordinating Committee")],
            "regions": [],
            "topics": [],
            "tags": ["convention"],
            "date": None,
            "scheduled_in_days": 3,
            "body": paragraphs("Minutes pending approval."),
        },
    ]


def seed_articles(say: Callable[[str], None]) -> None:
    index = BlogIndexPage.objects.first()
    if index is None:
        return
    regions = {region.slug: region for region in Region.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    created, featured = 0, None
    for number, spec in enumerate(demo_articles()):
        slug = slugify(spec["title"])[:80]
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        page = ArticlePage(
            title=spec["title"],
            slug=slug,
            subtitle=spec.get("subtitle", ""),
            introduction=spec["introduction"],
            body=spec["body"],
            display_date=spec["date"],
            endorsed=spec.get("endorsed", False),
            endorsement_note=spec.get("endorsement_note", ""),
            lead_image=lead_image(spec["title"], PALETTE[number % len(PALETTE)]),
            lead_image_alt=(
                "Una ilustración: una estrella blanca sobre un fondo de color."
                if spec.get("language") == "es"
                else "An illustration: a white star on a field of colour."
            ),
            language=spec.get("language", "en"),
            translation=ArticlePage.objects.filter(
                slug=slugify(spec.get("translation_of", ""))[:80] or None
            ).first(),
            live=False,
            **spec.get("source", {}),
        )
        index.add_child(instance=page)
        for position, (handle, name) in enumerate(spec["authors"]):
            page.article_authors.create(author=author_for(handle, name), sort_order=position)
        page.tags.add(*spec["tags"])
        page.regions.set([regions[slug] for slug in spec["regions"]])
        page.topics.set([topics[slug] for slug in spec["topics"]])
        if days := spec.get("scheduled_in_days"):
            page.go_live_at = timezone.now() + datetime.timedelta(days=days)
        page.save_revision().publish()
        created += 1
        if spec.get("featured"):
            featured = page
    if featured:
        home = HomePage.objects.first()
        home.featured_article = featured
        home.save_revision().publish()
    if created:
        say(f"{created} demo articles (one scheduled to publish in a few days)")


COMMENT_GAP = datetime.timedelta(minutes=41)

# Article title -> comments. Each comment is (author, text, n): it answers comment n of
# the article so far (0 is the thread's opening post, that is, the article itself).
COMMENTS = {
    "What we learned from the Atlanta rent strikes": [
        ("ana_p", "Weekly door-knocking is the part everyone skips. Thank you for this.", 0),
        ("rosa_b", "It is also the part that builds trust. Monthly never did.", 1),
        ("carla_m", "How did you keep building captains from burning out?", 0),
        ("rosa_b", "Two captains per building, and nobody holds the role more than a year.", 3),
        ("marcus_t", "Same rule in our aid network. It works.", 4),
    ],
    "Mutual aid after the storm": [
        ("tasha_w", "The list matters more than the ice. **Who** needs a check-in, daily.", 0),
        ("marcus_t", "Yes: the list outlived the storm. It is our phone tree now.", 1),
    ],
    "Our program for 2027": [
        ("sam_whitfield", "Three campaigns is ambitious. Which one gets cut first if we stall?", 0),
        ("deb_k", "None, I hope: each has a committee with its own budget.", 1),
        ("jo_alvarez", "The heat standards campaign should be first among equals.", 0),
    ],
}


def seed_comment(thread: Thread, author, text: str, parent: Post, when) -> Post:
    """Write a demo comment dated in the past, placed, and counted, by the engine's own
    rule. The demo skips forums.actions, whose posting checks are about now (the pause
    between one member's posts), as the forums' demo does."""
    html = markup.render(text, link_mentions=True).html
    post = Post(thread=thread, author=author, source=text, html=html, created_at=when)
    return placing.add_post(post, parent)


def seed_comments(say: Callable[[str], None]) -> None:
    """Discussions for live articles published before articles opened them (opened as
    of the article's first publication), and comments under a few."""
    users = {user.username: user for user in get_user_model().objects.all()}
    opened = 0
    for article in ArticlePage.objects.live().filter(discussion__isnull=True):
        if open_discussion(article, opened_at=article.first_published_at):
            opened += 1
    commented = 0
    articles = ArticlePage.objects.live().filter(title__in=COMMENTS, discussion__isnull=False)
    for article in articles.select_related("discussion"):
        thread = Thread.objects.select_for_update().get(pk=article.discussion_id)
        comments = COMMENTS[article.title]
        if thread.reply_count or any(author not in users for author, _, _ in comments):
            continue
        opening = Post.objects.get(thread=thread, seq=0)
        when = timezone.now() - COMMENT_GAP * (len(comments) + 1)
        if opening.created_at > when:  # just published: the conversation came after
            Thread.objects.filter(pk=thread.pk).update(created_at=when - COMMENT_GAP)
            Post.objects.filter(pk=opening.pk).update(created_at=when - COMMENT_GAP)
        posts = [opening]
        for author, text, answers in comments:
            when += COMMENT_GAP
            posts.append(seed_comment(thread, users[author], text, posts[answers], when))
        commented += 1
    if opened:
        say(f"{opened} article discussions opened")
    if commented:
        say(f"comments under {commented} demo articles")
