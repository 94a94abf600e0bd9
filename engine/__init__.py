"""Hisho's engine: chat, history, models and (later) documents, with no Qt anywhere.

Nothing here loads or writes at import time; heavy libraries (llama_cpp, torch,
chromadb, sentence_transformers) are imported lazily inside the functions that need them.
"""

__version__ = "0.1.0"
