#!/bin/sh
# Install Hisho for this user from the unpacked tarball: the app folder goes to
# ~/.local/lib/hisho, the `hisho` command to ~/.local/bin, and the menu entry and icons
# to ~/.local/share. Run it again to update; `install.sh --uninstall` removes it all
# (your conversations and library stay in ~/.local/share/Hisho).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
app="$prefix/lib/hisho"
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$app" "$prefix/bin/hisho" "$prefix/share/applications/hisho.desktop"
  for size in 16 24 32 48 64 128 256 512; do
    rm -f "$prefix/share/icons/hicolor/${size}x${size}/apps/hisho.png"
  done
  rm -f "$prefix/share/icons/hicolor/scalable/apps/hisho.svg"
  echo "Hisho removed (your data in ~/.local/share/Hisho is kept)."
  exit 0
fi
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications"
rm -rf "$app.new"
cp -R "$here/hisho" "$app.new"
rm -rf "$app"
mv "$app.new" "$app"
ln -sf "$app/hisho" "$prefix/bin/hisho"
sed "s|^Exec=hisho|Exec=$app/hisho|; s|^TryExec=hisho|TryExec=$app/hisho|" \
  "$here/hisho.desktop" > "$prefix/share/applications/hisho.desktop"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$prefix/share/icons/hicolor/${size}x${size}/apps"
  cp "$here/icons/hisho-$size.png" "$prefix/share/icons/hicolor/${size}x${size}/apps/hisho.png"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
cp "$here/icons/hisho.svg" "$prefix/share/icons/hicolor/scalable/apps/hisho.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$prefix/share/applications" || true
echo "Hisho installed: run 'hisho' or find it in your applications menu."
