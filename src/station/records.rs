//! The airing log as the station's tasks share it: opened and set up for the run, taken one
//! call at a time, and the records that could not be written tried again in the background.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::config::Config;
use crate::ids::Trigger;
use crate::ledger::{Ledger, NotAired, Outcome};
use crate::messages::station::Note;
use crate::messages::{Lang, Say};
use crate::reason::Reason;
use crate::schedule::Slot;

use super::{clock, Shutdown, StationError};

/// The airing log, shared by the tasks that write it (the airings, the background flush)
/// and read it (the library keeper's picks). SQLite calls are short and never await, so a
/// mutex taken for one call at a time is enough.
pub type SharedLedger = Arc<Mutex<Ledger>>;

/// How often records that could not be written are tried again.
const FLUSH_EVERY: Duration = Duration::from_secs(5);

/// Takes the log for one call. A poisoned lock still guards a usable log (SQLite keeps its
/// own consistency), so it is taken over rather than turned into a panic.
pub fn lock(ledger: &SharedLedger) -> MutexGuard<'_, Ledger> {
    ledger
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Opens the log for the run, sets it up (`prepare_ledger`) and shares it.
pub fn open(config: &Config) -> Result<SharedLedger, StationError> {
    let mut ledger = Ledger::open(&config.ledger_path())?;
    prepare_ledger(&mut ledger, config);
    Ok(Arc::new(Mutex::new(ledger)))
}

/// Sets the log up for the run: its language, the spare disk, records a stopped wardcast left waiting,
/// the witness brought up to date. None of it may keep the station off air: a full disk or
/// an unplugged spare disk is said in the daemon's log and the run goes on.
pub fn prepare_ledger(ledger: &mut Ledger, config: &Config) {
    let lang = config.station.lang;
    ledger.set_lang(lang);
    if let Some(spare) = &config.spare_dir {
        let used = ledger
            .use_spare(spare)
            .and_then(|()| ledger.recover_waiting(config.station.timezone));
        if let Err(error) = used {
            tracing::error!(folder = %spare.display(), %error, "{}", Note::SpareUnusable.say(lang));
        }
    }
    if let Err(error) = ledger.check_witness() {
        tracing::error!(%error, "{}", Note::WitnessBehind.say(lang));
    }
}

/// Writes records that wait in memory (the disk was full) as soon as the log takes them.
pub async fn flush_waiting(ledger: SharedLedger, mut shutdown: Shutdown) {
    let mut every = tokio::time::interval(FLUSH_EVERY);
    loop {
        tokio::select! {
            _ = every.tick() => {
                lock(&ledger).flush();
            }
            () = shutdown.requested() => return,
        }
    }
}

/// Whether the log already accounts for a slot (aired, missed, failed or interrupted).
/// A log that cannot be read (replaced by something that is not one) must not stop the
/// station: the slot is taken as not yet logged, and the problem said.
pub fn in_log(ledger: &SharedLedger, slot: &Slot, lang: Lang) -> bool {
    match lock(ledger).last_slot_ms(slot.programme.as_str()) {
        Ok(last) => last.is_some_and(|last| slot.at.timestamp_millis() <= last),
        Err(error) => {
            tracing::error!(%error, "{}", Note::LogUnreadable.say(lang));
            false
        }
    }
}

/// Logs a slot as missed, for `reason`.
pub fn record_missed(
    ledger: &SharedLedger,
    slot: &Slot,
    reason: &Reason,
    timezone: Tz,
    lang: Lang,
) -> Result<(), StationError> {
    tracing::warn!(programme = %slot.programme, slot = %slot.at, reason = %reason.say(lang), "missed");
    lock(ledger).record_not_aired(&NotAired {
        programme: slot.programme.as_str(),
        trigger: Trigger::Schedule,
        scheduled_at: Some(slot.at),
        recorded_at: clock::station_now(timezone),
        file: None,
        outcome: Outcome::Missed,
        reason,
    })?;
    Ok(())
}

/// The instant the log's milliseconds stand for, on the station's clock.
pub fn from_millis(millis: i64, timezone: Tz) -> Option<DateTime<Tz>> {
    DateTime::<chrono::Utc>::from_timestamp_millis(millis).map(|at| at.with_timezone(&timezone))
}
