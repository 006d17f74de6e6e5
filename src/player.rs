//! The audio thread and the sound card. One dedicated thread owns the device; it takes
//! airings over a channel, opens the device and decodes the head of the file (or opens the
//! relay's live input) before the slot, and places the first sample at the scheduled instant.
//! It decides nothing about what to air and writes no log: it reports what happened to
//! whoever asked.
//!
//! rodio decodes and converts the audio; the device stream is built with cpal (which rodio
//! re-exports and drives itself) because placing the first sample on an exact instant needs
//! the device's own sample clock and its playback timestamps, which rodio's mixer hides.

use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::library::Rejection;
use crate::messages::player::{PlayerProblem, ERROR_TEXT};
use crate::messages::{Lang, Say};
use crate::sound::SoundEvidence;

mod airing;
mod clock;
mod decode;
mod device;
pub mod live;
mod measure;
mod snapshot;
mod stall;
mod transmit;
pub use device::{devices, DeviceInfo};
pub use live::{live_link, LiveAir, LiveFeed, LiveInput};
pub use snapshot::{Snapshot, SnapshotBytes, MAX_SNAPSHOT};

/// A request to air one file or relay one source.
#[derive(Debug)]
pub struct AirRequest {
    pub source: AirSource,
    /// The wall-clock instant the first sample must be heard.
    pub start_at: SystemTime,
    pub events: tokio::sync::mpsc::UnboundedSender<PlayerEvent>,
}

/// What an airing puts on the card.
#[derive(Debug)]
pub enum AirSource {
    File {
        /// The file's name on disk, for messages and the decoder's hint.
        file: PathBuf,
        snapshot: Snapshot,
    },
    /// A relay of a live source, for an exact length.
    Live(LiveAir),
}

/// What the audio thread reports about an airing, in order: `Started` then `Ended`, or
/// `Failed` alone when no sound went out.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    Started {
        /// When the first sample was heard (by the device's clock).
        at: SystemTime,
    },
    /// Sent every few seconds while on air.
    Progress {
        played: Duration,
        /// The loudest sample since the last report, in dBFS; `None` for silence.
        level_dbfs: Option<f32>,
    },
    Ended {
        at: SystemTime,
        /// The programme's sound the card took: a relay's gaps are not in it.
        played: Duration,
        how: Ending,
        evidence: SoundEvidence,
    },
    Failed {
        error: PlayerError,
    },
}

/// How an airing that started came to an end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The file played to its last sample; the relay reached its end.
    Complete,
    /// Stopped on request (shutdown, or a later cut-in).
    Stopped(String),
    /// The device failed in the middle.
    DeviceLost(String),
}

/// Why an airing could not go out. Its text (`Display`) is [`PlayerError::say`] in the
/// language the daemon's log and the airing log's reasons keep it in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.say(ERROR_TEXT))]
pub enum PlayerError {
    NoSuchDevice {
        device: String,
    },
    DeviceOpen {
        device: String,
        detail: String,
    },
    FileOpen {
        file: PathBuf,
        detail: String,
    },
    TooLarge {
        file: PathBuf,
        bytes: u64,
        limit: u64,
    },
    Decode {
        file: PathBuf,
        detail: String,
    },
    ThreadGone,
    /// Stopped before its first sample (shutdown or a cut-in): nothing went out.
    Cancelled {
        reason: String,
    },
}

fn too_large(bytes: u64, limit: u64) -> Rejection {
    Rejection::TooLargeToAir { bytes, limit }
}

impl PlayerError {
    /// Why the file cannot be aired, as the library tells the officer about files that
    /// will not air.
    pub fn rejection(&self) -> Rejection {
        match self {
            PlayerError::TooLarge { bytes, limit, .. } => too_large(*bytes, *limit),
            PlayerError::FileOpen { detail, .. } => Rejection::Unreadable(detail.clone()),
            other => Rejection::Unreadable(other.to_string()),
        }
    }

