//! Reporting periods and the exports the ward hands to the city. Periods are pure date
//! arithmetic over the CCHC reporting cut-off; exports read the log one airing at a time
//! and write one file (CSV, Excel workbook or printable page). Nothing here changes the
//! log, and an export only creates a new file or, when told to, replaces an earlier
//! export (see `target`).

mod csv;
mod error;
mod html;
mod progress;
mod rows;
mod summary;
mod target;
mod xlsx;

use std::fmt;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration as Days, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::config::{Config, Lang};
use crate::ledger::{AiringFilter, ChainCheck, Ledger};

pub use error::ExportError;
use error::Failure;
pub use summary::{
    MissedMonth, MonthFigures, MonthlyMeasure, Plan, ProgrammeFigures, Summary, SummaryBuilder,
};

/// How the reporting year is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingCalendar {
    /// The day of the month a reporting quarter, half or year starts on (in the month
    /// before its first calendar month). 15 is the Home Affairs cut-off: the year runs from
    /// 15/12 to 14/12. 1 means plain calendar periods.
    pub cutoff_day: u32,
}

/// The Home Affairs cut-off used when `[reports] cutoff_day` is left out.
pub const DEFAULT_CUTOFF_DAY: u32 = 15;

impl Default for ReportingCalendar {
    fn default() -> Self {
        ReportingCalendar {
            cutoff_day: DEFAULT_CUTOFF_DAY,
        }
    }
}

/// A stretch of days a report covers, both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// As the officer wrote it: `2026-Q3`, `2026`, `2026-12`, `2026-01-01..2026-03-31`.
    pub label: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// The longest stretch two dates may cover: a five-year term.
pub const MAX_PERIOD_DAYS: i64 = 5 * 365 + 2;

/// Why a reporting period was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// Not a form wardcast reads.
    Unknown(String),
    /// A year outside wardcast's calendar.
    OutsideCalendar(String),
    /// Two dates further apart than [`MAX_PERIOD_DAYS`].
    TooLong(String),
}

impl PeriodError {
    /// The message in the officer's language.
    pub fn describe(&self, lang: Lang) -> String {
        use crate::schedule::{FIRST_YEAR, LAST_YEAR};
        match (self, lang) {
            (PeriodError::Unknown(text), Lang::En) => format!(
                "\"{}\" is not a period wardcast knows; write a month (2026-12), a quarter \
                 (2026-Q3), a half year (2026-H1), a year (2026) or two dates \
                 (2026-01-01..2026-03-31)",
                crate::cli::shown(text)
            ),
            (PeriodError::Unknown(text), Lang::Vi) => format!(
                "\"{}\" không phải kỳ báo cáo wardcast biết; ghi một tháng (2026-12), một quý \
                 (2026-Q3), nửa năm (2026-H1), một năm (2026) hoặc hai ngày \
                 (2026-01-01..2026-03-31)",
                crate::cli::shown(text)
            ),
            (PeriodError::OutsideCalendar(text), Lang::En) => format!(
                "\"{}\" is outside wardcast's calendar; periods lie in the years {FIRST_YEAR} \
                 to {LAST_YEAR}",
                crate::cli::shown(text)
            ),
            (PeriodError::OutsideCalendar(text), Lang::Vi) => format!(
                "\"{}\" nằm ngoài lịch của wardcast; kỳ báo cáo phải nằm trong các năm từ \
                 {FIRST_YEAR} đến {LAST_YEAR}",
                crate::cli::shown(text)
            ),
            (PeriodError::TooLong(text), Lang::En) => format!(
                "\"{}\" covers more than 5 years ({MAX_PERIOD_DAYS} days); give a shorter \
                 stretch, or one report per year",
                crate::cli::shown(text)
            ),
            (PeriodError::TooLong(text), Lang::Vi) => format!(
                "\"{}\" dài hơn 5 năm ({MAX_PERIOD_DAYS} ngày); hãy ghi khoảng ngắn hơn, hoặc \
                 làm mỗi năm một báo cáo",
                crate::cli::shown(text)
            ),
        }
    }
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for PeriodError {}

/// Whether `year` lies in wardcast's calendar.
fn in_calendar(year: i32) -> bool {
    (crate::schedule::FIRST_YEAR..=crate::schedule::LAST_YEAR).contains(&year)
}

impl ReportingCalendar {
    /// The first day of the reporting stretch that begins with calendar month `month` of
    /// `year` (its first month, counted 1–12; 13 is January of the next year).
    fn start_of(&self, year: i32, month: u32) -> Option<NaiveDate> {
        let (year, month) = if month > 12 {
            (year + 1, month - 12)
        } else {
            (year, month)
        };
        if self.cutoff_day <= 1 {
            NaiveDate::from_ymd_opt(year, month, 1)
        } else if month == 1 {
            NaiveDate::from_ymd_opt(year - 1, 12, self.cutoff_day)
        } else {
            NaiveDate::from_ymd_opt(year, month - 1, self.cutoff_day)
        }
    }

