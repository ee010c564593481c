#!/usr/bin/env python3
"""Copies corpus splits into DEST and turns symlink stubs back into symlinks.

The shared corpus reaches us without symbolic links: each link was flattened into a
regular file holding the link target, the way git stores a symlink when links are
off (no trailing newline). systemd-analyze scored the original tree, with real
links (aliases, masks, .wants/ entries, masked drop-ins), so parity is checked on a
copy where those stubs are links again. A stub is a non-empty file of at most 4 KiB
without a newline, '=' or '[' whose content is a path or a unit file name.

usage: corpus-copy.py DEST SPLIT...   (prints the copied split directories)
"""
import os
import re
import shutil
import sys

STUB = re.compile(r"^(/|\.\./|\./)?[A-Za-z0-9_.@:\\/-]+$")


def is_stub(path):
    if os.path.islink(path) or os.path.getsize(path) == 0 or os.path.getsize(path) > 4096:
        return None
    data = open(path, "rb").read()
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return None
    if "\n" in text or "=" in text or "[" in text or not STUB.match(text):
        return None
    return text


def copy_split(src, dest):
    shutil.copytree(src, dest, symlinks=True)
    links = 0
    for dirpath, dirnames, filenames in os.walk(dest):
        os.chmod(dirpath, 0o755)
        for f in filenames:
            p = os.path.join(dirpath, f)
            if f == "expected.jsonl":
                continue
            target = is_stub(p)
            if target is not None:
                os.unlink(p)
                os.symlink(target, p)
                links += 1
            else:
                os.chmod(p, 0o644)
    return links


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    dest = sys.argv[1]
    os.makedirs(dest, exist_ok=True)
    for split in sys.argv[2:]:
        name = os.path.basename(os.path.normpath(split))
        out = os.path.join(dest, name)
        if os.path.exists(out):
            shutil.rmtree(out)
        n = copy_split(split, out)
        print(out)
        print(f"corpus-copy: {name}: {n} symlink stubs restored", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
