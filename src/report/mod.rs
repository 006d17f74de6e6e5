//! Reporting periods and the exports the ward hands to the city. Periods are pure date
//! arithmetic over the CCHC reporting cut-off; exports read the log one entry (an airing,
//! a recording, a download) at a time and write one file (CSV, Excel workbook or printable
//! page). Nothing here changes the
//! log, and an export only creates a new file or, when told to, replaces an earlier
//! export (see `target`).

mod columns;
mod csv;
mod error;
mod html;
mod progress;
mod rows;
mod summary;
mod target;
mod xlsx;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::config::Config;
use crate::ledger::{AiringFilter, ChainCheck, Ledger};
use crate::messages::report::Heading;
use crate::messages::{Lang, Say};
use crate::periods::Period;

pub use error::ExportError;
use error::Failure;
pub(crate) use rows::{day_text, outcome_word, received_word, Words};
pub use summary::{
    MissedMonth, MonthFigures, MonthlyMeasure, Plan, ProgrammeFigures, Summary, SummaryBuilder,
};

/// The kind of file `wardcast export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// UTF-8 CSV with a byte-order mark, one row per airing.
    Csv,
    /// An Excel workbook: the summary and the airing log.
    Xlsx,
    /// One printable web page: summary, chart, log check and airing list.
    Html,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Html => "html",
        }
    }
}

/// What `wardcast export` was asked for.
#[derive(Debug, Clone)]
pub struct ExportRequest<'a> {
    /// The period as the officer wrote it (`2026-Q1`, `2026`, `2026-01-01..2026-03-31`).
    pub period: &'a str,
    pub format: ExportFormat,
    /// The file (or a folder to put the default name in); default: the default name in
    /// the current folder.
    pub out: Option<&'a Path>,
    /// Replace the file if it exists.
    pub force: bool,
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct Exported {
    pub path: PathBuf,
    /// False when nothing was written: a CSV export of a log that fails its check.
    pub written: bool,
    pub period: Period,
    pub airings: u64,
    /// The walk of the log's hash chain (every format walks it).
    pub chain: Option<ChainCheck>,
}

/// What every writer reads from.
struct Source<'a> {
    config: &'a Config,
    period: &'a Period,
    ledger: &'a Ledger,
    filter: AiringFilter,
    titles: rows::Titles,
    /// The words of the airing cells, in the export's language.
    words: rows::Words,
    zone: Tz,
    /// The period received something (a relayed airing, a recording, a download): its
    /// list has the columns of what was received.
    receiving: bool,
}

impl Source<'_> {
    /// The language the export is written in: the officer's.
    fn lang(&self) -> Lang {
        self.words.lang
    }

    /// The columns of the list in the CSV and the workbook.
    fn columns(&self) -> &'static [columns::Column] {
        columns::list_columns(self.receiving)
    }

    /// The columns of the list on the page.
    fn page_columns(&self) -> &'static [(Heading, columns::PageCell)] {
        columns::page_columns(self.receiving)
    }
}

impl Source<'_> {
    /// Runs `work` while another thread counts the plan's slots and walks the log's hash
    /// chain on a connection of its own: on a large log these cost as much as the export
    /// itself, and the machine has a second core.
    fn alongside<T>(
        &self,
        work: impl FnOnce() -> Result<T, Failure>,
    ) -> Result<(T, Plan, ChainCheck), Failure> {
        let (config, period) = (self.config, self.period);
        let (result, (plan, chain)) = beside(work, move || {
            let plan = Plan::count(config, period);
            let chain = Ledger::open_read_only(&config.ledger_path())?
                .with_spare_witness(config.spare_dir.as_deref())
                .verify_quick()?;
            Ok((plan, chain))
        })?;
        Ok((result, plan, chain))
    }

    /// Runs `work` while another thread walks the log's hash chain.
    fn checked_alongside<T>(
        &self,
        work: impl FnOnce() -> Result<T, Failure>,
    ) -> Result<(T, ChainCheck), Failure> {
        let config = self.config;
        beside(work, move || {
            Ok(Ledger::open_read_only(&config.ledger_path())?
                .with_spare_witness(config.spare_dir.as_deref())
                .verify_quick()?)
        })
    }
}

/// Runs `work` here and `aside` on a thread of its own; both results, or the first error.
fn beside<T, H: Send>(
    work: impl FnOnce() -> Result<T, Failure>,
    aside: impl FnOnce() -> Result<H, Failure> + Send,
) -> Result<(T, H), Failure> {
    std::thread::scope(|scope| {
        let thread = scope.spawn(aside);
        let result = work();
        let other = match thread.join() {
            Ok(other) => other?,
            Err(_) => {
                return Err(Failure::Io(io::Error::other(
                    "the check of the log's hash chain stopped unexpectedly",
                )))
            }
        };
        Ok((result?, other))
    })
}

/// What a writer reports back.
struct Written {
    airings: u64,
    chain: Option<ChainCheck>,
}

/// The file name an export gets when `--out` does not name one: `wardcast-2026-Q1.csv`.
pub fn default_file_name(period: &Period, format: ExportFormat) -> String {
    let label: String = period
        .label
        .replace("..", "_")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("wardcast-{label}.{}", format.extension())
}

