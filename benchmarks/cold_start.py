"""Cold-start time of `python bot.py ask "..."`: what a script calling the bot waits for.

Runs the command several times and prints the median wall time next to a bare
`python -c pass` (the interpreter's own floor) on the same machine, in the same run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9


def timed(command: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    floor = timed([sys.executable, "-c", "pass"])
    ask = timed([sys.executable, "bot.py", "ask", "Who represents India?"])
    print(f"python -c pass:            median {floor * 1000:.0f} ms")
    print(
        f"bot.py ask 'Who represents India?': median {ask * 1000:.0f} ms "
        f"({ask / floor:.1f}x the bare interpreter; target <= 500 ms)"
    )


if __name__ == "__main__":
    main()
