//! The recorder: at the times of each `[[recording]]`'s schedule it hears the source for
//! the recording's length and puts what it received in the programme's folder
//! (`recording::Recorder`, fed by a `receive::Reception`), then logs it: whole, partial
//! with its gaps, or failed with why. Recordings may overlap each other and airings; each
//! runs as a task of its own. A recording under way when wardcast started again is made
//! for the time left; recordings a crash cut off are set aside, never taken for finished.

use std::sync::Arc;

use chrono::DateTime;
use chrono_tz::Tz;
use tokio::sync::watch;

use crate::config::{Config, Recording, Source};
use crate::ids::Trigger;
use crate::ledger::{Receipt, Received};
use crate::messages::reason::of_receive_problem;
use crate::messages::recording::RecordingProblem;
use crate::messages::Say;
use crate::reason::Reason;
use crate::receive::Reception;
use crate::recording::{self, file_stem, Finished, RecordError, Recorder};
use crate::sound::ReceivedEvidence;

use super::records::{lock, SharedLedger};
use super::sinks::Shared;
use super::{clock, Shutdown};

/// Runs the recordings of the configuration `configs` holds until shutdown.
pub(super) async fn run(
    mut configs: watch::Receiver<Arc<Config>>,
    ledger: SharedLedger,
    mut shutdown: Shutdown,
) {
    let config = Arc::clone(&configs.borrow_and_update());
    set_aside_leftovers(&config);
    let mut cursor = clock::station_now(config.station.timezone);
    for (recording, slot) in under_way(&config, &cursor) {
        start(&config, &ledger, recording, slot, &shutdown);
    }
    while !shutdown.is_requested() {
        let config = Arc::clone(&configs.borrow_and_update());
        let next = config
            .recordings
            .iter()
            .filter_map(|recording| recording.schedule.next_after(&cursor))
            .min();
        let Some(next) = next else {
            tokio::select! {
                _ = configs.changed() => continue,
                () = shutdown.requested() => return,
            }
        };
        tokio::select! {
            awake = clock::sleep_until_wall(&next, &mut shutdown) => if !awake { return },
            _ = configs.changed() => continue,
        }
        let now = clock::station_now(config.station.timezone);
        for recording in &config.recordings {
            if let Some(slot) = recording
                .schedule
                .next_after(&cursor)
                .filter(|at| *at <= now)
            {
                start(&config, &ledger, recording.clone(), slot, &shutdown);
            }
        }
        cursor = now;
    }
}

/// Recordings whose time has begun and not ended at `now`: made for the time left.
fn under_way(config: &Config, now: &DateTime<Tz>) -> Vec<(Recording, DateTime<Tz>)> {
    config
        .recordings
        .iter()
        .filter_map(|recording| {
            let length = chrono::Duration::from_std(recording.duration).ok()?;
            let slot = recording.schedule.next_after(&(*now - length))?;
            (slot <= *now).then(|| (recording.clone(), slot))
        })
        .collect()
}

/// Recordings a crash cut off, renamed as incomplete beside where they were written.
fn set_aside_leftovers(config: &Config) {
    let Ok(leftovers) = recording::leftovers(&config.data_dir) else {
        return;
    };
    let lang = config.station.lang;
    for leftover in leftovers {
        if let Ok(kept) = leftover.set_aside() {
            let problem = RecordingProblem::Interrupted { kept };
            tracing::warn!(bytes = leftover.bytes, "{}", problem.say(lang));
        }
    }
}

/// Starts the recording of the slot at `slot` as a task of its own, unless it is logged.
fn start(
    config: &Arc<Config>,
    ledger: &SharedLedger,
    recording: Recording,
    slot: DateTime<Tz>,
    shutdown: &Shutdown,
) {
    let logged =
        lock(ledger).recording_logged(recording.into.as_str(), recording.source.as_str(), &slot);
    if logged.unwrap_or(false) {
        return;
    }
    let job = Job {
        config: Arc::clone(config),
        ledger: Arc::clone(ledger),
        recording,
        slot,
    };
    tokio::spawn(job.carry_out(shutdown.clone()));
}

/// One recording: what, of which slot, and where it is logged.
struct Job {
    config: Arc<Config>,
    ledger: SharedLedger,
    recording: Recording,
    slot: DateTime<Tz>,
}

