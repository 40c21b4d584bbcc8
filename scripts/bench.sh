#!/usr/bin/env bash
# Benchmark: ocivalidate against the floor (hash + decompress pipelines over
# the same blobs) and the peer tools from Debian, on
#   (1) a realistic two-tag httpd-like layout built by real tools, and
#   (2) generated images: one 1 GiB single-layer gzip image, one with two
#       512 MiB gzip layers, and one with two layers of 100,000 small members
#       (whiteouts and hard links).
# Wall time and peak RSS come from GNU time (median wall of $RUNS runs, 3 by
# default); ratios are from the same benchmark run.
# Results are written to scripts/BENCHMARK.md (override with RESULTS=...).
#
# Each image is also measured as archives (oci-archive, docker-archive, and
# both piped on standard input), against the directory, against hashing the
# whole archive file, and against the peers that read archives here.
#
# Each image is also pushed with skopeo to Debian's docker-registry, started
# here on 127.0.0.1 with TLS (a CA made with openssl), and validated from
# there (docker://), against the directory, against `skopeo copy docker://…
# oci:DIR` alone and followed by a directory validation, and the floor's
# pipelines fed by curl from the registry against the same pipelines
# reading the directory; the registry's access log says how many requests
# each blob took.
# BENCH_ONLY=registry runs only those tables and replaces the "## Registry"
# section of $RESULTS, leaving the rest as it was.
#
# Usage: scripts/bench.sh [REAL_LAYOUT]
#   REAL_LAYOUT  an OCI layout with two tags (default: $REAL_IMAGES/buildah-httpd,
#                REAL_IMAGES defaulting to /work/real-images, as written by
#                shared/tools/build-real-images.sh). Skipped with a note if absent.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RESULTS="${RESULTS:-$ROOT/scripts/BENCHMARK.md}"
REAL_LAYOUT="${1:-${REAL_IMAGES:-/work/real-images}/buildah-httpd}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocv-bench.XXXXXX")"
trap 'stop_registry; rm -rf "$WORK"' EXIT

"$ROOT/scripts/build.sh" --target ocivalidate >/dev/null
OCV="$ROOT/${BUILD_DIR:-build}/ocivalidate"
export DEBIAN_FRONTEND=noninteractive
for tool in igzip:isal oci-image-tool:oci-image-tool umoci:umoci skopeo:skopeo /usr/bin/time:time pigz:pigz docker-registry:docker-registry openssl:openssl; do
  command -v "${tool%%:*}" >/dev/null || apt-get install -y -qq --no-install-recommends "${tool##*:}" >/dev/null
done
INFLATE="igzip -dc"
command -v igzip >/dev/null || INFLATE="pigz -dc"

# run NAME COMMAND... : prints "NAME<TAB>wall_s<TAB>peak_rss_kb<TAB>exit", the
# median wall time and the largest peak RSS of $RUNS runs (a shared machine
# has spikes that one run can land on).
RUNS="${RUNS:-3}"
run() {
  local name="$1"; shift
  local walls=() rss_max=0 rc=0 i wall rss
  for ((i = 0; i < RUNS; i++)); do
    sync
    local out="$WORK/time.$RANDOM"
    set +e
    /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>"$WORK/stderr"
    rc=$?
    set -e
    # GNU time puts "Command exited with non-zero status N" first when
    # the command fails (an image with findings): the figures are last.
    read -r wall rss < <(tail -n 1 "$out")
    walls+=("$wall")
    ((rss > rss_max)) && rss_max=$rss
  done
  local median; median="$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')"
  printf '%s\t%s\t%s\t%s\n' "$name" "$median" "$rss_max" "$rc"
}

