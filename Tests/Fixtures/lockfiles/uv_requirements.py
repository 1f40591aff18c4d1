#!/usr/bin/env python3
"""Reference for comparing the root package that uv.lock records with pyproject.toml, written
from the rule in README.md (not by calling uv). Python 3.11+, standard library only.

  python3 uv_requirements.py          # every uv sample and variant here, against uv's own verdict
  python3 uv_requirements.py DIR      # one folder with pyproject.toml and uv.lock: its differences

Covers what the samples cover: registry requirements, [tool.uv.sources] paths, optional
dependencies, dependency groups (include-group, tool.uv.dev-dependencies). Markers are compared
after a light canonical form; a requirement that matches in everything but a marker this form
cannot prove equal is reported as unconfirmed, not as stale.
"""
import pathlib, re, sys, tomllib


def name(n):  # PEP 503 / PEP 685
    return re.sub(r"[-_.]+", "-", n).lower()


PEP440 = re.compile(r"v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|beta|preview|pre|a|b|c|rc)[-_.]?(\d*))?"
                    r"(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?"
                    r"(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?", re.I)
PRE = {"a": "a", "alpha": "a", "b": "b", "beta": "b", "c": "rc", "rc": "rc", "pre": "rc", "preview": "rc"}


def version(v):  # PEP 440 normal form: 1.0-RC1 -> 1.0rc1, 01.02 -> 1.2, v1.0 -> 1.0, 0!1.0 -> 1.0
    star = v.endswith(".*")
    m = PEP440.fullmatch(v[:-2] if star else v)
    if not m:
        return v
    epoch, rel, pl, pn, post_n0, post_l, post_n, dev_l, dev_n, local = m.groups()
    out = (f"{int(epoch)}!" if epoch and int(epoch) else "") + ".".join(str(int(x)) for x in rel.split("."))
    out += PRE[pl.lower()] + str(int(pn or 0)) if pl else ""
    out += ".post" + str(int(post_n0 or post_n or 0)) if post_n0 or post_l else ""
    out += ".dev" + str(int(dev_n or 0)) if dev_l else ""
    out += "+" + ".".join(str(int(p)) if p.isdigit() else p.lower() for p in re.split(r"[-_.]", local)) if local else ""
    return out + (".*" if star else "")


def specifier(s):  # a set of clauses: their order and spaces do not matter
    clauses = (re.fullmatch(r"(~=|===|==|!=|<=|>=|<|>)\s*(.+)", c.strip()).groups() for c in s.split(",") if c.strip())
    return frozenset(op + (v if op == "===" else version(v)) for op, v in clauses)


TOKEN = re.compile(r"\s*(?:(\(|\))|'([^']*)'|\"([^\"]*)\"|(===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)|(and|or)\b|([A-Za-z_][\w.]*))")
FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!=", "~=": "~=", "===": "==="}


