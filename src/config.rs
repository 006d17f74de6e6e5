//! The station's TOML configuration: its schema, its validation, and errors that point at
//! `file:line:col` with a fix. It reads one file and checks the folders it names exist;
//! it never creates, moves or writes anything.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use crate::schedule::CronLine;

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
    pub output: Output,
    pub reports: crate::report::ReportingCalendar,
    pub programmes: Vec<Programme>,
    pub blackouts: Vec<Blackout>,
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

/// The language of officer-facing messages: Vietnamese unless set otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// How many days ahead an empty slot is warned about when `warn_days` is left out.
pub const DEFAULT_WARN_DAYS: u32 = 7;

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
    pub schedule: Vec<CronLine>,
    pub pick: PickRule,
    pub duration_bounds: DurationBounds,
    pub priority: Priority,
    pub if_missed: IfMissed,
    pub if_interrupted: IfInterrupted,
    /// How late a missed or interrupted slot may still be played (`late`, `replay`).
    pub late_within: Duration,
    /// How long a slot may wait behind an airing still on air before it is missed.
    pub max_delay: Duration,
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

/// A problem with the configuration, with where it is and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "cannot read the configuration file {path}: {source}\n  \
         hint: give the right path with --config PATH or the WARDCAST_CONFIG variable"
    )]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{location}: {message}\n  hint: {hint}")]
    Invalid {
        location: Location,
        message: String,
        hint: String,
    },
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
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileReports {
    cutoff_day: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileStation {
    name: String,
    timezone: Option<Spanned<String>>,
    #[serde(default)]
    lang: Lang,
    #[serde(default = "default_warn_days")]
    warn_days: u32,
    allowed_hours: Option<Spanned<Vec<Spanned<String>>>>,
}

fn default_warn_days() -> u32 {
    DEFAULT_WARN_DAYS
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePaths {
    audio: Spanned<String>,
    data: Spanned<String>,
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
    /// Reads and validates the configuration at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// Validates configuration `text` as if read from `path`; relative paths in it are
    /// resolved against the folder of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let checker = Checker { file: path, text };
        let file: FileConfig = toml::from_str(text).map_err(|error| checker.toml_error(&error))?;
        checker.validate(file)
    }

    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|programme| programme.id == id)
    }

    /// Where the airing log lives.
    pub fn ledger_path(&self) -> PathBuf {
        self.data_dir.join("wardcast-ledger.sqlite3")
    }
}

