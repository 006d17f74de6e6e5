//! How long a reception waits before connecting again after a failure: short at first,
//! because a live relay wants its sound back fast, then doubling up to a cap, so a source
//! that stays down is asked about every few seconds and not hammered. Pure: it counts
//! failures and says the pause.

use std::time::Duration;

/// The pause after the first failure.
pub const FIRST_PAUSE: Duration = Duration::from_millis(500);
/// The longest pause: a source that comes back is heard again at most this late. A relay
/// on air fills the wait with silence, so it is kept short; one request every few seconds
/// is still nothing to a server.
pub const PAUSE_CAP: Duration = Duration::from_secs(4);
/// A connection that lasted this long was healthy: the next failure starts the schedule
/// again from the shortest pause. A shorter one (a server that accepts and drops at once)
/// keeps the pauses growing.
pub const HEALTHY: Duration = Duration::from_secs(10);

/// The pause before the next attempt after `failures` failures in a row (1 for the first).
pub fn pause(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_PAUSE.saturating_mul(1 << doublings).min(PAUSE_CAP)
}

/// The failures in a row of one reception.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backoff {
    failures: u32,
}

impl Backoff {
    /// Notes the end of an attempt that was connected for `connected_for` (`None`: it never
    /// connected) and says how long to wait before the next.
    pub fn after_attempt(&mut self, connected_for: Option<Duration>) -> Duration {
        if connected_for.is_some_and(|length| length >= HEALTHY) {
            self.failures = 0;
        }
        self.failures = self.failures.saturating_add(1);
        pause(self.failures)
    }

    /// Failures in a row so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_start_short_and_double_up_to_the_cap() {
        let pauses: Vec<f64> = (1..=8).map(|n| pause(n).as_secs_f64()).collect();
        assert_eq!(pauses, [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0]);
        assert_eq!(pause(u32::MAX), PAUSE_CAP);
        assert_eq!(pause(0), FIRST_PAUSE);
    }

    #[test]
    fn a_healthy_connection_starts_the_schedule_again() {
        let mut backoff = Backoff::default();
        assert_eq!(backoff.after_attempt(None), FIRST_PAUSE);
        assert_eq!(backoff.after_attempt(None), Duration::from_secs(1));
        assert_eq!(
            backoff.after_attempt(Some(Duration::from_secs(600))),
            FIRST_PAUSE
        );
        assert_eq!(backoff.failures(), 1);
    }

    #[test]
    fn a_server_that_drops_at_once_keeps_the_pauses_growing() {
        let mut backoff = Backoff::default();
        let pauses: Vec<Duration> = (0..4)
            .map(|_| backoff.after_attempt(Some(Duration::from_millis(200))))
            .collect();
        assert_eq!(pauses[3], Duration::from_secs(4));
    }
}
