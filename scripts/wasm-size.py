#!/usr/bin/env python3
"""What the bytes of the lab's .wasm are (docs/size.md says how to use it).

    python3 scripts/wasm-size.py WASM [--top N] [--text DIR ...]

WASM is best the linker's output before wasm-bindgen and wasm-opt,
`$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/kubelab-web.wasm`: it still has the `name`
section, so every function body is named (legacy Rust mangling, demangled here; generic
arguments are not in those names, so copies of one generic function are counted together).
A wasm without names (dist/'s) gets the section table only.

Prints: each section raw and `gzip -9` alone; the code by crate and by kind (serde, sorting,
B-trees, formatting, ...); the largest generic functions summed over their copies; the
largest single functions; and how much of the data section is the text of the files under
each --text DIR (found byte for byte, e.g. the help pages). Standard library only.
"""

import argparse
import collections
import gzip
import os
import re


def leb(b, i):
    """An unsigned LEB128 at b[i]: (value, next index)."""
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(data):
    i = 8
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        yield sid, data[i : i + size]
        i += size


def name_of_custom(body):
    n, j = leb(body, 0)
    return body[j : j + n].decode("utf-8", "replace")


def imported_functions(body):
    count, j = leb(body, 0)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module, field
            n, j = leb(body, j)
            j += n
        kind = body[j]
        j += 1
        if kind == 0:
            _, j = leb(body, j)
            funcs += 1
        elif kind == 1:  # table: reftype, limits
            j += 1
            flags = body[j]
            _, j = leb(body, j + 1)
            if flags & 1:
                _, j = leb(body, j)
        elif kind == 2:  # memory: limits
            flags = body[j]
            _, j = leb(body, j + 1)
            if flags & 1:
                _, j = leb(body, j)
        elif kind == 3:  # global: valtype, mutability
            j += 2
        elif kind == 4:  # tag
            j += 1
            _, j = leb(body, j)
    return funcs


def function_names(body):
    names = {}
    j = name_len = 0
    name_len, j = leb(body, 0)
    j += name_len
    while j < len(body):
        sub = body[j]
        size, j = leb(body, j + 1)
        end = j + size
        if sub == 1:
            count, k = leb(body, j)
            for _ in range(count):
                idx, k = leb(body, k)
                n, k = leb(body, k)
                names[idx] = body[k : k + n].decode("utf-8", "replace")
                k += n
        j = end
    return names


def data_bytes(body):
    count, j = leb(body, 0)
    out = bytearray()
    for _ in range(count):
        flags, j = leb(body, j)
        if flags == 2:
            _, j = leb(body, j)
        if flags in (0, 2):  # an offset expression, up to `end`
            while body[j] != 0x0B:
                j += 1
            j += 1
        n, j = leb(body, j)
        out += body[j : j + n]
        j += n
    return bytes(out)


ESCAPES = {"$LT$": "<", "$GT$": ">", "$u20$": " ", "$C$": ",", "$RF$": "&", "$BP$": "*",
           "$LP$": "(", "$RP$": ")", "$SP$": "@"}


def demangle(name):
    """Rust's legacy mangling (_ZN...E) to a path, without the hash."""
    if not name.startswith("_ZN"):
        return name
    i, parts = 3, []
    while i < len(name) and name[i] != "E":
        j = i
        while j < len(name) and name[j].isdigit():
            j += 1
        if j == i:
            break
        n = int(name[i:j])
        parts.append(name[j : j + n])
        i = j + n
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    out = []
    for p in parts:
        if p.startswith("_$"):
            p = p[1:]
        p = p.replace("..", "::")
        for k, v in ESCAPES.items():
            p = p.replace(k, v)
        p = re.sub(r"\$u([0-9a-f]+)\$", lambda m: chr(int(m.group(1), 16)), p)
        out.append(p)
    return "::".join(out)


def kind_of(name):
    if re.search(r"erializ|Visitor|SeqAccess|MapAccess|serde", name):
        if "norway" in name:
            return "serde: YAML (serde_norway, libyaml)"
        if name.startswith(("serde_json", "<serde_json")):
            return "serde: serde_json"
        return "serde: derives and glue"
    if "core::slice::sort" in name:
        return "sorting (core::slice::sort)"
    if "btree" in name:
        return "B-trees (alloc::collections::btree)"
    if "drop_in_place" in name:
        return "drop glue"
    if re.search(r"[Cc]lone", name):
        return "clone"
    if re.search(r"PartialEq|PartialOrd|::eq$|::cmp$|::partial_cmp$", name):
        return "eq/ord"
    if re.search(r"core::fmt|::fmt$", name):
        return "formatting"
    return "other code"