impl Job {
    async fn carry_out(self, mut shutdown: Shutdown) {
        let Some(source) = self.source() else {
            return;
        };
        let Some(programme) = self.config.programme(self.recording.into.as_str()) else {
            return;
        };
        let stem = file_stem(&self.recording.name, self.slot.naive_local());
        let recorder = match Recorder::create(&self.config.data_dir, &programme.folder, &stem) {
            Ok(recorder) => Shared::new(recorder),
            Err(error) => return self.log(&Err(error), false, &source),
        };
        let end =
            self.slot + chrono::Duration::from_std(self.recording.duration).unwrap_or_default();
        tracing::info!(source = %source.id, into = %self.recording.into, until = %end, "recording");
        let reception = Reception::start(&source, Box::new(recorder.clone()));
        let whole_time = clock::sleep_until_wall(&end, &mut shutdown).await;
        let finished = tokio::task::spawn_blocking(move || {
            reception.stop();
            recorder.take().map(Recorder::finish)
        })
        .await;
        if let Ok(Some(finished)) = finished {
            self.log(&finished, whole_time, &source);
        }
    }

    fn source(&self) -> Option<Source> {
        self.config
            .sources
            .iter()
            .find(|source| source.id == self.recording.source)
            .cloned()
    }

    /// Logs how the recording ended, and says it in the daemon's log.
    fn log(&self, finished: &Result<Finished, RecordError>, whole_time: bool, source: &Source) {
        let lang = self.config.station.lang;
        let done = finished.as_ref().ok();
        let why = why_not_whole(finished, whole_time, source);
        let receipt = match (done, &why) {
            (Some(done), None) if done.gaps.is_empty() => Receipt::Complete,
            (Some(_), why) => Receipt::Partial(why.as_ref()),
            (None, Some(why)) => Receipt::Failed(why),
            (None, None) => return,
        };
        match finished {
            Ok(done) => tracing::info!(into = %self.recording.into, "{}", done.note().say(lang)),
            Err(error) => tracing::warn!(into = %self.recording.into, "{}", error.say(lang)),
        }
        let evidence = done.map_or_else(ReceivedEvidence::default, |done| ReceivedEvidence {
            bytes: done.bytes,
            seconds_received: Some(done.seconds),
            gaps: done.gaps.clone(),
            content_type: None,
        });
        let record = Received {
            into: self.recording.into.as_str(),
            trigger: Trigger::Recording,
            source: source.id.as_str(),
            item_key: None,
            scheduled_at: Some(self.slot),
            at: clock::station_now(self.config.station.timezone),
            file: done.map(|done| done.path.as_path()),
            sha256: done.map(|done| done.sha256.as_str()),
            duration_seconds: done.map(|done| done.seconds),
            receipt,
            evidence: &evidence,
        };
        if let Err(error) = lock(&self.ledger).record_received(&record) {
            tracing::error!(%error, "a recording could not be logged");
        }
    }
}

/// Why a recording is not whole: it failed, or wardcast stopped before its end; `None`
/// for one that ran its time (its gaps, if any, say the rest).
fn why_not_whole(
    finished: &Result<Finished, RecordError>,
    whole_time: bool,
    source: &Source,
) -> Option<Reason> {
    match finished {
        Err(RecordError(problem)) => Some(failure(problem, source)),
        Ok(_) if !whole_time => Some(Reason::Shutdown),
        Ok(_) => None,
    }
}

fn failure(problem: &RecordingProblem, source: &Source) -> Reason {
    let cannot_save = |folder: &std::path::Path, detail: &str| Reason::CannotSave {
        folder: folder.display().to_string(),
        detail: detail.to_string(),
    };
    match problem {
        RecordingProblem::NothingReceived { why: Some(why) } => {
            of_receive_problem(source.id.as_str(), why)
        }
        RecordingProblem::NothingReceived { why: None } => Reason::SourceUnreachable {
            source: source.id.to_string(),
        },
        RecordingProblem::CannotStart { folder, reason }
        | RecordingProblem::CannotPlace { folder, reason, .. } => {
            cannot_save(folder, &reason.detail)
        }
        RecordingProblem::WriteFailed { kept, reason } => cannot_save(kept, &reason.detail),
        RecordingProblem::Interrupted { kept } => cannot_save(kept, "interrupted"),
    }
}
