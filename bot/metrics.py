"""Observability: Prometheus metrics on GET /metrics, and one log line per turn.

Turns are observed at the edges (the Slack and Teams request handlers), not inside the
conversation service: `turn(platform)` wraps one request, counts it by platform and
outcome, times it, and logs one line with hashed ids and the duration, never what was
typed. Requests refused for lack of capacity are counted, and logged as a rate (one
line per interval with a count), not one line each. Database errors are counted by an
engine hook (`watch_engine`) and mark the turn they happen in as failed.

A leaf module (prometheus-client and the standard library only), so adapters may use it.

Outcomes: `ok`; `failed` (a database error, or a 5xx); `rejected` (a 4xx: unsigned,
malformed); `refused` (over capacity: 503, the platform retries).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

log = logging.getLogger(__name__)
# One line per turn; named apart so it can be routed or silenced on its own.
turn_log = logging.getLogger("thankyou.turns")

REGISTRY = CollectorRegistry()

TURNS = Counter(
    "thankyou_turns",
    "Requests to the turn endpoints, by platform and outcome",
    ["platform", "outcome"],
    registry=REGISTRY,
)
TURN_SECONDS = Histogram(
    "thankyou_turn_seconds",
    "Time from a turn's request arriving to its answer (admitted turns)",
    ["platform"],
    buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0),
    registry=REGISTRY,
)
IN_FLIGHT = Gauge(
    "thankyou_turns_in_flight", "Turns admitted and not finished", ["platform"], registry=REGISTRY
)
REFUSED = Counter(
    "thankyou_turns_refused",
    "Requests refused before any work for lack of capacity (503)",
    ["platform"],
    registry=REGISTRY,
)
API_ERRORS = Counter(
    "thankyou_platform_api_errors",
    "Calls to a platform's API (Slack Web API, Bot Connector) that failed, after retries",
    ["platform"],
    registry=REGISTRY,
)
API_RETRIES = Counter(
    "thankyou_platform_api_retries",
    "Calls to a platform's API retried (429, 5xx, dropped connections)",
    ["platform"],
    registry=REGISTRY,
)
WARMED_UP = Gauge(
    "thankyou_warmed_up",
    "1 once the templates are compiled and the writer's dictionary and tables loaded",
    registry=REGISTRY,
)
DB_ERRORS = Counter(
    "thankyou_database_errors",
    "Database statements or connections that failed",
    registry=REGISTRY,
)

OK, FAILED, REJECTED, REFUSED_OUTCOME = "ok", "failed", "rejected", "refused"
REFUSALS_LOG_INTERVAL_S = 10.0


def hash_id(value: str | None) -> str | None:
    """A short, stable stand-in for a platform id in logs: the same id always gives the
    same hash (to follow one user's turns), and the log never holds the id itself."""
    if not value:
        return None
    digest = hashlib.blake2b(value.encode(), digest_size=6, person=b"thankyou-logs")
    return digest.hexdigest()


@dataclass
class TurnRecord:
    """What the edge knows about one request; filled in as it goes."""

    platform: str
    outcome: str = OK
    kind: str | None = None  # message, command, button, ...
    tenant: str | None = None
    user: str | None = None
    status: int | None = None

    def identify(self, kind: str | None, tenant: str | None, user: str | None) -> None:
        self.kind, self.tenant, self.user = kind, tenant, user

    def answered(self, status: int) -> None:
        """The HTTP status sent back; a 4xx is a rejection, a 5xx a failure."""
        self.status = status
        if self.outcome == REFUSED_OUTCOME:
            return
        if 400 <= status < 500:
            self.outcome = REJECTED
        elif status >= 500:
            self.outcome = FAILED

    def failed(self) -> None:
        if self.outcome != REFUSED_OUTCOME:
            self.outcome = FAILED

    def refused(self) -> None:
        self.outcome = REFUSED_OUTCOME


_CURRENT: ContextVar[TurnRecord | None] = ContextVar("turn", default=None)


def current() -> TurnRecord | None:
    """The turn being handled in this task, if any."""
    return _CURRENT.get()


class RateLog:
    """Counts an event and logs it once per interval with the count, instead of once
    per event (3,000-3,900 lines in 30 s under overload, before)."""

    def __init__(self, message: str, interval_s: float = REFUSALS_LOG_INTERVAL_S) -> None:
        self._message = message
        self._interval = interval_s
        self._counts: dict[str, int] = {}
        self._flushing: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def count(self, label: str) -> None:
        self._counts[label] = self._counts.get(label, 0) + 1
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.flush()
            return
        if self._flushing is None or self._loop is not loop:
            self._loop = loop
            self._flushing = loop.call_later(self._interval, self.flush)

    def flush(self) -> None:
        """Log what was counted since the last line (and cancel the pending one)."""
        if self._flushing is not None:
            self._flushing.cancel()
        self._flushing = None
        counts, self._counts = self._counts, {}
        for label, count in sorted(counts.items()):
            log.warning(self._message, count, label, self._interval)


refusals = RateLog("%d %s requests refused in the last %.0f s: over capacity (503)")


@contextmanager
def turn(platform: str) -> Iterator[TurnRecord]:
    """Observe one request to a turn endpoint: counted, timed, logged once."""
    outer = _CURRENT.get()
    if outer is not None:  # already observed further out (Socket Mode middleware)
        yield outer
        return
    record = TurnRecord(platform)
    token = _CURRENT.set(record)
    started = time.perf_counter()
    try:
        yield record
    except BaseException:
        record.failed()
        raise
    finally:
        _CURRENT.reset(token)
        seconds = time.perf_counter() - started
        TURNS.labels(platform, record.outcome).inc()
        if record.outcome == REFUSED_OUTCOME:
            REFUSED.labels(platform).inc()
            refusals.count(platform)
        else:
            if record.outcome != REJECTED:
                TURN_SECONDS.labels(platform).observe(seconds)
            _log_turn(record, seconds)


@contextmanager
def in_flight(platform: str) -> Iterator[None]:
    gauge = IN_FLIGHT.labels(platform)
    gauge.inc()
    try:
        yield
    finally:
        gauge.dec()


def _log_turn(record: TurnRecord, seconds: float) -> None:
    if not turn_log.isEnabledFor(logging.INFO):
        return
    fields = {
        "platform": record.platform,
        "kind": record.kind,
        "tenant": hash_id(record.tenant),
        "user": hash_id(record.user),
        "outcome": record.outcome,
        "status": record.status,
        "ms": round(seconds * 1000, 2),
    }
    turn_log.info(
        "turn %s",
        " ".join(f"{k}={v}" for k, v in fields.items() if v is not None),
        extra={"fields": fields},
    )


def api_error(platform: str) -> None:
    API_ERRORS.labels(platform).inc()


def api_retry(platform: str) -> None:
    API_RETRIES.labels(platform).inc()


def database_error(*_: Any) -> None:
    """SQLAlchemy's handle_error hook: count it, and fail the turn it happened in."""
    DB_ERRORS.inc()
    record = _CURRENT.get()
    if record is not None:
        record.failed()


def watch_engine(engine: Any) -> None:
    """Count the database errors of `engine` (an Engine, or an AsyncEngine's)."""
    from sqlalchemy import event

    sync_engine = getattr(engine, "sync_engine", engine)
    if not event.contains(sync_engine, "handle_error", database_error):
        event.listen(sync_engine, "handle_error", database_error)


async def metrics_handler(_: web.Request) -> web.Response:
    """GET /metrics: Prometheus' text format."""
    body = generate_latest(REGISTRY)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


class JsonFormatter(logging.Formatter):
    """One JSON object per line (LOG_FORMAT=json): time, level, logger, message, and a
    turn line's fields as they are."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({k: v for k, v in fields.items() if v is not None})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(log_format: str) -> None:
    """The server's logging: JSON lines with `json`; aiohttp's access log off either
    way (the turn line replaces it on the turn endpoints, and it cost every request a
    formatted line)."""
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    if log_format == "json":
        root = logging.getLogger()
        for handler in root.handlers:
            handler.setFormatter(JsonFormatter())
