//! The names wardcast gives what it airs outside the schedule, what set an airing (or a
//! recording or a download) off, and the ids of programmes and sources.

use serde::Serialize;

/// The programme id of airings started by `wardcast run --demo`.
pub const DEMO_PROGRAMME: &str = "demo";
/// The programme id of `wardcast play FILE` sound checks.
pub const MANUAL_PROGRAMME: &str = "manual";
/// The programme id of announcements (`wardcast play --now`).
pub const ANNOUNCEMENT_PROGRAMME: &str = "announcement";

/// What set an airing off, or what brought a file into a programme's folder (a recording
/// or a download): the log keeps it as `as_str` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    /// A slot of a programme's schedule.
    Schedule,
    /// `wardcast play FILE`, a sound check.
    Manual,
    /// `wardcast run --demo`.
    Demo,
    /// A `[[recording]]` of a source into a programme's folder.
    Recording,
    /// A `[[download]]` of a file or a feed's new items into a programme's folder.
    Download,
    /// Something a user did in the web console (signed in, uploaded, withdrew, announced).
    Console,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
            Trigger::Demo => "demo",
            Trigger::Recording => "recording",
            Trigger::Download => "download",
            Trigger::Console => "console",
        }
    }

    pub fn parse(text: &str) -> Trigger {
        match text {
            "manual" => Trigger::Manual,
            "demo" => Trigger::Demo,
            "recording" => Trigger::Recording,
            "download" => Trigger::Download,
            "console" => Trigger::Console,
            _ => Trigger::Schedule,
        }
    }
}

/// A programme's `id` from the configuration. A slot names its programme by id, not by its
/// place in the configuration: a reload may add, remove or reorder programmes while slots
/// wait, and an id still names the same programme (or none) afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ProgrammeId(String);

impl ProgrammeId {
    pub fn new(id: impl Into<String>) -> ProgrammeId {
        ProgrammeId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ProgrammeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for ProgrammeId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<String> for ProgrammeId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

/// A `[[source]]`'s `id` from the configuration: a station wardcast can receive.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SourceId(String);

impl SourceId {
    pub fn new(id: impl Into<String>) -> SourceId {
        SourceId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `text` can be an id of the configuration (a programme's, a source's): plain
/// letters, digits, '-' and '_', which the log, file names and the command line carry as
/// they are.
pub fn is_usable_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_reads_back_as_the_log_keeps_it() {
        for trigger in [
            Trigger::Schedule,
            Trigger::Manual,
            Trigger::Demo,
            Trigger::Recording,
            Trigger::Download,
        ] {
            assert_eq!(Trigger::parse(trigger.as_str()), trigger);
            let json = serde_json::to_value(trigger).expect("json");
            assert_eq!(json, trigger.as_str(), "JSON says what the log says");
        }
        assert_eq!(Trigger::as_str(Trigger::Recording), "recording");
        assert_eq!(Trigger::as_str(Trigger::Download), "download");
        // A word this wardcast does not know reads as the schedule, as it always has.
        assert_eq!(Trigger::parse("relay?"), Trigger::Schedule);
    }
}