# pair_ratio COMMAND_A -- COMMAND_B : the median over $PAIRS runs (7 by
# default) of wall(A) / wall(B), A and B run in turn, A B A B ..., after one
# warm-up of each: on a shared machine whose speed drifts, the two commands
# of a pair see the same load, which medians of separate runs do not.
PAIRS="${PAIRS:-7}"
wall_of() {  # COMMAND... : wall seconds of one run (microseconds from bash)
  local t0 t1
  sync
  t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }'
}
pair_ratio() {
  local a=() b=() i ratios=()
  while [ "$1" != "--" ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  wall_of "${a[@]}" >/dev/null
  wall_of "${b[@]}" >/dev/null
  for ((i = 0; i < PAIRS; i++)); do
    local ta tb
    ta="$(wall_of "${a[@]}")"
    tb="$(wall_of "${b[@]}")"
    ratios+=("$(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.4f", a / b }')")
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%.2f (%.2f–%.2f)", a[int((NR + 1) / 2)], a[1], a[NR]}'
}

# The floor: read every blob once through sha256sum, and every gzip layer
# once more through inflate | sha256sum — on two cores, like ocivalidate.
floor_script() {
  local layout="$1"
  cat >"$WORK/floor.sh" <<FLOOR
#!/usr/bin/env bash
set -e
cd "$layout/blobs/sha256"
ls -S | xargs -P2 -n1 sh -c 'if [ "\$(head -c2 "\$0" | od -An -tx1 | tr -d " ")" = "1f8b" ]; then $INFLATE "\$0" | openssl dgst -sha256 >/dev/null; fi; openssl dgst -sha256 "\$0" >/dev/null'
FLOOR
  chmod +x "$WORK/floor.sh"
  echo "$WORK/floor.sh"
}

# make_gzip_image DIR LAYERS MIB_PER_LAYER : a layout whose layers are tar
# archives of real files from /usr (repeated as needed), gzip-compressed.
make_gzip_image() {
  /usr/bin/python3 "$ROOT/scripts/make-bench-image.py" "$@"
}

uncompressed_bytes() {  # total tar bytes of the gzip layers of a layout
  local total=0 f
  for f in "$1"/blobs/sha256/*; do
    if [ "$(head -c2 "$f" | od -An -tx1 | tr -d ' ')" = "1f8b" ]; then
      total=$((total + $($INFLATE "$f" | wc -c)))
    fi
  done
  echo "$total"
}

bench_layout() {  # LABEL LAYOUT TAG
  local label="$1" layout="$2" tag="$3"
  local floor; floor="$(floor_script "$layout")"
  run "ocivalidate" "$OCV" "$layout"
  run "ocivalidate -j1" "$OCV" -j1 "$layout"
  run "floor: sha256 + $INFLATE|sha256, 2 jobs" "$floor"
  # Inflating the largest layer alone, on one core: no validator that
  # decompresses can finish before this (gzip inflation is sequential).
  local largest; largest="$(ls -S "$layout/blobs/sha256" | head -1)"
  run "floor: $INFLATE of the largest layer alone" sh -c "$INFLATE '$layout/blobs/sha256/$largest' >/dev/null"
  # oci-image-tool checks one ref per run: run it for every tag of the layout.
  local refs; refs="$(/usr/bin/python3 -c 'import json,sys; print(" ".join(m["annotations"]["org.opencontainers.image.ref.name"] for m in json.load(open(sys.argv[1]))["manifests"]))' "$layout/index.json")"
  run "oci-image-tool validate --type image (every tag)" sh -c "for r in $refs; do oci-image-tool validate --type image --ref name=\$r '$layout' || exit 1; done"
  run "umoci unpack" sh -c "umoci unpack --image '$layout:$tag' '$WORK/bundle' && rm -rf '$WORK/bundle'"
  run "skopeo copy oci:… dir:…" sh -c "skopeo copy -q 'oci:$layout:$tag' 'dir:$WORK/dir' && rm -rf '$WORK/dir'"
}

table() {  # LABEL LAYOUT TAG ID : a markdown table with ratios to ocivalidate
  local label="$1" layout="$2" tag="$3" id="$4"
  local rows; rows="$(bench_layout "$label" "$layout" "$tag")"
  local base; base="$(echo "$rows" | awk -F'\t' 'NR==1 {print $2}')"
  local tar_bytes; tar_bytes="$(uncompressed_bytes "$layout")"
  echo "### $label"
  echo
  echo "$(du -sb "$layout/blobs" | cut -f1) bytes of blobs, $tar_bytes bytes of uncompressed gzip layers."
  local one_core; one_core="$(echo "$rows" | awk -F'\t' 'NR==2 {print $2}')"
  echo "ocivalidate: $(awk -v b="$tar_bytes" -v t="$base" 'BEGIN { printf "%.0f", b / t / 1e6 }') MB/s of uncompressed tar (wall); with -j1 (one core) $(awk -v b="$tar_bytes" -v t="$one_core" 'BEGIN { printf "%.0f", b / t / 1e6 }') MB/s."
  echo
  echo "| command | wall (s) | peak RSS (MiB) | exit | wall / ocivalidate |"
  echo "|---|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' -v base="$base" '{ printf "| %s | %.2f | %.1f | %s | %.2f |\n", $1, $2, $3 / 1024, $4, $2 / base }'
  echo
  # For the goals below: the rows and the uncompressed size.
  { echo "$tar_bytes"; echo "$rows"; } >"$WORK/rows.$id"
}

# archive_table LABEL LAYOUT TAG ID : the same image as an oci-archive (tar of
# the layout), a docker-archive (skopeo; uncompressed layers) and both piped
# on standard input; ratios to the directory, to hashing the whole file, and
# to the file, as the goals ask. Peers that read archives here: skopeo
# (docker-archive → oci) and umoci after tar -x.
archive_table() {
  local label="$1" layout="$2" tag="$3" id="$4"
  local oci="$WORK/$id.oci.tar" docker="$WORK/$id.docker.tar"
  tar -C "$layout" -cf "$oci" .
  skopeo copy -q "oci:$layout:$tag" "docker-archive:$docker:bench/image:$tag"
  local spooled_oci spooled_docker
  # (an image with findings exits 1: the report is what counts here)
  spooled_oci="$({ "$OCV" -f json - <"$oci" || true; } | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"].get("bytesSpooled", 0))')"
  spooled_docker="$({ "$OCV" -f json - <"$docker" || true; } | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"].get("bytesSpooled", 0))')"
  local rows
  rows="$(
    run "ocivalidate DIR" "$OCV" "$layout"
    run "ocivalidate x.oci.tar" "$OCV" "$oci"
    run "cat x.oci.tar | ocivalidate -" sh -c "cat '$oci' | '$OCV' -"
    run "ocivalidate x.docker.tar" "$OCV" "$docker"
    run "cat x.docker.tar | ocivalidate -" sh -c "cat '$docker' | '$OCV' -"
    run "openssl dgst -sha256 x.docker.tar" openssl dgst -sha256 "$docker"
    run "skopeo copy docker-archive:x.docker.tar oci:DIR" sh -c "skopeo copy -q 'docker-archive:$docker' 'oci:$WORK/copy:$tag' && rm -rf '$WORK/copy'"
    run "tar -xf x.oci.tar && umoci unpack" sh -c "mkdir '$WORK/x' && tar -C '$WORK/x' -xf '$oci' && umoci unpack --image '$WORK/x:$tag' '$WORK/bundle' && rm -rf '$WORK/x' '$WORK/bundle'"
  )"
  local base; base="$(echo "$rows" | awk -F'\t' 'NR==1 {print $2}')"
  echo "### $label, as archives"
  echo
  echo "oci-archive $(stat -c %s "$oci") bytes, docker-archive $(stat -c %s "$docker") bytes. Piped on standard input, ocivalidate spooled $spooled_oci bytes of the oci-archive and $spooled_docker bytes of the docker-archive (what could not be judged as it passed: every member up to the largest document parsed, 16 MiB, which may turn out to be a document); every larger layer went through the layer pass as it passed."
  echo
  echo "| command | wall (s) | peak RSS (MiB) | exit | wall / ocivalidate DIR |"
  echo "|---|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' -v base="$base" '{ name = $1; gsub(/\|/, "\\|", name); printf "| %s | %.2f | %.1f | %s | %.2f |\n", name, $2, $3 / 1024, $4, $2 / base }'
  echo
  { echo 0; echo "$rows"; } >"$WORK/rows.$id-archive"
  # The goals' ratios, each from alternating pairs (see pair_ratio).
  {
    echo "oci-file/dir	$(pair_ratio "$OCV" "$oci" -- "$OCV" "$layout")"
    echo "docker-file/sha256	$(pair_ratio "$OCV" "$docker" -- openssl dgst -sha256 "$docker")"
    echo "oci-pipe/file	$(pair_ratio sh -c "cat '$oci' | '$OCV' -" -- "$OCV" "$oci")"
    echo "docker-pipe/file	$(pair_ratio sh -c "cat '$docker' | '$OCV' -" -- "$OCV" "$docker")"
  } >"$WORK/pairs.$id"
  rm -f "$oci" "$docker"
}

archive_goals() {  # ID LABEL
  local id="$1-archive" label="$2" ok="met" no="not met"
  local pairs="$WORK/pairs.$1" r key goal text
  # Each ratio is the median of alternating pairs, with its range.
  while IFS='|' read -r key goal text; do
    r="$(awk -F'\t' -v k="$key" '$1 == k { print $2 }' "$pairs")"
    echo "| $label: $text ≤ $goal | $r | $(awk -v r="${r%% *}" -v g="$goal" -v ok="$ok" -v no="$no" 'BEGIN { print (r <= g ? ok : no) }') |"
  done <<'GOALS'
oci-file/dir|1.10|oci-archive file / directory
docker-file/sha256|1.20|docker-archive file / openssl dgst -sha256 of it
oci-pipe/file|1.30|cat oci-archive \| ocivalidate - / the file
docker-pipe/file|1.30|cat docker-archive \| ocivalidate - / the file
GOALS
  local rss; rss="$(tail -n +2 "$WORK/rows.$id" | awk -F'\t' 'index($1, "ocivalidate") > 0 { if ($3 > m) m = $3 } END { printf "%.1f", m / 1024 }')"
  echo "| $label: peak RSS of every ocivalidate archive form ≤ 64 MiB | $rss MiB | $(awk -v v="$rss" -v ok="$ok" -v no="$no" 'BEGIN { print (v <= 64 ? ok : no) }') |"
}

# members_table LAYOUT : two layers of many small members, the second
# whiting out half of the first and hard-linking the rest: the cost of the
# layer stack, whiteouts and links rather than of bytes (the same shape as
# tests/layer_rules_test.cpp's large_layers_are_checked_whole, which checks
# the verdict and leaves the time to this table).
members_table() {
  local layout="$1" rows
  rows="$(
    run "ocivalidate" "$OCV" "$layout"
    run "ocivalidate -j1" "$OCV" -j1 "$layout"
    run "umoci unpack" sh -c "umoci unpack --image '$layout:bench' '$WORK/bundle' && rm -rf '$WORK/bundle'"
  )"
  local base; base="$(echo "$rows" | awk -F'\t' 'NR==1 {print $2}')"
  echo "### Generated: two layers of 100,000 members (whiteouts and hard links)"
  echo
  echo "| command | wall (s) | peak RSS (MiB) | exit | wall / ocivalidate |"
  echo "|---|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' -v base="$base" '{ printf "| %s | %.2f | %.1f | %s | %.2f |\n", $1, $2, $3 / 1024, $4, $2 / base }'
  echo
  { echo 0; echo "$rows"; } >"$WORK/rows.members"
}

# field ID ROW_PREFIX COLUMN : a figure of a table's row (2 wall, 3 RSS kB)
field() {
  tail -n +2 "$WORK/rows.$1" | awk -F'\t' -v p="$2" -v c="$3" 'index($1, p) == 1 { print $c; exit }'
}

goals() {
  local ok="met" no="not met"
  echo "### Goals"
  echo
  echo "| goal | measured | |"
  echo "|---|---:|---|"
  if [ -f "$WORK/rows.real" ]; then
    local r; r="$(awk -v a="$(field real ocivalidate 2)" -v b="$(field real oci-image-tool 2)" 'BEGIN { printf "%.2f", a / b }')"
    echo "| realistic layout: ocivalidate / oci-image-tool ≤ 1.0 | $r | $(awk -v r="$r" -v ok="$ok" -v no="$no" 'BEGIN { print (r <= 1.0 ? ok : no) }') |"
  fi
  local t j1 rss two inflate
  t="$(field one ocivalidate 2)"; inflate="$(field one "floor: $INFLATE of the largest" 2)"
  echo "| 1 GiB layer in ≤ 1.5 s | $t s (inflating it alone: $inflate s) | $(awk -v t="$t" -v ok="$ok" -v no="$no" 'BEGIN { print (t <= 1.5 ? ok : no) }') |"
  j1="$(awk -v b="$(head -1 "$WORK/rows.one")" -v t="$(field one "ocivalidate -j1" 2)" 'BEGIN { printf "%.0f", b / t / 1e6 }')"
  echo "| one core (-j1) ≥ 450 MB/s of uncompressed tar | $j1 MB/s | $(awk -v v="$j1" -v ok="$ok" -v no="$no" 'BEGIN { print (v >= 450 ? ok : no) }') |"
  two="$(awk -v b="$(head -1 "$WORK/rows.two")" -v t="$(field two ocivalidate 2)" 'BEGIN { printf "%.0f", b / t / 1e6 }')"
  echo "| two layers on two cores ≥ 900 MB/s | $two MB/s | $(awk -v v="$two" -v ok="$ok" -v no="$no" 'BEGIN { print (v >= 900 ? ok : no) }') |"
  rss="$(awk -v k="$(field one ocivalidate 3)" 'BEGIN { printf "%.1f", k / 1024 }')"
  echo "| peak RSS on the 1 GiB layer ≤ 32 MiB | $rss MiB | $(awk -v v="$rss" -v ok="$ok" -v no="$no" 'BEGIN { print (v <= 32 ? ok : no) }') |"
  t="$(field members "ocivalidate" 2)"
  echo "| two layers of 100,000 members in ≤ 5 s | $t s | $(awk -v t="$t" -v ok="$ok" -v no="$no" 'BEGIN { print (t <= 5 ? ok : no) }') |"
  [ -f "$WORK/rows.real-archive" ] && archive_goals real "realistic layout"
  archive_goals one "1 GiB layer"
  echo
}

# The loopback registry: docker-registry on 127.0.0.1, TLS from a CA made
# here, no authentication; its access log (one line per request) is kept.
REG_PID=""
start_registry() {
  local d="$WORK/registry" port
  mkdir -p "$d/certs"
  (
    cd "$d"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key \
      -out certs/ca.crt -days 2 -subj '/CN=ocivalidate bench CA' 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key \
      -out server.csr -subj /CN=127.0.0.1 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\n' >ext
    openssl x509 -req -in server.csr -CA certs/ca.crt -CAkey ca.key -CAcreateserial \
      -out server.crt -days 2 -extfile ext 2>/dev/null
  )
  port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  cat >"$d/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $d/storage
http:
  addr: 127.0.0.1:$port
  tls:
    certificate: $d/server.crt
    key: $d/server.key
CONFIG
  docker-registry serve "$d/config.yml" >"$d/access.log" 2>"$d/registry.err" &
  REG_PID=$!
  REG="127.0.0.1:$port"
  REG_CERTS="$d/certs"
  REG_LOG="$d/access.log"
  local i
  for ((i = 0; i < 100; i++)); do
    curl -sf --cacert "$REG_CERTS/ca.crt" "https://$REG/v2/" >/dev/null && return 0
    sleep 0.1
  done
  echo "bench: docker-registry did not start" >&2
  return 1
}
stop_registry() {
  if [ -n "$REG_PID" ]; then kill "$REG_PID" 2>/dev/null || true; wait "$REG_PID" 2>/dev/null || true; fi
  REG_PID=""
}

# registry_floor_script LAYOUT TAG REF ID : the floor's work fed from the
# registry: the manifest and every blob LAYOUT's TAG names fetched once
# with curl (the same TLS and HTTP/2 as ocivalidate), each through
# `openssl dgst -sha256` and, for a gzip layer, through $INFLATE into a
# second digest at the same time (tee), two blobs at a time, largest first.
registry_floor_script() {
  local layout="$1" tag="$2" ref="$3" id="$4" out="$WORK/floor-registry-$4.sh"
  local repo="${ref#*/}"
  repo="${repo%:*}"
  {
    echo '#!/usr/bin/env bash'
    echo 'set -eo pipefail'
    echo "curl -sf --cacert '$REG_CERTS/ca.crt' -H 'Accept: application/vnd.oci.image.manifest.v1+json' 'https://$REG/v2/$repo/manifests/$tag' | openssl dgst -sha256 >/dev/null"
    echo "xargs -P2 -n2 bash -c 'set -o pipefail; if [ \"\$1\" = gzip ]; then curl -sf --cacert \"$REG_CERTS/ca.crt\" \"\$0\" | tee >(openssl dgst -sha256 >/dev/null) | $INFLATE | openssl dgst -sha256 >/dev/null; else curl -sf --cacert \"$REG_CERTS/ca.crt\" \"\$0\" | openssl dgst -sha256 >/dev/null; fi' <<'BLOBS'"
    /usr/bin/python3 - "$layout" "$tag" "https://$REG/v2/$repo/blobs/" <<'PY'
import json, sys
layout, tag, base = sys.argv[1:]
index = json.load(open(layout + "/index.json"))
entry = next(m for m in index["manifests"]
             if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag)
manifest = json.load(open(layout + "/blobs/sha256/" + entry["digest"][7:]))
blobs = {d["digest"]: d for d in [manifest["config"]] + manifest["layers"]}
for d in sorted(blobs.values(), key=lambda d: -d["size"]):
    gz = d["mediaType"].endswith("gzip")
    print(base + d["digest"], "gzip" if gz else "plain")
PY
    echo 'BLOBS'
  } >"$out"
  chmod +x "$out"
  echo "$out"
}

