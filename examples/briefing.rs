//! An analyst's briefing, produced entirely through factgraph's query API: every line comes
//! from a query answer and carries the sources of the facts behind it.
//!
//! ```sh
//! cargo run --example briefing                              # one screen on the built-in corpus
//! cargo run --example briefing -- --full                    # ...then every fact, by relation
//! cargo run --example briefing -- --with-corpus FILE_OR_DIR # your files merged into the corpus
//! cargo run --example briefing -- FILE_OR_DIR...            # your report files alone, merged
//! cargo run --example briefing -- --article                 # the EDM 2004 article alone
//! ```
//!
//! The first screen (under 60 lines) is what an analyst reads first: the graph in numbers,
//! what the given files changed (only theirs, with `--with-corpus`), the best corroborated
//! facts, where reports disagree and the latest reports. `--full` then prints the whole
//! merge report and every relation the data holds, in date order, marking for each fact
//! how many reports and independent outlets support it, whether the coder inferred it and
//! whether it is in conflict with another report, and the time questions (as of, known by).

use std::collections::HashSet;
use std::error::Error;

use factgraph::corpus::{MergePolicy, MergeReport};
use factgraph::query::summary::best_corroborated;
use factgraph::{FactRef, Filter, KnowledgeGraph, PartialDate, Relation, datasets};

/// How many items each section of the first screen lists.
const ITEMS: usize = 6;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (full, with_corpus) = (flag("--full"), flag("--with-corpus"));
    if let Some(unknown) = args.iter().find(|a| {
        a.starts_with("--") && !["--full", "--with-corpus", "--article"].contains(&a.as_str())
    }) {
        return Err(format!("unknown option {unknown} (--full, --with-corpus, --article)").into());
    }
    let owned;
    let (g, report, what): (&KnowledgeGraph, Option<MergeReport>, String) = if flag("--article") {
        (
            datasets::edm_2004_v1_i133(),
            None,
            "the article alone".into(),
        )
    } else if paths.is_empty() {
        let (g, report) = datasets::try_corpus()?;
        (g, Some(report.clone()), "the built-in corpus".into())
    } else {
        let mut g = if with_corpus {
            datasets::try_corpus()?.0.clone()
        } else {
            KnowledgeGraph::new()
        };
        let report = g.merge_paths(&paths, &MergePolicy::new())?;
        owned = g;
        let files = if with_corpus {
            "your files merged into the corpus"
        } else {
            "your files"
        };
        (&owned, Some(report), files.into())
    };
    summary(g, report.as_ref(), &what);
    if !full {
        println!("\n(--full: the merge report, every fact by relation, the time questions)");
        return Ok(());
    }
    if let Some(report) = &report {
        heading(&format!("How {what} merged"));
        print!("{}", indent(&report.to_string()));
    }
    sources(g);
    let conflicted: HashSet<_> = g
        .conflicts()
        .flat_map(|c| c.sides.map(|f| f.id()))
        .collect();
    for &relation in Relation::ALL {
        let mut facts: Vec<FactRef<'_>> = g.facts_of_relation(relation).collect();
        if facts.is_empty() {
            continue;
        }
        facts.sort_by_key(|f| (f.date(), f.id()));
        heading(&format!("{} ({} facts)", relation.phrase(), facts.len()));
        for f in facts {
            fact_line(f, conflicted.contains(&f.id()));
        }
    }
    conflicts(g);
    corroborated(g);
    as_of_and_known_by(g)?;
    connection(g)?;
    Ok(())
}

/// The first screen: the graph in numbers, what was merged, the best corroborated facts,
/// where reports disagree, the latest reports.
fn summary(g: &KnowledgeGraph, report: Option<&MergeReport>, what: &str) {
    println!(
        "BRIEFING: {}",
        g.title().unwrap_or("the merged report files")
    );
    println!("  {}.", g.summary());
    if let Some(report) = report {
        heading(&format!("What changed: {what}"));
        for line in report.to_string().lines().take(2) {
            println!("  {line}");
        }
    }
    let strong = best_corroborated(g.facts());
    heading(&format!(
        "Best corroborated: the first {} of {} facts stated by two or more outlets",
        ITEMS.min(strong.len()),
        strong.len()
    ));
    for f in strong.iter().take(ITEMS) {
        println!(
            "  - {}  [{} outlets]",
            short(&f.to_string()),
            f.support().outlets
        );
    }
    let conflicts: Vec<_> = g.conflicts().take(ITEMS).collect();
    heading(&format!(
        "Where reports disagree: the first {}",
        conflicts.len()
    ));
    if conflicts.is_empty() {
        println!("  no conflicts");
    }
    for c in conflicts {
        println!("  - {}", short(&c.to_string()));
    }
    let mut reports: Vec<_> = g.reports().collect();
    reports.sort_by_key(|(id, r)| (std::cmp::Reverse(r.published()), std::cmp::Reverse(*id)));
    heading(&format!(
        "Latest reports: the newest {} of {}",
        ITEMS.min(reports.len()),
        reports.len()
    ));
    for (id, r) in reports.iter().take(ITEMS) {
        let outlet = g.entity(r.outlet()).map_or("?", |o| o.name());
        println!(
            "  - {} {outlet}: {} ({} facts)",
            r.published(),
            short(r.headline().unwrap_or("(no headline)")),
            g.reported_in(*id).count()
        );
    }
}

