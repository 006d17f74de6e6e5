//! The station's clock: the wall-clock time in the station's time zone, the player's
//! instants in it, and sleeps that notice a corrected clock.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Shutdown;

/// The longest the daemon sleeps without looking at the clock again, so a corrected clock
/// is noticed within a minute.
const LONGEST_SLEEP: Duration = Duration::from_secs(60);

/// The current time in the station time zone.
pub fn station_now(timezone: Tz) -> DateTime<Tz> {
    Utc::now().with_timezone(&timezone)
}

/// An instant of the station's clock as the player takes it.
pub fn to_system_time(at: &DateTime<Tz>) -> SystemTime {
    let millis = at.timestamp_millis();
    if millis >= 0 {
        SystemTime::UNIX_EPOCH + Duration::from_millis(millis as u64)
    } else {
        SystemTime::UNIX_EPOCH - Duration::from_millis(millis.unsigned_abs())
    }
}

/// An instant the player reported, on the station's clock.
pub fn from_system_time(at: SystemTime, timezone: Tz) -> DateTime<Tz> {
    DateTime::<Utc>::from(at).with_timezone(&timezone)
}

/// Sleeps until the wall clock reads `at`, looking at the clock again at least once a
/// minute so a corrected clock is noticed.
pub async fn sleep_until_clock(at: &DateTime<Tz>) {
    loop {
        let remaining = (at.with_timezone(&Utc) - Utc::now())
            .to_std()
            .unwrap_or_default();
        if remaining.is_zero() {
            return;
        }
        tokio::time::sleep(remaining.min(LONGEST_SLEEP)).await;
    }
}

/// Sleeps until the wall clock reads `at`, or shutdown. Returns false on shutdown.
pub async fn sleep_until_wall(at: &DateTime<Tz>, shutdown: &mut Shutdown) -> bool {
    if shutdown.is_requested() {
        return false;
    }
    tokio::select! {
        () = sleep_until_clock(at) => true,
        () = shutdown.requested() => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_player_s_instants_are_the_station_s_to_the_millisecond() {
        let zone = chrono_tz::Asia::Ho_Chi_Minh;
        let at = zone
            .with_ymd_and_hms(2026, 12, 7, 6, 30, 0)
            .single()
            .expect("valid")
            + chrono::Duration::milliseconds(250);
        assert_eq!(from_system_time(to_system_time(&at), zone), at);
        let before_1970 = zone
            .with_ymd_and_hms(1969, 12, 31, 6, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(
            from_system_time(to_system_time(&before_1970), zone),
            before_1970
        );
    }
}
