"""The forums' full-text index on PostgreSQL: each post's ``search_vector``, the thread's
title (weight A, opening posts only) over the post's words (weight B), in the thread's
language's dictionary.

Kept by a trigger, in the same statement as the write, so that every way a post or a
thread changes keeps it right without remembering to: ``start_thread``, ``post_reply``,
``edit_post``, moderation's ``QuerySet.update()`` calls, the admin, a data migration,
``bulk_create`` in the bench. A thread retitled or put in another language rewrites its
posts' vectors (the title only the opening post's). A thread moved to another forum
changes its posts' copy of its forum (``Post.forum``, migration 0014), which the search
reads to keep to the forums a reader may read; the rest of who may read a post (an
article's privacy) is asked of its thread at search time (``Thread.objects.visible_to``).

The words are the rendered, sanitized HTML without its tags (what readers see), the
same text :func:`forums.search.headline` marks passages in. On SQLite the column stays
empty and ``forums.search`` matches with regular expressions instead.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex

# The text-search configuration (dictionary) for a thread's language; any other: 'simple'.
CONFIGS = {"en": "english", "es": "spanish"}
SIMPLE = "simple"


def config_for(language: str | None) -> str:
    return CONFIGS.get((language or "")[:2], SIMPLE)


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere (SQLite in development, where the vector is
    never filled) an ordinary index, so that SQLite's table rebuilds still work."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return super(GinIndex, self).create_sql(model, schema_editor, using="", **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


# The posts' trigger function as migration 0013 made it (0014 adds the forum's copy, and
# reversing 0014 puts this back).
POST_VECTOR_FIRST = """
CREATE OR REPLACE FUNCTION forums_post_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    thread record;
BEGIN
    SELECT title, language INTO thread FROM forums_thread WHERE id = NEW.thread_id;
    NEW.search_vector := forums_post_vector(thread.language, thread.title, NEW.html, NEW.seq);
    RETURN NEW;
END
$$;
"""

# Created and dropped by forums.migrations (PostgreSQL only). The config expression is
# CONFIGS in SQL.
CREATE_TRIGGERS = (
    """
CREATE OR REPLACE FUNCTION forums_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE left(coalesce(language, ''), 2)
        WHEN 'en' THEN 'english'::regconfig
        WHEN 'es' THEN 'spanish'::regconfig
        ELSE 'simple'::regconfig END
$$;

CREATE OR REPLACE FUNCTION forums_post_text(html text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(coalesce(html, ''), '<[^>]*>', ' ', 'g')
$$;

CREATE OR REPLACE FUNCTION forums_post_vector(
    language text, title text, html text, seq integer
) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN seq = 0
        THEN setweight(to_tsvector(forums_search_config(language), coalesce(title, '')), 'A')
        ELSE ''::tsvector END
        || setweight(to_tsvector(forums_search_config(language), forums_post_text(html)), 'B')
$$;

"""
    + POST_VECTOR_FIRST
    + """
CREATE TRIGGER forums_post_search_vector
    BEFORE INSERT OR UPDATE OF html, thread_id, seq ON forums_post
    FOR EACH ROW EXECUTE FUNCTION forums_post_search_vector();

CREATE OR REPLACE FUNCTION forums_thread_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE forums_post
        SET search_vector = forums_post_vector(NEW.language, NEW.title, html, seq)
        WHERE thread_id = NEW.id
            AND (seq = 0 OR NEW.language IS DISTINCT FROM OLD.language);
    RETURN NULL;
END
$$;

CREATE TRIGGER forums_thread_search_vector
    AFTER UPDATE OF title, language ON forums_thread
    FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.language IS DISTINCT FROM NEW.language)
    EXECUTE FUNCTION forums_thread_search_vector();

UPDATE forums_post SET seq = seq;
"""
)

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS forums_thread_search_vector ON forums_thread;
DROP FUNCTION IF EXISTS forums_thread_search_vector();
DROP TRIGGER IF EXISTS forums_post_search_vector ON forums_post;
DROP FUNCTION IF EXISTS forums_post_search_vector();
DROP FUNCTION IF EXISTS forums_post_vector(text, text, text, integer);
DROP FUNCTION IF EXISTS forums_post_text(text);
DROP FUNCTION IF EXISTS forums_search_config(text);
"""


# Added by forums.migrations 0014: the post's trigger also copies its thread's forum
# (Post.forum), and a thread that moves to another forum moves its posts' copies. The
# GIN index takes each post's words as it is written (fastupdate off) instead of keeping
# a list of pending ones that every search must read through until a vacuum empties it:
# after a hundred thousand writes that list made a search of an absent word cost 30 ms
# instead of 5.
KEEP_FORUMS = """
CREATE OR REPLACE FUNCTION forums_post_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    thread record;
BEGIN
    SELECT title, language, forum_id INTO thread FROM forums_thread WHERE id = NEW.thread_id;
    NEW.search_vector := forums_post_vector(thread.language, thread.title, NEW.html, NEW.seq);
    NEW.forum_id := thread.forum_id;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION forums_thread_forum() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE forums_post SET forum_id = NEW.forum_id WHERE thread_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER forums_thread_forum
    AFTER UPDATE OF forum_id ON forums_thread
    FOR EACH ROW
    WHEN (OLD.forum_id IS DISTINCT FROM NEW.forum_id)
    EXECUTE FUNCTION forums_thread_forum();

UPDATE forums_post SET forum_id = forums_thread.forum_id
    FROM forums_thread WHERE forums_thread.id = forums_post.thread_id;

ALTER INDEX forums_post_search SET (fastupdate = off);
SELECT gin_clean_pending_list('forums_post_search');
"""

FORGET_FORUMS = (
    """
ALTER INDEX forums_post_search RESET (fastupdate);
DROP TRIGGER IF EXISTS forums_thread_forum ON forums_thread;
DROP FUNCTION IF EXISTS forums_thread_forum();
"""
    + POST_VECTOR_FIRST
)


def keep_forums(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(KEEP_FORUMS)


def forget_forums(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORGET_FORUMS)


def create_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGERS)


def drop_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS)