    /// The period spanning calendar months `first..=last` of `year`, cut at the cut-off.
    fn span(&self, label: &str, year: i32, first: u32, last: u32) -> Option<Period> {
        let first_day = self.start_of(year, first)?;
        let last_day = self.start_of(year, last + 1)? - Days::days(1);
        Some(Period {
            label: label.to_string(),
            first_day,
            last_day,
        })
    }

    /// Reads `2026-12`, `2026-Q3`, `2026-H1`, `2026` or `FROM..TO`.
    pub fn period(&self, text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        let error = || PeriodError::Unknown(text.to_string());
        if let Some((from, to)) = text.split_once("..") {
            let first_day =
                NaiveDate::parse_from_str(from.trim(), "%Y-%m-%d").map_err(|_| error())?;
            let last_day = NaiveDate::parse_from_str(to.trim(), "%Y-%m-%d").map_err(|_| error())?;
            if last_day < first_day {
                return Err(error());
            }
            // Bounded so no date arithmetic on them can overflow and no plan is counted
            // over centuries.
            if !in_calendar(first_day.year()) || !in_calendar(last_day.year()) {
                return Err(PeriodError::OutsideCalendar(text.to_string()));
            }
            if (last_day - first_day).num_days() >= MAX_PERIOD_DAYS {
                return Err(PeriodError::TooLong(text.to_string()));
            }
            return Ok(Period {
                label: text.to_string(),
                first_day,
                last_day,
            });
        }
        let (year_text, part) = match text.split_once('-') {
            Some((year, part)) => (year, Some(part)),
            None => (text, None),
        };
        if year_text.len() != 4 {
            return Err(error());
        }
        let year: i32 = year_text.parse().map_err(|_| error())?;
        if !in_calendar(year) {
            return Err(PeriodError::OutsideCalendar(text.to_string()));
        }
        let period = match part.map(str::to_ascii_uppercase).as_deref() {
            None => self.span(text, year, 1, 12),
            Some("Q1") => self.span(text, year, 1, 3),
            Some("Q2") => self.span(text, year, 4, 6),
            Some("Q3") => self.span(text, year, 7, 9),
            Some("Q4") => self.span(text, year, 10, 12),
            Some("H1") => self.span(text, year, 1, 6),
            Some("H2") => self.span(text, year, 7, 12),
            Some(month) if month.len() == 2 => {
                let month: u32 = month.parse().map_err(|_| error())?;
                // A month is the calendar month: the cut-off only shapes quarters and years.
                let first_day = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(error)?;
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                }
                .ok_or_else(error)?;
                Some(Period {
                    label: text.to_string(),
                    first_day,
                    last_day: next - Days::days(1),
                })
            }
            Some(_) => None,
        };
        period.ok_or_else(error)
    }
}

impl Period {
    /// The period as instants in the station's zone: `[from, to)` in ms since 1970.
    pub fn bounds_ms(&self, timezone: Tz) -> (i64, i64) {
        let midnight = |day: NaiveDate| {
            day.and_hms_opt(0, 0, 0)
                .and_then(|at| timezone.from_local_datetime(&at).earliest())
                .map_or(0, |at| at.timestamp_millis())
        };
        (
            midnight(self.first_day),
            midnight(self.last_day + Days::days(1)),
        )
    }

