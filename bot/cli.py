"""The command line: run (Telegram or console), ask, check, eval, console, gaps, learn.

The ask/check/eval paths never import the Telegram stack, so they start fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.config import CONFIG_EXIT_CODE, PROJECT_ROOT, ConfigError, Settings, load_settings
from bot.conversation import ConversationContext
from bot.knowledge import KNOWLEDGE_EXIT_CODE, KnowledgeError
from bot.pipeline import Answer, Pipeline, stream_answers
from bot.replies import Reply

if TYPE_CHECKING:  # imported where used, so `ask` starts without them
    from bot.phrasings import Proposal
    from bot.traffic import TrafficRecorder

LABELLED_SETS = PROJECT_ROOT / "tests" / "data"
CLI_CHAT_TYPE = "cli"  # what the gaps log notes as the chat type of `ask --record`
CONSOLE_CHAT_TYPE = "console"
NO_TOKEN_HINT = (
    "No TELEGRAM_BOT_TOKEN set: get one from @BotFather in Telegram and put it in .env "
    "(cp .env.example .env). Starting the offline console chat instead; Ctrl-D quits."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py", description="Answers questions from a curated knowledge base, with sources."
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the Telegram bot (console chat when no token is set)")
    ask = commands.add_parser("ask", help="answer one question (or '-' for one per stdin line)")
    ask.add_argument(
        "question", nargs="+", help="the question (quotes optional), or '-' to read stdin"
    )
    ask.add_argument("--json", action="store_true", help="print JSON (one object per line)")
    ask.add_argument("--lang", help="language hint when the script is ambiguous (en, ru)")
    ask.add_argument(
        "--conversation",
        action="store_true",
        help="with '-': each line follows up the lines before it; an empty line starts anew",
    )
    ask.add_argument(
        "--explain",
        action="store_true",
        help="say why: the decision, frame, matched phrasing, score and its parts, the rule",
    )
    ask.add_argument("--record", action="store_true", help=RECORD_HELP)
    console_command = commands.add_parser("console", help="chat with the bot offline")
    console_command.add_argument("--record", action="store_true", help=RECORD_HELP)
    commands.add_parser("check", help="verify the knowledge base")
    evaluate = commands.add_parser("eval", help="score the matcher on labelled questions")
    evaluate.add_argument("files", nargs="*", type=Path, help="dev-set YAML files")
    evaluate.add_argument("--brief", action="store_true", help="only the headline figures")
    gaps = commands.add_parser("gaps", help="what people asked that the bot could not answer")
    gaps.add_argument("--json", action="store_true")
    gaps.add_argument("--limit", type=int, default=30)
    gaps.add_argument(
        "--suggest",
        action="store_true",
        help="propose example phrasings per fact from picked suggestions and rephrasings",
    )
    learn = commands.add_parser(
        "learn", help="add accepted example phrasings; refused if check or the figures fail"
    )
    learn.add_argument(
        "--accept",
        metavar="FILE",
        help="add these phrasings without asking: a YAML or JSON list like `gaps --suggest "
        "--json` prints ('-' reads stdin)",
    )
    return parser


RECORD_HELP = "log declines, did-you-means and picks in the gaps log (GAPS_DB_PATH)"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    try:
        settings = load_settings()
    except ConfigError as error:
        for line in str(error).splitlines():
            print(f"config error: {line}", file=sys.stderr)
        return CONFIG_EXIT_CODE
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if command == "gaps" and not args.suggest:
        from bot.gaps import print_gaps_report

        return print_gaps_report(settings, as_json=args.json, limit=args.limit)
    try:
        pipeline = Pipeline.from_settings(settings, full_check=command == "check")
    except KnowledgeError as error:
        print(f"knowledge error: {error}", file=sys.stderr)
        return KNOWLEDGE_EXIT_CODE
    try:
        return _run_command(command, args, settings, pipeline)
    except BrokenPipeError:  # `ask - | head -1`: the reader has all it wanted
        _quiet_closed_stdout()
        return 0


def _run_command(
    command: str, args: argparse.Namespace, settings: Settings, pipeline: Pipeline
) -> int:
    if command == "ask":
        question = " ".join(args.question)
        output = Output(as_json=args.json, explain=args.explain, pipeline=pipeline)
        recorder = _recorder(settings) if args.record else None
        if args.conversation:
            return ask_conversation(pipeline, sys.stdin, output, args.lang, recorder)
        return ask(pipeline, question, output, args.lang, recorder)
    if command == "check":
        return check(pipeline)
    if command == "eval":
        return run_eval(pipeline, args.files or dev_sets(), args)
    if command == "console":
        return console(pipeline, _recorder(settings) if args.record else None)
    if command == "gaps":
        from bot.phrasings import print_proposals

        return print_proposals(settings, pipeline, as_json=args.json)
    if command == "learn":
        return learn(settings, pipeline, args.accept)
    return run(settings, pipeline)


def dev_sets() -> list[Path]:
    """The labelled sets tuned on: `eval`'s default, and what `learn` shows changes on."""
    return sorted(LABELLED_SETS.glob("dev_*.yaml"))


