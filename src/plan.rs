//! What will air next and whether it is ready: the upcoming slots with the file each would
//! play today, or the problem that would stop it. Read-only: it looks at the folders and
//! the log and changes neither.

use chrono::DateTime;
use chrono_tz::Tz;
use serde::Serialize;

use crate::config::Config;
use crate::ledger::{timestamp, Ledger};
use crate::library::Pick;
use crate::schedule;

/// One upcoming airing as it stands now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedAiring {
    pub programme: String,
    pub title: String,
    pub scheduled_at: String,
    /// The file it would play, when one fits.
    pub file: Option<String>,
    pub sha256: Option<String>,
    pub duration_seconds: Option<f64>,
    /// Why nothing would play, when nothing fits.
    pub problem: Option<String>,
}

impl PlannedAiring {
    pub fn is_ready(&self) -> bool {
        self.problem.is_none()
    }
}

/// The next `count` slots of all programmes after `from`, each with its file or problem.
///
/// A file picked by `unaired` is counted as it is now: the same file can show for two
/// upcoming slots, since it has not aired yet for either.
pub fn upcoming(
    config: &Config,
    ledger: &Ledger,
    from: &DateTime<Tz>,
    count: usize,
) -> Vec<PlannedAiring> {
    schedule::upcoming(&config.programmes, from, count)
        .into_iter()
        .map(|slot| plan_slot(config, ledger, &slot))
        .collect()
}

/// The next slot of each programme after `from`, each with its file or problem.
pub fn next_of_each(config: &Config, ledger: &Ledger, from: &DateTime<Tz>) -> Vec<PlannedAiring> {
    config
        .programmes
        .iter()
        .enumerate()
        .filter_map(|(index, programme)| {
            let at = programme
                .schedule
                .iter()
                .filter_map(|line| line.next_after(from))
                .min()?;
            Some(plan_slot(
                config,
                ledger,
                &schedule::Slot {
                    programme: index,
                    at,
                },
            ))
        })
        .collect()
}

fn plan_slot(config: &Config, ledger: &Ledger, slot: &schedule::Slot) -> PlannedAiring {
    let programme = &config.programmes[slot.programme];
    let mut planned = PlannedAiring {
        programme: programme.id.clone(),
        title: programme.title.clone(),
        scheduled_at: timestamp(&slot.at),
        file: None,
        sha256: None,
        duration_seconds: None,
        problem: None,
    };
    match crate::daemon::pick_now(config, ledger, slot) {
        Pick::Chosen(chosen) => {
            planned.file = Some(chosen.file.path.to_string_lossy().into_owned());
            planned.sha256 = Some(chosen.sha256);
            planned.duration_seconds = Some(chosen.probe.duration.as_secs_f64());
        }
        Pick::Nothing(reason) => planned.problem = Some(reason),
    }
    planned
}
