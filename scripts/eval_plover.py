#!/usr/bin/env python3
"""Scores `factgraph code` on the Open Event Data Alliance's PLOVER gold-standard records.

Usage:
    python3 scripts/eval_plover.py PATH/TO/PLOVER_GSR_CAMEO.txt [--factgraph BIN] [-v]

PLOVER_GSR_CAMEO.txt (repository openeventdata/PLOVER, folder gold_standard_records) is
news text and is never committed here: give its path. Each record's sentence is coded on
its own through the command line (`factgraph code --empty` on a temporary file: no graph,
only the coder's dictionary), and the candidates are compared with the record's event
category, source actors and target actors. BIN is target/debug/factgraph by default
(`cargo build --features cli`).

The PLOVER categories map to factgraph relations by the table PLOVER_TO_FACTGRAPH below
(docs/CODING.md says why). A record of a category with no equivalent is not scored; the
candidates proposed on such sentences are counted apart.

Figures, over the records of a mapped category:
- relation recall: records where some candidate has a relation the category maps to;
  relation precision: candidates whose relation the category maps to;
- source (target) recall: records where some candidate of a mapped relation has a
  subject (object) matching a gold source (target) actor; precision: candidates of a
  mapped relation whose subject (object) matches. For symmetric relations (met) either
  end may match. A record with no target, whose actors are marked SRC/TAR (a compound
  actor: "Hungarian and Romanian officials agreed"), takes its sources as targets;
  otherwise records without a target are left out of the target figures.
- Actors match when their words share a content word (titles and stop words left out),
  a word of five letters or more matching on its first five letters ("Hungarian",
  "Hungary"), or when one contains the other.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

# PLOVER category (and, where it decides, mode) -> the factgraph relations that code it.
# None: no equivalent in factgraph's cooperation model (conflict, coercion, protest,
# demands, rhetoric are outside it).
PLOVER_TO_FACTGRAPH = {
    "CONSULT": {"met", "visited", "hosted"},  # meetings, visits (mode visit), hosting (mode host)
    "AGREE": {"signed", "plans"},  # "agreed a pact" -> signed; "agreed to set up" -> a plan
    "AID": {"supplies", "deployed_to"},  # aid and arms supplied; peacekeepers sent
    "COOPERATE": {"participated_in", "met"},  # joint exercises ("war games"), joint work
    "MOBILIZE": {"deployed_to"},  # troops moved or put on alert
    "SUPPORT": None,  # praise, diplomatic ties: no relation (a signing in it is AGREE's)
    "CONCEDE": None,
    "RETREAT": None,
    "DEMAND": None,
    "DISAPPROVE": None,
    "REJECT": None,
    "THREATEN": None,
    "PROTEST": None,
    "SANCTION": None,
    "COERCE": None,
    "ASSAULT": None,
    "FIGHT": None,
    "INVESTIGATE": None,
    "DOCUMENT": None,
}

SYMMETRIC = {"met"}

STOP = {
    "the", "of", "and", "a", "an", "in", "to", "for", "on", "at", "by", "from", "with",
    "s", "his", "her", "its", "their", "new", "senior", "officials", "official", "leader",
    "leaders", "president", "prime", "minister", "foreign", "secretary", "general",
    "state", "government", "u", "vice", "deputy", "chief", "army", "troops", "forces",
    "two", "emir", "king", "head", "spokesman", "defense", "defence", "military",
}


def words(text):
    out = []
    for raw in text.replace("'", " ").replace("’", " ").replace("-", " ").split():
        w = "".join(c for c in raw if c.isalpha()).lower()
        if w and w not in STOP:
            out.append(w)
    return out


def actors_match(a, b):
    """Whether two actor descriptions name the same actor (see the module docs)."""
    if not a or not b:
        return False
    la, lb = a.lower(), b.lower()
    if la in lb or lb in la:
        return True
    wa, wb = words(a), words(b)
    for x in wa:
        for y in wb:
            if x == y or (len(x) >= 5 and len(y) >= 5 and x[:5] == y[:5]):
                return True
    return False


def actor_texts(field):
    if not isinstance(field, list):
        return []
    return [a.get("actorText", "") for a in field if isinstance(a, dict) and a.get("actorText")]


def code(binary, text, published):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sentence.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        args = [binary, "code", "--empty", path]
        if published:
            args += ["--published", published]
        run = subprocess.run(args, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise RuntimeError(f"factgraph code failed: {run.stderr.strip()}")
        doc = json.loads(run.stdout)
    names = {e["entity"]["id"]: e["entity"]["name"] for e in doc["candidates"]["entities"]}
    out = []
    for c in doc["candidates"]["facts"]:
        fact = c["fact"]
        subject = [c["subject_words"]["words"], names.get(fact["subject"], "")]
        obj = [c["object_words"]["words"], names.get(fact["object"], "")]
        out.append((fact["relation"], subject, obj))
    return out


def any_match(ends, gold):
    return any(actors_match(e, g) for e in ends for g in gold)


def ratio(a, b):
    return f"{a}/{b} = {100.0 * a / b:.0f} %" if b else f"{a}/0"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("gold", help="path of PLOVER_GSR_CAMEO.txt")
    p.add_argument("--factgraph", default="target/debug/factgraph", help="the factgraph binary")
    p.add_argument("-v", "--verbose", action="store_true", help="print each mapped record")
    a = p.parse_args()
    with open(a.gold, encoding="utf-8") as f:
        records = json.load(f)
    n = dict.fromkeys(
        ["records", "rel_found", "src_found", "tar_records", "tar_found", "cands",
         "rel_ok", "src_ok", "tar_cands", "tar_ok", "unmapped", "unmapped_cands",
         "unmapped_with"], 0)
    unknown = set()
    for r in records:
        event, text = r.get("event"), r.get("text")
        if not text or event not in PLOVER_TO_FACTGRAPH:
            if event not in PLOVER_TO_FACTGRAPH:
                unknown.add(event)
            continue
        date = r.get("date") if isinstance(r.get("date"), str) else None
        cands = code(a.factgraph, text, date)
        allowed = PLOVER_TO_FACTGRAPH[event]
        if allowed is None:
            n["unmapped"] += 1
            n["unmapped_cands"] += len(cands)
            n["unmapped_with"] += 1 if cands else 0
            continue
        sources = actor_texts(r.get("source"))
        targets = actor_texts(r.get("target"))
        markup = (r.get("textInfo") or {}).get("markup", "")
        if not targets and "SRC/TAR" in markup:
            targets = sources
        n["records"] += 1
        if targets:
            n["tar_records"] += 1
        mapped = [(rel, s, o) for rel, s, o in cands if rel in allowed]
        n["rel_found"] += 1 if mapped else 0
        n["cands"] += len(cands)
        n["rel_ok"] += len(mapped)
        src_hit = tar_hit = False
        for rel, s, o in mapped:
            sym = rel in SYMMETRIC
            s_ok = any_match(s, sources) or (sym and any_match(o, sources))
            o_ok = bool(targets) and (any_match(o, targets) or (sym and any_match(s, targets)))
            n["src_ok"] += 1 if s_ok else 0
            src_hit |= s_ok
            if targets:
                n["tar_cands"] += 1
                n["tar_ok"] += 1 if o_ok else 0
                tar_hit |= o_ok
        n["src_found"] += 1 if src_hit else 0
        n["tar_found"] += 1 if tar_hit else 0
        if a.verbose:
            print(f"{r.get('id')} {event}: gold {sources} -> {targets}; coded {cands}")
    mapped_cats = sorted(k for k, v in PLOVER_TO_FACTGRAPH.items() if v)
    print(f"PLOVER gold standard: {len(records)} records; {n['records']} of a mapped category "
          f"({', '.join(mapped_cats)})")
    print(f"relation: recall {ratio(n['rel_found'], n['records'])}, "
          f"precision {ratio(n['rel_ok'], n['cands'])}")
    print(f"source actor: recall {ratio(n['src_found'], n['records'])}, "
          f"precision {ratio(n['src_ok'], n['rel_ok'])}")
    print(f"target actor: recall {ratio(n['tar_found'], n['tar_records'])}, "
          f"precision {ratio(n['tar_ok'], n['tar_cands'])}")
    print(f"unmapped categories: {n['unmapped']} records, {n['unmapped_cands']} candidates "
          f"proposed on {n['unmapped_with']} of them")
    if unknown:
        print(f"categories not in the table (left out): {sorted(str(u) for u in unknown)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
