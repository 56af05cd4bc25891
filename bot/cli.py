"""The command line: run (Telegram or console), ask, check, eval, console, gaps.

The ask/check/eval paths never import the Telegram stack, so they start fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.config import CONFIG_EXIT_CODE, PROJECT_ROOT, ConfigError, Settings, load_settings
from bot.knowledge import KNOWLEDGE_EXIT_CODE, KnowledgeError
from bot.pipeline import Pipeline, stream_answers
from bot.replies import Reply

DEFAULT_DEV_SETS = tuple(
    PROJECT_ROOT / "tests" / "data" / name
    for name in (
        "dev_en.yaml",
        "dev_ru.yaml",
        "dev_blind2_en.yaml",
        "dev_frames_en.yaml",
        "dev_frames_ru.yaml",
    )
)
NO_TOKEN_HINT = (
    "No TELEGRAM_BOT_TOKEN set: get one from @BotFather in Telegram and put it in .env "
    "(cp .env.example .env). Starting the offline console chat instead; Ctrl-D quits."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py", description="Q&A bot for the 2024 SCO summit in Astana."
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the Telegram bot (console chat when no token is set)")
    commands.add_parser("console", help="chat with the bot in the terminal, offline")
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
    commands.add_parser("check", help="verify the knowledge base")
    evaluate = commands.add_parser("eval", help="score the matcher on labelled questions")
    evaluate.add_argument("files", nargs="*", type=Path, help="dev-set YAML files")
    evaluate.add_argument("--brief", action="store_true", help="only the headline figures")
    gaps = commands.add_parser("gaps", help="what people asked that the bot could not answer")
    gaps.add_argument("--json", action="store_true")
    gaps.add_argument("--limit", type=int, default=30)
    return parser


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
    if command == "gaps":
        from bot.gaps import print_gaps_report

        return print_gaps_report(settings, as_json=args.json, limit=args.limit)
    try:
        pipeline = Pipeline.from_settings(settings)
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
        if args.conversation:
            return ask_conversation(pipeline, sys.stdin, as_json=args.json, language=args.lang)
        return ask(pipeline, question, as_json=args.json, language=args.lang)
    if command == "check":
        return check(pipeline)
    if command == "eval":
        return run_eval(pipeline, args.files or [p for p in DEFAULT_DEV_SETS if p.exists()], args)
    if command == "console":
        return console(pipeline)
    return run(settings, pipeline)


def ask(pipeline: Pipeline, question: str, as_json: bool, language: str | None = None) -> int:
    if question == "-":
        replies = stream_answers(pipeline, iter(sys.stdin), language)
    else:
        replies = iter([pipeline.answer(question, language)])
    limit = pipeline.matcher.tuning.max_question_chars
    for reply in replies:
        if len(reply.question) > limit:
            print(
                f"note: only the first {limit} characters of a question are read: "
                f"{reply.question[:40]!r}...",
                file=sys.stderr,
            )
        _write_reply(reply, as_json)
    return 0


def ask_conversation(
    pipeline: Pipeline, stdin: TextIO, as_json: bool, language: str | None = None
) -> int:
    """One question a line, each following up the lines before it; an empty line starts a new
    conversation and prints nothing."""
    conversation = None
    for line in stdin:
        question = line.rstrip("\r\n")
        if not question.strip():
            conversation = None
            continue
        answer = pipeline.ask(question, conversation, language)
        conversation = answer.context
        _write_reply(answer.reply, as_json)
    return 0


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

    def predict(texts: Sequence[str]) -> list[tuple[str | None, str]]:
        return [(reply.fact_id, reply.language) for reply in pipeline.answer_many(texts)]

    def predict_conversation(turns: Sequence[str]) -> list[tuple[str | None, str]]:
        conversation, predictions = None, []
        for turn in turns:
            answer = pipeline.ask(turn, conversation)
            conversation = answer.context
            predictions.append((answer.reply.fact_id, answer.reply.language))
        return predictions

    if questions:
        report = evaluate(questions, predict)
        print("\n".join(report.lines(verbose=not args.brief)))
    if conversations:
        report = evaluate_conversations(conversations, predict_conversation)
        print(f"conversations: {len(conversations)}, turns after the first:")
        print("\n".join(report.follow_ups().lines(verbose=not args.brief)))
    return 0


def console(pipeline: Pipeline) -> int:
    from bot.console import run_console

    return run_console(pipeline, sys.stdin, sys.stdout, interactive=sys.stdin.isatty())


def run(settings: Settings, pipeline: Pipeline) -> int:
    if settings.telegram_bot_token is None:
        print(NO_TOKEN_HINT, file=sys.stderr)
        return console(pipeline)
    from bot.app import run_bot

    return run_bot(settings, pipeline)
