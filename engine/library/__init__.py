"""The user's document library: extract, chunk, embed, store, sync and search files.

Nothing here imports Qt. Heavy libraries (pypdfium2, sentence-transformers, chromadb)
are imported inside the functions that need them.
"""
