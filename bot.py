"""Entry point: `python bot.py [run|console|ask|check|eval|gaps] ...` (see `--help`)."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