def marker(text, extra=None):
    """A canonical string for a PEP 508 marker: single quotes, `'v' op var` turned round,
    python_version X.Y as python_full_version the way uv writes it, extra names normalised,
    and/or flattened, de-duplicated and sorted. None when there is no marker."""
    if extra is not None:
        text = f"({text}) and extra == '{extra}'" if text else f"extra == '{extra}'"
    if not text:
        return None
    toks, pos = [], 0
    while pos < len(text.rstrip()):
        m = TOKEN.match(text, pos)
        paren, sq, dq, op, conj, var = m.groups()
        toks.append(("p", paren) if paren else ("s", sq if sq is not None else dq) if sq is not None or dq is not None
                    else ("o", " ".join(op.split())) if op else ("c", conj) if conj else ("v", var))
        pos = m.end()
    toks.append(("end", None))
    i = 0

    def expr(level):  # level 0: or, 1: and
        nonlocal i
        parts = [expr(level + 1) if level == 0 else atom()]
        while toks[i] == ("c", ("or", "and")[level]):
            i += 1
            parts.append(expr(level + 1) if level == 0 else atom())
        flat = set()
        for p in parts:
            flat |= set(p[1]) if p[0] == ("or", "and")[level] else {p}
        return flat.pop() if len(flat) == 1 else (("or", "and")[level], tuple(sorted(flat, key=render)))

    def atom():
        nonlocal i
        if toks[i] == ("p", "("):
            i += 1
            e = expr(0)
            i += 1  # ")"
            return e
        (lk, lv), (_, op), (rk, rv) = toks[i:i + 3]
        i += 3
        if lk == "s" and rk == "v" and op in FLIP:
            (lk, lv), (rk, rv), op = (rk, rv), (lk, lv), FLIP[op]
        if lk == "v" and lv == "python_version" and rk == "s" and re.fullmatch(r"\d+", rv):
            rv += ".0"  # python_version '3' is 3.0
        if lk == "v" and lv == "python_version" and rk == "s" and re.fullmatch(r"\d+\.\d+", rv):
            major, minor = rv.split(".")
            nxt = f"{major}.{int(minor) + 1}"
            op, rv = {"==": ("==", rv + ".*"), "!=": ("!=", rv + ".*"), "<": ("<", rv), ">=": (">=", rv),
                      ">": (">=", nxt), "<=": ("<", nxt)}.get(op, (op, rv))
            lv = "python_full_version" if op in ("==", "!=", "<", ">=") else lv
        if lk == "v" and lv == "python_full_version" and rk == "s" and re.fullmatch(r"\d+(\.\d+)*", rv):
            rv = re.sub(r"(\.0)+$", "", rv) or rv  # 3.9.0 == 3.9 (PEP 440 padding); both sides get this
        if lk == "v" and lv == "extra":
            rv = name(rv)
        return ("atom", f"{lv if lk == 'v' else repr(lv)} {op} {rv if rk == 'v' else repr(rv)}")

    return render(expr(0))


def render(e):
    if e[0] == "atom":
        return e[1]
    return f" {e[0]} ".join(f"({render(p)})" if p[0] == "or" and e[0] == "and" else render(p) for p in e[1])


REQ = re.compile(r"\s*([A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)", re.S)


def requirement(text, sources, root, extra=None):
    """(name, extras, specifier, source, marker) of a PEP 508 string from pyproject.toml."""
    n, extras, rest = REQ.fullmatch(text).groups()
    spec, _, mark = rest.partition(";")
    spec = spec.strip()
    if spec.startswith("@"):
        raise NotImplementedError("direct URL requirement: " + text)
    if spec.startswith("(") and spec.endswith(")"):
        spec = spec[1:-1]
    source = None
    if (s := sources.get(name(n))) is not None:
        if "path" not in s:
            raise NotImplementedError(f"source {s}")
        path = str(pathlib.PurePosixPath(s["path"]))  # ./libs/x -> libs/x
        kind = "editable" if s.get("editable") else "path" if (root / path).is_file() else "directory"
        source, spec = (kind, path), ""  # a path source replaces the specifier
    extras = frozenset(name(e.strip()) for e in (extras or "").split(",") if e.strip())
    return (name(n), extras, specifier(spec), source, marker(mark.strip(), extra))


def recorded_entry(e):
    source = next(((k, e[k]) for k in ("directory", "editable", "path") if k in e), None)
    if any(k in e for k in ("git", "url", "index", "workspace")):
        raise NotImplementedError(f"source in {e}")
    return (e["name"], frozenset(e.get("extras", [])), specifier(e.get("specifier", "")), source, marker(e.get("marker")))


def show(key):
    n, extras, spec, source, mark = key
    return (n + (f"[{','.join(sorted(extras))}]" if extras else "") + ",".join(sorted(spec))
            + (f" @ {source[0]}={source[1]}" if source else "") + (f" ; {mark}" if mark else ""))


