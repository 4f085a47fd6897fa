#!/usr/bin/env python3
"""Opens factgraph's HTML briefing from disk in headless Chromium and checks it.

Usage: check_html.py hostile OUT.json
       check_html.py check PAGE.html EXPECT.json HOSTILE.html HOSTILE.json OUT_DIR

`hostile` writes the made-up hostile graph (scripts/hostile_graph.py's, plus names, notes,
quotes and a URL with `</script>`, event-handler markup and bidirectional controls).

PAGE.html is the page `factgraph brief --html` wrote for the focus of EXPECT.json, which
`cargo run --example html_briefing` wrote with the Rust API's answers. The check:

1. the chart draws the entities and facts `ego_network` answers, at 1 and 2 hops and with
   a relation, a stated-only and a date filter set through the page's own controls;
2. a real mouse click on an edge opens that fact with every citation (outlet, cited
   outlet, speaker, quote, URL, inference reason);
3. the timeline shows one row per dated fact drawn, and the search box finds the focus;
4. nothing was requested from the network (Chrome's performance log lists no request
   but the file itself) and the console shows no error (a refused script or style);
5. HOSTILE.html, the page of made-up hostile names (HOSTILE.json), runs no injected code
   and shows the names as text.

Screenshots go to OUT_DIR (briefing.png, hostile.png).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def browser() -> webdriver.Chrome:
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1600,1300",
        "--force-device-scale-factor=1",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--allow-file-access-from-files",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def open_page(d: webdriver.Chrome, page: Path) -> None:
    d.get(page.resolve().as_uri())
    for _ in range(100):
        if d.execute_script("return document.body && document.body.dataset.ready === 'true'"):
            return
        time.sleep(0.1)
    raise SystemExit(f"{page}: the page did not get ready; console: {d.get_log('browser')}")


def drawn(d: webdriver.Chrome) -> dict:
    return d.execute_script("return window.factgraphBriefing.drawn()")


def compare(d: webdriver.Chrome, state: dict, what: str) -> None:
    got = drawn(d)
    want_e, want_f = sorted(state["entities"]), sorted(state["facts"])
    check(
        got["entities"] == want_e and got["facts"] == want_f,
        f"{what}: the chart draws what ego_network answers "
        f"({len(want_e)} entities, {len(want_f)} facts; drawn {len(got['entities'])}, {len(got['facts'])})",
    )
    if got["entities"] != want_e:
        print("   entities missing:", sorted(set(want_e) - set(got["entities"])),
              "extra:", sorted(set(got["entities"]) - set(want_e)))
    if got["facts"] != want_f:
        print("   facts missing:", sorted(set(want_f) - set(got["facts"])),
              "extra:", sorted(set(got["facts"]) - set(want_f)))


def click(d: webdriver.Chrome, css: str) -> None:
    d.find_element(By.CSS_SELECTOR, css).click()


def set_checkbox(d: webdriver.Chrome, container: str, value: str, on: bool) -> None:
    box = d.find_element(By.CSS_SELECTOR, f"#{container} input[value='{value}']")
    if box.is_selected() != on:
        box.click()


def click_edge(d: webdriver.Chrome, fact: int) -> bool:
    """Clicks the middle of the edge of fact number `fact` with the mouse; True when the
    details panel then shows that fact alone."""
    idx = d.execute_script("return window.factgraphBriefing.factIndex(arguments[0])", fact)
    pos = d.execute_script(
        "var e = window.factgraphBriefing.cy.getElementById('f' + arguments[0]);"
        "if (e.empty()) return null; var m = e.renderedMidpoint(); return [m.x, m.y];",
        idx,
    )
    if pos is None:
        return False
    chart = d.find_element(By.ID, "fg-chart")
    size = chart.size
    ActionChains(d).move_to_element_with_offset(
        chart, int(pos[0] - size["width"] / 2), int(pos[1] - size["height"] / 2)
    ).click().perform()
    time.sleep(0.2)
    shown = d.execute_script(
        "return Array.from(document.querySelectorAll('#fg-details-body .fact')).map(e => +e.dataset.fact)"
    )
    return shown == [idx]


def network_requests(d: webdriver.Chrome) -> list[str]:
    urls = []
    for entry in d.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def console_errors(d: webdriver.Chrome) -> list[str]:
    return [e["message"] for e in d.get_log("browser") if e.get("level") == "SEVERE"]


def main_page(d: webdriver.Chrome, page: Path, expect: dict, out: Path) -> None:
    open_page(d, page)
    states = {s["name"]: s for s in expect["states"]}
    title = d.find_element(By.ID, "fg-title").text
    check(expect["focus_name"] in title, f"the page is about {expect['focus_name']} ({title!r})")
    compare(d, states["hops1"], "1 hop, no filter")

    # A real click on an edge opens its fact with every citation.
    by_sources = sorted(expect["citations"], key=lambda c: -len(c["sources"]))
    clicked = None
    for c in by_sources:
        if click_edge(d, c["fact"]):
            clicked = c
            break
    check(clicked is not None, "a mouse click on an edge opens that fact alone")
    if clicked:
        panel = d.find_element(By.ID, "fg-details-body").text
        check(clicked["text"] in panel, f"the panel shows the fact: {clicked['text'][:70]}")
        for s in clicked["sources"]:
            for key in ("publication", "cited", "speaker", "quote", "url", "inferred"):
                if s.get(key):
                    check(s[key] in panel, f"  its citation shows the {key}: {s[key][:60]}")
        cites = d.find_elements(By.CSS_SELECTOR, "#fg-details-body .cite")
        check(len(cites) == len(clicked["sources"]), f"  one citation block per attribution ({len(cites)})")
        d.save_screenshot(str(out / "briefing.png"))

    # Every fact within one hop has its citations a click away (through the API hook,
    # which is what the click above went through).
    missing = []
    for c in expect["citations"]:
        d.execute_script(
            "var cy = window.factgraphBriefing.cy;"
            "cy.getElementById('f' + window.factgraphBriefing.factIndex(arguments[0])).emit('tap');",
            c["fact"],
        )
        panel = d.find_element(By.ID, "fg-details-body").text
        for s in c["sources"]:
            if s["publication"] not in panel or (s.get("quote") and s["quote"] not in panel):
                missing.append(c["fact"])
    check(not missing, f"every edge within one hop opens its citations ({len(expect['citations'])} facts)")

    # The timeline: one row per dated fact drawn, the undated listed.
    rows = d.execute_script("return document.querySelectorAll('#fg-timeline .tl-row').length")
    undated = d.execute_script("return document.querySelectorAll('#fg-timeline .tl-undated li').length")
    check(rows + undated == len(states["hops1"]["facts"]),
          f"the timeline shows every fact drawn ({rows} dated rows, {undated} undated)")
    # A month-precise date is a month-wide bar: its width is about a twelfth of a year's.
    widths = d.execute_script(
        "var D = JSON.parse(document.getElementById('fg-data').textContent); var out = {};"
        "document.querySelectorAll('#fg-timeline .tl-row').forEach(function (r) {"
        "  var f = D.facts[+r.dataset.fact]; var b = r.querySelector('.tl-bar');"
        "  if (f.date.lo === 'date' && f.date.hi === 'date' && f.date.first !== null) {"
        "    var days = f.date.last - f.date.first + 1;"
        "    (out[f.date.precision] = out[f.date.precision] || []).push(b.getBoundingClientRect().width / days); } });"
        "return out;"
    )
    per_day = [w for ws in widths.values() for w in ws if w > 0]
    if "month" in widths and "year" in widths:
        m = sum(widths["month"]) / len(widths["month"])
        y = sum(widths["year"]) / len(widths["year"])
        check(abs(m - y) / y < 0.25, f"month and year bars are drawn to the same scale ({m:.3f} and {y:.3f} px a day)")
    else:
        check(bool(per_day), "dated bars are drawn")

    # Filters, through the page's own controls.
    click(d, "#fg-rel-none")
    set_checkbox(d, "fg-relations", expect["relation"], True)
    compare(d, states["relation"], f"relation {expect['relation']} only")
    click(d, "#fg-reset")
    compare(d, states["hops1"], "reset")
    click(d, "input[name='fg-hops'][value='2']")
    compare(d, states["hops2"], "2 hops")
    click(d, "input[name='fg-hops'][value='1']")
    click(d, "#fg-stated")
    compare(d, states["stated"], "stated only")
    click(d, "#fg-reset")
    for field in ("fg-from", "fg-to"):
        box = d.find_element(By.ID, field)
        box.clear()
        box.send_keys(expect["year"])
        d.execute_script("arguments[0].dispatchEvent(new Event('change'))", box)
    compare(d, states["year"], f"dates in {expect['year']}")
    box = d.find_element(By.ID, "fg-from")
    d.execute_script("arguments[0].value = '2004-13'; arguments[0].dispatchEvent(new Event('change'))", box)
    err = d.find_element(By.ID, "fg-date-error").text
    check("not a date" in err, f"a bad date is refused with a message ({err[:50]!r})")
    compare(d, states["year"], "  and the range in force stays")
    click(d, "#fg-reset")

    # Search over names and aliases.
    search = d.find_element(By.ID, "fg-search")
    search.send_keys("altynbaev")
    hits = d.find_element(By.ID, "fg-search-results").text
    check(expect["focus_name"] in hits, "the search box finds the focus by an alias, any case")
    search.clear()

    requests = network_requests(d)
    own = page.resolve().as_uri()
    others = [u for u in requests if u != own]
    check(not others, f"no network request but the file itself ({len(requests)} requests: {others[:3]})")
    errors = console_errors(d)
    check(not errors, f"no console error ({errors[:3]})")


def hostile_page(d: webdriver.Chrome, page: Path, graph: dict, out: Path) -> None:
    open_page(d, page)
    try:
        alert = d.switch_to.alert
        check(False, f"no alert opens (one did: {alert.text!r})")
    except NoAlertPresentException:
        check(True, "no alert opens")
    scripts = d.execute_script("return document.scripts.length")
    check(scripts == 3, f"only the page's three script elements exist ({scripts})")
    check(d.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0,
          "no element was made from the data")
    check(d.execute_script("return window.__pwned === undefined"), "no injected code ran")
    # Every name shows, as text, in the details of its node.
    names = [e["name"] for e in graph["entities"] if e["kind"] == "person"]
    ok = True
    for i in range(d.execute_script("return JSON.parse(document.getElementById('fg-data').textContent).entities.length")):
        d.execute_script(
            "var n = window.factgraphBriefing.cy.getElementById('e' + arguments[0]); if (n.nonempty()) n.emit('tap');", i)
    d.execute_script("window.factgraphBriefing.cy.getElementById('e0').emit('tap')")
    shown = d.execute_script("return document.getElementById('fg-details-body').textContent")
    check(len(shown) > 0, "the focus's details show")
    text = d.execute_script(
        "var D = JSON.parse(document.getElementById('fg-data').textContent);"
        "return D.entities.map(function (e) { return e.name; });"
    )
    for n in names:
        if n not in text:
            ok = False
    check(ok, f"the data holds every hostile name unchanged ({len(names)})")
    # The focus's panel lists facts whose notes are the hostile strings, as text.
    d.execute_script("window.factgraphBriefing.cy.getElementById('e0').emit('tap')")
    panel = d.execute_script("return document.getElementById('fg-details-body').textContent")
    for needle in ("<script>alert('x')</script>", "</script><script>window.__pwned=1</script>"):
        check(needle in panel or needle in "".join(text), f"shown as text: {needle!r}")
    check(not console_errors(d), f"no console error ({console_errors(d)[:2]})")
    check(d.execute_script("return window.__pwned === undefined"), "still no injected code ran")
    own = page.resolve().as_uri()
    check(all(u == own for u in network_requests(d)), "no network request")
    d.save_screenshot(str(out / "hostile.png"))


# What the hostile page must show as text: each would run code if it were read as markup.
PAYLOADS = [
    "</script><script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "<!-- <script>window.__pwned=1</script> -->",
    "\u202eevil\u202c and \u2067isolate\u2069 \u2028line\u2029",
]


def hostile_graph() -> dict:
    """scripts/hostile_graph.py's made-up graph, with the payloads as a name, a note, a
    quote, a headline and a `javascript:` URL."""
    sys.path.insert(0, str(Path(__file__).parent))
    import hostile_graph  # noqa: E402

    g = hostile_graph.graph()
    g["factgraph"] = 2
    g["reports"] = [{
        "id": "made_up_report",
        "outlet": "made_up_wire \"x\"",
        "published": "2020-02-01",
        "headline": PAYLOADS[0],
        "url": "javascript:window.__pwned=1",
    }]
    for i, p in enumerate(PAYLOADS):
        g["entities"].append({"id": f"payload {i}", "kind": "person", "name": p, "aliases": [p + " alias"], "note": p})
        g["facts"].append({
            "relation": "holds_position", "subject": f"payload {i}", "object": "ministry/of#truth",
            "role": {"title": p}, "date": "2020-03", "note": p,
            "sources": [{"report": "made_up_report", "source": "made_up_wire \"x\"", "quote": p,
                         "speaker": f"payload {i}", "inferred": p}],
        })
    # Reports come before the facts that cite them.
    return {k: g[k] for k in ("factgraph", "title", "reports", "entities", "facts")}


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[1] == "hostile":
        Path(argv[2]).write_text(json.dumps(hostile_graph(), ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    if len(argv) != 7 or argv[1] != "check":
        print(__doc__, file=sys.stderr)
        return 2
    page, expect, hostile, hostile_json, out = (Path(a) for a in argv[2:])
    out.mkdir(parents=True, exist_ok=True)
    d = browser()
    try:
        main_page(d, page, json.loads(expect.read_text(encoding="utf-8")), out)
        hostile_page(d, hostile, json.loads(hostile_json.read_text(encoding="utf-8")), out)
    finally:
        d.quit()
    passed = 0 if FAILURES else 1
    print(f"check_html: {len(FAILURES)} failed; screenshots in {out}")
    print(f"{passed} passed, {1 - passed} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
