//! One attempt at an airing: the file handed to the player, its events followed to the end
//! and written to the log (the start when the first sample is heard, the end when the last
//! one is), the on-air note kept, and the airing stopped for shutdown or an emergency.

use std::path::Path;
use std::time::{Duration, SystemTime};

use tokio::sync::mpsc;

use crate::ledger::{timestamp, AiringEnd, AiringId, AiringStart, Outcome};
use crate::live::OnAirNow;
use crate::messages::reason::in_both;
use crate::messages::reason::of_receive_problem;
use crate::messages::Say;
use crate::player::{AirRequest, AirSource, Ending, LiveAir, PlayerError, PlayerEvent};
use crate::reason::Reason;
use crate::sound::SoundEvidence;

use super::airing::{AiringJob, AiringReport, Studio};
use super::files::read_snapshot;
use super::notes::{self, OnAir};
use super::records::lock;
use super::relays::RelayTally;
use super::{clock, Shutdown, StationError};

/// One attempt at an airing: the records of a start and an end, or a failure report
/// (not yet recorded: the caller may try again).
pub(super) async fn air_once(
    studio: &Studio<'_>,
    job: &AiringJob,
    shutdown: &mut Shutdown,
) -> Result<AiringReport, StationError> {
    let (source, sha256) = match what_airs(job).await {
        Ok(what) => what,
        Err(report) => return Ok(report),
    };
    let (events, receiver) = mpsc::unbounded_channel();
    studio.player.air(AirRequest {
        source,
        start_at: clock::to_system_time(&job.start_at),
        events,
    })?;
    let mut attempt = Attempt {
        studio,
        job,
        sha256,
        airing: None,
        stopped_for: None,
        tally: None,
    };
    attempt.follow(receiver, shutdown).await
}

/// What the player is handed (the file's bytes, or the relay's live input) and the SHA-256
/// the start record names (none for a relay); a report when there is nothing to hand.
async fn what_airs(job: &AiringJob) -> Result<(AirSource, Option<String>), AiringReport> {
    if let Some(relay) = &job.relay {
        let Some(input) = relay.take_input() else {
            // An earlier attempt took the live input: the relay cannot be tried again.
            return Err(AiringReport::failed(Reason::PlayerGone, false));
        };
        let live = LiveAir {
            input,
            length: job.chosen.probe.duration,
            source: relay.source.id.clone(),
        };
        return Ok((AirSource::Live(live), None));
    }
    let snapshot = match &job.snapshot {
        Some(snapshot) => snapshot.clone(),
        None => read_snapshot(&job.chosen.path).await.map_err(|error| {
            AiringReport::failed(failure_reason(&error, &job.chosen.path), false)
        })?,
    };
    let sha256 = Some(snapshot.sha256.clone());
    let file = job.chosen.path.clone();
    Ok((AirSource::File { file, snapshot }, sha256))
}

/// Why the player could not air `file`.
pub fn failure_reason(error: &PlayerError, file: &Path) -> Reason {
    match error {
        PlayerError::NoSuchDevice { device } => Reason::NoSuchDevice {
            device: device.clone(),
        },
        PlayerError::DeviceOpen { device, detail } => Reason::DeviceError {
            device: device.clone(),
            detail: detail.clone(),
        },
        PlayerError::ThreadGone => Reason::PlayerGone,
        other => Reason::FileUnreadable {
            file: file.display().to_string(),
            words: in_both(|lang| other.rejection().describe(lang)),
        },
    }
}

/// An airing handed to the player, followed to its end.
struct Attempt<'s, 'a> {
    studio: &'s Studio<'a>,
    job: &'s AiringJob,
    /// Of the bytes handed to the player: the ones decoded and played; none for a relay.
    sha256: Option<String>,
    /// Its start record, once the first sample is heard.
    airing: Option<AiringId>,
    /// Why it was stopped, when wardcast stopped it (the first reason given).
    stopped_for: Option<Reason>,
    /// What a relay received, once it has ended.
    tally: Option<RelayTally>,
}

