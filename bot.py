"""Entry point: `python bot.py [run|console|ask|check|eval|gaps] ...` (see `--help`)."""

import os
import sys

# numpy's OpenBLAS (and OpenMP, where a build uses it) starts a worker thread per CPU at import,
# and they spin: ~40 ms of CPU at every start on two CPUs, for matrices far too small to share
# out (only batch scoring multiplies any). Before anything imports numpy; the environment wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from bot.cli import main  # noqa: E402  (after the thread settings above)

if __name__ == "__main__":
    sys.exit(main())
