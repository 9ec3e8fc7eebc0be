"""The data members of a C++ struct as the headers of include/fusetrack/ declare them.

A small reader for this project's own plain settings structs (no templates, no macros): it strips
comments, skips member functions (their bodies and declarations) and nested types, and returns
each data member's name in declaration order. The binding test compares these lists with what the
Python module exposes, so a field added to a settings struct cannot be forgotten in Python.
"""

import pathlib
import re

_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)


def struct_body(root: pathlib.Path, name: str) -> str:
    """The text between the braces of `struct NAME {` in the headers under root/include."""
    pattern = re.compile(r"^struct " + re.escape(name) + r" \{", re.M)
    for header in sorted((root / "include").rglob("*.hpp")):
        text = _COMMENT.sub("", header.read_text())
        m = pattern.search(text)
        if not m:
            continue
        depth, i = 1, m.end()
        start = i
        while depth > 0:
            c = text[i]
            depth += c == "{"
            depth -= c == "}"
            i += 1
        return text[start:i - 1]
    raise LookupError(f"struct {name} not found under {root / 'include'}")


def data_members(root: pathlib.Path, name: str) -> list[str]:
    """Names of the data members of `struct NAME`, in declaration order."""
    body = struct_body(root, name)
    statements, current, depth, i = [], [], 0, 0
    while i < len(body):
        c = body[i]
        if c == "{":
            depth += 1
            current.append(c)
        elif c == "}":
            depth -= 1
            current.append(c)
            # A function body or a nested type ends the statement at depth 0 (no ';' follows a
            # function body; a nested type's '};' leaves an empty statement).
            text = "".join(current)
            if depth == 0 and "(" in text.split("{", 1)[0]:
                statements.append(text)
                current = []
        elif c == ";" and depth == 0:
            statements.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    names = []
    for s in statements:
        s = " ".join(s.split())
        if not s or s.startswith(("static ", "using ", "friend ", "enum ", "struct ", "template")):
            continue
        if s.startswith(("public:", "private:")):
            s = s.split(":", 1)[1].strip()
        head = re.split(r"=|\{", s, maxsplit=1)[0]
        if "(" in head:
            continue  # a member function
        m = re.search(r"([A-Za-z_][A-Za-z_0-9]*)\s*(\[[^\]]*\])?\s*$", head.strip())
        if m:
            names.append(m.group(1))
    return names
