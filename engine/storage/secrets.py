"""API keys in the OS keyring, and nowhere else.

The keyring is Windows Credential Locker, the macOS Keychain, or the Secret Service /
KWallet on Linux. When only an insecure backend is there (keyring's ``fail`` or ``null``
backend, a plain-text or "encrypted file" keyring from keyrings.alt, anything unknown),
:func:`keyring_status` says the cloud can't be used and why: Hisho never falls back to a
file. Keys are read at the moment of a request and never cached, logged or exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.errors import CloudError
from engine.i18n import QT_TRANSLATE_NOOP

#: Service name of Hisho's entries in the keyring (one per provider).
SERVICE = "Hisho cloud provider"
#: Service name of the local API's bearer token (engine.api.token), one entry.
LOCAL_API_SERVICE = "Hisho local API"

#: Modules of keyring backends that keep secrets encrypted by the operating system.
SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.SecretService",
        "keyring.backends.libsecret",
        "keyring.backends.kwallet",
        "keyring.backends.Windows",
        "keyring.backends.macOS",
    }
)


@dataclass(frozen=True, slots=True)
class KeyringStatus:
    """Whether API keys can be kept safely here, and if not, why."""

    usable: bool
    backend: str  # e.g. "SecretService Keyring"
    reason: str = ""


def keyring_status() -> KeyringStatus:
    """Find out which keyring this system offers and whether it is a safe one."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration
        why = QT_TRANSLATE_NOOP("Engine", "the keyring could not start: {error}")
        return KeyringStatus(False, "", _unsafe_reason(why.format(error=exc)))
    leaves = _leaves(backend)
    name = ", ".join(f"{type(b).__module__.rsplit('.', 1)[-1]} {type(b).__name__}" for b in leaves)
    unsafe = [b for b in leaves if type(b).__module__ not in SECURE_BACKENDS]
    if not leaves or unsafe:
        found = name or type(backend).__name__
        why = QT_TRANSLATE_NOOP("Engine", "only “{backend}” is available")
        return KeyringStatus(False, found, _unsafe_reason(why.format(backend=found)))
    return KeyringStatus(True, name)


def _leaves(backend: Any) -> list[Any]:
    """The real backends behind keyring's chainer (which tries several in turn)."""
    inner = getattr(backend, "backends", None)
    if type(backend).__name__ == "ChainerBackend" and inner is not None:
        return [leaf for b in inner for leaf in _leaves(b)]
    return [backend]


def _unsafe_reason(what: str) -> str:
    return QT_TRANSLATE_NOOP(
        "Engine",
        "No secure keyring was found ({what}). Hisho keeps API keys only in the system "
        "keyring — the Secret Service (GNOME Keyring) or KWallet on Linux, Credential "
        "Locker on Windows, the Keychain on macOS — never in a file, so cloud models stay "
        "off until one is available.",
    ).format(what=what)


def _checked() -> Any:
    status = keyring_status()
    if not status.usable:
        raise CloudError(status.reason)
    import keyring
    import keyring.errors

    return keyring


def get_key(provider_id: str, service: str = SERVICE) -> str:
    """The provider's API key ("" when none is stored); ``service`` names another kind
    of secret (the local API's token: LOCAL_API_SERVICE).

    Raises:
        CloudError: no secure keyring, or it is locked / refused access.
    """
    keyring = _checked()
    try:
        return keyring.get_password(service, provider_id) or ""
    except keyring.errors.KeyringError as exc:
        raise CloudError(
            QT_TRANSLATE_NOOP(
                "Engine", "The keyring refused to give the API key ({error})."
            ).format(error=exc)
        ) from exc


def set_key(provider_id: str, key: str, service: str = SERVICE) -> None:
    """Keep ``key`` in the keyring for ``provider_id`` (replacing any older one)."""
    keyring = _checked()
    try:
        keyring.set_password(service, provider_id, key.strip())
    except keyring.errors.KeyringError as exc:
        raise CloudError(
            QT_TRANSLATE_NOOP(
                "Engine", "The keyring refused to store the API key ({error})."
            ).format(error=exc)
        ) from exc


def forget_key(provider_id: str, service: str = SERVICE) -> None:
    """Remove the provider's key from the keyring (nothing happens when there is none)."""
    keyring = _checked()
    try:
        keyring.delete_password(service, provider_id)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise CloudError(
            QT_TRANSLATE_NOOP(
                "Engine", "The keyring refused to forget the API key ({error})."
            ).format(error=exc)
        ) from exc
