//! The station's small notes in the data folder, kept so that after a crash or a power cut
//! the next run can tell what happened: how far the airing on air got (the on-air note) and
//! when wardcast was last alive and up to when every slot was in the log (the alive note).

use std::path::{Path, PathBuf};

use chrono::DateTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::ledger::timestamp;
use crate::messages::station::Note;
use crate::messages::{Lang, Say};

/// How far the airing on air has got, rewritten every few seconds, so that after a crash
/// or a power cut the log can say how much went out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnAir {
    pub airing: i64,
    pub played_seconds: f64,
    pub at: String,
}

/// Where the on-air note lives: beside the log.
pub fn heartbeat_path(config: &Config) -> PathBuf {
    config.data_dir.join("on-air.json")
}

pub fn write_heartbeat(path: &Path, on_air: &OnAir, lang: Lang) {
    write_note(path, on_air, Note::OnAirNoteUnwritten, lang);
}

/// The on-air note a stopped run left, if it can be read.
pub fn read_heartbeat(path: &Path) -> Option<OnAir> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// When wardcast was last known to be running, rewritten while it runs, so that after a
/// stop the slots it could not play are accounted for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Alive {
    at: String,
    /// Every slot up to here is in the log; later ones may have been pending.
    accounted_until: String,
    /// The earliest slot whose record still waited in memory (the log could not be
    /// written): if wardcast stops now, slots from here on may have aired unrecorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unrecorded_from: Option<String>,
}

pub fn alive_path(config: &Config) -> PathBuf {
    config.data_dir.join("alive.json")
}

/// Notes that wardcast is alive at `now`, with every slot up to `accounted_until` in the
/// log and records from `unrecorded_from` on waiting in memory.
pub fn write_alive(
    path: &Path,
    now: &DateTime<Tz>,
    accounted_until: &DateTime<Tz>,
    unrecorded_from: Option<&DateTime<Tz>>,
    lang: Lang,
) {
    let alive = Alive {
        at: timestamp(now),
        accounted_until: timestamp(accounted_until),
        unrecorded_from: unrecorded_from.map(timestamp),
    };
    write_note(path, &alive, Note::AliveNoteUnwritten, lang);
}

/// What the notes in the data folder say of the last run: when it was last alive, and up to
/// when every slot was in the log.
#[derive(Debug, Clone, PartialEq)]
pub struct LastRun {
    pub alive: DateTime<Tz>,
    pub accounted_until: DateTime<Tz>,
    pub unrecorded_from: Option<DateTime<Tz>>,
}

/// The last run as its notes tell it; `None` when there was none (or no note to say).
pub fn last_run(config: &Config, timezone: Tz) -> Option<LastRun> {
    let read = |path: PathBuf, field: &str| -> Option<DateTime<Tz>> {
        let text = std::fs::read_to_string(path).ok()?;
        let value: serde_json::Value = serde_json::from_str(&text).ok()?;
        let at = DateTime::parse_from_rfc3339(value.get(field)?.as_str()?).ok()?;
        Some(at.with_timezone(&timezone))
    };
    let accounted_until = read(alive_path(config), "accounted_until")?;
    let alive = [
        read(alive_path(config), "at"),
        read(heartbeat_path(config), "at"),
    ]
    .into_iter()
    .flatten()
    .max()?;
    Some(LastRun {
        alive,
        accounted_until,
        unrecorded_from: read(alive_path(config), "unrecorded_from"),
    })
}

/// The size every note is written at.
const NOTE_SIZE: usize = 512;

/// Writes one of the daemon's small notes in the data folder: aside, synced, then renamed,
/// so a power cut leaves the old note or the new one, never half of one. `unwritten` is
/// what the log says when it cannot be written.
fn write_note(path: &Path, note: &impl Serialize, unwritten: Note, lang: Lang) {
    let Ok(mut text) = serde_json::to_string(note) else {
        return;
    };
    // Always the same size (JSON allows the trailing spaces), so that on a full disk a new
    // note can still be written over the old one's blocks, whatever it holds.
    if text.len() < NOTE_SIZE {
        text.push_str(&" ".repeat(NOTE_SIZE - 1 - text.len()));
        text.push('\n');
    }
    let partial = path.with_extension("json.partial");
    let written = std::fs::File::create(&partial).and_then(|mut file| {
        use std::io::Write;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if written
        .and_then(|()| std::fs::rename(&partial, path))
        .is_ok()
    {
        return;
    }
    let _ = std::fs::remove_file(&partial);
    // A full disk has no room for a new file, but the old note's own blocks can be written
    // over: the note stays true, so a restart does not blame downtime that did not happen.
    if overwrite_in_place(path, &text).is_err() {
        tracing::warn!(file = %path.display(), "{}", unwritten.say(lang));
    }
}

/// Writes `text` over the start of an existing file, padded with spaces to the file's
/// length (JSON allows trailing white space), without asking for any new block.
fn overwrite_in_place(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::{Seek, Write};
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    let length = usize::try_from(file.metadata()?.len()).unwrap_or(0);
    if text.len() > length {
        return Err(std::io::Error::other("the note grew"));
    }
    let mut padded = text.as_bytes().to_vec();
    padded.resize(length, b' ');
    file.seek(std::io::SeekFrom::Start(0))?;
    file.write_all(&padded)?;
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_written_at_its_fixed_size_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("on-air.json");
        let note = OnAir {
            airing: 7,
            played_seconds: 12.5,
            at: "2026-12-07T06:30:12.500+07:00".into(),
        };
        write_heartbeat(&path, &note, Lang::En);
        assert_eq!(
            std::fs::metadata(&path).expect("note").len(),
            NOTE_SIZE as u64
        );
        assert_eq!(read_heartbeat(&path), Some(note));
        assert!(!path.with_extension("json.partial").exists());
    }

    #[test]
    fn a_note_can_be_written_over_its_own_blocks() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("on-air.json");
        std::fs::write(&path, " ".repeat(NOTE_SIZE)).expect("old note");
        overwrite_in_place(&path, "{\"airing\":1}").expect("written over");
        let text = std::fs::read_to_string(&path).expect("note");
        assert_eq!(text.len(), NOTE_SIZE);
        assert_eq!(text.trim_end(), "{\"airing\":1}");
        assert!(overwrite_in_place(&path, &"x".repeat(NOTE_SIZE + 1)).is_err());
    }
}
