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