    /// The calendar months the period touches, in order, as (year, month).
    pub fn months(&self) -> Vec<(i32, u32)> {
        let mut months = Vec::new();
        let mut year = self.first_day.year();
        let mut month = self.first_day.month();
        while (year, month) <= (self.last_day.year(), self.last_day.month()) {
            months.push((year, month));
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        }
        months
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} – {})",
            self.label,
            self.first_day.format("%d/%m/%Y"),
            self.last_day.format("%d/%m/%Y")
        )
    }
}

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
    zone: Tz,
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

    let ledger =
        Ledger::open(&config.ledger_path()).map_err(
            |error| match crate::cli::data_folder_problem(&error, config) {
                Some(message) => ExportError::Said(message),
                None => error.into(),
            },
        )?;
    let zone = config.station.timezone;
    let (from_ms, to_ms) = period.bounds_ms(zone);
    let source = Source {
        config,
        period: &period,
        ledger: &ledger,
        filter: AiringFilter::between(from_ms, to_ms),
        titles: rows::Titles::new(config),
        zone,
    };
    let (temp, written) = write_aside(&source, request.format, &target, lang)?;
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
    target: &target::Target,
    lang: Lang,
) -> Result<(tempfile::NamedTempFile, Written), ExportError> {
    let folder = &target.folder;
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
        .map_err(|failure| failure.at(&target.path, lang))?;
        out.flush()
            .map_err(|error| Failure::Io(error).at(&target.path, lang))?;
        written
    };
    Ok((temp, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(period: &Period) -> (String, String) {
        (
            period.first_day.format("%Y-%m-%d").to_string(),
            period.last_day.format("%Y-%m-%d").to_string(),
        )
    }

    fn home_affairs(text: &str) -> (String, String) {
        days(&ReportingCalendar::default().period(text).expect("period"))
    }

    fn calendar(text: &str) -> (String, String) {
        days(
            &ReportingCalendar { cutoff_day: 1 }
                .period(text)
                .expect("period"),
        )
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn the_home_affairs_year_runs_from_the_15th_of_december() {
        assert_eq!(home_affairs("2026"), pair("2025-12-15", "2026-12-14"));
        assert_eq!(home_affairs("2026-Q1"), pair("2025-12-15", "2026-03-14"));
        assert_eq!(home_affairs("2026-Q2"), pair("2026-03-15", "2026-06-14"));
        assert_eq!(home_affairs("2026-Q3"), pair("2026-06-15", "2026-09-14"));
        assert_eq!(home_affairs("2026-Q4"), pair("2026-09-15", "2026-12-14"));
        assert_eq!(home_affairs("2026-H1"), pair("2025-12-15", "2026-06-14"));
        assert_eq!(home_affairs("2026-h2"), pair("2026-06-15", "2026-12-14"));
        // Months stay calendar months, year ends included.
        assert_eq!(home_affairs("2026-12"), pair("2026-12-01", "2026-12-31"));
        assert_eq!(home_affairs("2024-02"), pair("2024-02-01", "2024-02-29"));
    }

    #[test]
    fn a_cutoff_of_one_gives_calendar_periods() {
        assert_eq!(calendar("2026"), pair("2026-01-01", "2026-12-31"));
        assert_eq!(calendar("2026-Q1"), pair("2026-01-01", "2026-03-31"));
        assert_eq!(calendar("2026-Q4"), pair("2026-10-01", "2026-12-31"));
        assert_eq!(calendar("2026-H2"), pair("2026-07-01", "2026-12-31"));
    }

    #[test]
    fn ranges_and_mistakes() {
        assert_eq!(
            home_affairs("2026-01-01..2026-01-31"),
            pair("2026-01-01", "2026-01-31")
        );
        for bad in [
            "26",
            "2026-Q5",
            "2026-13",
            "2026-02-30..2026-03-01",
            "2026-03-01..2026-02-01",
            "last year",
        ] {
            assert!(ReportingCalendar::default().period(bad).is_err(), "{bad}");
        }
        let calendar = ReportingCalendar::default();
        for far in [
            "9999",
            "1969-12",
            "2026-01-01..+262142-12-31",
            "1900-01-01..1900-02-01",
        ] {
            assert_eq!(
                calendar.period(far),
                Err(PeriodError::OutsideCalendar(far.to_string())),
                "{far}"
            );
        }
        assert_eq!(
            calendar.period("2020-01-01..2026-01-01"),
            Err(PeriodError::TooLong("2020-01-01..2026-01-01".to_string()))
        );
        assert!(
            calendar.period("2021-01-01..2025-12-31").is_ok(),
            "a five-year term"
        );
        assert!(calendar.period("4999-Q4").is_ok() && calendar.period("1970").is_ok());
    }

    #[test]
    fn bounds_are_station_midnights_and_months_are_listed() {
        let period = ReportingCalendar::default()
            .period("2026-Q1")
            .expect("period");
        let (from, to) = period.bounds_ms(chrono_tz::Asia::Ho_Chi_Minh);
        // 2025-12-15T00:00+07:00 and 2026-03-15T00:00+07:00.
        assert_eq!(from, 1_765_731_600_000);
        assert_eq!(to, 1_773_507_600_000);
        assert_eq!(
            period.months(),
            vec![(2025, 12), (2026, 1), (2026, 2), (2026, 3)]
        );
        assert_eq!(period.to_string(), "2026-Q1 (15/12/2025 – 14/03/2026)");
    }
}
