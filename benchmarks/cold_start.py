"""Cold start of `python bot.py ask "..."`, the whole process, against a bare rapidfuzz script.

The bare script is what a quick FAQ bot would be: import rapidfuzz, read the article, split it
into sentences and `extractOne` the question among them. Both run RUNS times, interleaved, in
fresh processes; wall time, CPU time (user + system) and peak RSS come from the kernel
(`os.wait4`), medians shown. `python -c pass` is the interpreter's own floor.

    .venv/bin/python benchmarks/cold_start.py [--question "when is the summit"] [--runs 15]
    .venv/bin/python benchmarks/cold_start.py --imports   # + where start-up goes: imports, phases

Prints figures and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import header

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "knowledge" / "sources" / "sco-summit-astana-2024.txt"
BARE_SCRIPT = """
import re, sys
from rapidfuzz import fuzz, process, utils
text = open(sys.argv[1], encoding="utf-8").read()
sentences = [s.strip() for s in re.split(r"(?<=[.!?])\\s+", text) if s.strip()]
best = process.extractOne(sys.argv[2], sentences, scorer=fuzz.WRatio,
                          processor=utils.default_process, score_cutoff=60)
print(best[0] if best else "I don't know")
"""
# In a fresh process: how long each step of `ask` takes once the modules are imported.
PHASES_SCRIPT = """
import json, sys, time
clock = time.perf_counter
t = {}
start = clock()
import bot.cli
t["import bot.cli (and what it imports)"] = clock() - start
from bot.config import load_settings
from bot.knowledge import load_knowledge
from bot.matching import Matcher
from bot.pipeline import Pipeline
from bot.replies import ReplyBuilder
from bot.conversation import FollowUpReader
mark = clock(); settings = load_settings(); t["load_settings()"] = clock() - mark
mark = clock(); knowledge = load_knowledge(settings.knowledge_dir)
t["load_knowledge(): YAML, pydantic, verification"] = clock() - mark
mark = clock(); matcher = Matcher(knowledge); t["Matcher(): readers, indexes"] = clock() - mark
mark = clock(); replies = ReplyBuilder(knowledge); follow = FollowUpReader(knowledge, matcher)
t["ReplyBuilder + FollowUpReader"] = clock() - mark
pipeline = Pipeline(knowledge, matcher, replies, follow)
mark = clock(); pipeline.misleading_examples()
t["misleading-example check (Pipeline.from_knowledge)"] = clock() - mark
mark = clock(); pipeline.answer(sys.argv[1]); t["first answer"] = clock() - mark
mark = clock(); pipeline.answer(sys.argv[1]); t["second answer (warm)"] = clock() - mark
print(json.dumps(t))
"""


# As an installed bot starts: its modules' bytecode cached (a shell or CI may forbid writing it,
# and compiling the bot's modules would then be counted at every start)
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one run of `command`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def import_times(question: str) -> dict[str, float]:
    """Seconds of import time per top-level package in `bot.py ask` (-X importtime, self);
    the bot's own modules one by one (their self time includes building pydantic models)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "bot.py", "ask", question],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=CHILD_ENV,
    )
    totals: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.removeprefix("import time:").split("|", 2)
        name = name.strip()
        totals[name if name.startswith("bot") else name.split(".")[0]] += int(self_us) / 1e6
    return dict(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--question", default="when is the summit")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--imports", action="store_true", help="where the start-up time goes")
    args = parser.parse_args()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "bare rapidfuzz script": [sys.executable, "-c", BARE_SCRIPT, str(ARTICLE), args.question],
        f"bot.py ask {args.question!r}": [sys.executable, "bot.py", "ask", args.question],
    }
    samples: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for command in commands.values():  # a first run writes bytecode and the kept pipeline
        run_once(command)
    for _ in range(args.runs):  # interleaved, so drift on a shared machine hits all alike
        for name, command in commands.items():
            samples[name].append(run_once(command))
    print(header())
    print(f"{args.runs} runs each, interleaved; medians")
    print(f"{'':<38}{'wall ms':>9}{'CPU ms':>9}{'peak RSS MB':>13}")
    figures = {}
    for name, runs in samples.items():
        wall, cpu, rss = (statistics.median(column) for column in zip(*runs, strict=True))
        figures[name] = (wall, cpu, rss)
        print(f"{name:<38}{wall * 1000:>9.0f}{cpu * 1000:>9.0f}{rss:>13.1f}")
    bare = figures["bare rapidfuzz script"]
    ask = figures[f"bot.py ask {args.question!r}"]
    print(
        f"ask / bare script: {ask[0] / bare[0]:.1f}x the wall time, {ask[1] / bare[1]:.1f}x the "
        f"CPU, {ask[2]:.0f} MB vs {bare[2]:.0f} MB peak RSS "
        "(goal, issue 12: <= 4x the bare script's time, <= 45 MB)"
    )
    if args.imports:
        totals = import_times(args.question)
        print(
            f"imports in `bot.py ask` (-X importtime, self time summed per top-level package, "
            f"one run): {sum(totals.values()) * 1000:.0f} ms in all"
        )
        for name, seconds in sorted(totals.items(), key=lambda item: -item[1])[:15]:
            print(f"  {name:<24}{seconds * 1000:>7.1f} ms")
        done = subprocess.run(
            [sys.executable, "-c", PHASES_SCRIPT, args.question],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=CHILD_ENV,
        )
        print("phases of `ask` in a fresh process (one run):")
        for phase, seconds in json.loads(done.stdout).items():
            print(f"  {phase:<52}{seconds * 1000:>7.1f} ms")


if __name__ == "__main__":
    main()