/// Writes the export `request` asks for and says what it did on `progress`: the days the
/// period covers first, then the file written and the check of the log.
pub fn export(
    config: &Config,
    request: &ExportRequest<'_>,
    progress: &mut dyn Write,
) -> Result<Exported, ExportError> {
    let lang = config.station.lang;
    let period = config
        .reports
        .period(request.period)
        .map_err(|error| ExportError::Said(error.describe(lang)))?;
    let default_name = default_file_name(&period, request.format);
    let target = target::choose(
        request.out,
        &default_name,
        request.format,
        request.force,
        &config.data_dir,
    )
    .map_err(|(path, why)| ExportError::Said(why.describe(&path, lang)))?;
    progress::say_period(progress, &period, config);

    let ledger = Ledger::open(&config.ledger_path()).map_err(|error| said_of(error, config))?;
    let (temp, written) = write_period(
        config,
        &period,
        &ledger,
        request.format,
        (&target.folder, &target.path),
    )?;
    let changed = written
        .chain
        .as_ref()
        .and_then(|check| check.problem.as_ref());
    // A CSV file has no place to say the log was changed, so none is handed out.
    let kept = !(request.format == ExportFormat::Csv && changed.is_some());
    if kept {
        // Not synced to disk before the move: a report can be made again from the log at
        // any time, and syncing hundreds of megabytes would add seconds to every export.
        let persisted = if target.replace {
            temp.persist(&target.entry)
        } else {
            temp.persist_noclobber(&target.entry)
        };
        if let Err(error) = persisted {
            return Err(ExportError::Said(
                if error.error.kind() == io::ErrorKind::AlreadyExists {
                    target::Refusal::Exists.describe(&target.path, lang)
                } else {
                    error::write_failed(&target.path, &error.error, lang)
                },
            ));
        }
    }
    progress::say_written(progress, &written, &target.path, kept, lang);
    Ok(Exported {
        path: target.path,
        written: kept,
        period,
        airings: written.airings,
        chain: written.chain,
    })
}

/// Writes the export into a temporary file beside its final name, to be moved there whole:
/// a failed or interrupted export leaves no half file that could be handed in.
fn write_aside(
    source: &Source<'_>,
    format: ExportFormat,
    (folder, path): (&Path, &Path),
    lang: Lang,
) -> Result<(tempfile::NamedTempFile, Written), ExportError> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".wardcast-export-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Readable like any file the officer saves (the umask still applies), not 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(|error| ExportError::Said(target::folder_words(folder, &error, lang)))?;
    let written = {
        let mut out = BufWriter::with_capacity(1 << 16, temp.as_file_mut());
        let written = match format {
            ExportFormat::Csv => csv::write(source, &mut out),
            ExportFormat::Xlsx => xlsx::write(source, &mut out, folder),
            ExportFormat::Html => html::write(source, &mut out, folder),
        }
        .map_err(|failure| failure.at(path, lang))?;
        out.flush()
            .map_err(|error| Failure::Io(error).at(path, lang))?;
        written
    };
    Ok((temp, written))
}

/// The log's problem in the officer's words when it is one of the data folder's (missing,
/// unreadable), else the error itself.
fn said_of(error: crate::ledger::LedgerError, config: &Config) -> ExportError {
    match crate::data_folder::problem(&error, config) {
        Some(message) => ExportError::Said(message),
        None => error.into(),
    }
}

/// Writes `period`'s export from `ledger` into a temporary file in `folder`, to be moved
/// or handed out whole; `path` is the name the messages give it.
fn write_period(
    config: &Config,
    period: &Period,
    ledger: &Ledger,
    format: ExportFormat,
    (folder, path): (&Path, &Path),
) -> Result<(tempfile::NamedTempFile, Written), ExportError> {
    let lang = config.station.lang;
    let zone = config.station.timezone;
    let (from_ms, to_ms) = period.bounds_ms(zone);
    let filter = AiringFilter::between(from_ms, to_ms);
    let receiving = ledger.has_receiving(&filter)?;
    let source = Source {
        config,
        period,
        ledger,
        filter,
        titles: rows::Titles::new(config, lang),
        words: rows::Words::new(lang),
        zone,
        receiving,
    };
    write_aside(&source, format, (folder, path), lang)
}

/// A report made for the console to hand out: the same file `wardcast export` writes, kept
/// in a temporary file that is removed when this is dropped.
#[derive(Debug)]
pub struct Built {
    pub file: tempfile::NamedTempFile,
    /// The name `wardcast export` would give it.
    pub name: String,
    pub period: Period,
    pub format: ExportFormat,
    pub airings: u64,
    pub chain: Option<ChainCheck>,
}

impl Built {
    /// Why the file must not be handed out, as `wardcast export` says it: a CSV file has no
    /// place to say the log was changed.
    pub fn withheld(&self, lang: Lang) -> Option<String> {
        let problem = self.chain.as_ref()?.problem.as_ref()?;
        (self.format == ExportFormat::Csv).then(|| {
            crate::messages::export::ExportProgress::ChangedNotWritten {
                fault: problem.describe(lang),
                path: self.name.clone(),
            }
            .say(lang)
        })
    }
}

/// Builds `period`'s report in `format` into a temporary file in `folder`, as `wardcast
/// export` writes it, reading the log through a read-only connection.
pub fn build(
    config: &Config,
    period: &Period,
    format: ExportFormat,
    folder: &Path,
) -> Result<Built, ExportError> {
    let ledger =
        Ledger::open_read_only(&config.ledger_path()).map_err(|error| said_of(error, config))?;
    let name = default_file_name(period, format);
    let (file, written) =
        write_period(config, period, &ledger, format, (folder, Path::new(&name)))?;
    Ok(Built {
        file,
        name,
        period: period.clone(),
        format,
        airings: written.airings,
        chain: written.chain,
    })
}
