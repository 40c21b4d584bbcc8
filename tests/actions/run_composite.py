#!/usr/bin/python3
"""Check a composite action's action.yml and run its steps here, as a runner would.

  run_composite.py validate ACTION_YML SCHEMA
      validate action.yml (read with Debian's python3-yaml) against the metadata schema
      written from GitHub's documentation (python3-jsonschema); exit 1 on any error.
  run_composite.py run ACTION_YML WORKDIR [INPUT=VALUE...]
      run the composite steps in WORKDIR with the given inputs (defaults from action.yml,
      a required input missing is an error), the way GitHub's runner documents it: each
      `run` written to a file and started as `bash --noprofile --norc -eo pipefail FILE`
      for `shell: bash`; GITHUB_ACTION_PATH, GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_OUTPUT,
      GITHUB_PATH, GITHUB_ENV and GITHUB_STEP_SUMMARY set; the step's env evaluated; a
      step's GITHUB_OUTPUT read into steps.<id>.outputs; lines a step adds to GITHUB_PATH
      put in front of PATH for the later steps; a failing step ends the run. Only the
      expressions inputs.*, steps.<id>.outputs.*, runner.temp, github.action_path and
      github.workspace are known: any other is an error, never an empty string.
      Prints the action's outputs as JSON on the last line; exits with the failing
      step's exit code, else 0."""
import json, os, re, subprocess, sys, tempfile
import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def validate(action_path, schema_path):
    import jsonschema
    action = load(action_path)
    schema = json.load(open(schema_path, encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(action), key=lambda e: list(e.absolute_path))
    for e in errors:
        # A oneOf (runs: composite, JavaScript or Docker) says only that no
        # branch matched: the errors of each branch say where.
        for sub in [e] + sorted(e.context or [], key=lambda s: list(s.absolute_path)):
            where = "/".join(str(p) for p in sub.absolute_path) or "(root)"
            message = sub.message if len(sub.message) < 200 else sub.message[:200] + "..."
            print(f"  {where}: {message}")
    # What a schema cannot say: expressions name inputs and steps that exist.
    inputs = set((action.get("inputs") or {}).keys())
    steps = [s for s in (action.get("runs") or {}).get("steps") or [] if isinstance(s, dict)]
    ids = {s["id"] for s in steps if "id" in s}
    text = open(action_path, encoding="utf-8").read()
    for expr in EXPR.findall(text):
        m = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expr)
        if m and m.group(1) not in inputs:
            errors.append(expr); print(f"  expression {expr}: no such input")
        m = re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.[A-Za-z0-9_-]+", expr)
        if m and m.group(1) not in ids:
            errors.append(expr); print(f"  expression {expr}: no step with that id")
    print(f"  summary: action.yml {'valid' if not errors else 'INVALID'} ({len(steps)} steps, {len(inputs)} inputs)")
    return 1 if errors else 0


def read_output_file(path):
    """GITHUB_OUTPUT's two forms: name=value and name<<DELIMITER ... DELIMITER."""
    out, lines = {}, open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            j = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1:j])
            i = j + 1
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


def run(action_path, workdir, given):
    action = load(action_path)
    if (action.get("runs") or {}).get("using") != "composite":
        sys.exit("not a composite action")
    declared = action.get("inputs") or {}
    for name in given:
        if name not in declared:
            sys.exit(f"unknown input {name}")
    inputs = {}
    for name, spec in declared.items():
        if name in given:
            inputs[name] = given[name]
        elif spec.get("required") and "default" not in spec:
            sys.exit(f"the required input {name} is missing")
        else:
            inputs[name] = str(spec.get("default", ""))
    temp = tempfile.mkdtemp(prefix="runner-", dir=workdir)
    files = {k: os.path.join(temp, k.lower()) for k in ("GITHUB_PATH", "GITHUB_ENV", "GITHUB_STEP_SUMMARY")}
    for f in files.values():
        open(f, "w").close()
    context = {"runner.temp": temp, "github.action_path": os.path.dirname(os.path.abspath(action_path)),
               "github.workspace": os.path.abspath(workdir)}
    step_outputs = {}

    def evaluate(text):
        def one(m):
            expr = m.group(1)
            if expr in context:
                return context[expr]
            mi = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expr)
            if mi:
                return inputs[mi.group(1)]
            ms = re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expr)
            if ms:
                return step_outputs.get(ms.group(1), {}).get(ms.group(2), "")
            raise SystemExit(f"expression not known here: {expr}")
        return EXPR.sub(one, str(text))

    path_added, env_added, rc = [], {}, 0
    for n, step in enumerate(action["runs"]["steps"]):
        if "uses" in step or "if" in step:
            sys.exit(f"step {n}: only run steps without if are run here")
        if step["shell"] != "bash":
            sys.exit(f"step {n}: shell {step['shell']} is not run here")
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join(path_added[::-1] + [env.get("PATH", "")])
        env.update(env_added)
        output_file = os.path.join(temp, f"output-{n}")
        open(output_file, "w").close()
        env.update({"GITHUB_ACTION_PATH": context["github.action_path"], "GITHUB_WORKSPACE": context["github.workspace"],
                    "RUNNER_TEMP": temp, "GITHUB_OUTPUT": output_file, "GITHUB_ACTIONS": "true", "CI": "true"})
        env.update(files)
        for key, value in (step.get("env") or {}).items():
            env[key] = evaluate(value)
        script = os.path.join(temp, f"step-{n}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(evaluate(step["run"]))
        print(f"::step {step.get('name', n)}", flush=True)
        rc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workdir, env=env).returncode
        if "id" in step:
            step_outputs[step["id"]] = read_output_file(output_file)
        path_added += [l for l in open(files["GITHUB_PATH"]).read().splitlines() if l and l not in path_added]
        env_added.update(read_output_file(files["GITHUB_ENV"]))
        if rc != 0:
            print(f"::step {step.get('name', n)} failed with exit code {rc}", flush=True)
            break
    outputs = {name: evaluate(spec.get("value", "")) for name, spec in (action.get("outputs") or {}).items()}
    print(json.dumps(outputs, sort_keys=True))
    return rc


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "validate":
        sys.exit(validate(sys.argv[2], sys.argv[3]))
    if len(sys.argv) >= 4 and sys.argv[1] == "run":
        given = dict(a.split("=", 1) for a in sys.argv[4:])
        sys.exit(run(sys.argv[2], sys.argv[3], given))
    print(__doc__)
    sys.exit(2)
