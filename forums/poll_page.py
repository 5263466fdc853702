"""What a thread page shows of its poll to one reader (``templates/forums/includes/
poll.html``): the options with their counts when the reader may see them, what the
reader chose, and what they may do. Made for each reader, outside the posts kept for
every reader alike (``forums.kept``): it says "your vote".

One query, for a thread that has a poll (``Thread.has_poll``): the options in order with
their poll, and for a member, whether each is theirs. None for a thread without: a
thread page pays nothing for polls it does not have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import BooleanField, Exists, OuterRef, Value
from django.utils import timezone

from forums import polling
from forums.models import Poll, PollOption, PollVote, Thread


@dataclass
class ShownOption:
    pk: int
    text: str
    vote_count: int
    percent: int  # of the voters, who chose it (several options each: over 100 in all)
    mine: bool  # the reader's vote, as it stands
    checked: bool  # ticked on the voting form: the reader's vote, or their choice refused


@dataclass
class ShownPoll:
    poll: Poll
    options: list[ShownOption] = field(default_factory=list)
    is_open: bool = True
    closed_at: datetime | None = None
    voted: bool = False
    can_vote: bool = False
    refusal: str | None = None  # why the reader may not vote
    shows_results: bool = False
    choices_allowed: int = 1
    can_close: bool = False
    can_reopen: bool = False
    error: str | None = None  # why the reader's vote was just refused

    @property
    def voter_count(self) -> int:
        return self.poll.voter_count

    @property
    def is_multiple(self) -> bool:
        return self.poll.is_multiple

    @property
    def results_rule(self) -> str:
        return self.poll.results


def shown_poll(
    thread: Thread,
    user,
    *,
    suspended_until=polling.UNKNOWN,
    moderating: bool | None = None,
    checked: list[str] | None = None,
    error: str | None = None,
) -> ShownPoll | None:
    """``thread``'s poll as ``user`` (who may read the thread) sees it now, or None when
    it has none. ``suspended_until`` and ``moderating``: the reader's standing, when
    the caller has it (``forums.permissions.standing``); ``checked`` and ``error``: a
    vote just refused, shown again with its choice ticked and why."""
    if not thread.has_poll:
        return None
    options = list(_options(thread, user))
    if not options:
        return None
    poll = options[0].poll
    poll.thread = thread
    now = timezone.now()
    voted = any(option.mine for option in options)
    refusal = polling.voting_refusal(user, poll, suspended_until=suspended_until, now=now)
    ticked = _ticked(checked) if checked is not None else None
    shown = ShownPoll(
        poll,
        is_open=poll.is_open(now),
        closed_at=poll.closed_moment(now),
        voted=voted,
        can_vote=refusal is None,
        refusal=refusal,
        shows_results=polling.can_see_results(user, poll, voted=voted, now=now),
        choices_allowed=poll.choices_allowed(len(options)),
        can_close=polling.can_close(user, poll, moderating=moderating),
        can_reopen=polling.can_reopen(user, poll, moderating=moderating),
        error=error,
    )
    voters = poll.voter_count
    for option in options:
        shown.options.append(
            ShownOption(
                pk=option.pk,
                text=option.text,
                vote_count=option.vote_count,
                percent=round(100 * option.vote_count / voters) if voters else 0,
                mine=option.mine,
                checked=option.pk in ticked if ticked is not None else option.mine,
            )
        )
    return shown


def _options(thread: Thread, user):
    options = (
        PollOption.objects.filter(poll__thread_id=thread.pk)
        .select_related("poll")
        .order_by("position")
    )
    if not user.is_authenticated:
        return options.annotate(mine=Value(False, output_field=BooleanField()))
    return options.annotate(
        mine=Exists(PollVote.objects.filter(option=OuterRef("pk"), member=user.pk))
    )


def _ticked(values: list[str]) -> set[int]:
    ticked = set()
    for value in values:
        try:
            ticked.add(int(value))
        except (TypeError, ValueError):
            continue
    return ticked
