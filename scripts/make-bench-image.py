#!/usr/bin/env python3
"""Writes an OCI layout for benchmarks: LAYERS gzip layers of about MIB MiB each,
made of tar archives of real files from /usr (repeated as needed); or, with
--members N, two gzip layers of N members each: N small files, then a layer
that whites out every other one and hard-links the rest (the shape of
tests/layer_rules_test.cpp's large_layers_are_checked_whole).

Usage: make-bench-image.py OUT LAYERS MIB
       make-bench-image.py OUT --members N
"""
import hashlib, io, json, os, subprocess, sys, tarfile
out = sys.argv[1]
members = int(sys.argv[3]) if sys.argv[2] == "--members" else 0
layers, mib = (2, 0) if members else (int(sys.argv[2]), int(sys.argv[3]))
os.makedirs(f"{out}/blobs/sha256", exist_ok=True)
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    open(f"{out}/blobs/sha256/{d}", "wb").write(data)
    return "sha256:" + d, len(data)
def many_members(i):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for k in range(members):
            d = f"d{k % 100}/s{k % 1000}"
            if i == 0:
                info, data = tarfile.TarInfo(f"{d}/f{k}"), b"x"
                info.size = 1
                tar.addfile(info, io.BytesIO(data))
            elif k % 2 == 0:
                tar.addfile(tarfile.TarInfo(f"{d}/.wh.f{k}"))
            else:
                info = tarfile.TarInfo(f"{d}/g{k}")
                info.type, info.linkname = tarfile.LNKTYPE, f"{d}/f{k}"
                tar.addfile(info)
    return buf.getvalue()
files = []
for base in () if members else ("/usr/lib", "/usr/share", "/usr/bin"):
    for dirpath, _, names in os.walk(base):
        for n in names:
            p = os.path.join(dirpath, n)
            if os.path.isfile(p) and not os.path.islink(p):
                files.append(p)
files.sort()
descs, diff_ids = [], []
for i in range(layers):
    target = mib << 20
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        size, k = 0, 0
        while size < target:
            p = files[k % len(files)]
            arc = f"layer{i}/copy{k // len(files)}{p}"
            try:
                tar.add(p, arcname=arc)
                size += os.path.getsize(p)
            except OSError:
                pass
            k += 1
    raw = many_members(i) if members else buf.getvalue()
    diff_ids.append("sha256:" + hashlib.sha256(raw).hexdigest())
    gz = subprocess.run(["pigz", "-6", "-c"], input=raw, stdout=subprocess.PIPE, check=True).stdout
    d, s = blob(gz)
    descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": s})
config = json.dumps({"architecture": "amd64", "os": "linux",
                     "rootfs": {"type": "layers", "diff_ids": diff_ids},
                     "history": [{"created_by": "bench"} for _ in diff_ids]}).encode()
cd, cs = blob(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
                       "layers": descs}).encode()
md, ms = blob(manifest)
open(f"{out}/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
open(f"{out}/index.json", "w").write(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
    "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": ms,
                   "platform": {"architecture": "amd64", "os": "linux"},
                   "annotations": {"org.opencontainers.image.ref.name": "bench"}}]}))
print(sum(len(open(f"{out}/blobs/sha256/" + x["digest"][7:], "rb").read()) for x in descs))
