//! Carrying out one airing: what it is (`AiringJob`, made in one place for each kind of
//! airing), what it is carried out with (`Studio`), and the attempts at it while the sound
//! card cannot be opened, until the deadline `retry` gives; a failure is logged once, with
//! how many attempts were made.

use std::path::PathBuf;
use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;
use tokio::sync::watch;

use crate::config::{Config, Programme};
use crate::ids::{ProgrammeId, Trigger, ANNOUNCEMENT_PROGRAMME, DEMO_PROGRAMME, MANUAL_PROGRAMME};
use crate::ledger::{NotAired, Outcome};
use crate::library::{Chosen, Probe};
use crate::live::Board;
use crate::messages::station::Note;
use crate::messages::{Lang, Say};
use crate::player::{Player, Snapshot};
use crate::precedence::CutIn;
use crate::reason::{Reason, Urgency};
use crate::retry::{self, DeviceRetry};
use crate::schedule::Slot;

use super::records::{lock, SharedLedger};
use super::relays::RelayPart;
use super::{clock, notes, on_air, Shutdown, StationError};

/// One airing to carry out: what, when, and under which name it is logged.
#[derive(Debug, Clone)]
pub struct AiringJob {
    pub programme: ProgrammeId,
    pub trigger: Trigger,
    pub scheduled_at: Option<DateTime<Tz>>,
    pub start_at: DateTime<Tz>,
    pub chosen: Chosen,
    /// The file's bytes as checked against the library's probe; `None` to read them when
    /// the airing starts (announcements, sound checks), the log then naming what was read.
    pub snapshot: Option<Snapshot>,
    /// Why the airing is late, a replay or an announcement, for the end record.
    pub note: Option<Reason>,
    /// While the sound card cannot be opened, keep trying (with growing pauses) until then.
    pub retry_until: Option<DateTime<Tz>>,
    /// An emergency slot that must cut this airing off.
    pub cut_in: Option<CutIn>,
    /// Counts emergency announcements: a change while on air cuts this airing off.
    pub emergencies: Option<watch::Receiver<u64>>,
    /// A relay airs its source live: `chosen` then names the source (its address, title and
    /// the relay's length) rather than a library file.
    pub relay: Option<RelayPart>,
}

impl AiringJob {
    /// The one place a job is made: every kind of airing starts from this and sets only
    /// what it needs.
    fn new(
        programme: &str,
        trigger: Trigger,
        scheduled_at: Option<DateTime<Tz>>,
        start_at: DateTime<Tz>,
        chosen: Chosen,
    ) -> AiringJob {
        AiringJob {
            programme: ProgrammeId::new(programme),
            trigger,
            scheduled_at,
            start_at,
            chosen,
            snapshot: None,
            note: None,
            retry_until: None,
            cut_in: None,
            emergencies: None,
            relay: None,
        }
    }

    /// A sound check (`wardcast play FILE`), starting at `now`.
    pub fn manual(chosen: Chosen, now: DateTime<Tz>) -> AiringJob {
        AiringJob::new(MANUAL_PROGRAMME, Trigger::Manual, None, now, chosen)
    }

    /// The `--demo` airing, at `start_at`.
    pub fn demo(chosen: Chosen, start_at: DateTime<Tz>) -> AiringJob {
        AiringJob::new(
            DEMO_PROGRAMME,
            Trigger::Demo,
            Some(start_at),
            start_at,
            chosen,
        )
    }

    /// An announcement handed in by `wardcast play --now`, airing at `now`.
    pub fn announcement(chosen: Chosen, urgency: Urgency, now: DateTime<Tz>) -> AiringJob {
        AiringJob {
            note: Some(Reason::Announcement { urgency }),
            retry_until: Some(retry::announcement_deadline(&now)),
            ..AiringJob::new(ANNOUNCEMENT_PROGRAMME, Trigger::Manual, None, now, chosen)
        }
    }

    /// A slot of `programme`'s schedule, its file read and checked, starting at `start_at`.
    pub fn scheduled(
        slot: &Slot,
        programme: &Programme,
        start_at: DateTime<Tz>,
        (chosen, snapshot): (Chosen, Snapshot),
        note: Option<Reason>,
    ) -> AiringJob {
        AiringJob {
            snapshot: Some(snapshot),
            note,
            retry_until: Some(retry::slot_deadline(&slot.at, programme.max_delay)),
            ..AiringJob::new(
                slot.programme.as_str(),
                Trigger::Schedule,
                Some(slot.at),
                start_at,
                chosen,
            )
        }
    }

    /// A relay slot of `programme`, relaying `part` from `start_at` to the slot's end.
    pub fn relayed(
        slot: &Slot,
        programme: &Programme,
        start_at: DateTime<Tz>,
        part: RelayPart,
        length: Duration,
    ) -> AiringJob {
        let chosen = Chosen {
            path: PathBuf::from(part.address()),
            name: part.source.title.clone(),
            probe: Probe {
                format: "relay".to_string(),
                duration: length,
                sample_rate: 0,
                channels: 0,
            },
            sha256: String::new(),
        };
        AiringJob {
            relay: Some(part),
            ..AiringJob::new(
                programme.id.as_str(),
                Trigger::Schedule,
                Some(slot.at),
                start_at,
                chosen,
            )
        }
    }

