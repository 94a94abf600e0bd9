"""Where Hisho keeps things: SQLite stores, history, backups, settings, the egress log,
the keyring."""
