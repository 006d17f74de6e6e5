//! The station's TOML configuration: its schema, its validation, and errors that point at
//! `file:line:col` with a fix. It reads one file and checks the folders it names exist;
//! it never creates, moves or writes anything.

mod check;
mod receiving;
mod receiving_check;
mod values;
mod web;
mod words;

pub use receiving::{
    Download, Fallback, Recording, Relay, Source, SourceInput, DEFAULT_DOWNLOAD_MEGABYTES,
    DOWNLOAD_MEGABYTES_RANGE, LINE_IN, RECEIVE_DURATION_RANGE,
};
use receiving::{FileDownload, FileRecording, FileSource};
use web::FileWeb;
pub use web::{Tls, Web, DEFAULT_LISTEN, DEFAULT_UPLOAD_MEGABYTES};

use std::fmt;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use crate::messages::config::{ConfigFile, ConfigProblem};
use crate::messages::{IoProblem, Lang, Say};
use crate::schedule::{Schedule, Scheduled};
use check::Checker;

/// Where the configuration is looked for when neither `--config` nor `WARDCAST_CONFIG` says.
pub const DEFAULT_CONFIG_PATH: &str = "config/wardcast.toml";

/// The station time zone when `[station] timezone` is left out.
pub const DEFAULT_TIMEZONE: &str = "Asia/Ho_Chi_Minh";

/// A validated configuration: every path absolute, every schedule parsed.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file this was read from, for messages.
    pub source: PathBuf,
    pub station: Station,
    pub audio_dir: PathBuf,
    pub data_dir: PathBuf,
    /// A folder on another disk for a copy of the log's witness and the journal of records
    /// that wait while the data folder's disk is full.
    pub spare_dir: Option<PathBuf>,
    pub output: Output,
    pub reports: crate::periods::ReportingCalendar,
    pub programmes: Vec<Programme>,
    pub blackouts: Vec<Blackout>,
    /// The stations wardcast can receive (`[[source]]`).
    pub sources: Vec<Source>,
    pub recordings: Vec<Recording>,
    pub downloads: Vec<Download>,
    /// The officer's web console.
    pub web: Web,
}

#[derive(Debug, Clone)]
pub struct Station {
    pub name: String,
    pub timezone: Tz,
    /// The language of messages the officer reads.
    pub lang: Lang,
    /// How many days ahead an empty slot is warned about.
    pub warn_days: u32,
    /// The daily windows the station may broadcast in; empty means any time.
    pub allowed_hours: Vec<HoursWindow>,
}

/// How many days ahead an empty slot is warned about when `warn_days` is left out.
pub const DEFAULT_WARN_DAYS: u32 = 7;

// The documented range of every number in the file (README, configuration reference).
// Values outside are refused with their place in the file, so no later arithmetic on them
// can overflow.

/// `[station] warn_days`: from none up to a year ahead.
pub const WARN_DAYS_RANGE: RangeInclusive<u32> = 0..=366;
/// `[reports] cutoff_day`: a day every month has.
pub const CUTOFF_DAY_RANGE: RangeInclusive<u32> = 1..=28;
/// `[output] dead_air`.
pub const DEAD_AIR_RANGE: RangeInclusive<Duration> =
    Duration::from_secs(1)..=Duration::from_secs(3600);
/// `min_duration` and `max_duration` of a programme: the length of one file.
pub const FILE_DURATION_RANGE: RangeInclusive<Duration> =
    Duration::from_secs(1)..=Duration::from_secs(24 * 3600);
/// `late_within`: up to a week, the longest gap between two airings of a weekly programme.
pub const LATE_WITHIN_RANGE: RangeInclusive<Duration> =
    Duration::ZERO..=Duration::from_secs(7 * 24 * 3600);
/// `max_delay`.
pub const MAX_DELAY_RANGE: RangeInclusive<Duration> =
    Duration::ZERO..=Duration::from_secs(24 * 3600);

#[derive(Debug, Clone)]
pub struct Output {
    /// `"default"` or a device name as `wardcast devices` prints it.
    pub device: String,
    /// Silence inside an airing longer than this is recorded as dead air.
    pub dead_air: Duration,
}

/// Dead air when `[output] dead_air` is left out.
pub const DEFAULT_DEAD_AIR: Duration = Duration::from_secs(5);