/// A line cut to 140 characters.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(140).collect();
    if text.chars().nth(140).is_some() {
        out.push('…');
    }
    out
}

/// The time questions analysts ask: who held a post on a day (valid time), and what had
/// been reported about something by a day (report time). The names and dates are the
/// questions; the answers come from the views.
fn as_of_and_known_by(g: &KnowledgeGraph) -> Result<(), Box<dyn Error>> {
    if let Ok(ministry) = g.find("Ministry of Defense of Kazakhstan") {
        for day in [
            PartialDate::day(1999, 12, 17)?,
            PartialDate::day(2011, 4, 12)?,
            PartialDate::day(2017, 6, 1)?,
        ] {
            heading(&format!("Minister of Defence of Kazakhstan as of {day}"));
            let holders = g
                .as_of(day)
                .holders_of(ministry.id(), "Minister of Defence");
            if holders.is_empty() {
                println!("  nobody the reports place in the post on that day");
            }
            for p in holders {
                println!("  - {} ({}): {}", p.person.name(), p.role.title, p.fact);
                println!("      source: {}", p.fact.sources_line());
            }
            println!("  Every post in the ministry the reports place on that day:");
            for p in g.as_of(day).post_holders(ministry.id()) {
                println!("  - {}", p.fact);
            }
        }
    }
    if let Ok(kazbat) = g.find("KAZBAT") {
        let by = PartialDate::year(2004)?;
        heading(&format!(
            "What had been reported about {} by the end of {by}",
            kazbat.name()
        ));
        for hop in g.known_by(by).neighbours(kazbat.id(), Filter::any()) {
            let f = hop.fact();
            let since = f.known_since().map_or("?".to_owned(), |d| d.to_string());
            println!("  - {f}  [known by {since}]");
        }
    }
    let (from, to) = (PartialDate::year(2007)?, PartialDate::year(2008)?);
    heading(&format!(
        "What became known in {to} (reported after {from})"
    ));
    for f in g.learnt_between(from, to) {
        let since = f.known_since().map_or("?".to_owned(), |d| d.to_string());
        println!("  - {f}  [known by {since}]");
    }
    Ok(())
}

fn heading(title: &str) {
    println!("\n== {title} ==");
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// A fact line with its markers, then its sources, indented.
fn fact_line(f: FactRef<'_>, conflicted: bool) {
    let support = f.support();
    let mut marks = vec![format!(
        "{} report{}, {} outlet{}, {} independent origin{}",
        support.reports,
        if support.reports == 1 { "" } else { "s" },
        support.outlets,
        if support.outlets == 1 { "" } else { "s" },
        support.origins,
        if support.origins == 1 { "" } else { "s" }
    )];
    // Reports that give no date (or a coarser one) support the statement, not its date.
    if !f.date().is_unknown() && support.date_reports < support.reports {
        marks.push(format!("{} for the date", support.date_reports));
    }
    if f.place().is_some() && support.place_reports < support.reports {
        marks.push(format!("{} for the place", support.place_reports));
    }
    if f.is_inferred() {
        marks.push("INFERRED".into());
    }
    if conflicted {
        marks.push("CONFLICT".into());
    }
    println!("  - {f}  [{}]", marks.join("; "));
    for s in f.sources() {
        match s.quote() {
            Some(q) => println!("      source: {s}: \"{q}\""),
            None => println!("      source: {s}"),
        }
    }
}

fn sources(g: &KnowledgeGraph) {
    heading(&format!("Sources: {} reports", g.report_count()));
    for (_, r) in g.reports() {
        let outlet = g.entity(r.outlet()).map_or("?", |o| o.name());
        println!(
            "  - {} {}: {} [{}]",
            r.published(),
            outlet,
            r.headline().unwrap_or("(no headline)"),
            r.url().unwrap_or("no URL")
        );
    }
}

fn conflicts(g: &KnowledgeGraph) {
    heading("Where reports disagree");
    let mut list = g.conflicts().peekable();
    if list.peek().is_none() {
        println!("  no conflicts");
    }
    for c in list {
        println!("  - {} conflict:", c.kind);
        for side in c.sides {
            println!("      {side}");
            println!("        according to: {}", side.sources_line());
        }
    }
}

fn corroborated(g: &KnowledgeGraph) {
    heading("Stated by independent outlets (two or more), reported as done");
    let filter = Filter::any().reported_only().stated_only().min_outlets(2);
    for f in g.facts().filter(|f| filter.accepts_fact(f)) {
        println!("  - {f}  [{} outlets]", f.support().outlets);
    }
}

fn connection(g: &KnowledgeGraph) -> Result<(), Box<dyn Error>> {
    let (Ok(from), Ok(to)) = (g.find("Mira Ricardel"), g.find("Steppe Eagle 2004")) else {
        return Ok(());
    };
    heading("How Mira Ricardel is connected to Steppe Eagle 2004, through stated, reported facts");
    match g.connection(
        from.id(),
        to.id(),
        Filter::any().reported_only().stated_only(),
    ) {
        None => println!("  no connection through stated, reported facts"),
        Some(path) => {
            for hop in path.hops() {
                println!("  {}", hop.fact());
                println!("      source: {}", hop.fact().sources_line());
            }
        }
    }
    Ok(())
}
