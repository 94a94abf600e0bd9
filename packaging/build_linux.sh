#!/usr/bin/env bash
# `make package` on Linux: the one-folder bundle (dist/hisho/) from packaging/hisho.spec,
# then a tarball with it, the .desktop file, the icons and install.sh:
# dist/hisho-<version>-linux-<arch>.tar.gz. Prints the sizes as JSON on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
if [ "${SKIP_BUILD:-}" != 1 ]; then  # the release workflow has built dist/hisho already
  "$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install -q "pyinstaller>=6.10"
  "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/hisho.spec
fi
version="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
name="hisho-$version-linux-$(uname -m)"
stage="build/$name"
rm -rf "$stage"
mkdir -p "$stage/icons"
cp -R dist/hisho "$stage/hisho"
cp packaging/linux/hisho.desktop packaging/linux/install.sh "$stage/"
cp assets/icons/hisho.svg assets/icons/hisho-*.png "$stage/icons/"
tar -C build -czf "dist/$name.tar.gz" "$name"
rm -rf "$stage"
bundle_mb=$(du -sm dist/hisho | cut -f1)
tarball_mb=$(du -sm "dist/$name.tar.gz" | cut -f1)
echo "{\"bundle\": \"dist/hisho\", \"bundle_mb\": $bundle_mb, \"tarball\": \"dist/$name.tar.gz\", \"tarball_mb\": $tarball_mb}"
