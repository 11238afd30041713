#!/usr/bin/env python3
"""Write the method catalogue of the editor clients from clients/openrpc.json.

    python3 scripts/generate-editor-catalogues.py           # rewrite both files
    python3 scripts/generate-editor-catalogues.py --check   # exit 1 when either is stale

Outputs (committed, never edited by hand):
    clients/nvim/lua/hire/catalogue.lua   a Lua table the Neovim plugin requires
    clients/emacs/hire-catalogue.el       an alist the Emacs package requires

Each method keeps what a client needs before sending: its name, summary, access, whether it
reports progress, and its params (name, required, JSON type, enum values). clients/openrpc.json
is itself generated from the daemon's catalogue (`make generate`), so a method added to the
daemon reaches both editors by `make generate` followed by this script.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "clients", "openrpc.json")
LUA_OUT = os.path.join(ROOT, "clients", "nvim", "lua", "hire", "catalogue.lua")
ELISP_OUT = os.path.join(ROOT, "clients", "emacs", "hire-catalogue.el")


def methods(doc):
    out = []
    for m in sorted(doc["methods"], key=lambda m: m["name"]):
        params = []
        for p in m.get("params", []):
            schema = p.get("schema", {})
            kind = schema.get("type", "")
            enum = schema.get("enum") or (schema.get("items") or {}).get("enum") or []
            params.append({
                "name": p["name"],
                "required": bool(p.get("required")),
                "type": kind if isinstance(kind, str) else "",
                "enum": [str(e) for e in enum],
            })
        out.append({
            "name": m["name"],
            "summary": m.get("summary", ""),
            "access": m.get("x-access", ""),
            "progress": bool(m.get("x-progress")),
            "params": params,
        })
    return out


def lua_string(text):
    escaped = []
    for ch in text:
        if ch == "\\":
            escaped.append("\\\\")
        elif ch == '"':
            escaped.append('\\"')
        elif ch == "\n":
            escaped.append("\\n")
        elif ord(ch) < 32:
            escaped.append("\\%03d" % ord(ch))
        else:
            escaped.append(ch)
    return '"' + "".join(escaped) + '"'


def elisp_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_lua(doc):
    lines = [
        "-- Generated from clients/openrpc.json by scripts/generate-editor-catalogues.py: do not edit.",
        "-- The daemon's methods as the plugin needs them before sending a call.",
        "return {",
        "  version = %s," % lua_string(doc["info"].get("version", "")),
        "  methods = {",
    ]
    for m in methods(doc):
        lines.append("    [%s] = {" % lua_string(m["name"]))
        lines.append("      summary = %s," % lua_string(m["summary"]))
        lines.append("      access = %s," % lua_string(m["access"]))
        lines.append("      progress = %s," % ("true" if m["progress"] else "false"))
        lines.append("      params = {")
        for p in m["params"]:
            enum = "{ %s }" % ", ".join(lua_string(e) for e in p["enum"]) if p["enum"] else "{}"
            lines.append("        { name = %s, required = %s, type = %s, enum = %s }," % (
                lua_string(p["name"]), "true" if p["required"] else "false", lua_string(p["type"]), enum))
        lines.append("      },")
        lines.append("    },")
    lines += ["  },", "}", ""]
    return "\n".join(lines)


def render_elisp(doc):
    lines = [
        ";;; hire-catalogue.el --- The hired method catalogue for hire.el  -*- lexical-binding: t; -*-",
        "",
        ";; Generated from clients/openrpc.json by scripts/generate-editor-catalogues.py: do not edit.",
        "",
        ";;; Commentary:",
        "",
        ";; The daemon's methods as hire.el needs them before sending a call: name, summary,",
        ";; access, whether the method reports progress, and its params.",
        "",
        ";;; Code:",
        "",
        "(defconst hire-catalogue-version %s" % elisp_string(doc["info"].get("version", "")),
        '  "The version of hired the catalogue was generated from.")',
        "",
        "(defconst hire-catalogue-methods",
        "  '(",
    ]
    for m in methods(doc):
        params = " ".join(
            "(%s :required %s :type %s :enum (%s))" % (
                elisp_string(p["name"]), "t" if p["required"] else "nil", elisp_string(p["type"]),
                " ".join(elisp_string(e) for e in p["enum"]))
            for p in m["params"])
        lines.append("    (%s :summary %s :access %s :progress %s :params (%s))" % (
            elisp_string(m["name"]), elisp_string(m["summary"]), elisp_string(m["access"]),
            "t" if m["progress"] else "nil", params))
    lines[-1] += ")"
    lines += [
        '  "Every method of hired: (NAME :summary S :access A :progress P :params PARAMS).',
        'Each of PARAMS is (NAME :required R :type TYPE :enum VALUES).")',
        "",
        "(provide 'hire-catalogue)",
        ";;; hire-catalogue.el ends here",
        "",
    ]
    return "\n".join(lines)


def main(argv):
    check = "--check" in argv[1:]
    with open(SOURCE, encoding="utf-8") as f:
        doc = json.load(f)
    stale = []
    for path, text in ((LUA_OUT, render_lua(doc)), (ELISP_OUT, render_elisp(doc))):
        try:
            with open(path, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current == text:
            continue
        if check:
            stale.append(os.path.relpath(path, ROOT))
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print("wrote %s" % os.path.relpath(path, ROOT))
    if stale:
        print("stale (run python3 scripts/generate-editor-catalogues.py): %s" % ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
