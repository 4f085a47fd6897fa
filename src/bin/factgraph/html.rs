//! `brief --html`: the briefing as a self-contained HTML page, through
//! `factgraph::briefing`.

use std::path::{Path, PathBuf};

use clap::Args;
use factgraph::PartialDate;
use factgraph::briefing::{self, BriefingOptions, Focus};

use super::load::Loaded;
use super::{Failure, report_stale_temps, stdio};

/// The options of `brief` for the HTML page.
#[derive(Args, Debug)]
pub struct HtmlArgs {
    /// Write the briefing as one self-contained HTML page (link chart, timeline, summary,
    /// citations; works offline) instead of printing it.
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
    /// The entity the page is about: a name or alias, or a word of one (the name holding
    /// it with the fewest other words). Default: the entity with the most facts.
    #[arg(long, value_name = "NAME", requires = "html")]
    pub focus: Option<String>,
    /// The first date of the range the page opens with (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "html")]
    pub from: Option<PartialDate>,
    /// The last date of the range the page opens with (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "html")]
    pub to: Option<PartialDate>,
    /// How many hops around the focus the page holds: 1 or 2.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "html",
          value_parser = clap::value_parser!(u8).range(1..=2))]
    pub hops: u8,
}

/// Writes the page to `out`, saying on standard error what it holds and, when the focus
/// was not a name or alias, what was taken for it.
pub fn write(loaded: &Loaded, args: &HtmlArgs, out: &Path) -> Result<(), Failure> {
    let g = &loaded.graph;
    let mut options = BriefingOptions::new().hops(usize::from(args.hops));
    let mut focus_name = None;
    if let Some(name) = &args.focus {
        let focus = Focus::resolve(g, name).map_err(|e| format!("--focus: {e}"))?;
        if let Some(how) = &focus.how {
            stdio::err(&format!("focus: {} ({how})", focus.entity.name()));
            options = options.focus_note(how.clone());
        }
        focus_name = Some(focus.entity.name().to_owned());
        options = options.focus(focus.entity.id());
    }
    if let Some(d) = args.from {
        options = options.from(d);
    }
    if let Some(d) = args.to {
        options = options.to(d);
    }
    report_stale_temps(out);
    let bytes = briefing::write_html(g, &options, out).map_err(|e| e.to_string())?;
    stdio::err(&format!(
        "wrote {} ({bytes} bytes; focus {}, {} hop{})",
        out.display(),
        focus_name
            .as_deref()
            .unwrap_or("the entity with the most facts"),
        args.hops,
        if args.hops == 1 { "" } else { "s" }
    ));
    Ok(())
}
