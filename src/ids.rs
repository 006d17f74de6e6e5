//! The names wardcast gives what it airs outside the schedule, and what set an airing off.

use serde::Serialize;

/// The programme id of airings started by `wardcast run --demo`.
pub const DEMO_PROGRAMME: &str = "demo";
/// The programme id of `wardcast play FILE` sound checks.
pub const MANUAL_PROGRAMME: &str = "manual";
/// The programme id of announcements (`wardcast play --now`).
pub const ANNOUNCEMENT_PROGRAMME: &str = "announcement";

/// What set an airing off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    /// A slot of a programme's schedule.
    Schedule,
    /// `wardcast play FILE`, a sound check.
    Manual,
    /// `wardcast run --demo`.
    Demo,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
            Trigger::Demo => "demo",
        }
    }

    pub fn parse(text: &str) -> Trigger {
        match text {
            "manual" => Trigger::Manual,
            "demo" => Trigger::Demo,
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
