#!/usr/bin/env python3
"""Builds one unit tree of about --target loadable units from the real corpus.

usage: mktree.py --corpus SHARED/corpus/real --out TREE --target 5000 --list UNITS.txt

Every package tree <corpus>/<pkg>/root/{etc,lib,usr/lib}/systemd/system is copied
into TREE several times; copy k > 0 renames every unit (files, drop-in and .wants
directories, symlink targets) by appending "_ck" to the unit prefix
(foo.service -> foo_c3.service, foo@.service -> foo_c3@.service), so each copy
keeps its own drop-ins, aliases and masks (and BusName=, which must be unique).
The corpus stores symlinks flattened
into small files holding the target; they are turned back into links. The units
that systemd loaded in the corpus (expected.jsonl, exit 0) are written, renamed
per copy, one per line, to --list.
"""
import argparse
import json
import os
import shutil
import sys

TYPES = {"service", "socket", "timer", "mount", "automount", "swap", "target", "path", "slice", "scope",
         "device"}
DIR_SUFFIXES = (".d", ".wants", ".requires", ".upholds")


def rename(base, suf):
    """A unit name or unit-named directory with suf appended to its prefix; others unchanged."""
    if not suf:
        return base
    tail = ""
    for ds in DIR_SUFFIXES:
        if base.endswith(ds):
            base, tail = base[:-len(ds)], ds
            break
    stem, dot, typ = base.rpartition(".")
    if not dot or typ not in TYPES or not stem or stem.endswith("-"):
        return base + tail          # type-wide "service.d", dash-prefix "foo-.service.d", other files
    if "@" in stem:
        pre, _, inst = stem.partition("@")
        return "%s%s@%s.%s%s" % (pre, suf, inst, typ, tail)
    return "%s%s.%s%s" % (stem, suf, typ, tail)


def flattened_link(path):
    """The link target if this regular file is a flattened symlink, else None."""
    if os.path.islink(path) or os.path.getsize(path) > 400:
        return None
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8", "replace").strip("\n").split("\n")
    t = lines[0].strip() if len(lines) == 1 else ""
    if not t or any(c in t for c in "=[ ") or t[0] in "#;":
        return None
    return t


def copy_package(root, out, suf):
    for dp, dns, fns in os.walk(root):
        rel = os.path.relpath(dp, root)
        parts = [] if rel == "." else [rename(p, suf) for p in rel.split(os.sep)]
        dst_dir = os.path.join(out, *parts)
        os.makedirs(dst_dir, exist_ok=True)
        for fn in fns:
            src = os.path.join(dp, fn)
            dst = os.path.join(dst_dir, rename(fn, suf))
            if os.path.lexists(dst):
                os.unlink(dst)
            target = os.readlink(src) if os.path.islink(src) else flattened_link(src)
            if target is not None:
                head, _, last = target.rpartition("/")
                os.symlink((head + "/" if head or target.startswith("/") else "") + rename(last, suf), dst)
            elif suf:
                # a bus name may belong to one service only: give each copy its own
                with open(src, "rb") as f:
                    data = f.read()
                lines = data.split(b"\n")
                for i, line in enumerate(lines):
                    if line.startswith(b"BusName=") and line.strip() != b"BusName=":
                        lines[i] = line.rstrip() + suf.encode()
                with open(dst, "wb") as f:
                    f.write(b"\n".join(lines))
            else:
                shutil.copyfile(src, dst)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--target", type=int, default=5000)
    ap.add_argument("--list", required=True)
    a = ap.parse_args()
    with open(os.path.join(a.corpus, "expected.jsonl")) as f:
        rows = [json.loads(x) for x in f if x.strip()]
    good = [r for r in rows if r.get("exit") == 0]
    pkgs = sorted({r["package"] for r in rows})
    if not good:
        print("mktree: no loadable unit in %s" % a.corpus, file=sys.stderr)
        return 1
    copies = max(1, -(-a.target // len(good)))
    os.makedirs(a.out, exist_ok=True)
    units = []
    for k in range(copies):
        suf = "_c%d" % k if k else ""
        for p in pkgs:
            root = os.path.join(a.corpus, p, "root")
            if os.path.isdir(root):
                copy_package(root, a.out, suf)
        units += [rename(r["unit"], suf) for r in good]
    with open(a.list, "w") as f:
        f.write("\n".join(units) + "\n")
    print("tree: %d units (%d copies of %d loadable units from %d packages)"
          % (len(units), copies, len(good), len(pkgs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