def crate_of(name):
    m = re.match(r"(?:<|&|\*const |\*mut |mut |dyn |\(| )*([A-Za-z_][A-Za-z0-9_]*)::", name)
    if m:
        return m.group(1)
    if name.startswith("_R"):  # v0-mangled standard library pieces
        for c in ("core", "alloc", "std", "compiler_builtins", "dlmalloc"):
            if c in name:
                return c
    return "(unnamed)"


def table(rows, total, n):
    for size, label in rows[:n]:
        print(f"{size:10,d} {100.0 * size / max(total, 1):5.1f}%  {label}")


def main():
    ap = argparse.ArgumentParser(description="What the bytes of a .wasm are.")
    ap.add_argument("wasm")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--text", action="append", default=[], help="a directory of text files to find in the data")
    args = ap.parse_args()
    data = open(args.wasm, "rb").read()
    imports, bodies, names, blob = 0, [], {}, b""
    print(f"== sections of {args.wasm} ({len(data):,d} bytes, gzip -9 {len(gzip.compress(data, 9)):,d})")
    for sid, body in sections(data):
        label = f"custom {name_of_custom(body)}" if sid == 0 else {1: "type", 2: "import", 3: "function", 7: "export", 9: "elem", 10: "code", 11: "data"}.get(sid, f"id {sid}")
        print(f"{len(body):10,d} raw {len(gzip.compress(body, 9)):10,d} gzip  {label}")
        if sid == 2:
            imports = imported_functions(body)
        elif sid == 10:
            count, j = leb(body, 0)
            for k in range(count):
                n, j = leb(body, j)
                bodies.append((imports + k, n))
                j += n
        elif sid == 11:
            blob = data_bytes(body)
        elif sid == 0 and name_of_custom(body) == "name":
            names = function_names(body)
    code = sum(n for _, n in bodies)
    if names:
        funcs = [(n, demangle(names.get(i, f"func{i}"))) for i, n in bodies]
        by_crate, by_kind, by_generic = collections.Counter(), collections.Counter(), collections.Counter()
        copies = collections.Counter()
        for n, name in funcs:
            by_crate[crate_of(name)] += n
            by_kind[kind_of(name)] += n
            by_generic[name] += n
            copies[name] += 1
        print(f"\n== code by crate (function bodies: {code:,d} bytes, {len(funcs)} functions)")
        table([(s, c) for c, s in by_crate.most_common()], code, args.top)
        print("\n== code by kind")
        table([(s, c) for c, s in by_kind.most_common()], code, args.top)
        print("\n== functions with several copies (monomorphisations), summed")
        table([(s, f"{copies[g]:4d}x {g}") for g, s in by_generic.most_common() if copies[g] > 1], code, args.top)
        print("\n== largest functions")
        table(sorted(funcs, reverse=True), code, args.top)
    if blob:
        print(f"\n== data: {len(blob):,d} bytes, gzip -9 {len(gzip.compress(blob, 9)):,d}")
        rest = blob
        for d in args.text:
            found = 0
            texts = []
            for root, _, files in os.walk(d):
                for f in sorted(files):
                    t = open(os.path.join(root, f), "rb").read()
                    if t and t in rest:
                        found += len(t)
                        texts.append(t)
                        rest = rest.replace(t, b"", 1)
            joined = b"".join(texts)
            print(f"{found:10,d} raw {len(gzip.compress(joined, 9)):10,d} gzip  text of {d}")
        runs = re.findall(rb"[\x20-\x7e\n\t]{64,}", rest)
        joined = b"".join(runs)
        print(f"{len(joined):10,d} raw {len(gzip.compress(joined, 9)):10,d} gzip  other printable runs of 64+ bytes ({len(runs)})")
        print(f"{len(rest) - len(joined):10,d} raw             the rest (tables, short strings, vtables)")


if __name__ == "__main__":
    main()
