//! What to do with slots that are due: air them on time, air them late, or log them missed
//! with the reason, in priority order; why a slot is late (an airing on air, a jump of the
//! clock, wardcast down); and how far the log accounts for the schedule. Pure: it decides
//! from the configuration, the time and what is pending; it reads no clock, plays nothing
//! and writes nothing.

use std::time::Duration;

use chrono::{DateTime, NaiveTime};
use chrono_tz::Tz;

use crate::config::{Config, IfInterrupted, IfMissed, Priority, Programme};
use crate::reason::Reason;
use crate::schedule::Slot;

#[cfg(test)]
mod tests;

/// A slot decided within this of its time is on time: picking the file and opening the
/// device can take a moment. Later than this, the log says why it was late.
pub const ON_TIME: Duration = Duration::from_secs(1);

/// Why a slot is being looked at after its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LateCause {
    /// wardcast was not running between these instants.
    Down {
        since: DateTime<Tz>,
        until: DateTime<Tz>,
    },
    /// Another airing was on air at the slot's time.
    Overlap { on_air: String },
    /// The slot passed while wardcast waited: the clock was set forward, or the PC slept.
    ClockJump,
    /// The airing of this slot was cut off part-way, for `why`; this is its replay.
    Interrupted { why: Reason },
    /// The slot's record could not be written (the data disk was full) before wardcast
    /// stopped at `stopped`: it may have aired; it is never aired again.
    Unrecorded { stopped: DateTime<Tz> },
}

impl LateCause {
    /// The cause as the log gives it.
    pub fn reason(&self) -> Reason {
        match self {
            LateCause::Down { since, until } => Reason::DaemonDown {
                since: since.fixed_offset(),
                until: until.fixed_offset(),
            },
            LateCause::Overlap { on_air } => Reason::StillOnAir {
                on_air: on_air.clone(),
            },
            LateCause::ClockJump => Reason::ClockJump,
            LateCause::Interrupted { why } => why.clone(),
            LateCause::Unrecorded { stopped } => Reason::Unrecorded {
                stopped: stopped.fixed_offset(),
            },
        }
    }
}

/// A slot waiting to be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub slot: Slot,
    pub cause: Option<LateCause>,
}

/// What to do with a pending slot now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Air it, starting at `start_at`; `note` says why it is late, when it is.
    Air {
        start_at: DateTime<Tz>,
        note: Option<Reason>,
    },
    /// Log it as missed with the reason.
    Miss { reason: Reason },
    /// Nothing to do or log: an interrupted airing whose programme does not replay (its
    /// interruption is already in the log), or a programme no longer configured.
    Drop,
}

/// The order pending slots are served in: emergency, then priority, then normal; within a
/// class, earliest slot first, then configuration order. The same input always gives the
/// same order.
pub fn order(config: &Config, pending: &mut [Pending]) {
    let rank = |p: &Pending| {
        let programme = p.slot.programme_in(&config.programmes);
        (
            std::cmp::Reverse(programme.map_or(Priority::Normal, |programme| programme.priority)),
            p.slot.at,
            p.slot
                .programme_index(&config.programmes)
                .unwrap_or(usize::MAX),
        )
    };
    pending.sort_by_cached_key(rank);
}

/// The blackout a day falls in, if any.
pub fn blackout_on<'a>(
    config: &'a Config,
    at: &DateTime<Tz>,
) -> Option<&'a crate::config::Blackout> {
    let day = at.date_naive();
    config
        .blackouts
        .iter()
        .find(|blackout| blackout.from <= day && day <= blackout.to)
}

/// The end of the allowed window `at` falls in; `None` when it is outside every window.
/// With no windows configured, any time is allowed and the day has no end.
pub fn window_end(config: &Config, at: &DateTime<Tz>) -> Option<Option<NaiveTime>> {
    if config.station.allowed_hours.is_empty() {
        return Some(None);
    }
    let time = at.time();
    config
        .station
        .allowed_hours
        .iter()
        .find(|window| window.start <= time && time < window.end)
        .map(|window| Some(window.end))
}

/// Programmes (emergencies aside) whose schedule fires outside the allowed hours, each with
/// its first such slot among the next `look_ahead`: `wardcast check` refuses them.
pub fn slots_outside_hours(
    config: &Config,
    from: &DateTime<Tz>,
    look_ahead: usize,
) -> Vec<(usize, DateTime<Tz>)> {
    if config.station.allowed_hours.is_empty() {
        return Vec::new();
    }
    config
        .programmes
        .iter()
        .enumerate()
        .filter(|(_, programme)| programme.priority != Priority::Emergency)
        .filter_map(|(index, programme)| {
            let mut cursor = *from;
            for _ in 0..look_ahead {
                let at = programme
                    .schedule
                    .iter()
                    .filter_map(|line| line.next_after(&cursor))
                    .min()?;
                if window_end(config, &at).is_none() {
                    return Some((index, at));
                }
                cursor = at;
            }
            None
        })
        .collect()
}

