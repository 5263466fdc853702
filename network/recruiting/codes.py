"""Passcodes and invitation codes: read aloud or copied from a message, so made of
letters and digits nobody confuses (no i, l, o, 0 or 1), shown in groups of four, and
compared ignoring case, spaces and dashes."""

from __future__ import annotations

import secrets

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# 31 ** 12 is about 2 ** 59: with wrong tries rate limited per address, out of reach.
PASSCODE_LENGTH = 12
# An invitation travels in a link, so it may be longer.
INVITATION_LENGTH = 20
GROUP = 4


def new_code(length: int) -> str:
    """A fresh code, stored as :func:`normalize` leaves what a person types."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize(typed: str) -> str:
    """What a code is compared as: its letters and digits, in lower case, so that
    "K7MF-Q2XA 9RTP" and "k7mfq2xa9rtp" are the same code."""
    return "".join(character for character in typed.lower() if character.isalnum())


def shown(code: str) -> str:
    """A stored code as people read it: ``k7mf-q2xa-9rtp``."""
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))