    /// The job, with why it airs late (or as a replay) for its end record.
    pub fn noted(self, note: Option<Reason>) -> AiringJob {
        AiringJob { note, ..self }
    }

    /// The job, cut off by the emergency slot `cut_in` and by emergency announcements
    /// (counted by `emergencies`).
    pub fn cut_by(self, cut_in: Option<CutIn>, emergencies: watch::Receiver<u64>) -> AiringJob {
        AiringJob {
            cut_in,
            emergencies: Some(emergencies),
            ..self
        }
    }
}

/// The log of an airing carried out, as the caller may want to print it.
#[derive(Debug, Clone, PartialEq)]
pub struct AiringReport {
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    pub played: Duration,
    /// The failure was the sound card's (worth trying again), not the file's.
    pub device_failed: bool,
    /// Stopped before anything went out: nothing was logged, the slot is still open.
    pub cancelled: bool,
}

impl AiringReport {
    /// An attempt that failed before any sound went out; worth trying again when it was
    /// the sound card's fault (`device_failed`).
    pub fn failed(reason: Reason, device_failed: bool) -> AiringReport {
        AiringReport {
            outcome: Outcome::Failed,
            reason: Some(reason),
            played: Duration::ZERO,
            device_failed,
            cancelled: false,
        }
    }

    /// An attempt stopped before its first sample, for `reason`: nothing was logged.
    pub fn cancelled(reason: Reason) -> AiringReport {
        AiringReport {
            outcome: Outcome::Missed,
            reason: Some(reason),
            played: Duration::ZERO,
            device_failed: false,
            cancelled: true,
        }
    }
}

/// What airings are carried out with: the player, the log, the on-air note, and the
/// station's clock and language.
pub struct Studio<'a> {
    pub(super) player: &'a Player,
    pub(super) ledger: &'a SharedLedger,
    pub(super) timezone: Tz,
    pub(super) lang: Lang,
    pub(super) heartbeat: PathBuf,
    /// Where what is on air is shown live (the console watches it).
    pub(super) board: Board,
}

impl<'a> Studio<'a> {
    pub fn new(config: &Config, player: &'a Player, ledger: &'a SharedLedger) -> Studio<'a> {
        Studio {
            player,
            ledger,
            timezone: config.station.timezone,
            lang: config.station.lang,
            heartbeat: notes::heartbeat_path(config),
            board: Board::new(),
        }
    }

    /// Shows what is on air on `board`.
    pub fn with_board(mut self, board: &Board) -> Studio<'a> {
        self.board = board.clone();
        self
    }

    pub(super) fn now(&self) -> DateTime<Tz> {
        clock::station_now(self.timezone)
    }

    /// Plays one airing to its end and writes its records: the start when the first sample
    /// is heard, the end when the last one is (or when it is cut off). While the sound card
    /// cannot be opened it is tried again until the job's deadline.
    pub async fn carry_out(
        &self,
        job: &AiringJob,
        shutdown: &mut Shutdown,
    ) -> Result<AiringReport, StationError> {
        let mut retry = DeviceRetry::until(job.retry_until);
        let mut attempt = job.clone();
        loop {
            retry.attempt();
            let report = on_air::air_once(self, &attempt, shutdown).await?;
            let device_down = report.outcome == Outcome::Failed
                && report.device_failed
                && !shutdown.is_requested();
            let pause = if device_down {
                retry.pause_after_failure(&self.now())
            } else {
                None
            };
            let Some(pause) = pause else {
                return self.settle(job, report, retry.attempts());
            };
            tracing::warn!(
                programme = %job.programme,
                reason = report.reason.as_ref().map(|why| why.say(self.lang)).unwrap_or_default(),
                retry_in_seconds = pause.as_secs(),
                "{}",
                Note::SoundCardRetry.say(self.lang)
            );
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                () = shutdown.requested() => {}
            }
            // A retry starts as soon as the card opens; the log shows how late.
            attempt.start_at = self.now();
        }
    }

    /// The last attempt's report, its failure logged (with the attempts it took).
    fn settle(
        &self,
        job: &AiringJob,
        mut report: AiringReport,
        attempts: u32,
    ) -> Result<AiringReport, StationError> {
        if report.outcome != Outcome::Failed {
            if attempts > 1 {
                tracing::info!(programme = %job.programme, attempts, "{}", Note::SoundCardBack.say(self.lang));
            }
            return Ok(report);
        }
        if attempts > 1 {
            report.reason = report.reason.map(|why| Reason::Retried {
                attempts,
                why: Box::new(why),
            });
        }
        // A failed report always carries its reason (`AiringReport::failed`).
        let why = report.reason.clone().unwrap_or(Reason::PlayerGone);
        tracing::error!(programme = %job.programme, reason = %why.say(self.lang), "airing failed");
        lock(self.ledger).record_not_aired(&NotAired {
            programme: job.programme.as_str(),
            trigger: job.trigger,
            scheduled_at: job.scheduled_at,
            recorded_at: self.now(),
            file: Some(&job.chosen.path),
            outcome: Outcome::Failed,
            reason: &why,
        })?;
        Ok(report)
    }
}
