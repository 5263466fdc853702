"""Querysets compiled to SQL once per process, then run with new values.

Django compiles a QuerySet to SQL each time it is evaluated. For the few queries every
forum page runs, compiling cost more than running: a forum's listing took 0.6 ms to
compile and 0.5 ms to run (prepared by PostgreSQL), the forum's own lookup 0.35 and
0.16. :class:`CompiledQuery` builds its queryset once with stand-in values, keeps the
SQL, and runs it with the real values in the stand-ins' places, converting each column
as the ORM would (time zones, JSON), so the rows are those of ``values_list()``.

Only for querysets whose SQL does not change with the values: comparisons with single
values, not ``None`` (``IS NULL``) and not lists (``IN``). A stand-in must be a value
the query would not otherwise hold (a negative id, say), and it must be among the SQL's
parameters: compiling refuses anything else rather than run the wrong query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import BaseExpression


class _Slot(NamedTuple):
    """One of the SQL's parameters: a stand-in's (by ``name``, put in the form ``adapt``
    gives it) or a ``constant``."""

    name: str | None
    adapt: Callable[[Any], Any] | None
    constant: Any

    def fill(self, values: dict[str, Any]) -> Any:
        if self.name is None:
            return self.constant
        value = values[self.name]
        return value if self.adapt is None else self.adapt(value)


def _forms(value: Any, param: Any, ops) -> Iterator[tuple[Any, Callable[[Any], Any] | None]]:
    """The forms the ORM may have given the stand-in ``value`` among the parameters, each
    with how to give a real value the same form."""
    yield value, (type(param) if type(param) is not type(value) else None)
    if isinstance(value, datetime):
        yield ops.adapt_datetimefield_value(value), ops.adapt_datetimefield_value


class CompiledQuery:
    """``CompiledQuery(lambda forum_id: Thread.objects.filter(forum_id=forum_id)
    .values_list("title")[:10], forum_id=-1)``, then ``.rows(forum_id=7)``. ``build``
    must return a ``values_list()`` queryset (rows as tuples); it is called once, with
    the stand-ins, on first use."""

    def __init__(self, build: Callable[..., QuerySet], **stand_ins: Any) -> None:
        self.build = build
        self.stand_ins = stand_ins
        self._compiled: tuple[str, str, list[_Slot], list] | None = None

    def _compile(self) -> tuple[str, str, list[_Slot], list]:
        queryset = self.build(**self.stand_ins)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        # Each parameter is either a stand-in's (filled in per call, in the form the ORM
        # gave it: Django marks integers Int4 or Int8 for PostgreSQL, and turns times
        # into text for SQLite) or a constant.
        ops = connections[queryset.db].ops
        slots: list[_Slot] = []
        for param in params:
            found = [
                _Slot(name, adapt, None)
                for name, value in self.stand_ins.items()
                for form, adapt in _forms(value, param, ops)
                if param == form and isinstance(param, bool) == isinstance(form, bool)
            ]
            if len({slot.name for slot in found}) > 1:
                names = sorted(slot.name for slot in found)
                raise ValueError(f"Stand-ins {names} are equal: give each its own value.")
            slots.append(found[0] if found else _Slot(None, None, param))
        if {slot.name for slot in slots if slot.name} != set(self.stand_ins):
            raise ValueError(
                f"Each stand-in must be among the SQL's parameters: {self.stand_ins} gave {params}."
            )
        expressions: list[BaseExpression] = [column for column, _, _ in compiler.select]
        converters = [
            (position, found, expression)
            for position, (found, expression) in compiler.get_converters(expressions).items()
        ]
        self._compiled = (queryset.db, sql, slots, converters)
        return self._compiled

    def rows(self, **values: Any) -> Iterator[tuple]:
        """The query's rows with ``values`` in place of the stand-ins."""
        using, sql, slots, converters = self._compiled or self._compile()
        params = [slot.fill(values) for slot in slots]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if not converters:
            yield from fetched
            return
        for fetched_row in fetched:
            row = list(fetched_row)
            for position, found, expression in converters:
                value = row[position]
                for convert in found:
                    value = convert(value, expression, connection)
                row[position] = value
            yield tuple(row)


class ModelColumns:
    """A model's columns to name in a ``values_list()`` (through ``via``, a relation's
    ``"category__"``), and the instance made back from them, as the ORM loads one."""

    def __init__(self, model: type[Model], via: str = "") -> None:
        self.model = model
        self.names = [field.attname for field in model._meta.concrete_fields]
        self.lookups = [f"{via}{name}" for name in self.names]

    def instance(self, row: tuple, start: int = 0) -> Model:
        """The instance from ``row``'s columns, from ``start`` on."""
        return self.model.from_db("default", self.names, row[start : start + len(self.names)])


class CompiledInstance:
    """A model instance with one related instance (``related``: a foreign key, or a
    one-to-one from the other side), found by a compiled query on the model's own
    fields, as ``select_related(related).filter(...)`` would give it::

        forum_with_category = CompiledInstance(Forum, "category", slug="\\x00stand-in")
        forum_with_category.get(slug="housing")  # the Forum, or None

    Made when first asked (models may be defined at module level, before the app
    registry is ready)."""

    def __init__(self, model: type[Model], related: str, **stand_ins: Any) -> None:
        self.model = model
        self.related = related
        self.stand_ins = stand_ins
        self._parts: tuple[ModelColumns, ModelColumns, int, CompiledQuery] | None = None

    def _make(self) -> tuple[ModelColumns, ModelColumns, int, CompiledQuery]:
        other = self.model._meta.get_field(self.related).related_model
        own = ModelColumns(self.model)
        theirs = ModelColumns(other, via=f"{self.related}__")
        other_pk = len(own.names) + theirs.names.index(other._meta.pk.attname)
        query = CompiledQuery(
            lambda **values: self.model._default_manager.filter(**values).values_list(
                *own.lookups, *theirs.lookups
            ),
            **self.stand_ins,
        )
        self._parts = own, theirs, other_pk, query
        return self._parts

    def get(self, **values: Any) -> Model | None:
        own, theirs, other_pk, query = self._parts or self._make()
        row = next(query.rows(**values), None)
        if row is None:
            return None
        instance = own.instance(row)
        if row[other_pk] is not None:
            setattr(instance, self.related, theirs.instance(row, len(own.names)))
        return instance
