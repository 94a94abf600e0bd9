"""``python -m engine.models install-defaults``: put the default models in place."""

from engine.models.defaults import main

if __name__ == "__main__":
    raise SystemExit(main())
