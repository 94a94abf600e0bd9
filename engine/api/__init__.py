"""Hisho as a local, OpenAI-compatible API for other programs (off by default).

guard (Host, Origin, token, rate checks), token (the bearer token in the OS keyring),
wire (OpenAI request and response shapes), approvals (a client reading the user's
documents, allowed once), service (the operations, on the shared model), server (the
hardened HTTP server on its own threads). Nothing here imports Qt.
"""
