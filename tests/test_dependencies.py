"""Security-relevant dependencies are at or above the versions that fixed their known
vulnerabilities (checked on every `make test`, so CI fails on a vulnerable install).

A package that is not installed is skipped: PyInstaller, for instance, only exists in a
packaging environment. Raise a floor here and in pyproject.toml together."""

from __future__ import annotations

from importlib import metadata

import pytest
from packaging.version import Version

#: package -> (first fixed version, why)
FIXED = {
    "jinja2": (
        "3.1.6",
        "CVE-2025-27516, CVE-2024-56326, CVE-2024-56201: sandbox escapes; chat templates "
        "from model files are untrusted and rendered in Jinja's sandbox",
    ),
    "llama-cpp-python": (
        "0.2.72",
        "CVE-2024-34359: chat templates from GGUF files rendered outside a sandbox",
    ),
    "torch": ("2.6.0", "CVE-2025-32434: torch.load(weights_only=True) could run code"),
    "lxml": ("4.9.1", "CVE-2022-2309: a crafted document crashes the parser"),
    "pyinstaller": ("5.13.1", "CVE-2023-49797: a local user could gain the app's rights"),
}


@pytest.mark.parametrize("package", sorted(FIXED))
def test_security_relevant_package_is_fixed(package: str) -> None:
    fixed, why = FIXED[package]
    try:
        installed = metadata.version(package)
    except metadata.PackageNotFoundError:
        pytest.skip(f"{package} is not installed here")
    assert Version(installed) >= Version(fixed), f"{package} {installed} < {fixed}: {why}"
