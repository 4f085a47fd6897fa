//! An analyst's briefing, produced entirely through factgraph's query API: every line comes
//! from a query answer and carries the sources of the facts behind it.
//!
//! ```sh
//! cargo run --example briefing                    # the embedded corpus (EDM 2004 + 33 reports)
//! cargo run --example briefing -- FILE_OR_DIR...  # your report files, merged
//! cargo run --example briefing -- --article       # the EDM 2004 article alone
//! ```
//!
//! Files are merged with the default policy and the merge report is printed first. The
//! briefing then covers every relation the data holds, in date order, marking for each
//! fact how many reports and independent outlets support it, whether it was inferred by
//! the coder, and whether it is in conflict with another report.

use std::collections::HashSet;
use std::error::Error;

use factgraph::corpus::MergePolicy;
use factgraph::{FactRef, Filter, KnowledgeGraph, PartialDate, Relation, datasets};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let owned;
    let g: &KnowledgeGraph = if args.iter().any(|a| a == "--article") {
        datasets::edm_2004_v1_i133()
    } else if args.is_empty() {
        let (g, report) = datasets::try_corpus()?;
        heading("How the corpus was merged");
        print!("{}", indent(&report.to_string()));
        g
    } else {
        let mut g = KnowledgeGraph::new();
        let report = g.merge_paths(&args, &MergePolicy::new())?;
        heading("How the files were merged");
        print!("{}", indent(&report.to_string()));
        owned = g;
        &owned
    };
    println!(
        "\nBRIEFING: {}",
        g.title().unwrap_or("the merged report files")
    );
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
    heading("Sources");
    println!(
        "  {} entities, {} facts from {} reports; {} facts inferred by the coder, {} stated by two or more outlets.",
        g.entity_count(),
        g.fact_count(),
        g.report_count(),
        g.facts().filter(|f| f.is_inferred()).count(),
        g.facts().filter(|f| f.support().outlets >= 2).count(),
    );
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
