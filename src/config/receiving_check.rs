//! Validation of what the station receives: each `[[source]]`, a programme's relay, each
//! `[[recording]]` and `[[download]]`, every reference to a source or a programme checked
//! against the ones declared.

use toml::Spanned;

use super::check::Checker;
use super::receiving::{FileDownload, FileRecording, FileRelay, FileSource};
use super::*;
use crate::ids::{ProgrammeId, SourceId};
use crate::messages::config::{NumberUse, ReceivingProblem};
use crate::schedule::Schedule;

impl Checker<'_> {
    pub(super) fn sources(
        &self,
        written: &[Spanned<FileSource>],
    ) -> Result<Vec<Source>, ConfigError> {
        let mut sources: Vec<Source> = Vec::new();
        for spanned in written {
            let source = spanned.get_ref();
            let id = self.source_id(&source.id, &sources)?;
            let input = match (&source.url, &source.input) {
                (Some(url), None) => SourceInput::Url(self.web_address(url)?),
                (None, Some(input)) if input.get_ref().trim().is_empty() => {
                    return Err(self.error(input.span().start, ReceivingProblem::EmptyInput));
                }
                (None, Some(input)) => SourceInput::Capture(input.get_ref().trim().to_string()),
                (Some(_), Some(input)) => {
                    let problem = ReceivingProblem::SourceBothUrlAndInput { id: id.to_string() };
                    return Err(self.error(input.span().start, problem));
                }
                (None, None) => {
                    let problem = ReceivingProblem::SourceNeitherUrlNorInput;
                    return Err(self.error(spanned.span().start, problem));
                }
            };
            sources.push(Source {
                id,
                title: source.title.clone(),
                input,
            });
        }
        Ok(sources)
    }

    fn source_id(&self, id: &Spanned<String>, earlier: &[Source]) -> Result<SourceId, ConfigError> {
        let text = id.get_ref();
        if !crate::ids::is_usable_id(text) {
            let problem = ReceivingProblem::SourceIdUnusable { id: text.clone() };
            return Err(self.error(id.span().start, problem));
        }
        if earlier.iter().any(|other| other.id.as_str() == text) {
            let problem = ReceivingProblem::SourceIdTwice { id: text.clone() };
            return Err(self.error(id.span().start, problem));
        }
        Ok(SourceId::new(text.clone()))
    }

    /// An `http://` or `https://` address with a host, as the station gives it.
    fn web_address(&self, url: &Spanned<String>) -> Result<String, ConfigError> {
        let text = url.get_ref().trim();
        let lower = text.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("http://")
            .or_else(|| lower.strip_prefix("https://"));
        let has_host = rest.is_some_and(|rest| {
            !rest.is_empty() && !rest.starts_with('/') && !rest.starts_with('?')
        });
        let plain = !text.chars().any(|c| c.is_whitespace() || c.is_control());
        if has_host && plain {
            return Ok(text.to_string());
        }
        let problem = ReceivingProblem::NotWebAddress {
            text: text.to_string(),
        };
        Err(self.error(url.span().start, problem))
    }

    /// A programme's relay, when it relays a source; its keys refused when it does not.
    pub(super) fn relay(
        &self,
        written: &FileRelay,
        id: &str,
        sources: &[Source],
    ) -> Result<Option<Relay>, ConfigError> {
        let Some(source) = &written.relay else {
            let only_for_relays = |key| ReceivingProblem::OnlyForRelays { key };
            if let Some(duration) = &written.duration {
                return Err(self.error(duration.span().start, only_for_relays("duration")));
            }
            if let Some(fallback) = &written.fallback {
                return Err(self.error(fallback.span().start, only_for_relays("fallback")));
            }
            if let Some(copy) = &written.relay_copy {
                return Err(self.error(copy.span().start, only_for_relays("relay_copy")));
            }
            return Ok(None);
        };
        let source = self.known_source(source, sources)?;
        let duration = self
            .duration(
                written.duration.as_ref(),
                "duration",
                &RECEIVE_DURATION_RANGE,
            )?
            .ok_or_else(|| {
                let problem = ReceivingProblem::RelayWithoutDuration { id: id.to_string() };
                self.error(
                    written.relay.as_ref().map_or(0, |relay| relay.span().start),
                    problem,
                )
            })?;
        Ok(Some(Relay {
            source,
            duration,
            fallback: written
                .fallback
                .as_ref()
                .map_or_else(Fallback::default, |fallback| *fallback.get_ref()),
            copy: written
                .relay_copy
                .as_ref()
                .is_some_and(|copy| *copy.get_ref()),
        }))
    }

    fn known_source(
        &self,
        id: &Spanned<String>,
        sources: &[Source],
    ) -> Result<SourceId, ConfigError> {
        if let Some(source) = sources
            .iter()
            .find(|source| source.id.as_str() == id.get_ref())
        {
            return Ok(source.id.clone());
        }
        let problem = ReceivingProblem::UnknownSource {
            id: id.get_ref().clone(),
            known: sources.iter().map(|s| s.id.to_string()).collect(),
        };
        Err(self.error(id.span().start, problem))
    }

    fn known_programme(
        &self,
        id: &Spanned<String>,
        programmes: &[Programme],
    ) -> Result<ProgrammeId, ConfigError> {
        if programmes
            .iter()
            .any(|programme| &programme.id == id.get_ref())
        {
            return Ok(ProgrammeId::new(id.get_ref().clone()));
        }
        let problem = ReceivingProblem::UnknownProgramme {
            id: id.get_ref().clone(),
            known: programmes.iter().map(|p| p.id.clone()).collect(),
        };
        Err(self.error(id.span().start, problem))
    }

    pub(super) fn recording(
        &self,
        written: &FileRecording,
        sources: &[Source],
        programmes: &[Programme],
    ) -> Result<Recording, ConfigError> {
        let source = self.known_source(&written.source, sources)?;
        let schedule = self.receiving_schedule(&written.schedule)?;
        let duration = self
            .duration(Some(&written.duration), "duration", &RECEIVE_DURATION_RANGE)?
            .unwrap_or_default();
        let into = self.known_programme(&written.into, programmes)?;
        let name = match &written.name {
            Some(name) => self.file_name(name)?,
            None => {
                let title = sources
                    .iter()
                    .find(|known| known.id == source)
                    .map_or_else(|| source.to_string(), |known| known.title.clone());
                format!("{{date}} {title}")
            }
        };
        Ok(Recording {
            source,
            schedule,
            duration,
            into,
            name,
        })
    }

    pub(super) fn download(
        &self,
        written: &FileDownload,
        programmes: &[Programme],
    ) -> Result<Download, ConfigError> {
        let megabytes = match &written.max_megabytes {
            Some(value) => self.whole_number(
                value,
                "max_megabytes",
                &DOWNLOAD_MEGABYTES_RANGE,
                NumberUse::DownloadMegabytes,
            )?,
            None => DEFAULT_DOWNLOAD_MEGABYTES,
        };
        Ok(Download {
            url: self.web_address(&written.url)?,
            schedule: self.receiving_schedule(&written.schedule)?,
            into: self.known_programme(&written.into, programmes)?,
            max_bytes: u64::from(megabytes) * 1_000_000,
        })
    }

    fn receiving_schedule(
        &self,
        lines: &Spanned<Vec<Spanned<String>>>,
    ) -> Result<Schedule, ConfigError> {
        if lines.get_ref().is_empty() {
            return Err(self.error(lines.span().start, ReceivingProblem::EmptySchedule));
        }
        self.crontab_lines(lines.get_ref())
    }

    /// A recording's file name template: no folder separators, no control characters, not
    /// hidden (the library leaves hidden files alone).
    fn file_name(&self, name: &Spanned<String>) -> Result<String, ConfigError> {
        let text = name.get_ref().trim();
        let usable = !text.is_empty()
            && !text.starts_with('.')
            && !text
                .chars()
                .any(|c| c == '/' || c == '\\' || c.is_control());
        if usable {
            return Ok(text.to_string());
        }
        let problem = ReceivingProblem::BadName {
            name: name.get_ref().clone(),
        };
        Err(self.error(name.span().start, problem))
    }
}

#[cfg(test)]
#[path = "receiving_tests.rs"]
mod tests;