    /// The error in the officer's words, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        self.message(lang).say(lang)
    }

    /// The error as a message of the catalogue; `lang` words the library's reason a file is
    /// too large, which the message quotes.
    pub fn message(&self, lang: Lang) -> PlayerProblem {
        match self.clone() {
            PlayerError::NoSuchDevice { device } => PlayerProblem::NoSuchDevice { device },
            PlayerError::DeviceOpen { device, detail } => {
                PlayerProblem::DeviceOpen { device, detail }
            }
            PlayerError::FileOpen { file, detail } => PlayerProblem::FileOpen { file, detail },
            PlayerError::TooLarge { file, bytes, limit } => PlayerProblem::TooLarge {
                file,
                why: too_large(bytes, limit).describe(lang),
            },
            PlayerError::Decode { file, detail } => PlayerProblem::Decode { file, detail },
            PlayerError::ThreadGone => PlayerProblem::ThreadGone,
            PlayerError::Cancelled { reason } => PlayerProblem::Cancelled { reason },
        }
    }
}

enum Command {
    Air(AirRequest, Duration),
    Stop { reason: String },
    Shutdown,
}

/// The handle to the audio thread. Dropping it stops any airing and joins the thread.
pub struct Player {
    commands: mpsc::Sender<Command>,
    thread: Option<JoinHandle<()>>,
    dead_air: Duration,
}

impl Player {
    /// Starts the audio thread for the named device (`"default"` or a name from `devices()`).
    /// The device itself is opened only for each airing.
    /// Silence longer than `dead_air` inside an airing is reported in its evidence.
    pub fn start(device: &str, dead_air: Duration) -> Result<Player, PlayerError> {
        let (commands, receiver) = mpsc::channel();
        let device = device.to_string();
        let thread = std::thread::Builder::new()
            .name("wardcast-audio".into())
            .spawn(move || audio_thread(&device, &receiver))
            .map_err(|_| PlayerError::ThreadGone)?;
        Ok(Player {
            commands,
            thread: Some(thread),
            dead_air,
        })
    }

    /// Hands an airing to the audio thread; progress arrives on `request.events`.
    pub fn air(&self, request: AirRequest) -> Result<(), PlayerError> {
        self.commands
            .send(Command::Air(request, self.dead_air))
            .map_err(|_| PlayerError::ThreadGone)
    }

    /// Cuts the airing on air now (if any); it ends with `Ending::Stopped(reason)`.
    pub fn stop(&self, reason: &str) {
        let _ = self.commands.send(Command::Stop {
            reason: reason.to_string(),
        });
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn audio_thread(device_name: &str, commands: &mpsc::Receiver<Command>) {
    // Blocks on the channel while idle: no timer, no polling.
    while let Ok(command) = commands.recv() {
        match command {
            Command::Air(request, dead_air) => {
                if airing::air(device_name, request, dead_air, commands) == AfterAiring::Shutdown {
                    return;
                }
            }
            Command::Stop { .. } => {}
            Command::Shutdown => return,
        }
    }
}

/// Whether the audio thread goes on after an airing.
#[derive(Debug, PartialEq, Eq)]
enum AfterAiring {
    Continue,
    Shutdown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_reads_as_it_always_has_and_is_said_in_vietnamese_too() {
        let missing = PlayerError::NoSuchDevice {
            device: "hw:9".into(),
        };
        assert_eq!(
            missing.to_string(),
            "no sound card called \"hw:9\" was found; run `wardcast devices` to see the ones \
             wardcast can use, and set [output] device in the configuration to one of them"
        );
        assert!(missing
            .say(Lang::Vi)
            .starts_with("không tìm thấy card âm thanh tên \"hw:9\""));
        let large = PlayerError::TooLarge {
            file: PathBuf::from("/audio/news/long.wav"),
            bytes: 1_500_000_000,
            limit: 1 << 30,
        };
        let rejection = large.rejection();
        assert_eq!(
            large.to_string(),
            format!(
                "cannot air /audio/news/long.wav: {}",
                rejection.describe(Lang::En)
            )
        );
        assert_eq!(
            large.say(Lang::Vi),
            format!(
                "không phát được /audio/news/long.wav: {}",
                rejection.describe(Lang::Vi)
            )
        );
        let cancelled = PlayerError::Cancelled {
            reason: "shutdown".into(),
        };
        assert_eq!(
            cancelled.to_string(),
            "stopped before it started (shutdown)"
        );
    }
}
