#!/usr/bin/env python3
"""Checks that the source tree's modules depend on each other one way.

A module is a directory under validator/ or apps/, or another top-level
directory of sources as a whole (rules/, reports/). Module A depends on module B when a file of A has an
#include "..." of a file of B. The check fails when

  - the dependencies between modules form a cycle (each module must be
    buildable and understandable with only the modules below it), or
  - a module of a lower layer includes one of a higher layer. The layers,
    lowest first: the core library (validator/), the rule families and the
    report formats (rules/, reports/), the applications (apps/), or
  - a file of the core names a rule: an ID of a family that rules/ defines
    ("LAY-001", "LAY-*"), comments included, or a quoted family prefix
    ("LAY-"). The core reports typed facts and events; which rule they
    concern, and in what words, is said by the rule's definition in rules/.

Usage: check-layers.py [SOURCE_ROOT]   (default: the repository of this script)
Prints every violation with the include lines that make it; exit 1 if any.
"""
import os
import re
import sys

# The layer of each top-level directory of sources. A directory of sources
# that is in none of these, nor in NOT_MODULES, fails the check: a new
# module has to be given its place.
LAYERS = {"validator": 0, "rules": 1, "reports": 1, "apps": 2, "ruledocs": 2, "tools": 2}
LAYER_NAMES = ("core (validator/)", "rules/reports", "applications")
# Trees that use every layer (tests) or are not compiled into the product.
NOT_MODULES = ("tests", "build", "cmake", "scripts", "corpus", "schemas", "docs")
# Application directories still inside the core tree: they are ranked as
# applications so that the check holds them to the applications' place.
APPS_IN_CORE = ("apps/cli", "apps/conformance")
# A rule ID as rules/ defines it: "FAMILY-NNN".
RULE_ID = re.compile(r'"([A-Z]{2,5})-[0-9]{3}"')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc", ".hh")


def module_of(path):
    """The module a repository-relative path belongs to, or None."""
    parts = path.split("/")
    if parts[0] not in LAYERS:
        return None
    if parts[0] in ("validator", "apps"):
        return "/".join(parts[:2]) if len(parts) > 2 else parts[0]
    return parts[0]


def layer_of(module):
    return LAYERS[module.split("/")[0]]


def unplaced_directories(root):
    """Top-level directories holding sources that no layer names."""
    for entry in sorted(os.listdir(root)):
        if entry in LAYERS or entry.startswith((".", "build")) or entry in NOT_MODULES:
            continue
        for _, _, files in os.walk(os.path.join(root, entry)):
            if any(name.endswith(SOURCE_SUFFIXES) for name in files):
                yield entry
                break


def include_edges(root):
    """(including file, included file) for every quoted include that names a
    file of the tree, relative to the root or to the including file."""
    for top in LAYERS:
        for directory, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                path = os.path.relpath(os.path.join(directory, name), root)
                with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
                    for line in f:
                        match = INCLUDE.match(line)
                        if not match:
                            continue
                        target = match.group(1)
                        beside = os.path.normpath(os.path.join(os.path.dirname(path), target))
                        if os.path.isfile(os.path.join(root, target)):
                            yield path, target
                        elif os.path.isfile(os.path.join(root, beside)):
                            yield path, beside


def rule_families(root):
    """The family prefixes of the rule IDs rules/ defines."""
    families = set()
    for directory, _, files in os.walk(os.path.join(root, "rules")):
        for name in files:
            if name.endswith(SOURCE_SUFFIXES):
                with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as f:
                    families.update(RULE_ID.findall(f.read()))
    return families


def rule_names_in_core(root, families):
    """(path, line number, what it names) for every line of validator/ that
    names a rule ID, a family's wildcard or a quoted family prefix."""
    if not families:
        return
    alternatives = "|".join(sorted(families))
    mention = re.compile(rf'\b(?:{alternatives})-(?:[0-9]{{3}}\b|\*)|"(?:{alternatives})-')
    for directory, _, files in os.walk(os.path.join(root, "validator")):
        for name in sorted(files):
            path = os.path.relpath(os.path.join(directory, name), root)
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    for match in mention.finditer(line):
                        yield path, number, match.group(0)


def module_graph(root):
    """{module: {module it includes: [example include lines]}}"""
    graph = {}
    for path, target in include_edges(root):
        source, dest = module_of(path), module_of(target)
        if source is None or dest is None or source == dest:
            continue
        graph.setdefault(source, {}).setdefault(dest, []).append(f"{path} -> {target}")
        graph.setdefault(dest, {})
    return graph


def strongly_connected(graph):
    """Tarjan's algorithm; returns the components of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def cycle_in(graph, component):
    """One cycle through the first module of a strongly connected component."""
    start, members = component[0], set(component)
    path, seen = [start], {start}
    while True:
        succs = sorted(s for s in graph[path[-1]] if s in members)
        if start in succs and len(path) > 1:
            return path + [start]
        unseen = [s for s in succs if s not in seen]
        if not unseen:  # every member reaches start: close through a seen one
            nxt = succs[0]
            return path[path.index(nxt):] + [nxt]
        path.append(unseen[0])
        seen.add(unseen[0])


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    graph = module_graph(os.path.abspath(root))
    problems = 0
    for directory in unplaced_directories(os.path.abspath(root)):
        print(f"{directory}/ holds sources but is in no layer: add it to LAYERS in {__file__}")
        problems += 1
    for component in strongly_connected(graph):
        cycle = cycle_in(graph, component)
        print("include cycle between modules: " + " -> ".join(cycle))
        print("  modules that include each other: " + ", ".join(component))
        for a in component:
            for b in sorted(set(graph[a]) & set(component)):
                for line in graph[a][b]:
                    print(f"  {line}")
        problems += 1
    for source in sorted(graph):
        for dest in sorted(graph[source]):
            if layer_of(dest) > layer_of(source):
                print(f"{source} ({LAYER_NAMES[layer_of(source)]}) includes {dest} "
                      f"({LAYER_NAMES[layer_of(dest)]}), a higher layer")
                for line in graph[source][dest]:
                    print(f"  {line}")
                problems += 1
    for path, number, named in rule_names_in_core(os.path.abspath(root),
                                                  rule_families(os.path.abspath(root))):
        print(f"{path}:{number} names the rule {named}: the core names no rule; report a "
              "typed fact or event and let the rule's definition in rules/ name it")
        problems += 1
    if problems:
        return 1
    print(f"{len(graph)} modules, no include cycle, every include points to the same or a lower "
          "layer, and the core names no rule")
    return 0


if __name__ == "__main__":
    sys.exit(main())