/// One programme: what to air, from which folder, when.
#[derive(Debug, Clone)]
pub struct Programme {
    pub id: String,
    pub title: String,
    /// The folder as written in the config, relative to the audio root, for messages.
    pub folder_name: String,
    pub folder: PathBuf,
    pub schedule: Schedule,
    pub pick: PickRule,
    pub duration_bounds: DurationBounds,
    pub priority: Priority,
    pub if_missed: IfMissed,
    pub if_interrupted: IfInterrupted,
    /// How late a missed or interrupted slot may still be played (`late`, `replay`).
    pub late_within: Duration,
    /// How long a slot may wait behind an airing still on air before it is missed.
    pub max_delay: Duration,
    /// Relays a source live instead of playing a file (`relay = "source-id"`).
    pub relay: Option<Relay>,
}

impl Scheduled for Programme {
    fn id(&self) -> &str {
        &self.id
    }

    fn schedule(&self) -> &Schedule {
        &self.schedule
    }
}

/// The three classes of broadcast of the national guidance for grassroots radio
/// (Thông tư 39/2020/TT-BTTTT), lowest first.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    serde::Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Waits its turn, in time order.
    #[default]
    Normal,
    /// Goes before any normal airing once the current one ends.
    Priority,
    /// Cuts into whatever is on air, at once.
    Emergency,
}

/// What to do with a slot found passed and unplayed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IfMissed {
    /// Log it as missed, with why.
    #[default]
    Skip,
    /// Play it as soon as possible if still within `late_within`.
    Late,
}

/// What to do with an airing cut off part-way (power cut, crash, cut-in).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IfInterrupted {
    /// Leave it as interrupted.
    #[default]
    Skip,
    /// Play it again from the start if still within `late_within`.
    Replay,
}

/// `late_within` when left out.
pub const DEFAULT_LATE_WITHIN: Duration = Duration::from_secs(2 * 3600);
/// `max_delay` when left out.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(10 * 60);

/// A stretch of days when nothing airs (Tết, a local event), both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blackout {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub reason: String,
}

/// A daily window when the station may broadcast, e.g. 05:00–07:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HoursWindow {
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
}

impl fmt::Display for HoursWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

/// How a programme chooses the file for an airing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PickRule {
    /// The file whose name carries the airing's month as `YYYY-MM`.
    Month,
    /// The file most recently added to the folder.
    Newest,
    /// The oldest file that has never aired.
    Unaired,
}

impl PickRule {
    pub fn as_str(self) -> &'static str {
        match self {
            PickRule::Month => "month",
            PickRule::Newest => "newest",
            PickRule::Unaired => "unaired",
        }
    }
}

/// The lengths a programme accepts; a file outside them is not aired.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DurationBounds {
    pub min: Option<Duration>,
    pub max: Option<Duration>,
}

/// A problem with the configuration, with where it is and what to do about it, in the
/// officer's language.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}", unreadable(path, source).say(*lang))]
    Read {
        path: PathBuf,
        source: std::io::Error,
        lang: Lang,
    },
    /// The file is not UTF-8 (saved in a Windows code page, say): where the first bad byte is.
    #[error("{location}: {}", ConfigFile::NotUtf8.say(*lang))]
    NotUtf8 { location: Location, lang: Lang },
    #[error("{location}: {}", problem.say(*lang))]
    Invalid {
        location: Location,
        problem: Box<ConfigProblem>,
        lang: Lang,
    },
}

/// A configuration file that cannot be read, as the catalogue says it.
fn unreadable(path: &Path, error: &std::io::Error) -> ConfigFile {
    ConfigFile::Unreadable {
        path: path.to_path_buf(),
        problem: IoProblem::of(error),
        detail: error.to_string(),
    }
}

impl ConfigError {
    pub fn lang(&self) -> Lang {
        match self {
            ConfigError::Read { lang, .. }
            | ConfigError::NotUtf8 { lang, .. }
            | ConfigError::Invalid { lang, .. } => *lang,
        }
    }
}

/// A place in a configuration file, printed as `file:line:col` (both counted from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            crate::messages::shown_path(&self.file),
            self.line,
            self.column
        )
    }
}

