"""The `thankyou` command: chat, notes, compose, db, serve, purge, delete-my-data."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import getpass
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from types import FrameType

from bot import writer
from bot.export import eml_draft
from bot.service import ConversationService
from bot.settings import MAX_RETENTION_DAYS, Settings, SettingsError, valid_days
from bot.store import Store, db, retention
from bot.templating import render
from dialogs.answers import TONES, AnswersError, answers_from_document
from dialogs.messages import Command, ConversationKey, Incoming, Reply, conversation_key


class CommandError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


def console_key() -> ConversationKey:
    # The terminal has one user: whoever is logged in on this machine.
    return conversation_key("console", "local", getpass.getuser())


def database_url(settings: Settings) -> str:
    return settings.database_url or db.default_database_url()


@contextlib.asynccontextmanager
async def opened_service(settings: Settings) -> AsyncIterator[ConversationService]:
    engine = await db.open_database(database_url(settings))
    try:
        store = Store(engine)
        yield ConversationService(store, channel="console", phone_region=settings.phone_region)
    finally:
        await engine.dispose()


async def chat(settings: Settings) -> int:
    from adapters.console import Console

    async with opened_service(settings) as service:
        say = service.presenter.say
        console = Console(service, say, console_key(), sys.stdin, sys.stdout)
        try:
            # Reminders due since the last chat are answered first.
            return await console.run(await due_replies(service))
        except (KeyboardInterrupt, asyncio.CancelledError):
            sys.stdout.write("\n" + say("console/interrupted") + "\n")
            return 130


@dataclasses.dataclass(frozen=True)
class NoteOptions:
    """What `thankyou notes show N` prints besides the note."""

    eml: str | None = None  # also write it as an .eml draft to this file
    links: bool = False  # also print its drafts' links (Gmail, Outlook, mailto)
    copy: bool = False  # print its text alone instead (`copy N`)


async def list_notes(
    settings: Settings, number: int | None, options: NoteOptions | None = None
) -> int:
    """`thankyou notes [show N]`: the same command as `notes` in Slack and Teams."""
    options = options or NoteOptions()
    async with opened_service(settings) as service:
        command = Command.COPY if options.copy else Command.NOTES
        (reply,) = await service.handle(console_key(), Incoming(command=command, number=number))
        if number is None or reply.copy_ready:
            sys.stdout.write(reply.text + "\n")
            return 0
        if not reply.notes:
            raise CommandError(reply.text)
        note = reply.notes[0]
        say = service.presenter.say
        sys.stdout.write(say("console/note_full", note=note) + "\n")
        if options.links:
            sys.stdout.write(say("console/note_links", note=note) + "\n")
        sys.stdout.write(reply.text + "\n")
        eml = options.eml
        if eml:
            try:
                draft = eml_draft(note.subject, note.body, note.recipient or "")
                await asyncio.to_thread(Path(eml).write_bytes, draft)
            except OSError as error:
                raise CommandError(f"{eml}: {error.strerror or error}") from None
            sys.stdout.write(render("console/eml_written.txt.j2", path=eml) + "\n")
        return 0


async def reminders_command(settings: Settings, due: bool, cancel: int | None) -> int:
    """`thankyou reminders`: what is scheduled (the same command as in Slack and Teams);
    `--cancel N` cancels one; `--due` prints the messages due now, once, for a cron job
    or a desktop notifier (nothing printed when none is due)."""
    async with opened_service(settings) as service:
        if due:
            for reply in await due_replies(service):
                text = service.presenter.say("console/scheduled", reply=reply)
                sys.stdout.write(text + "\n\n")
            return 0
        if cancel is not None:
            incoming = Incoming(command=Command.CANCEL_REMINDER, number=cancel)
        else:
            incoming = Incoming(command=Command.REMINDERS)
        for reply in await service.handle(console_key(), incoming):
            sys.stdout.write(reply.text + "\n")
    return 0


async def due_replies(service: ConversationService) -> list[Reply]:
    """The terminal user's scheduled messages that are due; shown once (the terminal has
    no scheduler: they are shown when asked for, and count as sent)."""
    from bot.reminders.messages import scheduled_replies

    schedule, key, now = service.store.schedule, console_key(), dt.datetime.now(dt.UTC)
    due = await schedule.due_for_user(key, now)
    replies = [
        reply
        for row in due
        for reply in scheduled_replies(row.kind, row.payload, row.id, service.presenter.say)
    ]
    await schedule.mark_shown(key, [row.id for row in due], now)
    return replies


def compose_file(path: str, tone: str | None, output_format: str) -> int:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"{path}: not valid JSON ({error.msg}, line {error.lineno})") from None
    try:
        answers = answers_from_document(document)
    except AnswersError as error:
        raise CommandError(f"{path}: field '{error.field}' {error.problem}") from None
    if tone:
        answers = dataclasses.replace(answers, tone=tone)
    notes = writer.compose_notes(answers)
    checks = writer.check_notes(answers, notes)
    if output_format == "json":
        payload = {
            "notes": [
                {
                    "interviewer": n.interviewer,
                    "subject": n.subject,
                    "body": n.body,
                    "rewrites": [r.to_json() for r in n.rewrites],
                    # Every sentence the note says from an answer, and whether the writer
                    # and its proofreader are sure of it; the flagged ones with reasons.
                    "sentences": [
                        {
                            "answer": w.answer,
                            "sentence": w.sentence,
                            "sure": w.sentence not in unsure,
                        }
                        for w in n.written
                        for unsure in [{f.sentence for f in n.flags}]
                    ],
                    "flagged": [f.to_json() for f in n.flags],
                }
                for n in notes
            ],
            "checks": [{"principle": c.principle, "ok": c.ok, "tip": c.tip} for c in checks],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render("console/composed.txt.j2", notes=notes, checks=checks) + "\n")
    return 0


async def purge_command(settings: Settings, days_text: str) -> int:
    """`thankyou purge --older-than DAYS`: what the server does daily with RETENTION_DAYS."""
    if not valid_days(days_text):
        raise CommandError(
            render("console/bad_days.txt.j2", limit=MAX_RETENTION_DAYS, typed=days_text)
        )
    engine = await db.open_database(database_url(settings))
    try:
        purged = await retention.purge(db.sessionmaker(engine), int(days_text))
    finally:
        await engine.dispose()
    sys.stdout.write(render("console/purged.txt.j2", purged=purged, days=int(days_text)) + "\n")
    return 0


async def delete_my_data(settings: Settings, confirmed: bool) -> int:
    """`thankyou delete-my-data`: the terminal user's interviews and notes, after a `yes`
    (or with --yes); exit code 1 when not confirmed."""
    if not confirmed:
        sys.stdout.write(render("console/delete_confirm.txt.j2", user=console_key().user) + " ")
        sys.stdout.flush()
        answer = await asyncio.to_thread(sys.stdin.readline)
        if answer.strip().lower() != "yes":
            sys.stdout.write(render("console/delete_kept.txt.j2") + "\n")
            return 1
    async with opened_service(settings) as service:
        incoming = Incoming(command=Command.DELETE_CONFIRMED)
        for reply in await service.handle(console_key(), incoming):
            sys.stdout.write(reply.text + "\n")
    return 0


async def db_command(settings: Settings, action: str) -> int:
    url = database_url(settings)
    if action == "upgrade":
        await db.upgrade(url)
        sys.stdout.write(f"database upgraded to {db.head_revision()}\n")
    else:
        engine = db.create_engine(url)
        try:
            current = await db.current_revision(engine)
        finally:
            await engine.dispose()
        sys.stdout.write(f"current: {current or 'empty'}, head: {db.head_revision()}\n")
    return 0


def serve(settings: Settings) -> int:
    from aiohttp import web

    from bot import memory
    from bot.app import MOUNTED, create_app

    memory.keep_big_blocks_returnable()  # before the server allocates anything more
    logging.getLogger().setLevel(logging.INFO)

    async def started(app: web.Application) -> None:
        mounted: list[str] = app[MOUNTED]
        platforms = ", ".join(mounted) or "none (set SLACK_* or MicrosoftAppId settings)"
        logging.getLogger("thankyou").info(
            "serving on port %s (host %s); platforms mounted: %s",
            settings.port,
            settings.host,
            platforms,
        )

    async def app_with_banner() -> web.Application:
        app = await create_app(settings, defer_platforms=True)  # platforms after binding
        app.on_startup.append(started)
        app.on_startup.append(_exit_within_bound_after_sigterm)
        return app

    # Requests still running get SHUTDOWN_SECONDS to finish; the watchdog ends the
    # process if anything else (a hung close, a blocked loop) holds it past that.
    web.run_app(
        app_with_banner(),
        host=settings.host,
        port=settings.port,
        print=None,
        shutdown_timeout=SHUTDOWN_SECONDS,
    )
    return 0


SHUTDOWN_SECONDS = 10.0


async def _exit_within_bound_after_sigterm(_: object) -> None:
    """After SIGTERM, exit with code 1 if still running SHUTDOWN_SECONDS (and a little)
    later, whatever holds the process: an unreachable database, a blocked event loop.

    Chained in front of asyncio's own handler (aiohttp's graceful shutdown still runs);
    a Python-level handler runs even while the loop is stuck in a blocking call."""
    previous = signal.getsignal(signal.SIGTERM)

    def on_sigterm(number: int, frame: FrameType | None) -> None:
        watchdog = threading.Timer(SHUTDOWN_SECONDS + 2, _give_up)
        watchdog.daemon = True
        watchdog.start()
        if callable(previous):
            previous(number, frame)

    signal.signal(signal.SIGTERM, on_sigterm)


def _give_up() -> None:
    logging.getLogger("thankyou").error(
        "shutdown took over %.0f s; exiting without finishing it", SHUTDOWN_SECONDS
    )
    logging.shutdown()
    os._exit(1)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="thankyou", description="A coach for post-interview thank-you notes."
    )
    commands = top.add_subparsers(dest="command", required=True)
    commands.add_parser("chat", help="write a note through an interview in the terminal")
    notes = commands.add_parser("notes", help="list saved notes, or `notes show N`")
    notes.add_argument("action", nargs="?", choices=["show"])
    notes.add_argument("number", nargs="?", type=int)
    notes.add_argument("--eml", metavar="FILE", help="with `show N`: also write an .eml draft")
    notes.add_argument(
        "--links", action="store_true", help="with `show N`: also print its draft links"
    )
    notes.add_argument("--copy", action="store_true", help="with `show N`: print its text alone")
    comp = commands.add_parser("compose", help="compose notes from an answers JSON document")
    comp.add_argument("file")
    comp.add_argument("--tone", choices=TONES)
    comp.add_argument("--format", choices=["text", "json"], default="text")
    commands.add_parser("serve", help="run the Slack/Teams server on HOST and PORT")
    purge = commands.add_parser("purge", help="delete finished interviews and notes by age")
    purge.add_argument("--older-than", required=True, metavar="DAYS", dest="days")
    delete = commands.add_parser("delete-my-data", help="delete your interviews and notes")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reminders = commands.add_parser("reminders", help="what is scheduled; --due, --cancel N")
    reminders.add_argument("--due", action="store_true", help="print what is due now, once")
    reminders.add_argument("--cancel", type=int, metavar="N", help="cancel reminder N")
    database = commands.add_parser("db", help="database schema: upgrade or current")
    database.add_argument("action", choices=["upgrade", "current"])
    package = commands.add_parser("teams-package", help="write the Teams app package (a zip)")
    package.add_argument("--app-id", required=True, help="the bot's Microsoft App ID")
    package.add_argument("--out", default="thankyou-teams.zip", help="the zip to write")
    package.add_argument("--website", default=None, help="https URL shown as the developer's")
    return top


def run(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "compose":
        return compose_file(args.file, args.tone, args.format)
    if args.command == "teams-package":
        from adapters.teams import package as teams_package

        website = args.website or teams_package.DEFAULT_WEBSITE
        return teams_package.run(args.app_id, args.out, website)
    settings = Settings.from_env()
    if args.command == "chat":
        return asyncio.run(chat(settings))
    if args.command == "serve":
        return serve(settings)
    if args.command == "notes":
        if args.action == "show" and args.number is None:
            raise CommandError("usage: thankyou notes show N")
        for flag in ("eml", "links", "copy"):
            if getattr(args, flag) and args.action != "show":
                raise CommandError(f"usage: thankyou notes show N --{flag}")
        number = args.number if args.action else None
        options = NoteOptions(eml=args.eml, links=args.links, copy=args.copy)
        return asyncio.run(list_notes(settings, number, options))
    if args.command == "reminders":
        return asyncio.run(reminders_command(settings, args.due, args.cancel))
    if args.command == "purge":
        return asyncio.run(purge_command(settings, args.days))
    if args.command == "delete-my-data":
        return asyncio.run(delete_my_data(settings, args.yes))
    return asyncio.run(db_command(settings, args.action))


def main(argv: Sequence[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = run(argv)
    except (CommandError, SettingsError, db.DatabaseConfigError, db.SchemaOutOfDateError) as error:
        sys.stderr.write(f"thankyou: {error}\n")
        code = 2
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