# registry_table LABEL LAYOUT TAG ID : every tag of LAYOUT pushed to the
# loopback registry (tags that share layers share them there too), and TAG
# validated from there against the same image as a directory of its own
# (skopeo copy oci:LAYOUT:TAG oci:DIR: the directory then holds exactly
# what the registry run reads), against `skopeo copy docker://… oci:DIR`
# alone and followed by a directory validation; the goals' ratios come
# from alternating pairs (pair_ratio). Then one more run alone in the
# access log: each blob the image names must be fetched exactly once.
registry_table() {
  local label="$1" layout="$2" tag="$3" id="$4"
  local ref="$REG/bench-$id:$tag" t
  for t in $(/usr/bin/python3 -c 'import json,sys; print(" ".join(m["annotations"]["org.opencontainers.image.ref.name"] for m in json.load(open(sys.argv[1]))["manifests"]))' "$layout/index.json"); do
    skopeo copy -q --dest-cert-dir "$REG_CERTS" "oci:$layout:$t" "docker://$REG/bench-$id:$t"
  done
  local dir="$WORK/$id-tag"
  rm -rf "$dir"
  skopeo copy -q "oci:$layout:$tag" "oci:$dir:$tag"
  local reg=("$OCV" --cert-dir "$REG_CERTS" "docker://$ref")
  local reg_floor dir_floor
  reg_floor="$(registry_floor_script "$layout" "$tag" "$ref" "$id")"
  dir_floor="$WORK/floor-dir-$id.sh"
  cp "$(floor_script "$dir")" "$dir_floor"
  local pull="skopeo copy -q --src-cert-dir '$REG_CERTS' 'docker://$ref' 'oci:$WORK/pulled:$tag'"
  local rows
  rows="$(
    run "ocivalidate DIR (the tag alone)" "$OCV" "$dir"
    run "ocivalidate docker://…" "${reg[@]}"
    run "ocivalidate -j1 docker://…" "$OCV" -j1 --cert-dir "$REG_CERTS" "docker://$ref"
    run "skopeo copy docker://… oci:DIR" sh -c "$pull && rm -rf '$WORK/pulled'"
    run "skopeo copy docker://… oci:DIR, then ocivalidate DIR" sh -c "$pull && '$OCV' '$WORK/pulled'; rc=\$?; rm -rf '$WORK/pulled'; exit \$rc"
    run "floor: sha256 + $INFLATE|sha256, 2 jobs, from the directory" "$dir_floor"
    run "floor: the same fed by curl from the registry" "$reg_floor"
  )"
  {
    echo "registry/dir	$(pair_ratio "${reg[@]}" -- "$OCV" "$dir")"
    echo "registry/copy	$(pair_ratio "${reg[@]}" -- sh -c "$pull && rm -rf '$WORK/pulled'")"
    echo "registry/copy+dir	$(pair_ratio "${reg[@]}" -- sh -c "$pull && '$OCV' '$WORK/pulled' >/dev/null; rm -rf '$WORK/pulled'")"
    echo "floor/floor	$(pair_ratio "$reg_floor" -- "$dir_floor")"
    echo "j2/j1	$(pair_ratio "$OCV" -j2 --cert-dir "$REG_CERTS" "docker://$ref" -- "$OCV" -j1 --cert-dir "$REG_CERTS" "docker://$ref")"
  } >"$WORK/pairs.$id-registry"
  # The blobs the image names besides its manifest (config and layers),
  # each of which must be fetched once.
  local named
  named="$(/usr/bin/python3 -c 'import json,sys; m = json.load(open(sys.argv[1] + "/blobs/sha256/" + json.load(open(sys.argv[1] + "/index.json"))["manifests"][0]["digest"][7:])); print(len({d["digest"] for d in [m["config"]] + m["layers"]}))' "$dir")"
  # One more run, alone in the access log: its requests, and how many GETs
  # each blob took.
  local before after
  before="$(wc -l <"$REG_LOG")"
  "${reg[@]}" >/dev/null 2>&1 || true
  sleep 0.5
  after="$(wc -l <"$REG_LOG")"
  local log; log="$(tail -n +"$((before + 1))" "$REG_LOG" | head -n "$((after - before))")"
  local requests blob_gets distinct gets most http2
  requests="$(echo "$log" | grep -c '"[A-Z]* /v2/' || true)"
  http2="$(echo "$log" | grep -c 'HTTP/2.0"' || true)"
  blob_gets="$(echo "$log" | grep -o '"GET /v2/[^ ]*/blobs/sha256:[0-9a-f]*' | sort | uniq -c)"
  distinct="$(echo "$blob_gets" | grep -c . || true)"
  gets="$(echo "$blob_gets" | awk '{ n += $1 } END { print n + 0 }')"
  most="$(echo "$blob_gets" | awk 'BEGIN { m = 0 } { if ($1 > m) m = $1 } END { print m }')"
  local base; base="$(echo "$rows" | awk -F'\t' 'NR==1 {print $2}')"
  echo "### $label, from the loopback registry"
  echo
  echo "Every tag pushed with \`skopeo copy\` to docker-registry $(dpkg-query -W -f='${Version}' docker-registry) on 127.0.0.1 (TLS); tag $tag validated. The directory is that tag alone (\`skopeo copy oci:LAYOUT:$tag oci:DIR\`), $(du -sb "$dir/blobs" | cut -f1) bytes of blobs. One validation from the registry sent $requests requests ($http2 of them HTTP/2), by the registry's access log: $gets blob GETs for $distinct distinct blobs, of the $named the image names besides its manifest; at most $most GET per blob. Manifests, the referrers lookups and HEADs are the rest."
  echo
  echo "| command | wall (s) | peak RSS (MiB) | exit | wall / ocivalidate DIR |"
  echo "|---|---:|---:|---:|---:|"
  echo "$rows" | awk -F'\t' -v base="$base" '{ name = $1; gsub(/\|/, "\\|", name); printf "| %s | %.2f | %.1f | %s | %.2f |\n", name, $2, $3 / 1024, $4, $2 / base }'
  echo
  { echo "$most $gets $distinct $named"; echo "$rows"; } >"$WORK/rows.$id-registry"
  rm -rf "$dir"
}

