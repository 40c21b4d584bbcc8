#!/usr/bin/env bash
# scripts/ocivalidate-push, the validate-then-copy recipe for pushing
# images, with the real skopeo: to a directory destination (skopeo's dir:
# transport) and to a loopback registry (Debian's docker-registry on
# 127.0.0.1, started and stopped here). A valid image is copied (and pulled
# back, it validates); an invalid one exits 1 and a missing one 2 with
# nothing copied; a source ocivalidate does not read (skopeo's dir:) is
# staged, validated and copied; a failed copy exits 3; options reach
# ocivalidate and skopeo.
# Usage: push_check.sh OCIVALIDATE_BINARY SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" push "$@"
command -v skopeo >/dev/null || fail "skopeo is not installed (scripts/setup.sh installs it)"
PUSH="$SRC/scripts/ocivalidate-push"
export OCIVALIDATE="$BIN"
cd "$work"
cp -r "$SRC/corpus/sample" good
cp -r "$SRC/corpus/sample" bad
echo '{"imageLayoutVersion":"2.0.0"}' >bad/oci-layout

push() {  # push ARGS...: exit code in $rc, output in push.txt
  set +e
  "$PUSH" "$@" >push.txt 2>&1
  rc=$?
  set -e
}

# Directory destinations.
push oci:good:1.0 dir:out-good
[ "$rc" -eq 0 ] || { cat push.txt; fail "a valid image was not copied: $rc"; }
[ -f out-good/manifest.json ] || fail "skopeo wrote no manifest.json to the destination"
push good:1.0 dir:out-path
[ "$rc" -eq 0 ] && [ -f out-path/manifest.json ] || { cat push.txt; fail "a layout path with a tag: $rc"; }
push oci:bad:1.0 dir:out-bad
[ "$rc" -eq 1 ] || { cat push.txt; fail "an invalid image gave $rc, not 1"; }
grep -q LYT-003 push.txt || fail "the report is not shown"
[ ! -e out-bad ] || fail "an invalid image was copied"
push oci:missing:1.0 dir:out-missing
[ "$rc" -eq 2 ] && [ ! -e out-missing ] || { cat push.txt; fail "a missing image gave $rc"; }
push --fail-on=warning oci:good:1.0 dir:out-strict
[ "$rc" -eq 1 ] && [ ! -e out-strict ] || { cat push.txt; fail "--fail-on=warning did not stop a layout with warnings"; }
push --sarif=good.sarif oci:good:1.0 dir:out-sarif
[ "$rc" -eq 0 ] && [ -s good.sarif ] || fail "--sarif did not reach ocivalidate"
# skopeo's dir: layout is no OCI layout: staged, validated, copied.
push dir:out-good oci:out-restaged:1.0
[ "$rc" -eq 0 ] || { cat push.txt; fail "a dir: source was not staged and copied: $rc"; }
grep -q 'into a private layout' push.txt || fail "the dir: source was not staged"
"$BIN" oci:out-restaged:1.0 >/dev/null || fail "the restaged copy does not validate"
push dir:does-not-exist oci:out-nothing:1.0
[ "$rc" -eq 2 ] && [ ! -e out-nothing ] || { cat push.txt; fail "an unreadable dir: source gave $rc"; }
# /proc takes no new directory: skopeo fails to write there.
push oci:good:1.0 dir:/proc/ocivalidate-push-test
[ "$rc" -eq 3 ] || { cat push.txt; fail "a failed copy gave $rc, not 3"; }

# A loopback registry.
command -v docker-registry >/dev/null || fail "docker-registry is not installed (scripts/setup-test-tools.sh installs it)"
port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >registry.yml <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve registry.yml >registry.log 2>&1 &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do
  curl -sf "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/v2/" >/dev/null || { cat registry.log; fail "the registry did not start"; }
registry="docker://127.0.0.1:$port/ocivalidate/sample"
push oci:good:1.0 "$registry:1.0" --dest-tls-verify=false
[ "$rc" -eq 0 ] || { cat push.txt; fail "a valid image was not pushed: $rc"; }
skopeo copy --quiet --src-tls-verify=false "$registry:1.0" oci:pulled:1.0
"$BIN" oci:pulled:1.0 >pulled.txt || { cat pulled.txt; fail "the image pulled back does not validate"; }
push oci:bad:1.0 "$registry:bad" --dest-tls-verify=false
[ "$rc" -eq 1 ] || { cat push.txt; fail "an invalid image gave $rc"; }
tags="$(curl -sf "http://127.0.0.1:$port/v2/ocivalidate/sample/tags/list")"
[ "$tags" = '{"name":"ocivalidate/sample","tags":["1.0"]}' ] || fail "the registry holds: $tags"
echo "PASS: ocivalidate-push to a directory and to a loopback registry"
