//! Starting again after a stop: airings a crash or power cut left open are closed with how
//! far they got, and the slots that passed while wardcast was down (or whose airing was
//! cut off) are handed to the schedule to be decided.

use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::config::Config;
use crate::dispatch::{self, Downtime, LateCause, Pending};
use crate::ids::{ProgrammeId, Trigger};
use crate::ledger::{AiringEnd, AiringId, Outcome};
use crate::messages::Say;
use crate::reason::Reason;
use crate::schedule::{self, Slot};

use super::notes::{self, LastRun};
use super::records::{self, lock, SharedLedger};
use super::{clock, StationError};

/// A scheduled airing a crash or power cut cut off, which may be replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct CutOff {
    pub programme: ProgrammeId,
    pub scheduled: DateTime<Tz>,
    pub why: Reason,
}

/// Closes airings a crash or power cut left open, so the log never shows one as on air,
/// with how far each got when the on-air note says.
pub fn close_open_airings(
    ledger: &SharedLedger,
    config: &Config,
) -> Result<Vec<CutOff>, StationError> {
    let (timezone, lang) = (config.station.timezone, config.station.lang);
    let heartbeat = notes::heartbeat_path(config);
    let note = notes::read_heartbeat(&heartbeat);
    let mut cut_off = Vec::new();
    let mut ledger = lock(ledger);
    for open in ledger.open_airings()? {
        let known = note.as_ref().filter(|note| note.airing == open.airing);
        let played_seconds = known.map_or(0.0, |note| note.played_seconds);
        let ended_at = known
            .and_then(|note| DateTime::parse_from_rfc3339(&note.at).ok())
            .map_or_else(
                || clock::station_now(timezone),
                |at| at.with_timezone(&timezone),
            );
        let why = Reason::Crash {
            played_ms: known.map(|note| {
                let played = Duration::try_from_secs_f64(note.played_seconds.max(0.0));
                dispatch::millis(played.unwrap_or_default())
            }),
        };
        tracing::warn!(programme = %open.programme, airing = open.airing, reason = %why.say(lang), "closing an airing cut off");
        ledger.record_end(&AiringEnd {
            airing: AiringId(open.airing),
            programme: &open.programme,
            trigger: open.trigger,
            ended_at,
            played_seconds,
            outcome: Outcome::Interrupted,
            reason: Some(&why),
            evidence: None,
        })?;
        let scheduled = open
            .scheduled_ms
            .and_then(|millis| records::from_millis(millis, timezone));
        if let (Trigger::Schedule, Some(scheduled)) = (open.trigger, scheduled) {
            cut_off.push(CutOff {
                programme: ProgrammeId::new(open.programme.as_str()),
                scheduled,
                why,
            });
        }
    }
    let _ = std::fs::remove_file(&heartbeat);
    Ok(cut_off)
}

/// The slots to decide first: those that passed while wardcast was down and are not in the
/// log, and the airings a crash cut off (of programmes still configured).
pub fn missed_while_down(
    config: &Config,
    ledger: &SharedLedger,
    previous: Option<LastRun>,
    started: &DateTime<Tz>,
    cut_off: Vec<CutOff>,
) -> Vec<Pending> {
    let mut pending = Vec::new();
    if let Some(previous) = previous {
        let down = Downtime {
            alive: previous.alive,
            unrecorded_from: previous.unrecorded_from,
            restarted: *started,
        };
        for slot in schedule::slots_between(&config.programmes, &previous.accounted_until, started)
        {
            if !records::in_log(ledger, &slot, config.station.lang) {
                pending.push(Pending {
                    cause: Some(dispatch::downtime_cause(&slot.at, &down)),
                    slot,
                });
            }
        }
    }
    for cut in cut_off {
        let programme = config
            .programmes
            .iter()
            .find(|programme| cut.programme == programme.id);
        if let Some(programme) = programme {
            pending.push(Pending {
                slot: Slot::of(programme, cut.scheduled),
                cause: Some(LateCause::Interrupted { why: cut.why }),
            });
        }
    }
    pending
}

/// The earliest slot whose record waits in memory, if any: from there on a crash now would
/// lose records.
pub fn unrecorded_from(ledger: &SharedLedger, timezone: Tz) -> Option<DateTime<Tz>> {
    let earliest = lock(ledger).earliest_waiting_slot_ms();
    earliest.and_then(|millis| records::from_millis(millis, timezone))
}