def heldout_sets() -> list[Path]:
    """The sets written blind and never tuned on: `learn` shows only their figures."""
    return sorted(path for path in LABELLED_SETS.glob("*.yaml") if is_held_out(path))


def is_held_out(path: Path) -> bool:
    """Held-out sets are named so (heldout7_en.yaml, conv_heldout2.yaml): reading their failing
    questions would make them dev sets, so `eval` shows only their figures."""
    return path.name.startswith(("heldout", "conv_heldout"))


def _recorder(settings: Settings) -> TrafficRecorder:
    from bot.gaps import GapsLog
    from bot.traffic import TrafficRecorder

    return TrafficRecorder(GapsLog(settings.gaps_db_path, settings.gaps_enabled))


@dataclass(frozen=True)
class Output:
    """How `ask` prints each answer: text or JSON, with or without the explanation."""

    as_json: bool
    explain: bool
    pipeline: Pipeline

    def write(self, answer: Answer) -> None:
        reply = answer.reply
        why = None
        if self.explain:
            from bot.explain import Why

            why = Why.of(answer)
        if self.as_json:
            document = reply.as_json()
            if why is not None:
                document["explain"] = why.as_json()
            sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
        else:
            text = reply.plain_text()
            if why is not None:
                thresholds = self.pipeline.knowledge.tuning.thresholds
                lines = why.lines(thresholds=thresholds)
                text += "\nwhy:\n" + "\n".join(f"    {line}" for line in lines)
            sys.stdout.write(text + "\n\n")
        sys.stdout.flush()


def ask(
    pipeline: Pipeline,
    question: str,
    output: Output,
    language: str | None = None,
    recorder: TrafficRecorder | None = None,
) -> int:
    """One question, or one per stdin line ('-'), each on its own."""
    if question != "-":
        _answer_one(pipeline, question, None, output, language, recorder, None)
        return 0
    if not (output.explain or recorder):  # only replies needed: answer in vectorised batches
        for reply in stream_answers(pipeline, iter(sys.stdin), language):
            _note_if_cut(pipeline, reply.question)
            _write_reply(reply, output.as_json)
        return 0
    for line in sys.stdin:
        _answer_one(pipeline, line.rstrip("\r\n"), None, output, language, recorder, None)
    return 0


def ask_conversation(
    pipeline: Pipeline,
    stdin: TextIO,
    output: Output,
    language: str | None = None,
    recorder: TrafficRecorder | None = None,
) -> int:
    """One question a line, each following up the lines before it; an empty line starts a new
    conversation and prints nothing."""
    conversation, number = None, 0
    for line in stdin:
        question = line.rstrip("\r\n")
        if not question.strip():
            conversation, number = None, number + 1
            continue
        answer = _answer_one(pipeline, question, conversation, output, language, recorder, number)
        conversation = answer.context
    return 0


def _answer_one(
    pipeline: Pipeline,
    question: str,
    conversation: ConversationContext | None,
    output: Output,
    language: str | None,
    recorder: TrafficRecorder | None,
    thread: int | None,
) -> Answer:
    """Answer, print, and log for curators if asked to (`thread`: the conversation, if any)."""
    _note_if_cut(pipeline, question)
    answer = pipeline.ask(question, conversation, language)
    output.write(answer)
    if recorder is not None:
        recorder.observe(answer.decision, chat_type=CLI_CHAT_TYPE, conversation=thread)
    return answer