registry_goals() {  # ID LABEL
  local id="$1-registry" label="$2" ok="met" no="not met"
  local pairs="$WORK/pairs.$id" most gets distinct named r key goal text rss
  read -r most gets distinct named < <(head -1 "$WORK/rows.$id")
  local once="$no"
  [ "$most" = 1 ] && [ "$gets" = "$named" ] && [ "$distinct" = "$named" ] && once="$ok"
  echo "| $label: each blob fetched exactly once (GETs / blobs named; most GETs of one blob) | $gets / $named; $most | $once |"
  # Each ratio is the median of alternating pairs, with its range.
  while IFS='|' read -r key goal text; do
    r="$(awk -F'\t' -v k="$key" '$1 == k { print $2 }' "$pairs")"
    echo "| $label: $text | $r | $(awk -v r="${r%% *}" -v g="$goal" -v ok="$ok" -v no="$no" 'BEGIN { print (r <= g ? ok : no) }') |"
  done <<'GOALS'
registry/dir|1.30|registry / the same image as a directory ≤ 1.30
registry/copy|0.9999|registry / skopeo copy docker://… oci:DIR alone < 1
registry/copy+dir|0.9999|registry / (skopeo copy, then ocivalidate DIR) < 1
GOALS
  r="$(awk -F'\t' '$1 == "floor/floor" { print $2 }' "$pairs")"
  echo "| $label: the floor's own registry / directory: the same hashing and inflating fed by curl from the registry, against reading the directory (what TLS, HTTP and the registry server cost any client; measured, no goal) | $r | |"
  r="$(awk -F'\t' '$1 == "j2/j1" { print $2 }' "$pairs")"
  echo "| $label: -j2 / -j1 from the registry (two blob streams at once; measured, no goal) | $r | |"
  rss="$(tail -n +2 "$WORK/rows.$id" | awk -F'\t' 'index($1, "ocivalidate") == 1 && index($1, "docker") > 0 { if ($3 > m) m = $3 } END { printf "%.1f", m / 1024 }')"
  echo "| $label: peak RSS validating from the registry ≤ 64 MiB | $rss MiB | $(awk -v v="$rss" -v ok="$ok" -v no="$no" 'BEGIN { print (v <= 64 ? ok : no) }') |"
}

