#!/usr/bin/env python3
"""Writes a made-up factgraph JSON graph whose names, keys and quotes are hostile.

Usage: hostile_graph.py OUT.json

Everything in it is made up. The strings are chosen to break naive serializers: quotes,
backslashes, newlines, Cypher / HTML / spreadsheet injection, Cyrillic and other scripts,
control characters; the keys contain spaces, `#`, `/`, `%` and non-ASCII characters.
scripts/check_interchange.py then checks that every export of it is read back by the
external tools with every string unchanged.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

NAMES = [
    'He said "hello" and left',
    "back\\slash \\\" \\n \\u0041 (a literal backslash-u)",
    "line one\nline two\r\nline three\ttabbed",
    '"}; MATCH (n) DETACH DELETE n; //',
    "<script>alert('x')</script>",
    "=cmd|' /C calc'!A0",
    "Болат Сембинов",
    "\"\"\" triple quotes ''' and '",
    "@prefix x: <http://evil.example/> . # not a comment",
    "{curly} [square] <angle> & ampersand ; semicolon | pipe",
    "emoji 😀, CJK 中文, RTL עברית, combining é",
    "bell \u0007 escape \u001b delete \u007f end",
]

KEYS = [
    "key with spaces",
    "hash#tag",
    "slash/and/more",
    "100%",
    "Алматы",
    "a:b?c=d&e",
    "<angle>\"quote\"{brace}|pipe\\back",
    "..",
]


def graph() -> dict:
    entities = [
        {
            "id": "made_up_wire \"x\"",
            "kind": "source",
            "name": "=HYPERLINK(\"http://evil.example\")",
        },
        {
            "id": "ministry/of#truth",
            "kind": "state_body",
            "name": "Ministry <of> \"Truth\"",
        },
    ]
    facts = []
    for i, name in enumerate(NAMES):
        entities.append(
            {
                "id": f"person {i} / {name[:12]}",
                "kind": "person",
                "name": name,
                "aliases": [f"{name} (alias)"],
                "attributes": {"rank": name},
                "note": name,
            }
        )
    for key in KEYS:
        entities.append({"id": key, "kind": "place", "name": f"Place {key}"})
    for i, name in enumerate(NAMES):
        person = f"person {i} / {name[:12]}"
        facts.append(
            {
                "relation": "visited",
                "subject": person,
                "object": KEYS[i % len(KEYS)],
                "date": f"2020-01-{i + 1:02d}",
                "sources": [
                    {
                        "source": "made_up_wire \"x\"",
                        "reported": "2020-02",
                        "speaker": person,
                        "quote": name,
                    }
                ],
                "note": name,
            }
        )
        facts.append(
            {
                "relation": "holds_position",
                "subject": person,
                "object": "ministry/of#truth",
                "role": {"title": name, "rank": name},
                "modality": "claimed",
            }
        )
    for i, key in enumerate(KEYS):
        facts.append(
            {"relation": "located_in", "subject": key, "object": KEYS[(i + 1) % len(KEYS)]}
        )
    return {
        "factgraph": 1,
        "title": "Made-up graph with hostile names (test data, not real)",
        "entities": entities,
        "facts": facts,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    Path(argv[1]).write_text(json.dumps(graph(), ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
