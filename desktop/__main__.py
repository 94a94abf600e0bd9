"""``python -m desktop`` runs Hisho."""

from desktop.cli import main

raise SystemExit(main())
