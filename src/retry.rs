//! How long an airing keeps trying a sound card that cannot be opened: until a deadline
//! that depends on what is airing, with pauses that double up to a cap. Pure: it is given
//! the time and says when to try again, if at all.

use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;

/// The first pause between attempts to open a failed sound card; it doubles up to the cap.
pub const FIRST_PAUSE: Duration = Duration::from_secs(1);
pub const PAUSE_CAP: Duration = Duration::from_secs(30);

/// How long an announcement keeps trying the sound card after it was due.
pub const ANNOUNCEMENT_PATIENCE: Duration = Duration::from_secs(60);

/// The deadline of a slot's airing: as long as the programme lets a slot wait.
pub fn slot_deadline(slot_at: &DateTime<Tz>, max_delay: Duration) -> DateTime<Tz> {
    *slot_at + chrono::Duration::from_std(max_delay).unwrap_or_default()
}

/// The deadline of an announcement due at `now`.
pub fn announcement_deadline(now: &DateTime<Tz>) -> DateTime<Tz> {
    *now + chrono::Duration::from_std(ANNOUNCEMENT_PATIENCE).unwrap_or_default()
}

/// The attempts at one airing, and the pause before the next.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceRetry {
    until: Option<DateTime<Tz>>,
    pause: Duration,
    attempts: u32,
}

impl DeviceRetry {
    /// Attempts that may go on until `until`; with none, the first attempt is the only one.
    pub fn until(until: Option<DateTime<Tz>>) -> DeviceRetry {
        DeviceRetry {
            until,
            pause: FIRST_PAUSE,
            attempts: 0,
        }
    }

    /// Counts an attempt about to be made.
    pub fn attempt(&mut self) {
        self.attempts += 1;
    }

    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// After an attempt failed at `now` because the sound card could not be used: the pause
    /// before the next, when one can still start before the deadline. The pause after that
    /// one is twice as long, up to the cap.
    pub fn pause_after_failure(&mut self, now: &DateTime<Tz>) -> Option<Duration> {
        let next_at = *now + chrono::Duration::from_std(self.pause).unwrap_or_default();
        let before_deadline = self.until.is_some_and(|until| next_at < until);
        if !before_deadline {
            return None;
        }
        let pause = self.pause;
        self.pause = (self.pause * 2).min(PAUSE_CAP);
        Some(pause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Tz> {
        chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(2026, 12, 7, 6, 0, 0)
            .single()
            .expect("valid")
            + chrono::Duration::seconds(seconds)
    }

    #[test]
    fn pauses_double_up_to_the_cap_while_the_deadline_allows() {
        let mut retry = DeviceRetry::until(Some(at(600)));
        let mut now = at(0);
        let mut pauses = Vec::new();
        while let Some(pause) = retry.pause_after_failure(&now) {
            pauses.push(pause.as_secs());
            now += chrono::Duration::from_std(pause).expect("pause");
        }
        assert_eq!(&pauses[..7], [1, 2, 4, 8, 16, 30, 30]);
        let waited: u64 = pauses.iter().sum();
        assert!(waited < 600 && waited + 30 >= 600, "waited {waited} s");
    }

    #[test]
    fn no_attempt_is_begun_that_would_start_after_the_deadline() {
        let mut retry = DeviceRetry::until(Some(at(10)));
        assert_eq!(retry.pause_after_failure(&at(8)), Some(FIRST_PAUSE));
        // The next pause is 2 s: 8 + 2 is not before 10.
        assert_eq!(retry.pause_after_failure(&at(8)), None);
        let mut without = DeviceRetry::until(None);
        assert_eq!(without.pause_after_failure(&at(0)), None);
    }

    #[test]
    fn attempts_are_counted() {
        let mut retry = DeviceRetry::until(None);
        retry.attempt();
        retry.attempt();
        assert_eq!(retry.attempts(), 2);
    }

    #[test]
    fn deadlines_by_what_airs() {
        assert_eq!(slot_deadline(&at(0), Duration::from_secs(600)), at(600));
        assert_eq!(announcement_deadline(&at(5)), at(65));
    }
}
