//! Values typed on the command line (`--count`, `--from`, `--to`), read in the station's
//! time zone and checked against their documented limits, with messages in the officer's
//! language. clap only hands these over as text: its own messages would be in English.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::messages::{Lang, Say, ValueRefusal};
use crate::schedule::{FIRST_YEAR, LAST_YEAR};

/// The most airings or times `next` and `explain` list at once: enough for a year of a
/// programme that airs every hour, and little enough to hold in memory.
pub const MAX_COUNT: usize = 10_000;

/// A mistake in what was typed on the command line; exits 2, as clap's own do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl UsageError {
    fn of(refusal: ValueRefusal, lang: Lang) -> UsageError {
        UsageError(refusal.say(lang))
    }
}

/// `--count`: a whole number from 1 to [`MAX_COUNT`].
pub fn parse_count(text: &str, lang: Lang) -> Result<usize, UsageError> {
    let trimmed = text.trim();
    let count = trimmed.parse::<usize>().ok();
    if let Some(count) = count.filter(|count| (1..=MAX_COUNT).contains(count)) {
        return Ok(count);
    }
    let refusal = match count {
        Some(0) => ValueRefusal::CountZero { max: MAX_COUNT },
        _ => ValueRefusal::NotACount {
            text: trimmed.to_string(),
            max: MAX_COUNT,
        },
    };
    Err(UsageError::of(refusal, lang))
}

/// A time given on the command line, read in the station time zone. It must lie in
/// wardcast's calendar ([`FIRST_YEAR`] to [`LAST_YEAR`]).
pub fn parse_time(text: &str, timezone: Tz, lang: Lang) -> Result<DateTime<Tz>, UsageError> {
    let text = text.trim();
    let at = match DateTime::parse_from_rfc3339(text) {
        Ok(exact) => exact.with_timezone(&timezone),
        Err(_) => {
            let naive = local_time(text).ok_or_else(|| {
                let text = text.to_string();
                UsageError::of(ValueRefusal::NotATime { text }, lang)
            })?;
            check_calendar(naive.year(), text, lang)?;
            timezone
                .from_local_datetime(&naive)
                .earliest()
                .ok_or_else(|| {
                    let refusal = ValueRefusal::NotInZone {
                        text: text.to_string(),
                        zone: timezone.to_string(),
                    };
                    UsageError::of(refusal, lang)
                })?
        }
    };
    check_calendar(at.year(), text, lang)?;
    Ok(at)
}

fn local_time(text: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
    })
}

/// Refuses a year outside wardcast's calendar, before any arithmetic on it.
fn check_calendar(year: i32, text: &str, lang: Lang) -> Result<(), UsageError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Ok(());
    }
    let refusal = ValueRefusal::OutsideCalendar {
        text: text.to_string(),
        first_year: FIRST_YEAR,
        last_year: LAST_YEAR,
    };
    Err(UsageError::of(refusal, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_the_station_zone() {
        let zone = chrono_tz::Asia::Ho_Chi_Minh;
        let at = parse_time("2026-12-01 06:30", zone, Lang::En).expect("time");
        assert_eq!(at.to_rfc3339(), "2026-12-01T06:30:00+07:00");
        let day = parse_time("2026-12-01", zone, Lang::En).expect("date");
        assert_eq!(day.to_rfc3339(), "2026-12-01T00:00:00+07:00");
        let exact = parse_time("2026-12-01T00:00:00Z", zone, Lang::En).expect("rfc3339");
        assert_eq!(exact.to_rfc3339(), "2026-12-01T07:00:00+07:00");
        assert!(parse_time("tomorrow", zone, Lang::En).is_err());
    }

    #[test]
    fn times_outside_the_calendar_and_odd_counts_are_refused() {
        let zone = chrono_tz::Asia::Ho_Chi_Minh;
        for text in [
            "9999-01-01",
            "+200000-12-31",
            "1969-12-31 23:59",
            "5000-01-01",
        ] {
            let error = parse_time(text, zone, Lang::En).expect_err(text);
            assert!(
                error.0.contains("outside wardcast's calendar"),
                "{text}: {error}"
            );
        }
        assert!(parse_time("4999-12-31 23:59", zone, Lang::En).is_ok());
        assert_eq!(parse_count("10000", Lang::En).expect("max"), MAX_COUNT);
        for text in ["0", "-1", "10001", "99999999999999999999999", "mười"] {
            assert!(parse_count(text, Lang::Vi).is_err(), "{text}");
        }
    }
}