registry_section() {
  # Runs in a subshell of its own (a pipeline, a command substitution):
  # the registry it starts is stopped when it ends, however it ends.
  trap stop_registry EXIT
  echo "## Registry"
  echo
  echo "Measured by \`BENCH_ONLY=registry scripts/bench.sh\` (or the whole script) on $(date -u +%Y-%m-%d): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg) at its start (other work shares the machine); median wall time (largest peak RSS) of $RUNS runs; the goals' ratios are medians (and ranges) of $PAIRS alternating pairs."
  echo
  start_registry
  if [ -f "$REAL_LAYOUT/index.json" ]; then
    registry_table "Realistic two-tag httpd-like layout" "$REAL_LAYOUT" 2.4.48 real
  fi
  [ -d "$WORK/one" ] || make_gzip_image "$WORK/one" 1 1024 >/dev/null
  registry_table "Generated: one 1 GiB gzip layer" "$WORK/one" bench one
  stop_registry
  echo "### Registry goals"
  echo
  echo "| goal | measured | |"
  echo "|---|---:|---|"
  [ -f "$WORK/rows.real-registry" ] && registry_goals real "realistic layout"
  registry_goals one "1 GiB layer"
  echo
}

if [ "${BENCH_ONLY:-}" = registry ]; then
  section="$(registry_section)"
  if [ -f "$RESULTS" ]; then
    # Replace the "## Registry" section (up to the next "## " heading).
    SECTION="$section" /usr/bin/python3 - "$RESULTS" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path).read()
