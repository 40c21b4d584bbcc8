#!/usr/bin/env bash
# The pre-commit hooks (.pre-commit-hooks.yaml) with Debian's real pre-commit
# in a throw-away git repository: the hooks repository is a git copy of
# this one's hook definitions, ocivalidate and ocivalidate-pre-commit are on
# PATH (as the package installs them). A good layout commits; a broken one,
# or a good one with a changed blob staged, blocks the commit with the report
# shown; a staged blob alone is mapped to its layout; a good archive
# commits and a broken one blocks; files of no layout do not run the hook;
# options reach ocivalidate through args.
# Usage: pre_commit.sh OCIVALIDATE_BINARY SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" pre-commit "$@"
command -v pre-commit >/dev/null || fail "pre-commit is not installed (scripts/setup-test-tools.sh installs it)"
export PRE_COMMIT_HOME="$work/cache" HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$work/bin"
git config --global user.email test@example.invalid
git config --global user.name test
git config --global init.defaultBranch main
git config --global protocol.file.allow always
ln -s "$(readlink -f "$BIN")" "$work/bin/ocivalidate"
ln -s "$SRC/scripts/ocivalidate-pre-commit" "$work/bin/ocivalidate-pre-commit"
export PATH="$work/bin:$PATH"

# The hooks repository: pre-commit clones it at a revision.
hooks="$work/hooks"
mkdir "$hooks"
cp "$SRC/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -qm hooks
rev="$(git -C "$hooks" rev-parse HEAD)"

repo="$work/repo"
mkdir "$repo"
cd "$repo"
git init -q
# configure HOOK_LINES...: the repository's .pre-commit-config.yaml, staged.
configure() {
  {
    printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n' "$hooks" "$rev"
    printf '      %s\n' "$@"
  } >.pre-commit-config.yaml
  git add .pre-commit-config.yaml
}
configure "- id: ocivalidate" "- id: ocivalidate-archives"
git commit -qm config --no-verify
pre-commit install >/dev/null

# try_commit NAME: commits what is staged; the exit code in $rc, the output
# in $work/NAME.txt.
try_commit() {
  set +e
  git commit -qm "$1" >"$work/$1.txt" 2>&1
  rc=$?
  set -e
}

mkdir images
cp -r "$SRC/corpus/sample" images/good
echo "a readme" >README.md
git add images/good README.md
try_commit good
[ "$rc" -eq 0 ] || { cat "$work/good.txt"; fail "a good layout did not commit"; }
grep -q 'ocivalidate (OCI image layouts).*Passed' "$work/good.txt" || { cat "$work/good.txt"; fail "the layout hook did not run"; }

# Only README.md staged: no file of a layout, the hook does not run.
echo "more" >>README.md
git add README.md
try_commit readme
[ "$rc" -eq 0 ] || { cat "$work/readme.txt"; fail "a README change was blocked"; }
grep -q 'ocivalidate (OCI image layouts).*(no files to check)Skipped' "$work/readme.txt" ||
  { cat "$work/readme.txt"; fail "the hook ran without layout files"; }

cp -r "$SRC/corpus/sample" images/bad
echo '{"imageLayoutVersion":"2.0.0"}' >images/bad/oci-layout
git add images/bad
try_commit bad
[ "$rc" -ne 0 ] || fail "a broken layout was committed"
grep -q 'LYT-003' "$work/bad.txt" || { cat "$work/bad.txt"; fail "the report is not shown"; }
grep -q 'images/bad' "$work/bad.txt" || fail "the report does not name the layout"
git rm -rq --cached images/bad
rm -rf images/bad

# A changed blob of the committed good layout, staged alone: mapped to its
# layout, which then fails (the blob no longer matches its digest).
blob="$(ls images/good/blobs/sha256 | head -n 1)"
printf 'x' >>"images/good/blobs/sha256/$blob"
git add "images/good/blobs/sha256/$blob"
[ "$(git diff --cached --name-only)" = "images/good/blobs/sha256/$blob" ] || fail "more than the blob is staged"
try_commit blob
[ "$rc" -ne 0 ] || fail "a layout with a changed blob was committed"
grep -Eq 'LYT-005|DIG-007' "$work/blob.txt" || { cat "$work/blob.txt"; fail "no digest finding for the changed blob"; }
git checkout -q HEAD -- images/good

# Archives: a tar of the good layout commits, a tar of a broken one does not.
tar -C images/good -cf images/good.tar .
git add images/good.tar
try_commit archive
[ "$rc" -eq 0 ] || { cat "$work/archive.txt"; fail "a good archive did not commit"; }
grep -q 'ocivalidate (image archives).*Passed' "$work/archive.txt" || { cat "$work/archive.txt"; fail "the archive hook did not run"; }
mkdir "$work/broken"
cp -r "$SRC/corpus/sample/." "$work/broken/"
echo '{"imageLayoutVersion":"2.0.0"}' >"$work/broken/oci-layout"
tar -C "$work/broken" -czf images/broken.tar.gz .
git add images/broken.tar.gz
try_commit broken-archive
[ "$rc" -ne 0 ] || fail "a broken archive was committed"
grep -q 'LYT-003' "$work/broken-archive.txt" || { cat "$work/broken-archive.txt"; fail "no report for the archive"; }
git rm -q --cached images/broken.tar.gz

# args reach ocivalidate: the good layout has warnings, --fail-on=warning fails it.
configure "- id: ocivalidate" "  args: [--fail-on=warning]"
set +e
pre-commit run --files images/good/index.json >"$work/strict.txt" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || { cat "$work/strict.txt"; fail "--fail-on=warning did not fail a layout with warnings"; }
grep -q 'INVALID' "$work/strict.txt" || { cat "$work/strict.txt"; fail "no INVALID verdict with --fail-on=warning"; }

# The wrapper's exit code is ocivalidate's contract over all images: 1 when
# one is invalid, 2 when one cannot be validated (a tar that is no image).
hook() { set +e; ocivalidate-pre-commit "$@" >"$work/hook.txt" 2>&1; rc=$?; set -e; }
tar -cf "$work/notes.tar" README.md
hook images/good/index.json "images/good/blobs/sha256/$blob"
[ "$rc" -eq 0 ] || { cat "$work/hook.txt"; fail "the wrapper failed a good layout: $rc"; }
[ "$(grep -c 'VALID' "$work/hook.txt")" -eq 1 ] || { cat "$work/hook.txt"; fail "one layout was not validated exactly once"; }
hook images/good/index.json --fail-on=warning
[ "$rc" -eq 1 ] || fail "the wrapper gave $rc for an invalid layout"
hook "$work/notes.tar" images/good/index.json --fail-on=warning
[ "$rc" -eq 2 ] || fail "the wrapper gave $rc for a tar that is no image"
echo "PASS: pre-commit hooks"
