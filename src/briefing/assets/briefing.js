// factgraph briefing page: reads the JSON in #fg-data and draws the link chart (with
// cytoscape.js), the timeline, the summary and the citations. Every string from the data
// is placed with textContent (or as a canvas label), never parsed as markup.
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('fg-data').textContent);
  var $ = function (id) { return document.getElementById(id); };

  // ---- small DOM helpers: text only -------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function txt(text) { return el('bdi', 't', text); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function linkButton(text, onClick) {
    var b = el('button', 'link');
    b.type = 'button';
    b.appendChild(txt(text));
    b.addEventListener('click', onClick);
    return b;
  }

  // ---- dates: day numbers since 1970-01-01, as the Rust side writes them ------------
  var DAY_MS = 86400000;
  function dayNumber(y, m, d) {
    var t = new Date(0);
    t.setUTCFullYear(y, m - 1, d);
    t.setUTCHours(0, 0, 0, 0);
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
    return Math.round(t.getTime() / DAY_MS);
  }
  function isoOfDay(n) {
    var t = new Date(n * DAY_MS);
    var y = t.getUTCFullYear();
    var p = function (v) { return (v < 10 ? '0' : '') + v; };
    return String(y).padStart(4, '0') + '-' + p(t.getUTCMonth() + 1) + '-' + p(t.getUTCDate());
  }
  // A partial date (YYYY, YYYY-MM, YYYY-MM-DD): [first day, last day], or null.
  function parsePartial(s) {
    var m = /^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$/.exec(s);
    if (!m) return null;
    var y = +m[1];
    if (y < 1) return null;
    if (m[3]) { var d = dayNumber(y, +m[2], +m[3]); return d === null ? null : [d, d]; }
    if (m[2]) {
      var mo = +m[2];
      if (mo < 1 || mo > 12) return null;
      var first = dayNumber(y, mo, 1);
      var last = mo === 12 ? dayNumber(y, 12, 31) : dayNumber(y, mo + 1, 1) - 1;
      return [first, last];
    }
    return [dayNumber(y, 1, 1), dayNumber(y, 12, 31)];
  }
  function yearOfDay(n) { return new Date(n * DAY_MS).getUTCFullYear(); }

  // ---- the data's vocabularies ------------------------------------------------------
  var ENT = D.entities, FACTS = D.facts, REPORTS = D.reports;
  var KIND_COLOURS = {
    person: '#e4572e', country: '#17becf', state_body: '#1f77b4', organisation: '#9467bd',
    agreement: '#bcbd22', exercise: '#2ca02c', event: '#ff7f0e', programme: '#8c564b',
    equipment: '#7f7f7f', place: '#e377c2', source: '#393b79'
  };
  function kindColour(kind) { return Object.prototype.hasOwnProperty.call(KIND_COLOURS, kind) ? KIND_COLOURS[kind] : '#999999'; }
  // Line styles by modality: reported solid, planned and intended dashed, proposed and
  // claimed dotted (as in the DOT export).
  function lineClass(modality) {
    if (modality === 'planned' || modality === 'intended') return 'dashed';
    if (modality === 'proposed' || modality === 'claimed') return 'dotted';
    return 'solid';
  }
  var SYMMETRIC = {};
  D.relations.forEach(function (r) { SYMMETRIC[r.name] = r.symmetric; });
  var EGO_FACTS = [];
  FACTS.forEach(function (f, i) { if (f.ego) EGO_FACTS.push(i); });

  // ---- filter state -----------------------------------------------------------------
  var present = { relation: {}, modality: {} };
  EGO_FACTS.forEach(function (i) {
    var f = FACTS[i];
    present.relation[f.relation] = (present.relation[f.relation] || 0) + 1;
    present.modality[f.modality] = (present.modality[f.modality] || 0) + 1;
  });
  var initialRange = [D.from ? parsePartial(D.from) : null, D.to ? parsePartial(D.to) : null];
  var S = {
    hops: 1,
    relations: new Set(Object.keys(present.relation)),
    modalities: new Set(Object.keys(present.modality)),
    stated: false,
    from: initialRange[0] ? initialRange[0][0] : null,
    to: initialRange[1] ? initialRange[1][1] : null,
    layout: 'concentric'
  };

  function passes(f) {
    if (!S.relations.has(f.relation) || !S.modalities.has(f.modality)) return false;
    if (S.stated && !f.stated) return false;
    if (S.from === null && S.to === null) return true;
    if (!f.date) return false;
    var lo = f.date.first === null ? -Infinity : f.date.first;
    var hi = f.date.last === null ? Infinity : f.date.last;
    return (S.to === null || lo <= S.to) && (S.from === null || S.from <= hi);
  }

  // What is drawn: the entities within S.hops of the focus along facts that pass the
  // filters, and every passing fact among them (as KnowledgeGraph::ego_network).
  function computeDrawn() {
    var adj = new Map();
    var passing = [];
    EGO_FACTS.forEach(function (i) {
      var f = FACTS[i];
      if (!passes(f)) return;
      passing.push(i);
      if (!adj.has(f.subject)) adj.set(f.subject, []);
      if (!adj.has(f.object)) adj.set(f.object, []);
      adj.get(f.subject).push(f.object);
      adj.get(f.object).push(f.subject);
    });
    var hop = new Map([[D.focus, 0]]);
    var frontier = [D.focus];
    for (var k = 1; k <= S.hops && frontier.length; k++) {
      var next = [];
      frontier.forEach(function (u) {
        (adj.get(u) || []).forEach(function (v) {
          if (!hop.has(v)) { hop.set(v, k); next.push(v); }
        });
      });
      frontier = next;
    }
    var facts = passing.filter(function (i) { return hop.has(FACTS[i].subject) && hop.has(FACTS[i].object); });
    return { hop: hop, facts: facts };
  }

  // ---- the chart --------------------------------------------------------------------
  var cy = cytoscape({
    container: $('fg-chart'),
    wheelSensitivity: 0.3,
    minZoom: 0.1,
    maxZoom: 4,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(colour)', 'label': 'data(label)', 'font-size': 9,
        'text-valign': 'bottom', 'text-margin-y': 2, 'text-wrap': 'ellipsis', 'text-max-width': 140,
        'width': 16, 'height': 16, 'border-width': 1, 'border-color': '#ffffff',
        'text-background-color': '#ffffff', 'text-background-opacity': 0.7, 'text-background-padding': 1,
        'min-zoomed-font-size': 6 } },
      { selector: 'node.focus', style: { 'width': 30, 'height': 30, 'border-width': 3, 'border-color': '#1f2a44', 'font-size': 12, 'font-weight': 'bold' } },
      { selector: 'node.hop2', style: { 'width': 11, 'height': 11, 'font-size': 8 } },
      { selector: 'edge', style: {
        'width': 'mapData(weight, 1, 6, 1.2, 6)', 'line-color': '#56607a', 'curve-style': 'bezier',
        'opacity': 0.85, 'label': 'data(label)', 'font-size': 7, 'color': '#3b4356',
        'text-rotation': 'autorotate', 'min-zoomed-font-size': 8, 'text-background-color': '#ffffff',
        'text-background-opacity': 0.6 } },
      { selector: 'edge.directed', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': '#56607a', 'arrow-scale': 0.8 } },
      { selector: 'edge.dashed', style: { 'line-style': 'dashed' } },
      { selector: 'edge.dotted', style: { 'line-style': 'dotted' } },
      { selector: 'edge.inferred', style: { 'line-color': '#c49a3a', 'target-arrow-color': '#c49a3a', 'opacity': 0.75 } },
      { selector: 'edge.conflict', style: { 'line-color': '#d0312d', 'target-arrow-color': '#d0312d' } },
      { selector: ':selected', style: { 'overlay-color': '#1f4fb3', 'overlay-opacity': 0.25, 'overlay-padding': 4 } }
    ]
  });

  var drawn = { hop: new Map(), facts: [] };

  function elementsFor(d) {
    var els = [];
    d.hop.forEach(function (h, i) {
      var e = ENT[i];
      els.push({ group: 'nodes', data: { id: 'e' + i, label: e.name, colour: kindColour(e.kind), hop: h },
        classes: h === 0 ? ['focus'] : (h === 2 ? ['hop2'] : []) });
    });
    d.facts.forEach(function (i) {
      var f = FACTS[i];
      var classes = [lineClass(f.modality)];
      if (!SYMMETRIC[f.relation]) classes.push('directed');
      if (!f.stated) classes.push('inferred');
      if (f.conflicts.length) classes.push('conflict');
      els.push({ group: 'edges', data: { id: 'f' + i, source: 'e' + f.subject, target: 'e' + f.object,
        label: f.relation, weight: Math.max(1, f.support.origins) }, classes: classes });
    });
    return els;
  }

  function runLayout() {
    var opts = S.layout === 'cose'
      ? { name: 'cose', animate: false, randomize: true, idealEdgeLength: 90, nodeRepulsion: 9000, padding: 20 }
      : { name: 'concentric', animate: false, padding: 20, minNodeSpacing: 60, startAngle: 3 / 2 * Math.PI,
          concentric: function (n) { return 3 - n.data('hop'); }, levelWidth: function () { return 1; } };
    cy.layout(opts).run();
    cy.fit(undefined, 20);
    // A small network would be blown up to fill the pane, labels and all.
    if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }
  }

  function redraw() {
    drawn = computeDrawn();
    cy.batch(function () {
      cy.elements().remove();
      cy.add(elementsFor(drawn));
    });
    runLayout();
    var inData = ENT.filter(function (e) { return e.ego; }).length;
    $('fg-status').textContent = 'Drawn: ' + drawn.hop.size + ' entities and ' + drawn.facts.length +
      ' facts within ' + S.hops + (S.hops === 1 ? ' hop' : ' hops') + ' (the page holds ' + inData +
      ' entities and ' + EGO_FACTS.length + ' facts within ' + D.hops + (D.hops === 1 ? ' hop' : ' hops') + ').' +
      (S.from !== null || S.to !== null ? ' Dates from ' + (S.from === null ? '…' : isoOfDay(S.from)) + ' to ' +
        (S.to === null ? '…' : isoOfDay(S.to)) + '.' : '');
    drawTimeline();
  }

  cy.on('tap', 'edge', function (ev) {
    var i = +ev.target.id().slice(1);
    showFacts([i], 'The fact of this edge');
  });
  cy.on('tap', 'node', function (ev) { showEntity(+ev.target.id().slice(1)); });

  function selectFactInChart(i) {
    cy.elements().unselect();
    var edge = cy.getElementById('f' + i);
    if (edge.nonempty()) edge.select();
  }

  // ---- details: facts with their citations -------------------------------------------
  function entName(i) { return i === null || i === undefined ? '' : ENT[i].name; }

  function row(parent, key, value) {
    if (value === null || value === undefined || value === '') return;
    var r = el('span', 'row');
    r.appendChild(el('span', 'k', key));
    if (value instanceof Node) r.appendChild(value); else r.appendChild(txt(value));
    parent.appendChild(r);
  }

  // A link only for http(s) addresses, opened in a new tab on the reader's click; any
  // other scheme (javascript:, data:, file:) is shown as text.
  function urlNode(url) {
    var ok = false;
    try { var u = new URL(url); ok = u.protocol === 'https:' || u.protocol === 'http:'; } catch (e) { ok = false; }
    if (!ok) return txt(url);
    var a = el('a', 'url');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.appendChild(txt(url));
    return a;
  }

  function citation(s) {
    var c = el('div', 'cite' + (s.inferred ? ' inferred' : ''));
    var rep = s.report === null ? null : REPORTS[s.report];
    if (rep) {
      var what = rep.headline || rep.key;
      row(c, 'report', what + (rep.published ? ' (' + rep.published + ')' : ''));
    }
    row(c, 'outlet', entName(s.publication));
    if (s.cited !== null) row(c, 'citing', entName(s.cited));
    row(c, 'reported', s.reported);
    if (s.speaker !== null) row(c, 'speaker', entName(s.speaker));
    if (s.quote) { var q = el('span', 'quote'); q.appendChild(txt('“' + s.quote + '”')); row(c, 'quote', q); }
    if (rep && rep.author) row(c, 'author', rep.author);
    if (rep && rep.language) row(c, 'language', rep.language);
    if (rep && rep.url) row(c, 'URL', urlNode(rep.url));
    row(c, s.inferred ? 'inferred' : 'stated', s.inferred ? 'by the coder: ' + s.inferred : 'the report states it');
    var line = el('span', 'row hint');
    line.appendChild(txt(s.text));
    c.appendChild(line);
    return c;
  }

  function factCard(i, selected) {
    var f = FACTS[i];
    var card = el('div', 'fact' + (selected ? ' selected' : ''));
    card.dataset.fact = String(i);
    var line = el('div', 'line');
    line.appendChild(txt(f.text));
    if (f.modality !== 'reported') line.appendChild(el('span', 'badge modality', f.modality));
    if (!f.stated) line.appendChild(el('span', 'badge inferred', 'inferred'));
    f.conflicts.forEach(function (c) { line.appendChild(el('span', 'badge conflict', D.conflicts[c].kind + ' conflict')); });
    card.appendChild(line);
    var sup = f.support;
    var meta = el('div', 'meta');
    var parts = [];
    parts.push('date: ' + (f.date ? f.date.text + ' (' + (f.date.precision || 'open') + (f.date.qualified ? ', hedged' : '') + ')' : 'none given'));
    if (f.valid) parts.push('holds over: ' + f.valid.text);
    parts.push(sup.reports + ' report' + (sup.reports === 1 ? '' : 's') + ', ' + sup.outlets + ' outlet' + (sup.outlets === 1 ? '' : 's') +
      ', ' + sup.origins + ' independent origin' + (sup.origins === 1 ? '' : 's'));
    if (f.date && sup.date_reports < sup.reports) parts.push(sup.date_reports + ' give the date');
    if (f.place !== null && sup.place_reports < sup.reports) parts.push(sup.place_reports + ' give the place');
    if (f.known) parts.push('reported by ' + f.known);
    meta.appendChild(txt(parts.join(' · ')));
    card.appendChild(meta);
    if (f.note) { var n = el('div', 'meta'); n.appendChild(el('span', 'k', 'note: ')); n.appendChild(txt(f.note)); card.appendChild(n); }
    f.conflicts.forEach(function (c) {
      var cf = D.conflicts[c];
      var other = cf.sides[0] === i ? cf.sides[1] : cf.sides[0];
      var m = el('div', 'meta');
      m.appendChild(txt(cf.kind + ' conflict with: '));
      m.appendChild(linkButton(FACTS[other].text, function () { showFacts([i, other], 'A conflict: both sides'); }));
      card.appendChild(m);
    });
    var k = el('div', 'meta hint');
    k.appendChild(txt('fact #' + f.id + ', key ' + f.key));
    card.appendChild(k);
    f.sources.forEach(function (s) { card.appendChild(citation(s)); });
    if (!f.sources.length) card.appendChild(el('div', 'meta', 'no source recorded'));
    return card;
  }

  function showFacts(list, title) {
    var body = $('fg-details-body');
    clear(body);
    body.appendChild(el('h3', null, title));
    list.forEach(function (i) { body.appendChild(factCard(i, list.length === 1)); });
    if (list.length) { selectFactInChart(list[0]); markTimeline(list[0]); }
    body.parentNode.scrollTop = 0;
  }

  function showEntity(i) {
    var e = ENT[i];
    var body = $('fg-details-body');
    clear(body);
    var head = el('div', 'entity');
    var h = el('h3');
    h.appendChild(txt(e.name));
    h.appendChild(el('span', 'badge', e.kind));
    head.appendChild(h);
    var where = drawn.hop.has(i) ? (drawn.hop.get(i) === 0 ? 'the focus' : drawn.hop.get(i) + ' hop' + (drawn.hop.get(i) === 1 ? '' : 's') + ' from the focus')
      : (e.ego ? 'in the network, hidden by the filters' : 'outside the network (named by a fact the summary lists)');
    head.appendChild(el('div', 'meta', where));
    if (e.aliases && e.aliases.length) { var a = el('div', 'meta'); a.appendChild(el('span', 'k', 'also: ')); a.appendChild(txt(e.aliases.join('; '))); head.appendChild(a); }
    (e.attributes || []).forEach(function (kv) { var r = el('div', 'meta'); r.appendChild(el('span', 'k', kv[0] + ': ')); r.appendChild(txt(kv[1])); head.appendChild(r); });
    if (e.note) { var n = el('div', 'meta'); n.appendChild(el('span', 'k', 'note: ')); n.appendChild(txt(e.note)); head.appendChild(n); }
    var key = el('div', 'meta hint'); key.appendChild(txt('key ' + e.key)); head.appendChild(key);
    body.appendChild(head);
    var shown = drawn.facts.filter(function (f) { return FACTS[f].subject === i || FACTS[f].object === i; });
    var hidden = [];
    FACTS.forEach(function (f, fi) {
      if ((f.subject === i || f.object === i) && shown.indexOf(fi) < 0) hidden.push(fi);
    });
    body.appendChild(el('h3', null, 'Facts drawn at this entity (' + shown.length + ')'));
    shown.forEach(function (fi) { body.appendChild(factCard(fi, false)); });
    if (hidden.length) {
      var det = el('details');
      det.appendChild(el('summary', null, 'Facts in the page not drawn (' + hidden.length + '): filtered out or past the hops'));
      hidden.forEach(function (fi) { det.appendChild(factCard(fi, false)); });
      body.appendChild(det);
    }
    cy.elements().unselect();
    var node = cy.getElementById('e' + i);
    if (node.nonempty()) node.select();
    body.parentNode.scrollTop = 0;
  }

  // ---- timeline ----------------------------------------------------------------------
  function pct(v, lo, hi) { return ((v - lo) / (hi - lo) * 100).toFixed(3) + '%'; }

  function drawTimeline() {
    var box = $('fg-timeline');
    clear(box);
    var dated = [], undated = [];
    drawn.facts.forEach(function (i) { (FACTS[i].date ? dated : undated).push(i); });
    var lo = Infinity, hi = -Infinity;
    dated.forEach(function (i) {
      var d = FACTS[i].date;
      [d.first, d.last].forEach(function (v) { if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v + 1); } });
      var v = FACTS[i].valid;
      if (v) [v.first, v.last].forEach(function (x) { if (x !== null) { lo = Math.min(lo, x); hi = Math.max(hi, x + 1); } });
    });
    if (S.from !== null) lo = S.from;
    if (S.to !== null) hi = S.to + 1;
    $('fg-timeline-count').textContent = '(' + dated.length + ' dated facts, ' + undated.length + ' undated, of those drawn)';
    if (!dated.length || !(hi > lo)) {
      box.appendChild(el('p', 'hint', 'No dated fact is drawn.'));
    } else {
      // Whole years, a little wider than the facts.
      var y0 = yearOfDay(lo), y1 = yearOfDay(hi - 1);
      lo = dayNumber(y0, 1, 1);
      hi = dayNumber(y1, 12, 31) + 1;
      var axis = el('div', 'tl-axis');
      var track = el('div', 'tl-track');
      var years = y1 - y0 + 1;
      var step = years > 40 ? 10 : years > 16 ? 5 : years > 8 ? 2 : 1;
      for (var y = y0; y <= y1; y += step) {
        var tick = el('div', 'tl-tick', String(y));
        tick.style.left = pct(dayNumber(y, 1, 1), lo, hi);
        track.appendChild(tick);
      }
      if (years <= 2) {
        for (var yy = y0; yy <= y1; yy++) for (var mo = 4; mo <= 10; mo += 3) {
          var mt = el('div', 'tl-tick', String(yy) + '-' + String(mo).padStart(2, '0'));
          mt.style.left = pct(dayNumber(yy, mo, 1), lo, hi);
          track.appendChild(mt);
        }
      }
      axis.appendChild(track);
      box.appendChild(axis);
      dated.sort(function (a, b) {
        var da = FACTS[a].date, db = FACTS[b].date;
        var fa = da.first === null ? -Infinity : da.first, fb = db.first === null ? -Infinity : db.first;
        if (fa !== fb) return fa - fb;
        var la = da.last === null ? Infinity : da.last, lb = db.last === null ? Infinity : db.last;
        return la !== lb ? la - lb : FACTS[a].id - FACTS[b].id;
      });
      dated.forEach(function (i) { box.appendChild(timelineRow(i, lo, hi)); });
    }
    if (undated.length) {
      var u = el('div', 'tl-undated');
      u.appendChild(el('h3', null, 'Undated (' + undated.length + ')'));
      var ul = el('ul', 'facts');
      undated.forEach(function (i) {
        var li = el('li');
        li.appendChild(linkButton(FACTS[i].text, function () { showFacts([i], 'An undated fact'); }));
        ul.appendChild(li);
      });
      u.appendChild(ul);
      box.appendChild(u);
    }
  }

  // One bar from the first to the last day the date may stand for; an open side runs to
  // the edge with an arrow, an unknown side to the edge with a question mark.
  function bar(date, lo, hi, cls) {
    var parts = [];
    var first = date.first === null ? lo : Math.max(date.first, lo);
    var last = date.last === null ? hi : Math.min(date.last + 1, hi);
    var b = el('div', cls);
    b.style.left = pct(first, lo, hi);
    b.style.width = 'calc(' + pct(last, lo, hi) + ' - ' + pct(first, lo, hi) + ')';
    parts.push(b);
    if (date.lo !== 'date') {
      b.classList.add('open-lo');
      var m = el('span', date.lo === 'open' ? 'tl-arrow' : 'tl-unknown', date.lo === 'open' ? '◀' : '?');
      m.style.left = '0';
      parts.push(m);
    }
    if (date.hi !== 'date') {
      b.classList.add('open-hi');
      var n = el('span', date.hi === 'open' ? 'tl-arrow' : 'tl-unknown', date.hi === 'open' ? '▶' : '?');
      n.style.right = '0';
      parts.push(n);
    }
    return parts;
  }

  function timelineRow(i, lo, hi) {
    var f = FACTS[i];
    var r = el('div', 'tl-row');
    r.dataset.fact = String(i);
    r.title = f.text + ' — ' + f.date.text;
    var label = el('div', 'tl-label');
    label.appendChild(txt(f.date.text + ' · ' + f.text));
    r.appendChild(label);
    var track = el('div', 'tl-track');
    var cls = 'tl-bar ' + lineClass(f.modality) + ' ' + f.modality;
    if (f.date.qualified) cls += ' qualified';
    if (f.date.year_inferred) cls += ' yi';
    if (!f.stated) cls += ' inferred';
    if (f.conflicts.length) cls += ' conflict';
    bar(f.date, lo, hi, cls).forEach(function (p) { track.appendChild(p); });
    if (f.valid) track.appendChild(bar(f.valid, lo, hi, 'tl-valid')[0]);
    r.appendChild(track);
    r.addEventListener('click', function () { showFacts([i], 'A fact on the timeline'); });
    return r;
  }

  function markTimeline(i) {
    var rows = $('fg-timeline').querySelectorAll('.tl-row');
    rows.forEach(function (r) { r.classList.toggle('selected', r.dataset.fact === String(i)); });
  }

  // ---- summary -----------------------------------------------------------------------
  function factList(parent, title, list, extra) {
    if (!list.length) return;
    parent.appendChild(el('h3', null, title));
    var ul = el('ul', 'facts');
    list.forEach(function (i) {
      var li = el('li');
      li.appendChild(linkButton(FACTS[i].text, function () { showFacts([i], title); }));
      if (extra) li.appendChild(el('span', 'hint', ' ' + extra(FACTS[i])));
      ul.appendChild(li);
    });
    parent.appendChild(ul);
  }

  function drawSummary() {
    var s = D.summary, box = $('fg-summary');
    var dl = el('dl');
    var add = function (k, v) { dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', null, v)); };
    add('entities', s.entities);
    add('facts', s.facts);
    add('reports', s.reports);
    add('outlets', s.outlets);
    if (s.first_report) add('reports dated', s.first_report + ' to ' + s.last_report);
    add('inferred by the coder', s.inferred);
    add('stated by 2+ outlets', s.corroborated);
    add('conflicts', s.conflicts + (s.conflicts_capped ? '+' : ''));
    add('focus network', s.ego_entities + ' entities, ' + s.ego_facts + ' facts');
    box.appendChild(dl);
    var det = el('details');
    det.appendChild(el('summary', null, 'Facts by relation, entities by kind'));
    var ul = el('ul', 'facts');
    s.by_relation.forEach(function (p) { ul.appendChild(el('li', null, p[0] + ': ' + p[1])); });
    s.by_kind.forEach(function (p) { ul.appendChild(el('li', null, p[0] + ': ' + p[1])); });
    det.appendChild(ul);
    box.appendChild(det);
    var corr = function (f) { return '[' + f.support.origins + ' origins, ' + f.support.outlets + ' outlets]'; };
    factList(box, 'Best corroborated around the focus', s.focus_best, corr);
    factList(box, 'Best corroborated in the graph', s.best, corr);
    factList(box, 'Recently reported', s.recent, function (f) { return '[by ' + f.known + ']'; });
    if (s.open_conflicts.length) {
      box.appendChild(el('h3', null, 'Open conflicts (' + s.conflicts + (s.conflicts_capped ? '+' : '') + '; ' + s.open_conflicts.length + ' listed, the focus network’s first)'));
      var cl = el('ul', 'facts');
      s.open_conflicts.forEach(function (c) {
        var cf = D.conflicts[c];
        var li = el('li');
        li.appendChild(el('span', 'badge conflict', cf.kind));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(linkButton(FACTS[cf.sides[0]].text + ' / ' + FACTS[cf.sides[1]].text, function () {
          showFacts([cf.sides[0], cf.sides[1]], 'A conflict: both sides');
        }));
        cl.appendChild(li);
      });
      box.appendChild(cl);
    }
  }

  // ---- filters -----------------------------------------------------------------------
  function checkbox(parent, set, value, count, label) {
    var l = el('label');
    var c = el('input');
    c.type = 'checkbox';
    c.checked = set.has(value);
    c.value = value;
    c.addEventListener('change', function () { if (c.checked) set.add(value); else set.delete(value); redraw(); });
    l.appendChild(c);
    l.appendChild(txt(label));
    l.appendChild(el('span', 'count', String(count)));
    parent.appendChild(l);
  }

  function drawFilters() {
    D.modalities.forEach(function (m) { if (present.modality[m]) checkbox($('fg-modalities'), S.modalities, m, present.modality[m], m); });
    D.relations.forEach(function (r) { if (present.relation[r.name]) checkbox($('fg-relations'), S.relations, r.name, present.relation[r.name], r.name); });
    var hops = document.querySelectorAll('input[name="fg-hops"]');
    hops.forEach(function (h) {
      if (+h.value > D.hops) { h.disabled = true; h.parentNode.title = 'this page holds ' + D.hops + ' hop; write it with --hops 2'; }
      h.addEventListener('change', function () { if (h.checked) { S.hops = +h.value; redraw(); } });
    });
    document.querySelectorAll('input[name="fg-layout"]').forEach(function (r) {
      r.addEventListener('change', function () { if (r.checked) { S.layout = r.value; runLayout(); } });
    });
    $('fg-stated').addEventListener('change', function () { S.stated = this.checked; redraw(); });
    $('fg-from').value = D.from || '';
    $('fg-to').value = D.to || '';
    var dateChanged = function () {
      var f = $('fg-from').value.trim(), t = $('fg-to').value.trim();
      var pf = f ? parsePartial(f) : null, pt = t ? parsePartial(t) : null;
      var err = '';
      if (f && !pf) err = '“' + f + '” is not a date (YYYY, YYYY-MM or YYYY-MM-DD); the range is not applied.';
      else if (t && !pt) err = '“' + t + '” is not a date (YYYY, YYYY-MM or YYYY-MM-DD); the range is not applied.';
      else if (pf && pt && pf[0] > pt[1]) err = 'The range is reversed: from begins after to ends; it is not applied.';
      $('fg-date-error').textContent = err;
      if (err) return;
      S.from = pf ? pf[0] : null;
      S.to = pt ? pt[1] : null;
      redraw();
    };
    $('fg-from').addEventListener('change', dateChanged);
    $('fg-to').addEventListener('change', dateChanged);
    var setAll = function (on) {
      $('fg-relations').querySelectorAll('input').forEach(function (c) { c.checked = on; if (on) S.relations.add(c.value); else S.relations.delete(c.value); });
      redraw();
    };
    $('fg-rel-all').addEventListener('click', function () { setAll(true); });
    $('fg-rel-none').addEventListener('click', function () { setAll(false); });
    $('fg-reset').addEventListener('click', function () {
      document.querySelectorAll('#fg-filters input[type=checkbox]').forEach(function (c) { c.checked = c.id !== 'fg-stated'; });
      S.relations = new Set(Object.keys(present.relation));
      S.modalities = new Set(Object.keys(present.modality));
      S.stated = false;
      $('fg-from').value = ''; $('fg-to').value = ''; $('fg-date-error').textContent = '';
      S.from = null; S.to = null;
      redraw();
    });
  }

  function drawLegend() {
    var box = $('fg-legend');
    var kinds = {};
    ENT.forEach(function (e) { if (e.ego) kinds[e.kind] = true; });
    D.kinds.forEach(function (k) {
      if (!kinds[k]) return;
      var s = el('span');
      var sw = el('span', 'sw');
      sw.style.background = kindColour(k);
      s.appendChild(sw);
      s.appendChild(document.createTextNode(k));
      box.appendChild(s);
    });
    [['solid', 'reported'], ['dashed', 'planned, intended'], ['dotted', 'proposed, claimed'], ['solid inferred', 'inferred by the coder'], ['solid conflict', 'in conflict']].forEach(function (p) {
      var s = el('span');
      s.appendChild(el('span', 'ln ' + p[0]));
      s.appendChild(document.createTextNode(p[1]));
      box.appendChild(s);
    });
    box.appendChild(el('span', 'hint', 'edge width: independent origins'));
  }

  // ---- search over names and aliases ---------------------------------------------------
  function fold(s) { return String(s).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim(); }
  var INDEX = [];
  ENT.forEach(function (e, i) { INDEX.push({ names: [e.name].concat(e.aliases || []), kind: e.kind, at: i }); });
  D.names.forEach(function (n) { INDEX.push({ names: [n[1]].concat(n[3] || []), kind: n[2], at: -1 }); });
  INDEX.forEach(function (x) { x.folded = x.names.map(fold); });

  function search(q) {
    var fq = fold(q);
    var out = [];
    if (!fq) return out;
    INDEX.forEach(function (x) {
      var best = -1, which = 0;
      x.folded.forEach(function (n, k) {
        var score = n === fq ? 4 : n.indexOf(fq) === 0 ? 3 : (' ' + n).indexOf(' ' + fq) >= 0 ? 2 : n.indexOf(fq) >= 0 ? 1 : -1;
        if (score > best) { best = score; which = k; }
      });
      if (best < 0) return;
      var rank = best * 10 + (x.at >= 0 && drawn.hop.has(x.at) ? 5 : x.at >= 0 ? 2 : 0);
      out.push({ x: x, which: which, rank: rank });
    });
    out.sort(function (a, b) { return b.rank - a.rank || a.x.names[0].localeCompare(b.x.names[0]); });
    return out;
  }

  function drawSearch() {
    var input = $('fg-search'), list = $('fg-search-results');
    input.addEventListener('input', function () {
      clear(list);
      var hits = search(input.value);
      hits.slice(0, 20).forEach(function (h) {
        var li = el('li');
        li.tabIndex = 0;
        li.appendChild(txt(h.x.names[0]));
        li.appendChild(el('span', 'badge', h.x.kind));
        if (h.which > 0) { var a = el('span', 'where'); a.appendChild(txt('alias: ' + h.x.names[h.which])); li.appendChild(a); }
        var at = h.x.at;
        var where = at >= 0 && drawn.hop.has(at) ? 'drawn, ' + drawn.hop.get(at) + ' hop' + (drawn.hop.get(at) === 1 ? '' : 's') + ' from the focus'
          : at >= 0 && ENT[at].ego ? 'in the network, hidden by the filters or hops'
          : at >= 0 ? 'in the page, outside the network'
          : 'in the graph, not in this page: write a page with --focus on it';
        li.appendChild(el('span', 'where', where));
        var open = function () {
          clear(list);
          if (at < 0) {
            var body = $('fg-details-body');
            clear(body);
            var h3 = el('h3'); h3.appendChild(txt(h.x.names[0])); body.appendChild(h3);
            body.appendChild(el('p', 'hint', 'Not within ' + D.hops + ' hops of the focus. Write a briefing on it: factgraph brief --html OUT.html --focus NAME.'));
            return;
          }
          showEntity(at);
          var node = cy.getElementById('e' + at);
          if (node.nonempty()) cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 200 });
        };
        li.addEventListener('click', open);
        li.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') open(); });
        list.appendChild(li);
      });
      if (input.value.trim() && !hits.length) list.appendChild(el('li', 'hint', 'No name or alias holds “' + input.value.trim() + '”.'));
    });
    input.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { input.value = ''; clear(list); } });
  }

  // ---- start -------------------------------------------------------------------------
  var focus = ENT[D.focus];
  $('fg-title').textContent = '';
  $('fg-title').appendChild(txt(focus.name));
  $('fg-title').appendChild(el('span', 'badge', focus.kind));
  $('fg-focus-note').textContent = (D.focus_note ? D.focus_note + ' · ' : '') + D.title;
  drawFilters();
  drawLegend();
  drawSummary();
  drawSearch();
  redraw();

  // For tests and for readers at the console: what is drawn, as entity keys and fact
  // numbers.
  window.factgraphBriefing = {
    cy: cy,
    drawn: function () {
      var keys = []; drawn.hop.forEach(function (h, i) { keys.push(ENT[i].key); });
      return { entities: keys.sort(), facts: drawn.facts.map(function (i) { return FACTS[i].id; }).sort(function (a, b) { return a - b; }) };
    },
    factIndex: function (id) { for (var i = 0; i < FACTS.length; i++) if (FACTS[i].id === id) return i; return -1; }
  };
  document.body.dataset.ready = 'true';
}());
