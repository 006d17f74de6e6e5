//! `wardcast export`: a reporting period's airings written to a CSV, an Excel workbook or a
//! page to print, to hand in with the ward's report.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{setup, Exit, Options};
use crate::report::{self, ExportFormat, ExportRequest};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The reporting period: 2026-12, 2026-Q3, 2026-H1, 2026 or 2026-01-01..2026-03-31.
    /// Quarters, halves and years start on the 15th of the month before ([reports]
    /// cutoff_day).
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// csv, xlsx (Excel) or html (a page to open in a browser and print).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write, or a folder to write it in [default: wardcast-PERIOD.EXT in
    /// the current folder].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the file if it already exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let request = ExportRequest {
        period: &args.period,
        format: args.format,
        out: args.out.as_deref(),
        force: args.force,
    };
    let exported = report::export(&config, &request, out)?;
    // A log that fails its check is still exported (the file says so), but the officer
    // must hear of it.
    let changed = exported.chain.and_then(|check| check.problem).is_some();
    Ok(Exit::attention_if(changed))
}
