#!/usr/bin/env bash
# The Debian package that `cpack -G DEB` makes (the package/build test):
# its control fields, Depends naming the package of every shared library
# the binary links, the files it ships, and the package installed with dpkg
# into a throw-away root: the command runs from there (version with the git
# revision, a valid and a broken image), the man page renders, bash-completion
# loads the completion from the installed directory, and removal leaves no
# file behind.
# Usage: package_install.sh PACKAGE_DIR SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" package "" "$2"
debs=("$1"/ocivalidate_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one ocivalidate_*.deb in $1, found: ${debs[*]}"
deb="${debs[0]}"

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = ocivalidate ] || fail "Package: $(field Package)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
version="$(field Version)"
grep -q "project(ocivalidate VERSION $version " "$SRC/CMakeLists.txt" || fail "Version $version is not the project's"
depends="$(field Depends)"
[ -n "$depends" ] || fail "the package has no Depends"
echo "Depends: $depends"

# Every library the binary needs comes from a package named in Depends.
echo "$depends" | tr ',|' '\n\n' | sed 's/(.*//; s/[[:space:]]//g' >"$work/depends"
dpkg-deb -x "$deb" "$work/x"
exe="$work/x/usr/bin/ocivalidate"
[ -x "$exe" ] || fail "the package has no usr/bin/ocivalidate"
needed="$(objdump -p "$exe" | awk '$1 == "NEEDED" { print $2 }')"
[ -n "$needed" ] || fail "objdump finds no NEEDED entry"
for so in $needed; do
  owners="$(dpkg -S "*/$so" 2>/dev/null | grep -v '^diversion' | cut -d: -f1 | sort -u)"
  [ -n "$owners" ] || fail "no installed package ships $so"
  grep -Fxf <(printf '%s\n' $owners) "$work/depends" >/dev/null ||
    fail "$so comes from $(echo $owners), which Depends does not name"
done

# The files: the command and its two wrappers, the man page, the three
# completions, the report schema, the README.
dpkg-deb --contents "$deb" | awk '{ print $NF }' | sed 's#^\./#/#' >"$work/contents"
for f in /usr/bin/ocivalidate /usr/bin/ocivalidate-pre-commit /usr/bin/ocivalidate-push \
  /usr/share/man/man1/ocivalidate.1.gz \
  /usr/share/bash-completion/completions/ocivalidate /usr/share/zsh/vendor-completions/_ocivalidate \
  /usr/share/fish/vendor_completions.d/ocivalidate.fish /usr/share/ocivalidate/report-v1.schema.json \
  /usr/share/doc/ocivalidate/README.md; do
  grep -qx "$f" "$work/contents" || fail "the package lacks $f"
done
if ls "$SRC"/docs/rules/*.md >/dev/null 2>&1; then
  grep -q '^/usr/share/doc/ocivalidate/rules/.*\.md$' "$work/contents" || fail "the package lacks docs/rules"
fi
file "$exe" | grep -q 'stripped' && ! file "$exe" | grep -q 'not stripped' || fail "the binary is not stripped"

# Installed with dpkg into an empty root of its own. Its dependencies are
# the host's (the container image test installs them from Debian).
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
: >"$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-not-root -i "$deb" >"$work/dpkg-i.log" 2>&1 ||
  { cat "$work/dpkg-i.log"; fail "dpkg -i into a throw-away root failed"; }
dpkg --root="$root" -s ocivalidate | grep -q '^Status: install ok installed' || fail "dpkg does not list it installed"
bin="$root/usr/bin/ocivalidate"
line="$("$bin" --version)"
[[ $line =~ ^ocivalidate\ $version\ \((git\ [0-9a-f]{7,}(-dirty)?|revision\ unknown)\)$ ]] ||
  fail "--version says: $line"
if git -C "$SRC" rev-parse HEAD >/dev/null 2>&1; then
  [[ $line == *"git $(git -C "$SRC" rev-parse --short=12 HEAD)"* ]] || fail "--version names another commit: $line"
fi
"$bin" --color never "$SRC/corpus/sample" >"$work/valid.txt" || { cat "$work/valid.txt"; fail "the sample image did not validate"; }
cp -r "$SRC/corpus/sample" "$work/broken"
echo '{"imageLayoutVersion":"2.0.0"}' >"$work/broken/oci-layout"
set +e
"$bin" --color never "$work/broken" >"$work/broken.txt"
rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q LYT-003 "$work/broken.txt" || { cat "$work/broken.txt"; fail "a broken image gave $rc"; }

man -l "$root/usr/share/man/man1/ocivalidate.1.gz" 2>/dev/null | col -b >"$work/man.txt"
for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
  grep -q "^$section" "$work/man.txt" || fail "the man page has no $section section"
done
grep -q -- '--fail-on' "$work/man.txt" || fail "the man page does not list --fail-on"
grep -q "ocivalidate $version" "$work/man.txt" || fail "the man page does not name version $version"

# bash-completion finds the completion where the package put it.
if [ -f /usr/share/bash-completion/bash_completion ]; then
  spec="$(XDG_DATA_DIRS="$root/usr/share" bash --norc --noprofile -c \
    'source /usr/share/bash-completion/bash_completion; __load_completion ocivalidate; complete -p ocivalidate')"
  [ "$spec" = "complete -F _ocivalidate ocivalidate" ] || fail "bash-completion loads: $spec"
else
  fail "bash-completion is not installed (scripts/setup-test-tools.sh installs it)"
fi

dpkg --root="$root" --force-not-root -r ocivalidate >"$work/dpkg-r.log" 2>&1 ||
  { cat "$work/dpkg-r.log"; fail "dpkg -r failed"; }
left="$(find "$root" -path "$root/var" -prune -o -type f -print)"
[ -z "$left" ] || fail "files left after removal: $left"
echo "PASS: package"
