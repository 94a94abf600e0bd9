"""The conversation exports Hisho reads, one module per source.

Each module turns one conversation of its export (an already decoded JSON item) into an
:class:`engine.storage.exchange.ImportedConversation`, or raises
:class:`engine.storage.exchange.BrokenConversation` saying why it cannot:

- :mod:`.chatgpt`: ChatGPT's ``conversations.json`` (a message tree per conversation)
- :mod:`.claude`: Claude's ``conversations.json`` (``chat_messages`` per conversation)
- :mod:`.hisho`: Hisho's own full-fidelity JSON export (and the writer of it)
"""
