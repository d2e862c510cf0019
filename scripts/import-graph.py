#!/usr/bin/env python3
"""The server crate's import graph: fails on any circle between its files, and on any arrow from
the platform into a module. Files are nodes; an arrow is a `crate::…` path (in code or a doc link),
a `super::` item, or a parent naming its child module's items. Unit-test modules are left out."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "backend/server/src"
files = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith(".rs"):
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)[:-3]
            if rel.endswith("/mod"):
                rel = rel[: -len("/mod")]
            mod = "crate" if rel in ("lib", "main") else "crate::" + rel.replace("/", "::")
            files[mod] = p


def resolve(path):
    parts = path.split("::")
    while parts:
        key = "::".join(parts)
        if key in files:
            return key
        parts = parts[:-1]
    return None


def code_of(path):
    text = open(path).read()
    return re.sub(r"#\[cfg\(test\)\]\s*mod tests \{.*", "", text, flags=re.S)


edges = {}
for mod, path in files.items():
    text = code_of(path)
    targets = set()
    for m in re.finditer(r"crate::[a-z_:]+(?:\{[^}]*\})?", text):
        t = m.group(0)
        base = t.split("{")[0].rstrip(":")
        inner = re.findall(r"[a-z_]+(?:::[a-z_]+)*", t.split("{")[1]) if "{" in t else [""]
        for i in inner:
            r = resolve(base + ("::" + i if i else ""))
            if r and r != mod:
                targets.add(r)
    code = re.sub(r"//.*", "", text)
    parent = mod.rsplit("::", 1)[0]
    for m in re.finditer(r"\bsuper::([a-z_]+)", code):
        r = resolve(parent + "::" + m.group(1))
        if r and r != mod:
            targets.add(r)
    if re.search(r"\bsuper::(\{|[A-Z*])", code) and parent in files:
        targets.add(parent)
    for child in re.findall(r"^\s*(?:pub )?mod (\w+);", code, re.M):
        c = ("crate::" + child) if mod == "crate" else mod + "::" + child
        if c in files and re.search(r"(?<![:\w])" + child + r"::", code):
            targets.add(c)
    edges[mod] = targets

index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)


def strongconnect(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            strongconnect(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            cycles.append(sorted(comp))


for v in list(edges):
    if v not in index:
        strongconnect(v)
into_modules = sorted(
    (a, b) for a, ts in edges.items() for b in ts if a.startswith("crate::platform") and b.startswith("crate::modules")
)
for c in cycles:
    print("circle:", " -> ".join(c))
for a, b in into_modules:
    print("platform reaches into a module:", a, "->", b)
arrows = sum(len(t) for t in edges.values())
print(f"import graph: {len(files)} files, {arrows} arrows, {len(cycles)} circles, {len(into_modules)} arrows from platform into a module")
sys.exit(1 if cycles or into_modules else 0)