def _note_if_cut(pipeline: Pipeline, question: str) -> None:
    limit = pipeline.matcher.tuning.max_question_chars
    if len(question) > limit:
        print(
            f"note: only the first {limit} characters of a question are read: {question[:40]!r}...",
            file=sys.stderr,
        )


def _write_reply(reply: Reply, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(reply.as_json(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(reply.plain_text() + "\n\n")
    sys.stdout.flush()


def _quiet_closed_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so Python's exit flush stays quiet."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def check(pipeline: Pipeline) -> int:
    knowledge = pipeline.knowledge
    examples = sum(
        len(f.text(lang).questions) for f in knowledge.facts for lang in knowledge.languages
    )
    print(
        f"knowledge OK: {len(knowledge.facts)} facts, {len(knowledge.entities)} entities, "
        f"{examples} example questions in {', '.join(knowledge.languages)}, "
        f"{len(knowledge.sources)} source(s), every quote verbatim"
    )
    return 0


def run_eval(pipeline: Pipeline, files: list[Path], args: argparse.Namespace) -> int:
    import yaml

    from bot.evaluation import (
        LabelledConversation,
        LabelledQuestion,
        evaluate,
        evaluate_conversations,
        load_labelled,
        predictors,
    )

    if not files:
        print("no dev-set files given or found", file=sys.stderr)
        return 2
    questions: list[LabelledQuestion] = []
    conversations: list[LabelledConversation] = []
    for path in files:
        try:
            items = load_labelled(path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            print(f"{path}: {error}".splitlines()[0], file=sys.stderr)
            return 2
        for item in items:
            (conversations if isinstance(item, LabelledConversation) else questions).append(item)

    predict, predict_conversation = predictors(pipeline)
    sealed = any(is_held_out(path) for path in files)
    verbose = not (args.brief or sealed)
    if questions:
        report = evaluate(questions, predict)
        print("\n".join(report.lines(verbose=verbose)))
    if conversations:
        report = evaluate_conversations(conversations, predict_conversation)
        print(f"conversations: {len(conversations)}, turns after the first:")
        print("\n".join(report.follow_ups().lines(verbose=verbose)))
    if sealed and not args.brief:
        print("(held-out sets: figures only, never their questions)")
    return 0


def console(pipeline: Pipeline, recorder: TrafficRecorder | None = None) -> int:
    from bot.console import run_console

    return run_console(
        pipeline, sys.stdin, sys.stdout, interactive=sys.stdin.isatty(), recorder=recorder
    )


def learn(settings: Settings, pipeline: Pipeline, accept: str | None) -> int:
    """Add accepted phrasings (asked one by one, or from `accept`); 1 when the change is refused."""
    import sqlite3

    from bot.learn import learn as merge
    from bot.learn import read_accepted, review
    from bot.phrasings import load_proposals

    if accept is None:
        try:
            proposals = load_proposals(settings, pipeline)
        except (sqlite3.Error, OSError) as error:
            print(f"cannot read the gaps log {settings.gaps_db_path}: {error}", file=sys.stderr)
            return 1
        if not proposals:
            print(f"Nothing to learn: no phrasings to propose from {settings.gaps_db_path}.")
            return 0

        def title(proposal: Proposal) -> str:
            return pipeline.knowledge.facts_by_id[proposal.fact_id].text(proposal.language).title

        accepted = review(proposals, title, lambda: sys.stdin.readline() or None, sys.stdout)
        print()
        if not accepted:
            print("Nothing accepted; the facts files are unchanged.")
            return 0
    else:
        try:
            text = sys.stdin.read() if accept == "-" else Path(accept).read_text(encoding="utf-8")
            accepted = read_accepted(text)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            print(f"{accept}: {error}", file=sys.stderr)
            return CONFIG_EXIT_CODE
    report = merge(settings.knowledge_dir, accepted, dev_sets(), heldout_sets())
    print("\n".join(report.lines()))
    if report.refused:
        return KNOWLEDGE_EXIT_CODE
    if report.accepted:
        check(Pipeline.from_settings(settings, full_check=True))
        print("A running bot uses them after a reload: kill -HUP <its pid>, or /reload.")
    return 0


def run(settings: Settings, pipeline: Pipeline) -> int:
    if settings.telegram_bot_token is None:
        print(NO_TOKEN_HINT, file=sys.stderr)
        return console(pipeline)
    from bot.app import run_bot

    return run_bot(settings, pipeline)
