//! Is the station ready: what `wardcast check` prints and the console's overview shows,
//! gathered once for both. The next airing of each programme with its file or problem, the
//! slots within `warn_days` with nothing to play, schedules that fire outside the allowed
//! hours or never again, and the disks. (The sources a relay needs are tried by `check`
//! alone: hearing one takes seconds.)

use chrono::DateTime;
use chrono_tz::Tz;

use crate::config::Config;
use crate::dispatch;
use crate::library::{AiredFiles, Library};
use crate::messages::{Readiness, Say};
use crate::plan::{self, PlannedAiring, Warning};
use crate::storage::{self, StorageWarning};

/// How many upcoming slots are looked through for one outside the allowed hours.
const HOURS_LOOK_AHEAD: usize = 100;

/// What the library says about the coming airings (computed where the library is).
#[derive(Debug, Clone, Default)]
pub struct Planned {
    /// The next airing of each programme, with its file or problem.
    pub next: Vec<PlannedAiring>,
    /// The slots within `warn_days` that have nothing to play.
    pub warnings: Vec<Warning>,
}

impl Planned {
    pub fn of(
        config: &Config,
        library: &Library,
        aired: &dyn AiredFiles,
        now: &DateTime<Tz>,
    ) -> Planned {
        Planned {
            next: plan::next_of_each(config, library, aired, now, config.station.lang),
            warnings: plan::warnings(config, library, aired, now),
        }
    }
}

/// Everything else that stands in the way, in the officer's words, one notice each.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    pub outside_hours: Vec<String>,
    pub never_again: Vec<String>,
    pub storage: Vec<StorageWarning>,
}

impl Notices {
    /// Looks at the schedules against `planned` and at the disks (a quick look at each).
    pub fn of(config: &Config, planned: &Planned, now: &DateTime<Tz>) -> Notices {
        let lang = config.station.lang;
        let outside_hours = dispatch::slots_outside_hours(config, now, HOURS_LOOK_AHEAD)
            .into_iter()
            .filter_map(|(index, at)| {
                let programme = config.programmes.get(index)?;
                let notice = Readiness::OutsideHours {
                    programme: programme.id.clone(),
                    hours: dispatch::hours_list(config),
                    at: at.naive_local(),
                };
                Some(notice.say(lang))
            })
            .collect();
        let never_again = config
            .programmes
            .iter()
            .filter(|programme| {
                !planned
                    .next
                    .iter()
                    .any(|airing| airing.programme == programme.id)
            })
            .map(|programme| {
                Readiness::NeverAgain {
                    programme: programme.id.clone(),
                }
                .say(lang)
            })
            .collect();
        Notices {
            outside_hours,
            never_again,
            storage: storage::warnings(config),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.outside_hours.is_empty() && self.never_again.is_empty() && self.storage.is_empty()
    }
}

/// The coming airings and everything else that stands in the way, together.
#[derive(Debug, Clone, Default)]
pub struct Outlook {
    pub planned: Planned,
    pub notices: Notices,
}

/// Whether nothing needs doing (sources aside).
pub fn all_ready(planned: &Planned, notices: &Notices) -> bool {
    planned.next.iter().all(PlannedAiring::is_ready)
        && planned.warnings.is_empty()
        && notices.is_empty()
}