struct Checker<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Checker<'_> {
    fn error(&self, offset: usize, message: String, hint: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            location: Location::at(self.file, self.text, offset),
            message,
            hint: hint.into(),
        }
    }

    fn toml_error(&self, error: &toml::de::Error) -> ConfigError {
        let offset = error.span().map_or(0, |span| span.start);
        let message = error.message().trim().to_string();
        let hint = if message.starts_with("unknown field") {
            "this key is not one wardcast knows: check its spelling against the README's \
             configuration reference, or remove it"
                .to_string()
        } else if let Some(rest) = message.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or_default();
            format!("add `{field} = …` to this table (see the README's configuration reference)")
        } else if message.contains("unknown variant") {
            "use one of the values listed in the message".to_string()
        } else if message.starts_with("invalid type") {
            "write the value in the form the README's configuration reference shows \
             (text in double quotes, lists in [ ])"
                .to_string()
        } else {
            "fix the TOML syntax at this place (text in double quotes, one key = value a line)"
                .to_string()
        };
        self.error(offset, format!("error: {message}"), hint)
    }

    fn validate(&self, file: FileConfig) -> Result<Config, ConfigError> {
        let timezone = match &file.station.timezone {
            None => Tz::from_str(DEFAULT_TIMEZONE)
                .map_err(|_| self.error(0, "error: the default time zone is unknown".into(), ""))?,
            Some(name) => Tz::from_str(name.get_ref()).map_err(|_| {
                self.error(
                    name.span().start,
                    format!("error: `{}` is not a time zone name", name.get_ref()),
                    "use an IANA name such as \"Asia/Ho_Chi_Minh\"",
                )
            })?,
        };
        let base = self
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        // Absolute and without `..`, so paths in messages and the log read plainly.
        let audio_dir = base.join(file.paths.audio.get_ref());
        let audio_dir = std::fs::canonicalize(&audio_dir).unwrap_or(audio_dir);
        if !audio_dir.is_dir() {
            return Err(self.error(
                file.paths.audio.span().start,
                format!(
                    "error: the audio folder {} does not exist",
                    audio_dir.display()
                ),
                "create that folder, or point `audio` at the folder where the audio files \
                 are dropped (relative paths start from this config file's folder)",
            ));
        }
        let data_dir = base.join(file.paths.data.get_ref());
        let data_dir = std::fs::canonicalize(&data_dir)
            .or_else(|_| match (data_dir.parent(), data_dir.file_name()) {
                // Not created yet: its parent can still be made plain.
                (Some(parent), Some(name)) => std::fs::canonicalize(parent).map(|p| p.join(name)),
                _ => Ok(data_dir.clone()),
            })
            .unwrap_or(data_dir);
        if data_dir.exists() && !data_dir.is_dir() {
            return Err(self.error(
                file.paths.data.span().start,
                format!("error: {} exists but is not a folder", data_dir.display()),
                "point `data` at a folder (it is created when missing)",
            ));
        }

        let mut programmes: Vec<Programme> = Vec::new();
        for spanned in file.programmes {
            let programme = spanned.into_inner();
            programmes.push(self.programme(programme, &audio_dir, &programmes)?);
        }

        Ok(Config {
            source: self.file.to_path_buf(),
            station: Station {
                name: file.station.name,
                timezone,
                lang: file.station.lang,
                warn_days: file.station.warn_days,
                allowed_hours: match &file.station.allowed_hours {
                    Some(windows) => self.hours(windows)?,
                    None => Vec::new(),
                },
            },
            blackouts: file
                .blackouts
                .iter()
                .map(|blackout| self.blackout(blackout))
                .collect::<Result<_, _>>()?,
            audio_dir,
            data_dir,
            reports: self.reports(file.reports.as_ref())?,
            output: Output {
                dead_air: self
                    .duration(file.output.as_ref().and_then(|o| o.dead_air.as_ref()))?
                    .unwrap_or(DEFAULT_DEAD_AIR),
                device: file
                    .output
                    .map_or_else(default_device, |output| output.device),
            },
            programmes,
        })
    }

    fn programme(
        &self,
        programme: FileProgramme,
        audio_dir: &Path,
        earlier: &[Programme],
    ) -> Result<Programme, ConfigError> {
        let id = programme.id.get_ref().clone();
        let id_ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            return Err(self.error(
                programme.id.span().start,
                format!("error: programme id `{id}` is not usable"),
                "use plain letters, digits, '-' and '_' (for example \"cchc-monthly\")",
            ));
        }
        if earlier.iter().any(|other| other.id == id) {
            return Err(self.error(
                programme.id.span().start,
                format!("error: programme id `{id}` is used twice"),
                "give each [[programme]] its own id",
            ));
        }
        let folder_name = programme.folder.get_ref().clone();
        let folder = resolve_folder(audio_dir, &folder_name);
        if !folder.is_dir() {
            return Err(self.error(
                programme.folder.span().start,
                format!(
                    "error: the folder {} for programme `{id}` does not exist",
                    folder.display()
                ),
                format!(
                    "create the folder {} (files for this programme go there), or correct `folder`",
                    folder.display()
                ),
            ));
        }
        let lines = programme.schedule.get_ref();
        if lines.is_empty() {
            return Err(self.error(
                programme.schedule.span().start,
                format!("error: programme `{id}` has an empty schedule"),
                "give at least one crontab line, e.g. schedule = [\"30 6 * * MON#1\"]",
            ));
        }
        let mut schedule = Vec::with_capacity(lines.len());
        for line in lines {
            let cron = CronLine::parse(line.get_ref()).map_err(|error| {
                self.error(
                    line.span().start,
                    format!("error: bad crontab line \"{}\": {error}", line.get_ref()),
                    "write 5 fields (minute hour day-of-month month day-of-week) or 6 with \
                     seconds first; try it with `wardcast explain '<line>'`",
                )
            })?;
            schedule.push(cron);
        }
        let min = self.duration(programme.min_duration.as_ref())?;
        let max = self.duration(programme.max_duration.as_ref())?;
        if let (Some(min_value), Some(max_value), Some(max_span)) =
            (min, max, programme.max_duration.as_ref())
        {
            if min_value > max_value {
                return Err(self.error(
                    max_span.span().start,
                    "error: max_duration is shorter than min_duration".to_string(),
                    "make max_duration at least as long as min_duration",
                ));
            }
        }
        Ok(Programme {
            id,
            title: programme.title,
            folder_name,
            folder,
            schedule,
            pick: programme.pick,
            duration_bounds: DurationBounds { min, max },
            priority: programme.priority,
            if_missed: programme.if_missed,
            if_interrupted: programme.if_interrupted,
            late_within: self
                .duration(programme.late_within.as_ref())?
                .unwrap_or(DEFAULT_LATE_WITHIN),
            max_delay: self
                .duration(programme.max_delay.as_ref())?
                .unwrap_or(DEFAULT_MAX_DELAY),
        })
    }

    fn blackout(&self, blackout: &FileBlackout) -> Result<Blackout, ConfigError> {
        let date = |value: &Spanned<String>| {
            chrono::NaiveDate::parse_from_str(value.get_ref().trim(), "%Y-%m-%d").map_err(|_| {
                self.error(
                    value.span().start,
                    format!("error: `{}` is not a date", value.get_ref()),
                    "write dates as YYYY-MM-DD, e.g. from = \"2027-02-05\"",
                )
            })
        };
        let from = date(&blackout.from)?;
        let to = date(&blackout.to)?;
        if to < from {
            return Err(self.error(
                blackout.to.span().start,
                "error: this blackout ends before it starts".to_string(),
                "put the first day in `from` and the last day in `to`",
            ));
        }
        Ok(Blackout {
            from,
            to,
            reason: blackout.reason.clone(),
        })
    }

    fn hours(
        &self,
        windows: &Spanned<Vec<Spanned<String>>>,
    ) -> Result<Vec<HoursWindow>, ConfigError> {
        windows
            .get_ref()
            .iter()
            .map(|window| {
                let parsed = window.get_ref().split_once('-').and_then(|(start, end)| {
                    let time =
                        |text: &str| chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M").ok();
                    Some(HoursWindow {
                        start: time(start)?,
                        end: time(end)?,
                    })
                });
                match parsed {
                    Some(hours) if hours.start < hours.end => Ok(hours),
                    _ => Err(self.error(
                        window.span().start,
                        format!("error: `{}` is not a window of hours", window.get_ref()),
                        "write it like \"05:00-07:00\" (start before end, within one day)",
                    )),
                }
            })
            .collect()
    }

    fn reports(
        &self,
        reports: Option<&FileReports>,
    ) -> Result<crate::report::ReportingCalendar, ConfigError> {
        let Some(cutoff) = reports.and_then(|reports| reports.cutoff_day.as_ref()) else {
            return Ok(crate::report::ReportingCalendar::default());
        };
        let day = *cutoff.get_ref();
        if !(1..=28).contains(&day) {
            return Err(self.error(
                cutoff.span().start,
                format!("error: cutoff_day {day} is not a day every month has"),
                "use 15 for the Home Affairs reporting year (15/12 to 14/12) or 1 for calendar periods",
            ));
        }
        Ok(crate::report::ReportingCalendar { cutoff_day: day })
    }

    fn duration(&self, value: Option<&Spanned<String>>) -> Result<Option<Duration>, ConfigError> {
        let Some(value) = value else {
            return Ok(None);
        };
        humantime::parse_duration(value.get_ref().trim())
            .map(Some)
            .map_err(|error| {
                self.error(
                    value.span().start,
                    format!("error: `{}` is not a duration ({error})", value.get_ref()),
                    "write it like \"10m\", \"15m\", \"90s\" or \"1h 30m\"",
                )
            })
    }
}

