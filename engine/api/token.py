"""The local API's bearer token: made by Hisho, kept in the OS keyring, nowhere else.

The window and ``hisho serve`` read the same entry, so a client set up once works with
both. With no secure keyring the API does not start (engine.storage.secrets says why).
"""

from __future__ import annotations

import secrets

from engine.storage.secrets import LOCAL_API_SERVICE, get_key, set_key

#: The keyring entry's name under LOCAL_API_SERVICE.
ENTRY = "token"
#: Every token starts so, to be recognised in a config file or a leak scanner.
PREFIX = "hisho-"


def new_token() -> str:
    """A fresh random token (256 bits)."""
    return PREFIX + secrets.token_urlsafe(32)


def api_token() -> str:
    """The token clients must send; made and stored on first use.

    Raises:
        CloudError: no secure keyring, or it refused (the message says which).
    """
    token = get_key(ENTRY, LOCAL_API_SERVICE)
    if not token:
        token = new_token()
        set_key(ENTRY, token, LOCAL_API_SERVICE)
    return token


def replace_token() -> str:
    """Make a new token (the old one stops working at the next start of the server)."""
    token = new_token()
    set_key(ENTRY, token, LOCAL_API_SERVICE)
    return token
