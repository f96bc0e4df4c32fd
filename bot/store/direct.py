"""One statement run directly on the database driver's connection.

A turn's hot statements (its read, its save, the mark that its replies went out) are one
statement each. Through SQLAlchemy's `Connection` each also paid for the connection's
wrapper, an execution context, parameter processing and a `Result`: about half of the
store's CPU in a turn. Here SQLAlchemy still compiles each statement (once, for the
dialect and the parameters given) and still lends the pooled connection, and the driver
runs the SQL through its PEP 249 cursor: the same SQL, pool, type conversions and
errors, without that machinery in between.

What a `Connection` did that is done here too, because the rest of the app relies on it:
- errors are SQLAlchemy's (`IntegrityError` for a duplicate event, `DBAPIError` with
  `connection_invalidated` for a dead connection), with parameters hidden;
- the engine's `handle_error` listeners hear of every failure (bot.metrics counts them);
- a dead connection invalidates the pool's older ones, as after a database restart, so a
  retry gets a new one (Store.read_turn).
What it does not do: fire the cursor events (`before_cursor_execute`), which need a
`Connection`. Several statements in one transaction run here too (`run_steps`) when no
logic comes between them but "this one must change one row"; anything more stays an
operation on a `Connection` (bot/store/runner.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Engine
from sqlalchemy.engine.base import ExceptionContextImpl
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Rows:
    """What one statement returned: its rows, by column name, and the rows it changed."""

    rows: list[dict[str, Any]]
    rowcount: int

    def first(self) -> dict[str, Any] | None:
        return self.rows[0] if self.rows else None


@dataclass(frozen=True)
class Step:
    """One statement of `DirectStatements.run_steps`."""

    statement: ClauseElement
    params: Mapping[str, Any]
    changes_one_row: bool = False  # else the whole transaction is rolled back


class NothingChanged(Exception):
    """A step that had to change one row did not; nothing was written."""


@dataclass(frozen=True)
class _Compiled:
    """A statement compiled for one dialect and one set of parameter names."""

    sql: str
    compiled: Any  # SQLAlchemy's SQLCompiler: it fills in the statement's own values
    names: tuple[str, ...]  # the parameters, in the order the driver takes them
    binds: tuple[tuple[int, Processor], ...]  # (position, conversion) where there is one
    results: dict[str, Processor]  # column -> conversion of what the driver returns

    def values(self, params: Mapping[str, Any]) -> list[Any]:
        given = self.compiled.construct_params(params)
        values = [given[name] for name in self.names]
        for position, process in self.binds:
            values[position] = process(values[position])
        return values


class DirectStatements:
    """Runs statements on `engine`'s pooled DBAPI connections (synchronously: in
    a greenlet for an async driver, or in the store's SQLite thread)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._dialect = engine.dialect
        self._autocommit = self._dialect.name == "postgresql"
        self._compiled: dict[tuple[ClauseElement, frozenset[str]], _Compiled] = {}

    def run(self, statement: ClauseElement, params: Mapping[str, Any]) -> Rows:
        """Run `statement` with `params`, committed as it runs."""
        return self.run_steps([Step(statement, params)])[0]

    def run_steps(self, steps: Sequence[Step]) -> list[Rows]:
        """Run `steps` in order in one transaction, all or nothing; what each returned.
        Raises `NothingChanged` (and writes nothing) if a step that must change one row
        did not."""
        compiled = [self._compiled_for(step.statement, step.params) for step in steps]
        values = [c.values(step.params) for c, step in zip(compiled, steps, strict=True)]

        running = [compiled[0]]  # the step running now, named by an error

        def each_step(cursor: Any) -> list[Rows]:
            results = []
            for step, step_compiled, step_values in zip(steps, compiled, values, strict=True):
                running[0] = step_compiled
                cursor.execute(step_compiled.sql, step_values)
                result = Rows(_rows(cursor, step_compiled.results), cursor.rowcount)
                if step.changes_one_row and result.rowcount != 1:
                    raise NothingChanged(step_compiled.sql)  # rolled back as it goes back
                results.append(result)
            return results

        # PostgreSQL: a single statement commits as it runs (no BEGIN or COMMIT round
        # trips); SQLite's driver begins a transaction before the first write.
        return self._on_cursor(each_step, running, self._autocommit and len(steps) == 1)

    def run_many(self, statement: ClauseElement, many: Sequence[Mapping[str, Any]]) -> None:
        """Run `statement` (a write) once for each of `many`, which name the same
        parameters, in one go and one transaction, all or nothing. On PostgreSQL that
        is one round trip (asyncpg's executemany, atomic by itself); on SQLite one
        commit."""
        compiled = self._compiled_for(statement, many[0])
        values = [compiled.values(params) for params in many]

        def all_of_them(cursor: Any) -> None:
            cursor.executemany(compiled.sql, values)

        self._on_cursor(all_of_them, [compiled], self._autocommit)

    def _on_cursor(self, work: Callable[[Any], T], running: list[_Compiled], autocommit: bool) -> T:
        """`work` on a cursor of a pooled connection, then committed; for a failure,
        SQLAlchemy's error naming the statement `running` holds then."""
        pooled = self._engine.raw_connection()
        dbapi_connection = pooled.dbapi_connection
        cursor = None
        try:
            if autocommit:
                dbapi_connection.autocommit = True  # type: ignore[union-attr]
            cursor = pooled.cursor()
            done = work(cursor)
            cursor.close()
            if not autocommit:
                pooled.commit()
            return done
        except NothingChanged:
            raise
        except Exception as error:
            raise self._failed(error, pooled, cursor, running[0]) from error
        except BaseException:
            # Cancelled halfway: what the connection is in the middle of is unknown to
            # us, so it is closed rather than reused, as SQLAlchemy's Connection does.
            pooled.invalidate()
            raise
        finally:
            if autocommit and pooled.is_valid:
                dbapi_connection.autocommit = False  # type: ignore[union-attr]
            pooled.close()  # back to the pool (rolled back if anything was left open)

    def _compiled_for(self, statement: ClauseElement, params: Mapping[str, Any]) -> _Compiled:
        # Statements are built once at import (bot/store/conversations.py) and compiled
        # here once; the parameter names decide an UPDATE's SET clause.
        cache_key = (statement, frozenset(params))
        found = self._compiled.get(cache_key)
        if found is None:
            found = self._compiled[cache_key] = _compile(statement, self._dialect, params)
        return found

    def _failed(self, error: Exception, pooled: Any, cursor: Any, compiled: _Compiled) -> Exception:
        """What `Connection` does with a failure: SQLAlchemy's exception (for a DBAPI
        error), the engine's handle_error listeners told, and a dead connection
        invalidated with every older one in the pool."""
        dialect = self._dialect
        dbapi_error = isinstance(error, dialect.loaded_dbapi.Error)
        disconnect = dbapi_error and dialect.is_disconnect(
            cast(Any, error), pooled.dbapi_connection, cursor
        )
        wrapped: Exception = error
        if dbapi_error:
            wrapped = DBAPIError.instance(
                compiled.sql,
                None,
                error,
                dialect.loaded_dbapi.Error,
                hide_parameters=True,
                connection_invalidated=disconnect,
                dialect=dialect,
            )
        context = ExceptionContextImpl(
            exception=error,
            sqlalchemy_exception=wrapped if isinstance(wrapped, DBAPIError) else None,
            engine=self._engine,
            dialect=dialect,
            connection=None,
            cursor=cursor,
            statement=compiled.sql,
            parameters=None,
            context=None,
            is_disconnect=disconnect,
            invalidate_pool_on_disconnect=True,
            is_pre_ping=False,
        )
        for listener in dialect.dispatch.handle_error:
            instead = listener(context)
            if instead is not None:  # a listener may raise another exception instead
                wrapped = context.chained_exception = instead
        if isinstance(wrapped, DBAPIError):
            wrapped.connection_invalidated = context.is_disconnect
        if context.is_disconnect:
            if context.invalidate_pool_on_disconnect:
                self._engine.pool._invalidate(pooled, error)
            else:
                pooled.invalidate(error)
        return wrapped


def _compile(statement: ClauseElement, dialect: Any, params: Mapping[str, Any]) -> _Compiled:
    compiled = cast(SQLCompiler, statement.compile(dialect=dialect, column_keys=list(params)))
    if not compiled.positional or compiled.literal_execute_params or compiled.post_compile_params:
        # Both drivers take positional parameters; an expanding IN would need its SQL
        # rendered anew for each execution.
        raise ValueError(f"not a statement to run directly: {compiled.string[:60]}")
    names = tuple(compiled.positiontup or ())
    processors = compiled._bind_processors  # what SQLAlchemy's execution context applies
    binds = tuple(
        (position, cast(Processor, processors[name]))
        for position, name in enumerate(names)
        if callable(processors.get(name))
    )
    results: dict[str, Processor] = {}
    for key, _name, _objects, type_ in compiled._result_columns or ():
        process = type_._cached_result_processor(dialect, None)
        if process is not None:
            results[key] = process
    return _Compiled(compiled.string, compiled, names, binds, results)


def _rows(cursor: Any, results: dict[str, Processor]) -> list[dict[str, Any]]:
    if cursor.description is None:  # a write without RETURNING
        return []
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if results:
        for row in rows:
            for name, process in results.items():
                row[name] = process(row[name])
    return rows
