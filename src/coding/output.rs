//! The candidate file: a report file of the documented JSON format whose proposals sit
//! apart under `candidates` (docs/FORMAT.md, "Candidates").

use serde_json::{Map, Value, json};

use super::coder::slug;
use super::model::{Coding, Link};

/// The coder's name and version, written into every candidate file.
pub const CODER: &str = "factgraph-coding 1";

impl Coding {
    /// The key of the report's outlet: a coded entity of kind source with its name, or
    /// one made from the name.
    fn outlet_key(&self) -> String {
        self.entities
            .iter()
            .find(|e| e.name == self.report.outlet)
            .map_or_else(|| slug(&self.report.outlet), |e| e.key.clone())
    }

    /// The candidate file as a JSON value.
    pub fn to_value(&self) -> Value {
        let text = self.text.as_str();
        let outlet = self.outlet_key();
        let mut report = Map::new();
        report.insert("id".into(), json!(self.report.id));
        report.insert("outlet".into(), json!(outlet));
        if let Some(h) = &self.report.headline {
            report.insert("headline".into(), json!(h));
        }
        if let Some(u) = &self.report.url {
            report.insert("url".into(), json!(u));
        }
        if !self.report.published.is_unknown() {
            report.insert("published".into(), json!(self.report.published.to_string()));
        }
        report.insert(
            "language".into(),
            json!(self.report.language.clone().unwrap_or_else(|| "en".into())),
        );
        let outlet_entity = json!({"id": outlet, "kind": "source", "name": self.report.outlet});
        let entities: Vec<Value> = self
            .entities
            .iter()
            .filter(|e| e.key != outlet)
            .map(|e| {
                let mut ent = Map::new();
                ent.insert("id".into(), json!(e.key));
                ent.insert("kind".into(), json!(e.kind.as_str()));
                ent.insert("name".into(), json!(e.name));
                if !e.aliases.is_empty() {
                    ent.insert("aliases".into(), json!(e.aliases));
                }
                let (link, cue) = match &e.link {
                    Link::Graph => ("graph", None),
                    Link::Dictionary => ("dictionary", None),
                    Link::New { cue } => ("new", Some(*cue)),
                };
                let mentions: Vec<Value> = e
                    .mentions
                    .iter()
                    .map(|m| json!({"chars": m.span.chars(text), "sentence": m.sentence}))
                    .collect();
                let mut out = Map::new();
                out.insert("entity".into(), Value::Object(ent));
                out.insert("link".into(), json!(link));
                if let Some(c) = cue {
                    out.insert("kind_cue".into(), json!(c));
                }
                out.insert("mentions".into(), Value::Array(mentions));
                Value::Object(out)
            })
            .collect();
        let key = |i: usize| self.entities.get(i).map_or("", |e| e.key.as_str());
        let facts: Vec<Value> = self
            .candidates
            .iter()
            .map(|c| {
                let mut fact = Map::new();
                fact.insert("relation".into(), json!(c.relation.as_str()));
                fact.insert("subject".into(), json!(key(c.subject)));
                fact.insert("object".into(), json!(key(c.object)));
                if let Some(d) = c.date.filter(|d| !d.is_unknown()) {
                    fact.insert("date".into(), json!(d.to_string()));
                    if d.year_inferred() {
                        fact.insert("year_inferred".into(), json!(true));
                    }
                }
                if !c.modality.is_reported() {
                    fact.insert("modality".into(), json!(c.modality.as_str()));
                }
                if let Some(t) = &c.title {
                    fact.insert("role".into(), json!({"title": t}));
                }
                let mut src = Map::new();
                src.insert("report".into(), json!(self.report.id));
                if let Some(cit) = c.citation.and_then(|i| self.citations.get(i)) {
                    src.insert("source".into(), json!(key(cit.source)));
                    if let Some(d) = cit.date {
                        src.insert("reported".into(), json!(d.to_string()));
                        if d.year_inferred() {
                            src.insert("reported_year_inferred".into(), json!(true));
                        }
                    }
                }
                if let Some(sp) = c.speaker {
                    src.insert("speaker".into(), json!(key(sp)));
                }
                if let Some(q) = c.quote {
                    src.insert("quote".into(), json!(q.text(text)));
                }
                if let Some(why) = &c.inferred {
                    src.insert("inferred".into(), json!(why));
                }
                fact.insert("sources".into(), json!([Value::Object(src)]));
                let sentence = self.sentences.get(c.sentence).map(|s| s.span);
                json!({
                    "id": c.id,
                    "review": "pending",
                    "rule": c.rule.as_str(),
                    "sentence": {"index": c.sentence, "chars": sentence.map(|s| s.chars(text))},
                    "cue": {"chars": c.cue.chars(text), "words": c.cue.text(text)},
                    "subject_words": {"chars": c.subject_span.chars(text), "words": c.subject_span.text(text)},
                    "object_words": {"chars": c.object_span.chars(text), "words": c.object_span.text(text)},
                    "citation": c.citation.and_then(|i| self.citations.get(i)).map(|cit| json!({"chars": cit.span.chars(text), "words": cit.span.text(text)})),
                    "fact": Value::Object(fact),
                })
            })
            .collect();
        let mut doc = json!({
            "factgraph": 2,
            "reports": [Value::Object(report)],
            "entities": [outlet_entity],
            "facts": [],
            "candidates": {
                "coder": CODER,
                "input": self.input.as_str(),
                "text_chars": text.chars().count(),
                "entities": entities,
                "facts": facts,
            }
        });
        // The spans of an HTML page's coding refer to its extracted text: recorded, for
        // the reviewer to read them in (and `check` to check the words against).
        if self.input == super::model::InputFormat::Html
            && let Some(c) = doc.get_mut("candidates").and_then(Value::as_object_mut)
        {
            c.insert("text".into(), json!(text));
        }
        doc
    }

    /// The candidate file as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        ordered(&self.to_value())
    }
}

/// The document's top-level keys in the order the format asks for (reports before the
/// entities and facts that cite them), whatever order the map keeps them in.
pub(crate) fn ordered(doc: &Value) -> String {
    const ORDER: [&str; 6] = [
        "factgraph",
        "title",
        "reports",
        "entities",
        "facts",
        "candidates",
    ];
    let Some(obj) = doc.as_object() else {
        return serde_json::to_string_pretty(doc).unwrap_or_default();
    };
    let mut parts: Vec<String> = Vec::new();
    let keys = ORDER.iter().copied().chain(
        obj.keys()
            .map(String::as_str)
            .filter(|k| !ORDER.contains(k)),
    );
    for k in keys {
        if let Some(v) = obj.get(k) {
            let body = serde_json::to_string_pretty(v)
                .unwrap_or_default()
                .replace('\n', "\n  ");
            parts.push(format!("  {}: {body}", Value::from(k)));
        }
    }
    format!("{{\n{}\n}}\n", parts.join(",\n"))
}