section = os.environ["SECTION"].rstrip() + "\n"
m = re.search(r"^## Registry\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
text = text[:m.start()] + section + ("\n" + text[m.end():] if m.end() < len(text) else "") if m else text.rstrip() + "\n\n" + section
open(path, "w").write(text)
PY
  else
    echo "$section" >"$RESULTS"
  fi
  cat "$RESULTS"
  exit 0
fi

# The resource suite's figures (scripts/resource-figures.sh) and the
# image-level work (instruction counts, measured by hand as the section
# says) are kept as they were.
kept_section() {
  [ -f "$RESULTS" ] && sed -n "/^## $1\$/,/^## /{/^## $1\$/p;/^## /!p}" "$RESULTS"
}
resource_section="$(kept_section "Resource suite" || true)"
image_work_section="$(kept_section "Image-level work" || true)"

{
  echo "# ocivalidate benchmark"
  echo
  echo "Measured by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d): load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB, Debian $(cat /etc/debian_version)."
  echo "One benchmark run; each figure is the median wall time (largest peak RSS) of $RUNS runs of the command; ratios in the tables compare commands of the same benchmark run; the archive goals are medians (with their range) of $PAIRS ratios of the two commands run in turn, A B A B, a pair at a time. Peers: oci-image-tool $(dpkg-query -W -f='${Version}' oci-image-tool), umoci $(dpkg-query -W -f='${Version}' umoci), skopeo $(dpkg-query -W -f='${Version}' skopeo)."
  echo "The floor reads every blob once through \`openssl dgst -sha256\` and inflates every gzip layer through \`$INFLATE | openssl dgst -sha256\`, two blobs at a time. umoci and skopeo handle one tag (the one named in the table)."
  echo
  if [ -f "$REAL_LAYOUT/index.json" ]; then
    table "Realistic two-tag httpd-like layout (real tools)" "$REAL_LAYOUT" 2.4.48 real
    archive_table "Realistic two-tag httpd-like layout" "$REAL_LAYOUT" 2.4.48 real
  else
    echo "(realistic layout not found at $REAL_LAYOUT: build it with shared/tools/build-real-images.sh)"
    echo
  fi
  make_gzip_image "$WORK/one" 1 1024 >/dev/null
  table "Generated: one 1 GiB gzip layer" "$WORK/one" bench one
  archive_table "Generated: one 1 GiB gzip layer" "$WORK/one" bench one
  make_gzip_image "$WORK/two" 2 512 >/dev/null
  table "Generated: two 512 MiB gzip layers" "$WORK/two" bench two
  make_gzip_image "$WORK/members" --members 100000 >/dev/null
  members_table "$WORK/members"
  goals
  registry_section
  [ -z "$resource_section" ] || printf '\n%s\n' "$resource_section"
  [ -z "$image_work_section" ] || printf '\n%s\n' "$image_work_section"
} | tee "$RESULTS"
