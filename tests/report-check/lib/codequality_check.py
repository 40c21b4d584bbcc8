#!/usr/bin/python3
"""Check a GitLab Code Quality report: valid against schemas/gitlab-codequality.schema.json
(written from GitLab's documentation of the format) with Debian's python3-jsonschema, and what
a schema cannot express: every fingerprint unique (GitLab shows only the first issue of a
fingerprint). Prints a summary; exit 1 on any problem.
Usage: codequality_check.py SCHEMA REPORT"""
import collections, json, sys
import jsonschema

def main(schema_path, path):
    problems = []
    try:
        report = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"  cannot read {path}: {e}")
        return 1
    schema = json.load(open(schema_path, encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    for error in sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"schema: /{where}: {error.message}")
    if isinstance(report, list):
        counts = collections.Counter(i.get("fingerprint") for i in report if isinstance(i, dict))
        for fingerprint, n in counts.items():
            if n > 1:
                problems.append(f"fingerprint {fingerprint} is used {n} times (GitLab shows the first only)")
        severities = collections.Counter(i.get("severity") for i in report if isinstance(i, dict))
        print(f"  summary: codequality issues={len(report)} "
              + " ".join(f"{k}={v}" for k, v in sorted(severities.items(), key=str)))
    for p in problems[:40]:
        print(f"  {p}")
    return 1 if problems else 0

if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
