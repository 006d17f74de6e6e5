//! The file for a slot's airing, read whole and checked against what the library probed:
//! picked by the library keeper, waited for while it is still being copied or probed (as
//! `plan::waits_for_file` decides), and the slot logged as missed when nothing fits.

use std::path::PathBuf;
use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::config::Config;
use crate::library::{Chosen, NoFile, Rejection};
use crate::messages::reason::in_both;
use crate::messages::station::Note;
use crate::messages::Say;
use crate::plan;
use crate::player::Snapshot;
use crate::reason::Reason;
use crate::schedule::Slot;

use super::files::read_snapshot;
use super::keeper::Keeper;
use super::records::{self, SharedLedger};
use super::{clock, StationError};

/// How many times a pick is made again because the file changed under it.
const CHANGES_TOLERATED: u32 = 3;

/// Why a slot has no file to air.
enum NoPick {
    NoFile(NoFile),
    KeptChanging,
}

/// Picks the file for an airing due at `start_at`; a file still being copied is given until
/// a second before the start. Logs the slot as missed and gives `None` when nothing fits.
pub async fn pick_for_airing(
    config: &Config,
    keeper: &Keeper,
    ledger: &SharedLedger,
    slot: &Slot,
    start_at: &DateTime<Tz>,
) -> Result<Option<(Chosen, Snapshot)>, StationError> {
    let (timezone, lang) = (config.station.timezone, config.station.lang);
    let folder = slot
        .programme_in(&config.programmes)
        .map(|programme| programme.folder.clone());
    // Files that are complete but not yet looked at (just found by a scan) are probed now
    // rather than reported as still being copied.
    keeper.probe_due().await;
    let mut picked = pick_verified(keeper, slot, config).await?;
    while let Err(NoPick::NoFile(no_file)) = &picked {
        let probing = match &folder {
            Some(folder) => keeper.probing_in(folder.clone()).await,
            None => false,
        };
        if !plan::waits_for_file(no_file, &clock::station_now(timezone), start_at, probing) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        keeper.probe_due().await;
        picked = pick_verified(keeper, slot, config).await?;
    }
    let why = match picked {
        Ok(chosen) => return Ok(Some(chosen)),
        Err(NoPick::KeptChanging) => Reason::FilesKeptChanging,
        Err(NoPick::NoFile(no_file)) => Reason::NoFile {
            folder: slot
                .programme_in(&config.programmes)
                .map(|programme| programme.folder_name.clone())
                .unwrap_or_default(),
            words: in_both(|lang| no_file.describe(lang)),
        },
    };
    records::record_missed(ledger, slot, &why, timezone, lang)?;
    Ok(None)
}

/// Picks the file for a slot and reads it whole for the airing. The bytes read must be the
/// ones the library probed and hashed: a file replaced or rewritten since is probed again
/// and the pick made again, so what airs is always a file that was checked, and the log
/// names the bytes that were played. A file that cannot be read for airing (too large to
/// hold in memory, gone unreadable) is left out of this slot's pick, so another file in the
/// folder airs instead; with none left, the slot's reason names it.
async fn pick_verified(
    keeper: &Keeper,
    slot: &Slot,
    config: &Config,
) -> Result<Result<(Chosen, Snapshot), NoPick>, StationError> {
    let lang = config.station.lang;
    let mut refused: Vec<(PathBuf, String, Rejection)> = Vec::new();
    let mut changes = 0;
    while changes < CHANGES_TOLERATED {
        let excluded = refused.iter().map(|(path, ..)| path.clone()).collect();
        let chosen = match keeper.pick(slot, excluded).await? {
            Ok(chosen) => chosen,
            Err(no_file) => {
                let named: Vec<(String, Rejection)> = refused
                    .into_iter()
                    .map(|(_, name, rejection)| (name, rejection))
                    .collect();
                return Ok(Err(NoPick::NoFile(plan::with_refused(no_file, &named))));
            }
        };
        match read_snapshot(&chosen.path).await {
            Ok(snapshot) if snapshot.sha256 == chosen.sha256 => return Ok(Ok((chosen, snapshot))),
            Ok(_) => {
                tracing::warn!(file = %chosen.path.display(), "{}", Note::FileChanged.say(lang));
                changes += 1;
                keeper.recheck(chosen.path.clone()).await;
                keeper.probe_due().await;
            }
            Err(error) => {
                let rejection = error.rejection();
                tracing::warn!(file = %chosen.path.display(), reason = %rejection.describe(lang), "{}", Note::FileLeftOut.say(lang));
                refused.push((chosen.path, chosen.name, rejection));
            }
        }
    }
    Ok(Err(NoPick::KeptChanging))
}
