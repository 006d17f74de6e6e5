//! Validation of the file as written: every value checked against its documented range,
//! every path resolved; a value refused is named as a problem pointing at it.

use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use chrono_tz::Tz;
use toml::Spanned;

use super::receiving::FileRelay;
use super::*;
use crate::messages::config::{FolderProblem, ProgrammeProblem, ValueProblem};
use crate::messages::Lang;
use crate::schedule::{CronLine, Schedule};

pub(super) struct Checker<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub lang: Lang,
}

impl Checker<'_> {
    /// `problem`, found at `offset` in the file.
    pub(super) fn error(&self, offset: usize, problem: impl Into<ConfigProblem>) -> ConfigError {
        ConfigError::Invalid {
            location: Location::at(self.file, self.text, offset),
            problem: Box::new(problem.into()),
            lang: self.lang,
        }
    }

    pub(super) fn toml_error(&self, error: &toml::de::Error) -> ConfigError {
        let offset = error.span().map_or(0, |span| span.start);
        self.error(offset, words::toml_problem(error.message()))
    }

    pub(super) fn validate(&self, file: FileConfig) -> Result<Config, ConfigError> {
        let timezone = self.timezone(file.station.timezone.as_ref())?;
        let base = self
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let audio_dir = self.audio_dir(&base, &file.paths.audio)?;
        let data_dir = self.data_dir(&base, &file.paths.data)?;
        let spare_dir = match &file.paths.spare {
            Some(spare) => Some(self.spare_dir(&base, spare, &data_dir)?),
            None => None,
        };

        let sources = self.sources(&file.sources)?;
        let mut programmes: Vec<Programme> = Vec::new();
        for spanned in file.programmes {
            let programme = spanned.into_inner();
            programmes.push(self.programme(programme, &audio_dir, &programmes, &sources)?);
        }
        let recordings = file
            .recordings
            .iter()
            .map(|recording| self.recording(recording, &sources, &programmes))
            .collect::<Result<_, _>>()?;
        let downloads = file
            .downloads
            .iter()
            .map(|download| self.download(download, &programmes))
            .collect::<Result<_, _>>()?;
        let dead_air = self.duration(
            file.output.as_ref().and_then(|o| o.dead_air.as_ref()),
            "dead_air",
            &DEAD_AIR_RANGE,
        )?;

        let web = self.web(&base, file.web.as_ref())?;
        Ok(Config {
            source: self.file.to_path_buf(),
            station: Station {
                name: file.station.name,
                timezone,
                lang: file.station.lang,
                warn_days: self.warn_days(file.station.warn_days.as_ref())?,
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
            spare_dir,
            reports: self.reports(file.reports.as_ref())?,
            output: Output {
                dead_air: dead_air.unwrap_or(DEFAULT_DEAD_AIR),
                device: file
                    .output
                    .map_or_else(default_device, |output| output.device),
            },
            programmes,
            sources,
            recordings,
            downloads,
            web,
        })
    }

    fn timezone(&self, name: Option<&Spanned<String>>) -> Result<Tz, ConfigError> {
        let Some(name) = name else {
            return Tz::from_str(DEFAULT_TIMEZONE)
                .map_err(|_| self.error(0, ValueProblem::DefaultZoneUnknown));
        };
        Tz::from_str(name.get_ref()).map_err(|_| {
            self.error(
                name.span().start,
                ValueProblem::NotTimeZone {
                    name: name.get_ref().clone(),
                },
            )
        })
    }

    fn audio_dir(&self, base: &Path, audio: &Spanned<String>) -> Result<PathBuf, ConfigError> {
        // Absolute and without `..`, so paths in messages and the log read plainly.
        let audio_dir = base.join(audio.get_ref());
        let audio_dir = std::fs::canonicalize(&audio_dir).unwrap_or(audio_dir);
        if audio_dir.is_dir() {
            return Ok(audio_dir);
        }
        Err(self.error(
            audio.span().start,
            FolderProblem::AudioMissing { path: audio_dir },
        ))
    }

    fn data_dir(&self, base: &Path, data: &Spanned<String>) -> Result<PathBuf, ConfigError> {
        let data_dir = base.join(data.get_ref());
        let data_dir = std::fs::canonicalize(&data_dir)
            .or_else(|_| match (data_dir.parent(), data_dir.file_name()) {
                // Not created yet: its parent can still be made plain.
                (Some(parent), Some(name)) => std::fs::canonicalize(parent).map(|p| p.join(name)),
                _ => Ok(data_dir.clone()),
            })
            .unwrap_or(data_dir);
        if !data_dir.exists() || data_dir.is_dir() {
            return Ok(data_dir);
        }
        Err(self.error(
            data.span().start,
            FolderProblem::DataNotFolder { path: data_dir },
        ))
    }

    fn spare_dir(
        &self,
        base: &Path,
        spare: &Spanned<String>,
        data_dir: &Path,
    ) -> Result<PathBuf, ConfigError> {
        let spare_dir = self.data_dir(base, spare)?;
        if spare_dir != data_dir {
            return Ok(spare_dir);
        }
        Err(self.error(spare.span().start, FolderProblem::SpareIsData))
    }

    fn programme(
        &self,
        programme: FileProgramme,
        audio_dir: &Path,
        earlier: &[Programme],
        sources: &[Source],
    ) -> Result<Programme, ConfigError> {
        let id = self.programme_id(&programme.id, earlier)?;
        let relay = FileRelay {
            relay: programme.relay,
            duration: programme.duration,
            fallback: programme.fallback,
            relay_copy: programme.relay_copy,
        };
        let relay = self.relay(&relay, &id, sources)?;
        let folder_name = programme.folder.get_ref().clone();
        let folder = self.programme_folder(&programme.folder, &id, audio_dir)?;
        let schedule = self.schedule(&programme.schedule, &id)?;
        let min = self.duration(
            programme.min_duration.as_ref(),
            "min_duration",
            &FILE_DURATION_RANGE,
        )?;
        let max = self.duration(
            programme.max_duration.as_ref(),
            "max_duration",
            &FILE_DURATION_RANGE,
        )?;
        if let (Some(min_value), Some(max_value), Some(max_span)) =
            (min, max, programme.max_duration.as_ref())
        {
            if min_value > max_value {
                return Err(self.error(max_span.span().start, ProgrammeProblem::MaxBelowMin));
            }
        }
        let late_within = self.duration(
            programme.late_within.as_ref(),
            "late_within",
            &LATE_WITHIN_RANGE,
        )?;
        let max_delay =
            self.duration(programme.max_delay.as_ref(), "max_delay", &MAX_DELAY_RANGE)?;
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
            late_within: late_within.unwrap_or(DEFAULT_LATE_WITHIN),
            max_delay: max_delay.unwrap_or(DEFAULT_MAX_DELAY),
            relay,
        })
    }

    fn programme_id(
        &self,
        id: &Spanned<String>,
        earlier: &[Programme],
    ) -> Result<String, ConfigError> {
        let text = id.get_ref();
        if !crate::ids::is_usable_id(text) {
            let problem = ProgrammeProblem::IdUnusable { id: text.clone() };
            return Err(self.error(id.span().start, problem));
        }
        if earlier.iter().any(|other| &other.id == text) {
            let problem = ProgrammeProblem::IdTwice { id: text.clone() };
            return Err(self.error(id.span().start, problem));
        }
        Ok(text.clone())
    }

    /// The programme's folder, which must lie inside the audio root: the library only
    /// reads files there, and a folder elsewhere (`..`, an absolute path, a link out)
    /// would air whatever that other folder holds.
    fn programme_folder(
        &self,
        folder: &Spanned<String>,
        id: &str,
        audio_dir: &Path,
    ) -> Result<PathBuf, ConfigError> {
        let name = folder.get_ref();
        let plain = Path::new(name)
            .components()
            .all(|part| matches!(part, Component::Normal(_) | Component::CurDir))
            && Path::new(name)
                .components()
                .any(|part| matches!(part, Component::Normal(_)));
        let at = folder.span().start;
        if !plain {
            let problem = FolderProblem::NotInside {
                name: name.clone(),
                id: id.to_string(),
                audio: audio_dir.to_path_buf(),
            };
            return Err(self.error(at, problem));
        }
        let resolved = resolve_folder(audio_dir, name);
        if !resolved.is_dir() {
            let problem = FolderProblem::Missing {
                path: resolved,
                id: id.to_string(),
            };
            return Err(self.error(at, problem));
        }
        let real = std::fs::canonicalize(&resolved).unwrap_or_else(|_| resolved.clone());
        if real.starts_with(audio_dir) {
            return Ok(resolved);
        }
        let problem = FolderProblem::LinkOutside {
            path: resolved,
            id: id.to_string(),
            target: real,
            audio: audio_dir.to_path_buf(),
        };
        Err(self.error(at, problem))
    }

    fn schedule(
        &self,
        lines: &Spanned<Vec<Spanned<String>>>,
        id: &str,
    ) -> Result<Schedule, ConfigError> {
        if lines.get_ref().is_empty() {
            let problem = ProgrammeProblem::EmptySchedule { id: id.to_string() };
            return Err(self.error(lines.span().start, problem));
        }
        self.crontab_lines(lines.get_ref())
    }

    /// Crontab lines, each refused at its place when it cannot be read.
    pub(super) fn crontab_lines(&self, lines: &[Spanned<String>]) -> Result<Schedule, ConfigError> {
        lines
            .iter()
            .map(|line| {
                CronLine::parse(line.get_ref()).map_err(|error| {
                    let problem = ProgrammeProblem::BadLine {
                        line: line.get_ref().clone(),
                        reason: error.words(),
                    };
                    self.error(line.span().start, problem)
                })
            })
            .collect::<Result<_, _>>()
            .map(Schedule::new)
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
    let wanted = crate::names::normalized(name);
    std::fs::read_dir(audio_dir)
        .ok()
        .and_then(|entries| {
            entries.filter_map(Result::ok).find(|entry| {
                entry.path().is_dir()
                    && entry
                        .file_name()
                        .to_str()
                        .is_some_and(|found| crate::names::normalized(found) == wanted)
            })
        })
        .map_or(exact, |entry| entry.path())
}
