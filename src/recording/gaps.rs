//! The stretches of a recording that had nothing from its source: opened when the source
//! is lost, closed when it is heard again (or when the recording ends). Times are counted
//! from the recording's start, on the clock of the schedule, so a gap says when in the
//! slot the source was missing. Pure.

use std::time::Duration;

use crate::sound::{Gap, GapCause};

/// The gaps of one recording so far.
#[derive(Debug, Default)]
pub(super) struct Timeline {
    /// A gap not closed yet: where it began and why.
    open: Option<(Duration, GapCause)>,
    gaps: Vec<Gap>,
}

impl Timeline {
    /// The source was lost `at` into the recording. A loss while a gap is open (another
    /// try that failed) belongs to that gap, which keeps its first cause.
    pub(super) fn lost(&mut self, at: Duration, cause: GapCause) {
        if self.open.is_none() {
            self.open = Some((at, cause));
        }
    }

    /// The source was heard again `at` into the recording.
    pub(super) fn resumed(&mut self, at: Duration) {
        if let Some((from, cause)) = self.open.take() {
            self.gaps.push(Gap {
                offset_seconds: from.as_secs_f64(),
                length_seconds: at.saturating_sub(from).as_secs_f64(),
                cause,
            });
        }
    }

    /// Every gap, the open one ending at `end` (the end of the recording).
    pub(super) fn close(mut self, end: Duration) -> Vec<Gap> {
        self.resumed(end);
        self.gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    #[test]
    fn a_loss_is_a_gap_until_the_source_is_heard_again() {
        let mut timeline = Timeline::default();
        timeline.resumed(secs(1));
        timeline.lost(secs(10), GapCause::Reconnect);
        timeline.lost(secs(12), GapCause::Unreachable);
        timeline.resumed(secs(15));
        timeline.resumed(secs(16));
        timeline.lost(secs(30), GapCause::Stall);
        let gaps = timeline.close(secs(40));
        assert_eq!(
            gaps,
            vec![
                Gap {
                    offset_seconds: 10.0,
                    length_seconds: 5.0,
                    cause: GapCause::Reconnect
                },
                Gap {
                    offset_seconds: 30.0,
                    length_seconds: 10.0,
                    cause: GapCause::Stall
                },
            ]
        );
    }

    #[test]
    fn a_recording_heard_throughout_has_no_gap() {
        let mut timeline = Timeline::default();
        timeline.resumed(secs(0));
        timeline.resumed(secs(5));
        assert!(timeline.close(secs(60)).is_empty());
    }
}
