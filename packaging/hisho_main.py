"""Entry point of the frozen app (PyInstaller runs this file): the `hisho` command.

The model, library and extraction workers are this same executable started with
``--model-worker`` / ``--library-worker`` / ``--extract-worker`` (engine.child_process).
"""

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # torch and tokenizers may start helper processes
    sys.exit(main())