impl Attempt<'_, '_> {
    /// Follows the player's events to the end, stopping the airing for shutdown, an
    /// emergency announcement, or the emergency slot that cuts into it.
    async fn follow(
        &mut self,
        mut events: mpsc::UnboundedReceiver<PlayerEvent>,
        shutdown: &mut Shutdown,
    ) -> Result<AiringReport, StationError> {
        let cut_in = self.job.cut_in.clone();
        let cut_in_due = async {
            match &cut_in {
                Some(cut_in) => clock::sleep_until_clock(&cut_in.stop_at()).await,
                None => std::future::pending::<()>().await,
            }
        };
        tokio::pin!(cut_in_due);
        let mut emergencies = self.job.emergencies.clone();
        let announced_emergency = async {
            match emergencies.as_mut() {
                Some(counter) => {
                    let _ = counter.changed().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::pin!(announced_emergency);
        let (mut stop_sent, mut cut_sent) = (false, false);
        loop {
            let event = tokio::select! {
                event = events.recv() => event,
                () = shutdown.requested(), if !stop_sent => {
                    stop_sent = true;
                    self.stop(Reason::Shutdown);
                    continue;
                }
                () = &mut announced_emergency, if !cut_sent => {
                    cut_sent = true;
                    self.stop(Reason::CutInByAnnouncement);
                    continue;
                }
                () = &mut cut_in_due, if !cut_sent && self.airing.is_some() => {
                    cut_sent = true;
                    let title = cut_in.as_ref().map_or_else(String::new, |cut_in| cut_in.title.clone());
                    self.stop(Reason::CutIn { title });
                    continue;
                }
            };
            let Some(event) = event else {
                return Err(StationError::Player(PlayerError::ThreadGone));
            };
            if let (PlayerEvent::Ended { .. }, Some(relay)) = (&event, &self.job.relay) {
                self.tally = Some(relay.close().await);
            }
            if let Some(report) = self.take(event)? {
                return Ok(report);
            }
        }
    }

    fn stop(&mut self, why: Reason) {
        self.studio.player.stop(&why.say(self.studio.lang));
        self.stopped_for.get_or_insert(why);
    }

    /// Why the airing stopped when the player says it was stopped: the reason wardcast gave,
    /// or the player's own shutdown.
    fn stop_reason(&self) -> Reason {
        self.stopped_for.clone().unwrap_or(Reason::Shutdown)
    }

    /// Takes one event from the player; the report once the attempt is over.
    fn take(&mut self, event: PlayerEvent) -> Result<Option<AiringReport>, StationError> {
        match event {
            PlayerEvent::Started { at } => self.started(at)?,
            PlayerEvent::Progress { played, level_dbfs } => self.progressed(played, level_dbfs),
            PlayerEvent::Ended {
                at,
                played,
                how,
                evidence,
            } => return self.ended(at, played, how, &evidence).map(Some),
            PlayerEvent::Failed {
                error: PlayerError::Cancelled { .. },
            } => return Ok(Some(AiringReport::cancelled(self.stop_reason()))),
            PlayerEvent::Failed { error } => {
                let device_failed = matches!(
                    error,
                    PlayerError::NoSuchDevice { .. } | PlayerError::DeviceOpen { .. }
                );
                let why = failure_reason(&error, &self.job.chosen.path);
                return Ok(Some(AiringReport::failed(why, device_failed)));
            }
        }
        Ok(None)
    }

    fn started(&mut self, at: SystemTime) -> Result<(), StationError> {
        let job = self.job;
        let started_at = clock::from_system_time(at, self.studio.timezone);
        let late = (started_at - job.start_at).num_milliseconds();
        tracing::info!(
            programme = %job.programme,
            file = %job.chosen.name,
            late_ms = late,
            "on air"
        );
        let id = lock(self.studio.ledger).record_start(&AiringStart {
            programme: job.programme.as_str(),
            trigger: job.trigger,
            scheduled_at: job.scheduled_at,
            started_at,
            file: &job.chosen.path,
            sha256: self.sha256.as_deref(),
            duration_seconds: job.chosen.probe.duration.as_secs_f64(),
        })?;
        self.airing = Some(id);
        self.studio.board.on_air(Some(OnAirNow {
            airing: id.0,
            programme: job.programme.to_string(),
            trigger: job.trigger,
            what: job.chosen.name.clone(),
            started_at,
            length_seconds: job.chosen.probe.duration.as_secs_f64(),
            played_seconds: 0.0,
            level_dbfs: None,
        }));
        Ok(())
    }

    fn progressed(&self, played: Duration, level_dbfs: Option<f32>) {
        self.studio.board.progress(played.as_secs_f64(), level_dbfs);
        if let Some(airing) = self.airing {
            let on_air = OnAir {
                airing: airing.0,
                played_seconds: played.as_secs_f64(),
                at: timestamp(&self.studio.now()),
            };
            notes::write_heartbeat(&self.studio.heartbeat, &on_air, self.studio.lang);
        }
    }

    fn ended(
        &self,
        at: SystemTime,
        played: Duration,
        how: Ending,
        evidence: &SoundEvidence,
    ) -> Result<AiringReport, StationError> {
        let job = self.job;
        let evidence = &self.with_tally(evidence);
        let (outcome, reason) = match how {
            Ending::Complete if relay_gaps(evidence) => (Outcome::Interrupted, self.relay_loss()),
            Ending::Complete => (Outcome::Aired, job.note.clone()),
            Ending::Stopped(_) => (Outcome::Interrupted, Some(self.stop_reason())),
            Ending::DeviceLost(detail) => {
                (Outcome::Interrupted, Some(Reason::DeviceLost { detail }))
            }
        };
        let words = reason.as_ref().map(|why| why.say(self.studio.lang));
        if let Some(id) = self.airing {
            lock(self.studio.ledger).record_end(&AiringEnd {
                airing: id,
                programme: job.programme.as_str(),
                trigger: job.trigger,
                ended_at: clock::from_system_time(at, self.studio.timezone),
                played_seconds: played.as_secs_f64(),
                outcome,
                reason: reason.as_ref(),
                evidence: Some(evidence),
            })?;
        }
        let _ = std::fs::remove_file(&self.studio.heartbeat);
        self.studio.board.on_air(None);
        tracing::info!(
            programme = %job.programme,
            outcome = outcome.as_str(),
            played_seconds = played.as_secs_f64(),
            reason = words.as_deref().unwrap_or(""),
            "airing ended"
        );
        Ok(AiringReport {
            outcome,
            reason,
            played,
            device_failed: false,
            cancelled: false,
        })
    }
}

impl Attempt<'_, '_> {
    /// The evidence with what the relay received filled in: bytes, and the copy kept.
    fn with_tally(&self, evidence: &SoundEvidence) -> SoundEvidence {
        let mut evidence = evidence.clone();
        if let (Some(relay), Some(tally)) = (evidence.relay.as_mut(), &self.tally) {
            relay.bytes = tally.bytes;
            relay.copy = match &tally.copy {
                Some(Ok(copy)) => Some(copy.path.clone()),
                _ => None,
            };
        }
        evidence
    }

    /// Why a relay had stretches without its source: what the source last did wrong.
    fn relay_loss(&self) -> Option<Reason> {
        let relay = self.job.relay.as_ref()?;
        let source = relay.source.id.as_str();
        Some(relay.problem().map_or_else(
            || Reason::SourceLost {
                source: source.to_string(),
                detail: "no sound in time".to_string(),
            },
            |problem| of_receive_problem(source, &problem),
        ))
    }
}

/// Whether a relay went without its source for part of its time.
fn relay_gaps(evidence: &SoundEvidence) -> bool {
    evidence
        .relay
        .as_ref()
        .is_some_and(|relay| !relay.gaps.is_empty())
}
