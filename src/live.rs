//! What the station is doing right now, for whoever watches it live (the web console): the
//! airing on air with how far it has got and how loud it is, and a count that goes up at
//! every change worth showing (an airing started or ended, a file ready or rejected, a
//! record written). The station writes it; readers only watch, so a slow page never holds
//! up an airing.

use std::sync::Arc;

use chrono::DateTime;
use chrono_tz::Tz;
use tokio::sync::watch;

use crate::ids::Trigger;

/// The airing on air.
#[derive(Debug, Clone, PartialEq)]
pub struct OnAirNow {
    /// The airing's number in the log.
    pub airing: i64,
    pub programme: String,
    pub trigger: Trigger,
    /// The file's name, or the source's address for a relay.
    pub what: String,
    pub started_at: DateTime<Tz>,
    /// Its length, in seconds.
    pub length_seconds: f64,
    /// How much has gone out, in seconds.
    pub played_seconds: f64,
    /// The loudest sample of the last moments, in dBFS; `None` before the first report.
    pub level_dbfs: Option<f32>,
}

/// The station as it is now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Now {
    pub on_air: Option<Arc<OnAirNow>>,
    /// Goes up at every change a page should show again.
    pub changes: u64,
}

/// The writing end: held by the station.
#[derive(Clone)]
pub struct Board(Arc<watch::Sender<Now>>);

impl Default for Board {
    fn default() -> Board {
        Board::new()
    }
}

impl Board {
    pub fn new() -> Board {
        Board(Arc::new(watch::channel(Now::default()).0))
    }

    /// A reader of the board, to watch.
    pub fn watch(&self) -> watch::Receiver<Now> {
        self.0.subscribe()
    }

    /// An airing went on air (`Some`) or off (`None`); a change either way.
    pub fn on_air(&self, on_air: Option<OnAirNow>) {
        self.0.send_modify(|now| {
            now.on_air = on_air.map(Arc::new);
            now.changes += 1;
        });
    }

    /// How far the airing on air has got, and how loud it was.
    pub fn progress(&self, played_seconds: f64, level_dbfs: Option<f32>) {
        self.0.send_if_modified(|now| {
            let Some(on_air) = &mut now.on_air else {
                return false;
            };
            let on_air = Arc::make_mut(on_air);
            on_air.played_seconds = played_seconds;
            on_air.level_dbfs = level_dbfs.or(on_air.level_dbfs);
            true
        });
    }

    /// Something a page shows changed (a file, a record).
    pub fn changed(&self) {
        self.0.send_modify(|now| now.changes += 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn progress_without_an_airing_on_air_wakes_nobody() {
        let board = Board::new();
        let mut watcher = board.watch();
        watcher.mark_unchanged();
        board.progress(3.0, Some(-12.0));
        assert!(!watcher.has_changed().expect("open"));
        let started_at = chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(2026, 12, 7, 6, 30, 0)
            .single()
            .expect("valid");
        board.on_air(Some(OnAirNow {
            airing: 7,
            programme: "cchc-monthly".into(),
            trigger: Trigger::Schedule,
            what: "2026-12 CCHC.mp3".into(),
            started_at,
            length_seconds: 720.0,
            played_seconds: 0.0,
            level_dbfs: None,
        }));
        board.progress(3.0, Some(-12.0));
        assert!(watcher.has_changed().expect("open"));
        let now = watcher.borrow_and_update().clone();
        let on_air = now.on_air.expect("on air");
        assert_eq!(
            (on_air.played_seconds, on_air.level_dbfs),
            (3.0, Some(-12.0))
        );
        assert_eq!(now.changes, 1);
    }
}