def compare(folder):
    """The differences between pyproject.toml and uv.lock's root package: (stale, unconfirmed) lists."""
    folder = pathlib.Path(folder)
    py = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    lock = tomllib.loads((folder / "uv.lock").read_text(encoding="utf-8"))
    proj, uv = py["project"], py.get("tool", {}).get("uv", {})
    sources = {name(k): v for k, v in uv.get("sources", {}).items()}
    root = next(p for p in lock["package"] if p["source"] in ({"editable": "."}, {"virtual": "."}))
    meta = root.get("metadata", {})
    stale, unconfirmed = [], []

    def same(what, want, have):
        if want == have:
            return
        bare = lambda keys: {k[:4] for k in keys}
        (unconfirmed if bare(want) == bare(have) else stale).append(
            f"{what}: pyproject only {sorted(map(show, want - have))}, uv.lock only {sorted(map(show, have - want))}")

    if name(proj["name"]) != root["name"]:
        stale.append(f"name {name(proj['name'])} != {root['name']}")
    if "version" in proj and version(proj["version"]) != root.get("version"):
        stale.append(f"version {proj['version']} != {root.get('version')}")
    if "requires-python" in proj and specifier(proj["requires-python"]) != specifier(lock["requires-python"]):
        stale.append(f"requires-python {proj['requires-python']} != {lock['requires-python']}")
    want = {requirement(r, sources, folder) for r in proj.get("dependencies", [])}
    for extra, reqs in proj.get("optional-dependencies", {}).items():
        want |= {requirement(r, sources, folder, name(extra)) for r in reqs}
    same("requires-dist", want, {recorded_entry(e) for e in meta.get("requires-dist", [])})
    extras = {name(e) for e in proj.get("optional-dependencies", {})}
    if extras != set(meta.get("provides-extras", [])):
        stale.append(f"provides-extras {sorted(extras)} != {meta.get('provides-extras', [])}")

    raw = {name(g): reqs for g, reqs in py.get("dependency-groups", {}).items()}

    def expand(group):
        for item in raw[group]:
            yield from expand(name(item["include-group"])) if isinstance(item, dict) else [item]

    groups = {g: {requirement(r, sources, folder) for r in expand(g)} for g in raw}
    if uv.get("dev-dependencies"):
        groups.setdefault("dev", set()).update(requirement(r, sources, folder) for r in uv["dev-dependencies"])
    have = {g: {recorded_entry(e) for e in es} for g, es in meta.get("requires-dev", {}).items()}
    for g in sorted(set(groups) | set(have)):
        same(f"requires-dev.{g}", groups.get(g, set()), have.get(g, set()))
    return stale, unconfirmed


def table(root):
    root, bad, rows = pathlib.Path(root), 0, []
    for lock in sorted(root.glob("*/uv.lock")) + sorted(root.glob("*/*/uv.lock")):
        if lock.parent.name in ("libs", "wheels"):
            continue
        stale, unconfirmed = compare(lock.parent)
        variant = lock.parent.name if lock.parent != root / lock.parent.name else ""
        expected = "stale" if variant.startswith("stale") else "fresh"  # uv's verdict (regenerate.sh checks it)
        got = "stale" if stale else "unconfirmed" if unconfirmed else "fresh"
        # a marker-only edit is a warning by design (README: uv.lock); anything else must agree with uv
        ok = got == ("unconfirmed" if variant.startswith("stale-marker") else expected) or (expected, got) == ("fresh", "unconfirmed")
        bad += not ok
        rows.append((str(lock.parent.relative_to(root)), expected, got, "ok" if ok else "MISMATCH", "; ".join(stale + unconfirmed)))
    rows.sort(key=lambda r: (r[0].split("/")[0], "/" in r[0], r[0]))
    head = ("sample", "uv", "reference", "result", "differences")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(4)]
    for r in [head] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[4])
    print(f"{len(rows) - bad} passed, {bad} failed")
    return bad == 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and (pathlib.Path(sys.argv[1]) / "uv.lock").exists():
        stale, unconfirmed = compare(sys.argv[1])
        print("\n".join([f"stale: {s}" for s in stale] + [f"unconfirmed: {u}" for u in unconfirmed]) or "fresh")
        sys.exit(1 if stale else 0)
    sys.exit(0 if table(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent) else 1)
