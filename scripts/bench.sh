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
# Usage: scripts/bench.sh [REAL_LAYOUT]
#   REAL_LAYOUT  an OCI layout with two tags (default: $REAL_IMAGES/buildah-httpd,
#                REAL_IMAGES defaulting to /work/real-images, as written by
#                shared/tools/build-real-images.sh). Skipped with a note if absent.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RESULTS="${RESULTS:-$ROOT/scripts/BENCHMARK.md}"
REAL_LAYOUT="${1:-${REAL_IMAGES:-/work/real-images}/buildah-httpd}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocv-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

"$ROOT/scripts/build.sh" --target ocivalidate >/dev/null
OCV="$ROOT/${BUILD_DIR:-build}/ocivalidate"
export DEBIAN_FRONTEND=noninteractive
for tool in igzip:isal oci-image-tool:oci-image-tool umoci:umoci skopeo:skopeo /usr/bin/time:time pigz:pigz; do
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
} | tee "$RESULTS"
