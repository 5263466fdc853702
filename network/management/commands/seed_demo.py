from django.core.management.base import BaseCommand
from django.db import transaction

from network.demo import (
    blog,
    conversations,
    directory,
    endorsements,
    events,
    forums,
    joining,
    members,
    pages,
    partner_feeds,
    polls,
)
from network.notifications import actions as notifications

# In order: the members write the articles and the threads; the comments answer articles.
SEEDERS = [
    members.seed_members,
    blog.seed_articles,
    pages.seed_pages,
    joining.seed_joining,
    events.seed_events,
    forums.seed_threads,
    polls.seed_poll,
    blog.seed_comments,
    endorsements.seed_campaign,
    directory.seed_directory,
    partner_feeds.seed_partner_feeds,
    conversations.seed_conversations,
]


class Command(BaseCommand):
    help = (
        "Fill the site with demo members, articles, forum threads and comments. Safe to run again."
    )

    def handle(self, *args, **options):
        # The demo's articles, threads and replies tell nobody: twelve members would
        # otherwise find a dozen notifications waiting, for what nobody did.
        with notifications.silenced():
            for seed in SEEDERS:
                with transaction.atomic():
                    seed(self.say)
        self.stdout.write("Demo content is in place.")

    def say(self, line: str) -> None:
        self.stdout.write(self.style.SUCCESS(line))
