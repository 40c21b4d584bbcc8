#!/usr/bin/python3
"""Read a JUnit XML report the way GitLab's unit test report shows it, and fail where GitLab
would show less than the report holds:
  - a test is keyed on classname and name; of duplicates GitLab keeps only the first
    ("If you have duplicate test names, only the first test is used", docs.gitlab.com
    ci/testing/unit_test_reports);
  - a failure or error shows its element's text only, never its message attribute
    (gitlab-org/gitlab-foss issue 53668): an empty body, or a message the body does not
    contain, is lost detail;
  - a report whose cases all fail, err or are skipped shows no passing test; Jenkins fails a
    build on a report without results, so passing cases must be present unless the run
    could not validate at all (one erroring case).
Prints what GitLab would list; exit 1 on any problem.
Usage: junit_gitlab_view.py REPORT"""
import collections, re, sys
import xml.etree.ElementTree as ET

def main(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"  cannot parse {path}: {e}")
        return 1
    problems = []
    status = collections.Counter()
    keys = collections.Counter()
    for case in root.iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        keys[key] += 1
        outcome = "success"
        for kind in ("failure", "error", "skipped"):
            element = case.find(kind)
            if element is None:
                continue
            outcome = kind
            body = (element.text or "").strip()
            if kind in ("failure", "error"):
                if not body:
                    problems.append(f"{key}: the {kind} has no text: GitLab shows nothing")
                # A count before the first message ("3 findings: ...") sums up the body.
                message = re.sub(r"^\d+ findings: ", "", (element.get("message") or "").strip())
                if message and message not in body:
                    problems.append(f"{key}: the {kind} message is not in its text: GitLab drops it")
            break
        status[outcome] += 1
    for key, n in keys.items():
        if n > 1:
            problems.append(f"{key}: {n} test cases share classname and name: GitLab keeps the first")
    total = sum(status.values())
    could_not_validate = total == 1 and status["error"] == 1
    if total == 0:
        problems.append("no test case at all")
    elif status["success"] == 0 and not could_not_validate:
        problems.append("no passing test case: only failures and skips would be shown")
    print(f"  summary: gitlab would show tests={total} "
          + " ".join(f"{k}={status[k]}" for k in ("success", "failure", "error", "skipped")))
    for p in problems[:40]:
        print(f"  {p}")
    return 1 if problems else 0

if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