/// The allowed hours as the officer wrote them: "05:00-07:00, 16:30-18:30".
pub fn hours_list(config: &Config) -> String {
    config
        .station
        .allowed_hours
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether an airing of `length` starting at `start` would run past the end of its allowed
/// window; the reason when it would. Emergencies may.
pub fn runs_past_window(
    config: &Config,
    programme: &Programme,
    start: &DateTime<Tz>,
    length: Duration,
) -> Option<Reason> {
    if programme.priority == Priority::Emergency {
        return None;
    }
    let end = window_end(config, start)??;
    let finish = *start + chrono::Duration::from_std(length).unwrap_or_default();
    let window_close = start.date_naive().and_time(end);
    (finish.naive_local() > window_close).then(|| Reason::RunsPastWindow {
        length_ms: millis(length),
        window_end: end,
    })
}

/// A duration in whole milliseconds, as reasons carry it.
pub fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Decides what to do with one pending slot at `now`.
pub fn decide(config: &Config, now: &DateTime<Tz>, pending: &Pending) -> Decision {
    let Some(programme) = pending.slot.programme_in(&config.programmes) else {
        return Decision::Drop;
    };
    let at = pending.slot.at;
    if let Some(blackout) = blackout_on(config, &at) {
        return Decision::Miss {
            reason: Reason::Blackout {
                name: blackout.reason.clone(),
                from: blackout.from,
                to: blackout.to,
            },
        };
    }
    if programme.priority != Priority::Emergency && window_end(config, &at).is_none() {
        return Decision::Miss {
            reason: Reason::OutsideHours {
                hours: hours_list(config),
            },
        };
    }
    let late = (*now - at).to_std().unwrap_or_default();
    let start_at = if at > *now { at } else { *now };
    let played_late = |why: Reason| Decision::Air {
        start_at,
        note: Some(Reason::PlayedLate {
            late_ms: millis(late),
            why: Box::new(why),
        }),
    };
    match &pending.cause {
        Some(cause @ LateCause::Unrecorded { .. }) => Decision::Miss {
            reason: cause.reason(),
        },
        Some(LateCause::Interrupted { why }) => {
            if programme.if_interrupted == IfInterrupted::Replay && late <= programme.late_within {
                Decision::Air {
                    start_at,
                    note: Some(Reason::Replayed {
                        why: Box::new(why.clone()),
                    }),
                }
            } else {
                Decision::Drop
            }
        }
        _ if late <= ON_TIME => Decision::Air {
            start_at,
            note: None,
        },
        Some(cause @ LateCause::Overlap { on_air }) => {
            if late <= programme.max_delay {
                played_late(cause.reason())
            } else {
                Decision::Miss {
                    reason: Reason::Overlap {
                        on_air: on_air.clone(),
                        max_delay_ms: millis(programme.max_delay),
                    },
                }
            }
        }
        cause => {
            let why = cause.as_ref().map_or(Reason::ClockJump, LateCause::reason);
            if programme.if_missed == IfMissed::Late && late <= programme.late_within {
                played_late(why)
            } else {
                Decision::Miss { reason: why }
            }
        }
    }
}

/// An airing that was on air, from when until when, under the title the log gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnAirSpan {
    pub title: String,
    pub from: DateTime<Tz>,
    pub until: DateTime<Tz>,
}

/// Why a slot just come due at `now` is late, if it is: the airing last on air covered its
/// time (an overlap), or its time passed unseen (a jump of the clock).
pub fn cause_for_due(
    slot_at: &DateTime<Tz>,
    now: &DateTime<Tz>,
    last_on_air: Option<&OnAirSpan>,
) -> Option<LateCause> {
    let late = (*now - *slot_at).to_std().is_ok_and(|late| late > ON_TIME);
    match last_on_air {
        Some(on_air) if on_air.from <= *slot_at && *slot_at <= on_air.until => {
            Some(LateCause::Overlap {
                on_air: on_air.title.clone(),
            })
        }
        _ if late => Some(LateCause::ClockJump),
        _ => None,
    }
}

/// Marks the slots that came due while `on_air` was on air (up to `until`) and have no
/// other cause as having waited for it.
pub fn mark_overlapped(pending: &mut [Pending], on_air: &str, until: &DateTime<Tz>) {
    for waiting in pending
        .iter_mut()
        .filter(|p| p.cause.is_none() && p.slot.at <= *until)
    {
        waiting.cause = Some(LateCause::Overlap {
            on_air: on_air.to_string(),
        });
    }
}

/// What the notes of the last run say of its end, as far as slots missed meanwhile care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downtime {
    /// When the last run was last known to be alive.
    pub alive: DateTime<Tz>,
    /// The earliest slot whose record still waited in memory when it was last alive.
    pub unrecorded_from: Option<DateTime<Tz>>,
    /// When this run started.
    pub restarted: DateTime<Tz>,
}

/// Why a slot at `slot_at` that passed while wardcast was down is not in the log: a slot
/// whose record was still waiting in memory when wardcast stopped may well have aired, and is
/// never aired again; any other passed while nothing ran.
pub fn downtime_cause(slot_at: &DateTime<Tz>, down: &Downtime) -> LateCause {
    let unrecorded = down
        .unrecorded_from
        .is_some_and(|from| from <= *slot_at && *slot_at <= down.alive);
    if unrecorded {
        LateCause::Unrecorded {
            stopped: down.alive,
        }
    } else {
        LateCause::Down {
            since: down.alive,
            until: down.restarted,
        }
    }
}

/// Up to when every slot is in the log, for the alive note: just before the earliest one
/// still pending or whose record waits in memory (`unrecorded_from`), and never past
/// `cursor`, the last instant slots were collected up to.
pub fn accounted_until(
    cursor: &DateTime<Tz>,
    pending: &[Pending],
    unrecorded_from: Option<&DateTime<Tz>>,
) -> DateTime<Tz> {
    pending
        .iter()
        .map(|p| p.slot.at)
        .chain(unrecorded_from.copied())
        .map(|at| at - chrono::Duration::milliseconds(1))
        .min()
        .map_or(*cursor, |earliest| earliest.min(*cursor))
}
