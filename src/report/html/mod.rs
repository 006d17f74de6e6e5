//! The printable page: one self-contained HTML file in the export's language (A4 print
//! styles, an inline SVG chart, nothing fetched from anywhere) with the figures, the log's
//! hash-chain check and every airing. The list is written as the log is read; all text
//! from outside wardcast is escaped.

mod list;
mod summary;

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use super::rows::{day_text, push_clock, push_day};
use super::{Failure, Source, SummaryBuilder, Written};
use crate::ledger::{ChainCheck, Entry, Outcome};
use crate::messages::page::{escaped, PageWords};
use crate::messages::{Lang, Say};
use crate::report::Summary;
use list::ListRows;

const STYLE: &str = r#"
@page { size: A4; margin: 15mm 12mm 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", Times, serif; font-size: 12pt; color: #000;
       background: #fff; max-width: 200mm; margin: 0 auto; padding: 8mm 6mm; line-height: 1.35; }
header { text-align: center; margin-bottom: 1em; }
header .station { font-weight: bold; text-transform: uppercase; margin: 0; }
h1 { font-size: 15pt; text-transform: uppercase; margin: 0.6em 0 0.2em; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; }
p { margin: 0.3em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }
th, td { border: 1px solid #555; padding: 2px 4px; vertical-align: top; }
th { background: #e8eef6; font-weight: bold; }
td.n { text-align: right; white-space: nowrap; }
td.t { white-space: nowrap; }
tfoot td, tfoot th { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.list { font-size: 8pt; line-height: 1.2; }
table.list td { word-break: break-word; }
.hash { font-family: "Courier New", Courier, monospace; word-break: break-all; }
table.list .hash { font-size: 6.5pt; color: #333; }
.ok { color: #0b6b0b; font-weight: bold; }
.bad { color: #b00000; font-weight: bold; }
tr.trouble td { background: #fdecec; }
.chart { width: 100%; break-inside: avoid; page-break-inside: avoid; }
.chart text { font-family: Arial, Helvetica, sans-serif; font-size: 11px; }
.note { font-size: 10pt; color: #333; }
@media print {
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.trouble td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// What the first pass over the log gathers: the figures, the rows of the airings that did
/// not air in full (set aside in a temporary file, since there may be many), and the check
/// of the log's hash chain, walked alongside.
struct FirstPass {
    summary: Summary,
    chain: ChainCheck,
    /// How many entries the figures count: the list stops there.
    counted: u64,
    trouble: File,
    trouble_rows: u64,
}

pub(super) fn write(
    source: &Source<'_>,
    out: &mut dyn Write,
    tempdir: &Path,
) -> Result<Written, Failure> {
    // The figures come first on the page, so they take a pass of their own.
    let mut first = first_pass(source, tempdir)?;
    let lang = source.lang();
    write_head(out, source)?;
    summary::write_programmes(out, &first.summary, lang)?;
    summary::write_monthly(out, &first.summary, lang)?;
    summary::write_months(out, &first.summary.months, lang)?;
    summary::write_chain(out, &first.chain, lang)?;

    writeln!(
        out,
        "<h2>{}</h2>\n<p class=\"note\">{}</p>",
        PageWords::NotInFull.say(lang),
        PageWords::NotInFullNote.say(lang)
    )?;
    let columns = source.page_columns();
    list::head(out, columns, lang)?;
    io::copy(&mut first.trouble, out)?;
    list::foot(out, columns, first.trouble_rows == 0, lang)?;

    let (airings, received) = (first.summary.airings, first.summary.received);
    let heading = match source.receiving {
        true => PageWords::ListWithReceived { airings, received },
        false => PageWords::List { airings },
    };
    writeln!(out, "<h2>{}</h2>", heading.say(lang))?;
    let mut rows = ListRows::new(source);
    let mut number = 0u64;
    list::head(out, columns, lang)?;
    source.ledger.for_each_entry(&source.filter, |entry| {
        number += 1;
        // Entries logged since the first pass are left for the next report, so the list
        // and the figures tell of the same ones.
        if number <= first.counted {
            rows.write(out, number, &entry)?;
        }
        Ok::<(), Failure>(())
    })?;
    list::foot(out, columns, rows.written == 0, lang)?;

    let made = chrono::Utc::now().with_timezone(&source.zone).naive_local();
    let mut at = String::new();
    push_day(&mut at, &made);
    at.push(' ');
    push_clock(&mut at, &made);
    let note = PageWords::Made {
        at,
        zone: source.zone.to_string(),
    };
    write!(
        out,
        "<p class=\"note\">{}</p>\n</body>\n</html>\n",
        note.say(lang)
    )?;
    Ok(Written {
        airings,
        chain: Some(first.chain),
    })
}

fn first_pass(source: &Source<'_>, tempdir: &Path) -> Result<FirstPass, Failure> {
    let mut trouble = BufWriter::new(tempfile::tempfile_in(tempdir)?);
    let mut trouble_rows = ListRows::new(source);
    let mut builder = SummaryBuilder::new(source.config, source.period, source.lang());
    let mut counted = 0u64;
    let ((), plan, chain) = source.alongside(|| {
        source.ledger.for_each_entry(&source.filter, |entry| {
            counted += 1;
            builder.add_entry(&entry);
            // The section of airings not aired in full: recordings and downloads are not
            // airings (a failed one is red in the full list).
            if let Entry::Airing(airing) = &entry {
                if airing.outcome != Some(Outcome::Aired) {
                    trouble_rows.write(&mut trouble, counted, &entry)?;
                }
            }
            Ok::<(), Failure>(())
        })
    })?;
    let mut trouble = trouble
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    trouble.seek(SeekFrom::Start(0))?;
    Ok(FirstPass {
        summary: builder.finish(&plan),
        chain,
        counted,
        trouble,
        trouble_rows: trouble_rows.written,
    })
}

/// The page up to its first section: its head, and the station, title and period.
fn write_head(out: &mut dyn Write, source: &Source<'_>) -> io::Result<()> {
    let lang: Lang = source.lang();
    let period = source.period;
    let station = &source.config.station.name;
    let title = PageWords::DocumentTitle {
        label: period.label.clone(),
        station: station.clone(),
    };
    let line = PageWords::PeriodLine {
        label: period.label.clone(),
        first: day_text(period.first_day),
        last: day_text(period.last_day),
        zone: source.zone.to_string(),
    };
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<header>\n<p class=\"station\">{station}</p>\n\
         <h1>{heading}</h1>\n<p>{line}</p>\n</header>\n",
        code = PageWords::LanguageCode.say(lang),
        title = title.say(lang),
        station = escaped(station),
        heading = PageWords::Heading.say(lang),
        line = line.say(lang),
    )
}
