"""What a start of Hisho asks for: ``hisho [--quick] [--hidden] [FILE ...]``.

The launch's data type and its argument grammar, shared by the command line (which
parses it, or hands it to the running Hisho), the single-instance server (which parses
a handed-over launch) and the window's launch controller. No Qt here: the command line
reads it before it decides to start the window.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

DESCRIPTION = (
    "Hisho (秘書): a private AI assistant that runs on this computer. With no command, "
    "opens the window (or brings the running Hisho forward)."
)
USAGE = "hisho [--quick] [--hidden] [FILE ...]\n       hisho COMMAND [options]"
LAUNCH_EPILOG = (
    "hisho FILE... adds the files to your library and opens a conversation about them, "
    "in the running Hisho if there is one (a file named like a command: ./ask)."
)


@dataclass(frozen=True, slots=True)
class Launch:
    """What starting Hisho (or handing arguments to the running one) asks for."""

    quick: bool = False  # open the quick prompt
    hidden: bool = False  # start without the window (in the tray)
    files: tuple[str, ...] = ()  # absolute paths: add them, open a conversation about them


def add_launch_options(parser: argparse.ArgumentParser) -> None:
    """``--quick`` and ``--hidden``, on the launch parser and on the full command line."""
    parser.add_argument(
        "--quick", action="store_true",
        help="open the quick prompt (of the running Hisho, if there is one)",
    )  # fmt: skip
    parser.add_argument(
        "--hidden", action="store_true", help="start in the tray, without the window"
    )


def build_launch_parser() -> argparse.ArgumentParser:
    """``hisho [--quick] [--hidden] FILE...``: the GUI with files to open."""
    parser = argparse.ArgumentParser(
        prog="hisho", usage=USAGE, description=DESCRIPTION, epilog=LAUNCH_EPILOG,
        exit_on_error=False,
    )  # fmt: skip
    add_launch_options(parser)
    parser.add_argument(
        "files", nargs="*", metavar="FILE",
        help="add these files and open a conversation about them",
    )  # fmt: skip
    return parser


def parse_launch(argv: list[str], cwd: str) -> Launch:
    """What a launch's arguments ask for (relative paths are relative to ``cwd``, the
    launching shell's folder). Never exits: unknown arguments are ignored."""
    try:
        args, _ = build_launch_parser().parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return Launch()
    files = tuple(os.path.normpath(os.path.join(cwd, f)) for f in args.files)
    return Launch(args.quick, args.hidden, files)