/// The programme folder under the audio root. A folder copied from a Mac carries its
/// Vietnamese name in decomposed form (NFD) while the config is usually typed composed
/// (NFC): the two are the same name to the officer, so they are matched as such.
fn resolve_folder(audio_dir: &Path, name: &str) -> PathBuf {
    let exact = audio_dir.join(name);
    if exact.is_dir() {
        return exact;
    }
    let wanted = crate::library::normalized(name);
    std::fs::read_dir(audio_dir)
        .ok()
        .and_then(|entries| {
            entries.filter_map(Result::ok).find(|entry| {
                entry.path().is_dir()
                    && entry
                        .file_name()
                        .to_str()
                        .is_some_and(|found| crate::library::normalized(found) == wanted)
            })
        })
        .map_or(exact, |entry| entry.path())
}

/// Picks the configuration path: `--config`, then `WARDCAST_CONFIG` (clap folds both into
/// one argument), then the default.
pub fn resolve_path(given: Option<&Path>) -> PathBuf {
    given.map_or_else(|| PathBuf::from(DEFAULT_CONFIG_PATH), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(programme_folders: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for folder in programme_folders {
            std::fs::create_dir_all(dir.path().join("audio").join(folder)).expect("mkdir");
        }
        dir
    }

    const GOOD: &str = r#"
[station]
name = "Đài phường"

[paths]
audio = "audio"
data = "data"

[[programme]]
id = "cchc-monthly"
title = "Chuyên mục CCHC"
folder = "cchc"
schedule = ["30 6 * * MON#1"]
pick = "month"
min_duration = "10m"
max_duration = "15m"
"#;

    #[test]
    fn a_good_file_validates_with_defaults_filled_in() {
        let dir = folder_with(&["cchc"]);
        let path = dir.path().join("wardcast.toml");
        let config = Config::parse(&path, GOOD).expect("valid");
        assert_eq!(config.station.timezone, chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(config.output.device, "default");
        assert_eq!(config.programmes.len(), 1);
        let programme = &config.programmes[0];
        assert_eq!(programme.pick, PickRule::Month);
        assert_eq!(
            programme.duration_bounds.min,
            Some(Duration::from_secs(600))
        );
        assert_eq!(programme.folder, dir.path().join("audio").join("cchc"));
    }

    fn error_of(text: &str) -> (Location, String) {
        let dir = folder_with(&["cchc"]);
        let path = dir.path().join("wardcast.toml");
        match Config::parse(&path, text) {
            Err(ConfigError::Invalid {
                location, message, ..
            }) => (location, message),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn an_unknown_key_is_located() {
        let text = GOOD.replace("pick = \"month\"", "pick = \"month\"\ncolour = \"red\"");
        let (location, message) = error_of(&text);
        assert_eq!((location.line, location.column), (15, 1), "{message}");
        assert!(message.contains("colour"), "{message}");
    }

    #[test]
    fn a_bad_time_zone_points_at_its_value() {
        let text = GOOD.replace(
            "name = \"Đài phường\"",
            "name = \"Đài phường\"\ntimezone = \"Asia/Hanoi-City\"",
        );
        let (location, message) = error_of(&text);
        assert_eq!((location.line, location.column), (4, 12), "{message}");
        assert!(message.contains("Asia/Hanoi-City"));
    }

    #[test]
    fn a_bad_crontab_line_points_at_the_line() {
        let text = GOOD.replace("30 6 * * MON#1", "30 25 * * MON");
        let (location, message) = error_of(&text);
        assert_eq!((location.line, location.column), (13, 13), "{message}");
        assert!(message.contains("30 25 * * MON"));
    }

    #[test]
    fn a_missing_folder_names_the_path() {
        let text = GOOD.replace("folder = \"cchc\"", "folder = \"nowhere\"");
        let (location, message) = error_of(&text);
        assert_eq!((location.line, location.column), (12, 10), "{message}");
        assert!(message.contains("nowhere"));
    }

    #[test]
    fn a_bad_duration_and_a_bad_pick_are_located() {
        let (location, message) = error_of(&GOOD.replace("\"15m\"", "\"fifteen\""));
        assert_eq!((location.line, location.column), (16, 16), "{message}");
        let (location, message) = error_of(&GOOD.replace("\"month\"", "\"random\""));
        assert_eq!((location.line, location.column), (14, 8), "{message}");
        assert!(message.contains("random"), "{message}");
    }

    #[test]
    fn a_syntax_error_is_located_not_panicked() {
        let (location, _) = error_of("[station\nname = 1");
        assert_eq!(location.line, 1);
    }
}
