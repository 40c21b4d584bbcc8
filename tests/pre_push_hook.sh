#!/usr/bin/env bash
# End-to-end test of scripts/pre-push-hook.sh with a real bare repository and
# real `git push`es: a valid image layout is pushed, a corrupted one is
# refused and the remote keeps its previous commit; the reports the hook
# writes are checked by the real SARIF/JUnit consumers.
# Usage: pre_push_hook.sh OCIVALIDATE_BINARY SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" hook "$@"
export GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_CONFIG_NOSYSTEM=1
git config --global user.email test@example.invalid
git config --global user.name test
git config --global init.defaultBranch main

git init -q --bare "$work/remote.git"
git clone -q "$work/remote.git" "$work/repo" 2>/dev/null
cd "$work/repo"
ln -s "$SRC/scripts/pre-push-hook.sh" .git/hooks/pre-push
export OCIVALIDATE="$BIN" OCIVALIDATE_REPORT_DIR="$work/reports-valid"

mkdir images
cp -r "$SRC/corpus/sample" images/app
echo "readme" >README
git add -A && git commit -qm "valid image"
git push -q origin main >"$work/push1.log" 2>&1 || { cat "$work/push1.log"; fail "a valid image was refused"; }
good="$(git rev-parse HEAD)"
[ "$(git -C "$work/remote.git" rev-parse main)" = "$good" ] || fail "the remote did not get the valid commit"
grep -q "images/app" "$work/push1.log" || fail "the hook did not validate images/app"

# Corrupt the image's layer (named by its manifest) under its unchanged
# name, and commit.
blob="$(/usr/bin/python3 - images/app <<'PY'
import json, os, sys
root = sys.argv[1]
blob = lambda d: os.path.join(root, "blobs", *d.split(":"))
index = json.load(open(os.path.join(root, "index.json")))
print(blob(json.load(open(blob(index["manifests"][0]["digest"])))["layers"][0]["digest"]))
PY
)"
[ -f "$blob" ] || fail "no layer blob found in images/app"
printf 'X' | dd of="$blob" bs=1 seek=100 conv=notrunc status=none
git commit -qam "corrupted layer"
export OCIVALIDATE_REPORT_DIR="$work/reports-refused"
if git push -q origin main >"$work/push2.log" 2>&1; then
  cat "$work/push2.log"
  fail "a corrupted image was pushed"
fi
grep -q "DIG-007" "$work/push2.log" || { cat "$work/push2.log"; fail "the refusal does not name DIG-007"; }
grep -q "push refused: images/app" "$work/push2.log" || fail "the refusal does not name the layout"
[ "$(git -C "$work/remote.git" rev-parse main)" = "$good" ] || fail "the remote moved to the corrupted commit"

# Uncommitted damage does not count: the hook validates the pushed commit.
export OCIVALIDATE_REPORT_DIR="$work/reports-fixed"
git revert --no-edit HEAD >/dev/null
printf 'Y' | dd of="$blob" bs=1 seek=100 conv=notrunc status=none
git push -q origin main >"$work/push3.log" 2>&1 || { cat "$work/push3.log"; fail "the fixed commit was refused"; }
grep -q "images/app" "$work/push3.log" || fail "the hook did not validate the fixed images/app"

for kind in valid refused fixed; do
  sarif="$work/reports-$kind/images_app.sarif" junit="$work/reports-$kind/images_app.junit.xml"
  [ -s "$sarif" ] && [ -s "$junit" ] || fail "the hook wrote no $kind reports"
  grep -q '"uri": "images/app/' "$sarif" || fail "SARIF paths are not repository-relative"
  "$SRC/tests/report-check/check-reports" --no-install --sarif "$sarif" --junit "$junit" ||
    fail "a consumer rejects the hook's $kind reports"
done
# Only the refused push found the corrupted layer.
for kind in valid refused fixed; do
  sarif="$work/reports-$kind/images_app.sarif" junit="$work/reports-$kind/images_app.junit.xml"
  if [ "$kind" = refused ]; then
    sarif_has "$sarif" "DIG-007 reported" || fail "the SARIF report misses DIG-007"
    junit_fails "$junit" DIG-007 || fail "the JUnit report has no DIG-007 failure"
  else
    ! sarif_has "$sarif" "DIG-007 .*" || fail "the $kind SARIF report has DIG-007"
    ! junit_fails "$junit" DIG-007 || fail "the $kind JUnit report fails DIG-007"
  fi
done
echo "PASS: pre-push hook"
