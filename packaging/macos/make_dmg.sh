#!/usr/bin/env bash
# Wrap dist/Hisho.app (from `pyinstaller packaging/hisho.spec` on macOS) in a disk image
# with a link to /Applications: dist/hisho-<version>-macos-<arch>.dmg. macOS only
# (hdiutil); run by .github/workflows/release.yml. Signing and notarization need the
# publisher's Apple certificates and are not done here.
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${HISHO_VERSION:-0.1.0}"
app="dist/Hisho.app"
[ -d "$app" ] || { echo "make_dmg: $app not found; build it with PyInstaller first" >&2; exit 1; }
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
out="dist/hisho-$version-macos-$(uname -m).dmg"
rm -f "$out"
hdiutil create -volname "Hisho" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$out"
echo "made $out"
