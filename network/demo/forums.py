"""Demo threads for ``manage.py seed_demo``: conversations with nested replies across
regional and topic forums. Idempotent: a thread whose title exists is left alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from forums import placing
from forums.models import Forum, Post, Reaction, ReactionKind, Thread
from network.markup import render

# (forum, title, tags, author, opening post, replies). Each reply is (author, text, n):
# it answers post n of the thread so far (0 is the opening post).
THREADS = [
    (
        "georgia",
        "Tenant union meeting in Southwest Atlanta: who can help with childcare?",
        ["housing", "Atlanta"],
        "rosa_b",
        "We are meeting **Thursday at 7pm**. Last time half the parents could not come. "
        "Can anyone take a shift watching kids in the next room?",
        [
            ("ana_p", "I can do the first hour. Is there a room with a door?", 0),
            ("rosa_b", "Yes, the fellowship hall has a side room. Thank you!", 1),
            ("ana_p", "Perfect. I will bring crayons.", 2),
            ("deb_k", "Durham for All used a rotating sign-up sheet. Happy to share it.", 0),
        ],
    ),
    (
        "strategy-and-theory",
        "Is electoral work a distraction from building power?",
        ["elections", "strategy"],
        "sam_whitfield",
        "Serious question, asked in good faith. Every cycle we pour volunteers into "
        "campaigns and afterwards the organizations are thinner. What is the evidence "
        "either way?",
        [
            ("deb_k", "Durham's council races built our list more than anything else.", 0),
            ("sam_whitfield", "Fair. How many of them are still active a year later?", 1),
            ("deb_k", "About a fifth. Not great, not nothing.", 2),
            ("jo_alvarez", "A fifth is better than our strike support list.", 3),
            ("marcus_t", "Retention is the whole question, for every tactic.", 4),
            ("sam_whitfield", "Agreed. Maybe that is the thread I should have started.", 5),
            ("deb_k", "Start it, @sam_whitfield! I will bring numbers.", 6),
            ("jo_alvarez", "Electoral work is a tool; the question is who holds it.", 0),
            ("ben_o", "Read up on the Southern Tenant Farmers' Union and its politics.", 0),
        ],
    ),
    (
        "labor",
        "Heat standards campaign: what has worked in Texas?",
        ["heat", "Texas"],
        "jo_alvarez",
        "After the state pre-empted local water-break ordinances, what are people doing instead?",
        [
            ("ana_p", "In Miami we went employer by employer. Slow, but it sticks.", 0),
            ("lee_h", "Kentucky has no standard either. Following this.", 0),
        ],
    ),
    (
        "introductions",
        "Hello from Chicago (by way of El Paso)",
        ["introductions"],
        "will_r",
        "Teacher, union member, recovering Texan. Here to learn and to help.",
        [("rosa_b", "Welcome! The labor forum could use a teacher's view.", 0)],
    ),
    (
        "texas",
        "¿Quién va a la asamblea de trabajadores agrícolas en el Valle?",
        ["Valle del Río Grande", "trabajo agrícola"],
        "jo_alvarez",
        "La asamblea es el **sábado a las 10** en el salón de la unión en Edinburg. "
        "Vamos a hablar de las pausas por el calor y del agua en los campos. "
        "¿Alguien puede llevar gente desde McAllen?",
        [
            ("ana_p", "Yo puedo llevar a tres personas. ¿Hay que registrarse antes?", 0),
            ("jo_alvarez", "No hace falta. Solo avísenme aquí cuántos van.", 1),
            ("carla_m", "Cuenten conmigo para la traducción si hace falta.", 0),
        ],
    ),
    (
        "mutual-aid",
        "Storm season checklist for mutual aid networks",
        ["hurricane", "mutual aid"],
        "marcus_t",
        "Here is what we learned in New Orleans:\n\n1. Ice first\n2. A phone tree that "
        "works without the internet\n3. Generators, and who knows how to run them",
        [("tasha_w", "Add water testing kits. Ask us how we know.", 0)],
    ),
]


# Reactions (issue #15), by thread title: (post n of the thread, who, which kind).
REACTIONS = {
    "Tenant union meeting in Southwest Atlanta: who can help with childcare?": [
        (0, "ana_p", "solidarity"),
        (0, "deb_k", "solidarity"),
        (0, "marcus_t", "solidarity"),
        (1, "rosa_b", "thanks"),
        (3, "rosa_b", "laugh"),
        (4, "rosa_b", "thanks"),
        (4, "ana_p", "insightful"),
    ],
    "Is electoral work a distraction from building power?": [
        (1, "sam_whitfield", "insightful"),
        (1, "jo_alvarez", "agree"),
        (5, "deb_k", "agree"),
        (5, "sam_whitfield", "agree"),
        (5, "jo_alvarez", "agree"),
        (8, "marcus_t", "agree"),
        (8, "deb_k", "insightful"),
    ],
    "Storm season checklist for mutual aid networks": [
        (0, "tasha_w", "thanks"),
        (0, "rosa_b", "thanks"),
        (0, "jo_alvarez", "solidarity"),
        (1, "marcus_t", "insightful"),
    ],
}


def _react(post: Post, member, kind: str) -> None:
    """A reaction and its count, as forums.reacting keeps them (the demo's are past the
    checks and the pace)."""
    Reaction.objects.create(post=post, member=member, kind=kind, created_at=post.created_at)
    field = ReactionKind(kind).count_field
    Post.objects.filter(pk=post.pk).update(**{field: F(field) + 1})


def _post(thread: Thread, author, text: str, parent: Post | None, when) -> Post:
    """Write a post directly (the demo's dates are in the past, so it skips the posting
    checks), placed, and counted, by the engine's own rule."""
    html = render(text, link_mentions=True).html
    post = Post(thread=thread, author=author, source=text, html=html, created_at=when)
    return placing.add_post(post, parent)


def seed_threads(say: Callable[[str], None]) -> None:
    users = {user.username: user for user in get_user_model().objects.all()}
    forums = {forum.slug: forum for forum in Forum.objects.all()}
    created = 0
    start = timezone.now() - timedelta(days=len(THREADS) + 2)
    for number, (forum_slug, title, tags, author, text, replies) in enumerate(THREADS):
        if Thread.objects.filter(title=title).exists() or author not in users:
            continue
        when = start + timedelta(days=number)
        thread = Thread(
            forum=forums[forum_slug],
            author=users[author],
            title=title,
            # The demo's one thread in Spanish, which the search finds by Spanish stems.
            language="es" if title.startswith("¿") else "en",
            created_at=when,
            last_post_at=when,
        )
        thread.save()
        thread.set_tags(tags)
        posts = [_post(thread, users[author], text, None, when)]
        for reply_author, reply_text, answers in replies:
            when += timedelta(minutes=37)
            posts.append(_post(thread, users[reply_author], reply_text, posts[answers], when))
        for number_reacted, handle, kind in REACTIONS.get(title, []):
            if handle in users:
                _react(posts[number_reacted], users[handle], kind)
        created += 1
    if created:
        say(f"{created} demo forum threads with nested replies and reactions")