impl Location {
    fn at(file: &Path, text: &str, byte_offset: usize) -> Location {
        let before = &text[..floor_char_boundary(text, byte_offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location {
            file: file.to_path_buf(),
            line,
            column,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

// The file as written. Spans are kept on every value a later check may reject, so that
// the error can point at it.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    station: FileStation,
    paths: FilePaths,
    #[serde(default)]
    output: Option<FileOutput>,
    #[serde(default)]
    reports: Option<FileReports>,
    #[serde(default, rename = "programme")]
    programmes: Vec<Spanned<FileProgramme>>,
    #[serde(default, rename = "blackout")]
    blackouts: Vec<FileBlackout>,
    #[serde(default, rename = "source")]
    sources: Vec<Spanned<FileSource>>,
    #[serde(default, rename = "recording")]
    recordings: Vec<FileRecording>,
    #[serde(default, rename = "download")]
    downloads: Vec<FileDownload>,
    #[serde(default)]
    web: Option<Spanned<FileWeb>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileReports {
    cutoff_day: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileStation {
    name: String,
    timezone: Option<Spanned<String>>,
    #[serde(default)]
    lang: Lang,
    warn_days: Option<Spanned<i64>>,
    allowed_hours: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePaths {
    audio: Spanned<String>,
    data: Spanned<String>,
    spare: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOutput {
    #[serde(default = "default_device")]
    device: String,
    dead_air: Option<Spanned<String>>,
}

fn default_device() -> String {
    "default".to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileProgramme {
    id: Spanned<String>,
    title: String,
    folder: Spanned<String>,
    schedule: Spanned<Vec<Spanned<String>>>,
    pick: PickRule,
    min_duration: Option<Spanned<String>>,
    max_duration: Option<Spanned<String>>,
    #[serde(default)]
    priority: Priority,
    #[serde(default)]
    if_missed: IfMissed,
    #[serde(default)]
    if_interrupted: IfInterrupted,
    late_within: Option<Spanned<String>>,
    max_delay: Option<Spanned<String>>,
    relay: Option<Spanned<String>>,
    duration: Option<Spanned<String>>,
    fallback: Option<Spanned<Fallback>>,
    relay_copy: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBlackout {
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    reason: String,
}

impl Config {
    /// Reads and validates the configuration at `path`; its messages are in the language
    /// the file asks for.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::load_in(path, None)
    }

    /// Reads and validates the configuration at `path`, with messages in `lang` when given
    /// (`--lang`), else in the file's `[station] lang`, else in Vietnamese.
    pub fn load_in(path: &Path, lang: Option<Lang>) -> Result<Config, ConfigError> {
        let bytes = std::fs::read(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
            lang: lang.unwrap_or_default(),
        })?;
        match std::str::from_utf8(&bytes) {
            Ok(text) => Config::parse_in(path, text, lang),
            Err(error) => {
                let good = &bytes[..error.valid_up_to()];
                let text = String::from_utf8_lossy(good);
                let lang =
                    lang.unwrap_or_else(|| words::file_lang(&String::from_utf8_lossy(&bytes)));
                Err(ConfigError::NotUtf8 {
                    location: Location::at(path, &text, text.len()),
                    lang,
                })
            }
        }
    }

    /// Validates configuration `text` as if read from `path`; relative paths in it are
    /// resolved against the folder of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        Config::parse_in(path, text, None)
    }

    /// [`Config::parse`] with messages in `lang` when given.
    pub fn parse_in(path: &Path, text: &str, lang: Option<Lang>) -> Result<Config, ConfigError> {
        let checker = Checker {
            file: path,
            text,
            lang: lang.unwrap_or_else(|| words::file_lang(text)),
        };
        let file: FileConfig = toml::from_str(text).map_err(|error| checker.toml_error(&error))?;
        let mut config = checker.validate(file)?;
        if let Some(lang) = lang {
            config.station.lang = lang;
        }
        Ok(config)
    }

    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|programme| programme.id == id)
    }

    /// Where the airing log lives.
    pub fn ledger_path(&self) -> PathBuf {
        self.data_dir.join("wardcast-ledger.sqlite3")
    }
}

/// Picks the configuration path: `--config`, then `WARDCAST_CONFIG` (clap folds both into
/// one argument), then the default.
pub fn resolve_path(given: Option<&Path>) -> PathBuf {
    given.map_or_else(|| PathBuf::from(DEFAULT_CONFIG_PATH), Path::to_path_buf)
}

#[cfg(test)]
mod tests;
