"""Hisho's engine, with no Qt anywhere. Its rooms:

- ``storage/``: SQLite stores, history, backups, settings, the egress log, the keyring;
- ``chat/``: the turn lifecycle, grounded answers, context fitting, chat templates,
  reply language;
- ``models/``: the backend contract, the local backend and its process, default models,
  the model store, downloads, GGUF checks;
- ``cloud/``: opt-in cloud models under the user's policy and consent;
- ``summary/``: summaries of any length;
- ``library/``: the user's files: extract, chunk, embed, manifest, vectors, search, and
  the library process;
- the plain types every room and the window share (``types``, ``errors``, ``cancel``,
  ``paths``, ``i18n``, ``script``, ``child_process``).

Nothing here loads or writes at import time; heavy libraries (llama_cpp, torch,
chromadb, sentence_transformers) are imported lazily inside the functions that need them.
"""

__version__ = "0.1.0"
