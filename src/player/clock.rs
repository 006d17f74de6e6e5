//! The two clocks an airing is timed by, and the state the device callback shares with the
//! audio thread.

use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::Mutex;
use std::time::{Instant, SystemTime};

use rodio::cpal;

/// Converts between the wall clock the schedule speaks and the monotonic clock the audio
/// thread times with, from one reading of both.
#[derive(Clone, Copy)]
pub(super) struct Clocks {
    pub(super) instant: Instant,
    pub(super) wall: SystemTime,
}

impl Clocks {
    pub(super) fn now() -> Clocks {
        Clocks {
            instant: Instant::now(),
            wall: SystemTime::now(),
        }
    }

    pub(super) fn instant_of(&self, wall: SystemTime) -> Instant {
        match wall.duration_since(self.wall) {
            Ok(ahead) => self.instant + ahead,
            Err(behind) => self
                .instant
                .checked_sub(behind.duration())
                .unwrap_or(self.instant),
        }
    }

    pub(super) fn wall_of(&self, instant: Instant) -> SystemTime {
        if instant >= self.instant {
            self.wall + (instant - self.instant)
        } else {
            self.wall - (self.instant - instant)
        }
    }
}

/// State shared between the device callback and the audio thread.
pub(super) struct Progress {
    /// Nanoseconds from `Clocks::instant` to when frame 0 of the stream is heard; 0 until
    /// the first callback has run.
    pub(super) anchor_nanos: AtomicU64,
    pub(super) anchored: AtomicBool,
    pub(super) start_frame: AtomicU64,
    /// The frame after the file's last one; `u64::MAX` while the file still plays.
    pub(super) end_frame: AtomicU64,
    /// Frames of the file handed to the card so far.
    pub(super) programme_frames: AtomicU64,
    pub(super) stop: AtomicBool,
    pub(super) device_error: Mutex<Option<String>>,
}

impl Progress {
    pub(super) fn new() -> Progress {
        Progress {
            anchor_nanos: AtomicU64::new(0),
            anchored: AtomicBool::new(false),
            start_frame: AtomicU64::new(0),
            end_frame: AtomicU64::new(u64::MAX),
            programme_frames: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            device_error: Mutex::new(None),
        }
    }

    /// Takes an error the stream reports. An underrun (xrun) is not a failure: the card went
    /// without for a moment and cpal has already restarted it; the airing goes on, and the
    /// gap shows in the frame clock as a stall. Anything else ends the airing.
    pub(super) fn device_failed(&self, error: &cpal::Error) {
        if error.kind() == cpal::ErrorKind::Xrun {
            return;
        }
        if let Ok(mut slot) = self.device_error.lock() {
            slot.get_or_insert_with(|| error.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_underrun_does_not_end_the_airing_and_a_lost_device_does() {
        let progress = Progress::new();
        progress.device_failed(&cpal::Error::new(cpal::ErrorKind::Xrun));
        assert_eq!(*progress.device_error.lock().expect("lock"), None);
        progress.device_failed(&cpal::Error::with_message(
            cpal::ErrorKind::DeviceNotAvailable,
            "the device was unplugged",
        ));
        progress.device_failed(&cpal::Error::new(cpal::ErrorKind::Xrun));
        assert_eq!(
            progress.device_error.lock().expect("lock").as_deref(),
            Some("the device was unplugged")
        );
    }
}
