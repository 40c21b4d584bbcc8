#!/usr/bin/env bash
# `cmake --install` of the build tree: into a prefix of its own (zsh's
# completion under share/zsh/site-functions) and, with DESTDIR, to /usr
# (Debian's /usr/share/zsh/vendor-completions); the installed command runs,
# zsh's compinit registers the installed completion, and the per-rule pages
# are installed, where the installed command's SARIF helpUri points.
# Usage: cmake_install.sh BUILD_DIR SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" install "" "$2"
BUILD="$1"

prefix="$work/prefix"
cmake --install "$BUILD" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "cmake --install failed"; }
for f in bin/ocivalidate bin/ocivalidate-pre-commit bin/ocivalidate-push \
  share/man/man1/ocivalidate.1.gz share/bash-completion/completions/ocivalidate \
  share/zsh/site-functions/_ocivalidate share/fish/vendor_completions.d/ocivalidate.fish \
  share/ocivalidate/report-v1.schema.json share/doc/ocivalidate/README.md; do
  [ -f "$prefix/$f" ] || fail "cmake --install did not install $f"
done
"$prefix/bin/ocivalidate" --version | grep -q '^ocivalidate ' || fail "the installed command does not run"
for wrapper in ocivalidate-pre-commit ocivalidate-push; do
  [ -x "$prefix/bin/$wrapper" ] || fail "$wrapper is not installed executable"
done
gzip -t "$prefix/share/man/man1/ocivalidate.1.gz" || fail "the man page is not gzip"
registered="$(zsh -f -c 'fpath=($1 $fpath); autoload -Uz compinit; compinit -u -d $2/zcompdump; print -r -- $_comps[ocivalidate]' \
  zsh "$prefix/share/zsh/site-functions" "$work")"
[ "$registered" = "_ocivalidate" ] || fail "zsh does not register the installed completion: '$registered'"
shopt -s nullglob
docs=("$SRC"/docs/rules/*.md)
for page in "${docs[@]}"; do
  [ -f "$prefix/share/doc/ocivalidate/rules/$(basename "$page")" ] || fail "$(basename "$page") is not installed"
done

# SARIF's helpUri of the installed command names the installed page.
code=0
"$prefix/bin/ocivalidate" --no-config --format sarif "$SRC/corpus/sample" >"$work/sample.sarif" || code=$?
[ "$code" = 0 ] || fail "the installed command exits $code on the sample image"
uri="$(jq -r '.runs[0].tool.driver.rules[] | select(.id == "DIG-007") | .helpUri' "$work/sample.sarif")"
[ "$uri" = "file://$prefix/share/doc/ocivalidate/rules/DIG-007.md" ] || fail "installed helpUri: $uri"
[ -f "${uri#file://}" ] || fail "the installed helpUri names no file: $uri"

DESTDIR="$work/dest" cmake --install "$BUILD" --prefix /usr >"$work/install-usr.log" 2>&1 ||
  { cat "$work/install-usr.log"; fail "cmake --install --prefix /usr with DESTDIR failed"; }
[ -f "$work/dest/usr/share/zsh/vendor-completions/_ocivalidate" ] ||
  fail "with prefix /usr the zsh completion is not in Debian's vendor-completions"
[ ! -e "$work/dest/usr/share/zsh/site-functions" ] || fail "with prefix /usr zsh's site-functions was used"
echo "PASS: cmake --install (${#docs[@]} rule pages)"
