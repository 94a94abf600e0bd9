"""``python -m engine.models install-defaults``: put the default models in place."""

from engine.models.defaults import main

raise SystemExit(main())
