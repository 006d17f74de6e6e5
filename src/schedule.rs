//! When airings are due: crontab lines and their occurrences in the station time zone.
//! Pure: every function takes the moment to count from; nothing here reads a clock,
//! a file or the log.

use std::fmt;

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use croner::Cron;

use crate::config::Programme;

mod error;

pub use error::{line_hint, CronLineError, Field};

/// One crontab line as the station staff wrote it: 5 fields, or 6 with seconds first.
///
/// Weekdays count as in Vixie cron (0 and 7 are Sunday), `MON#1` is the first Monday,
/// `L` the last day of the month, and day-of-month and day-of-week are ORed when both are
/// restricted.
#[derive(Clone)]
pub struct CronLine {
    text: String,
    cron: Cron,
}

/// The calendar wardcast plans in: dates on the command line and in the configuration lie
/// between the first day of `FIRST_YEAR` and the last of `LAST_YEAR`. The end is croner's:
/// it stops looking for occurrences in the year 5000.
pub const FIRST_YEAR: i32 = 1970;
pub const LAST_YEAR: i32 = croner::YEAR_UPPER_LIMIT - 1;

/// The `@` shorthands croner reads; anything else after `@` is refused in words.
const SHORTHANDS: [&str; 6] = [
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@hourly",
];

impl CronLine {
    pub fn parse(text: &str) -> Result<CronLine, CronLineError> {
        let trimmed = text.trim();
        let fields: Vec<&str> = trimmed.split_whitespace().collect();
        if fields.is_empty() {
            return Err(CronLineError::Empty);
        }
        if trimmed.starts_with('@') {
            if fields.len() != 1
                || !SHORTHANDS
                    .iter()
                    .any(|known| known.eq_ignore_ascii_case(trimmed))
            {
                return Err(CronLineError::Shorthand(fields[0].to_string()));
            }
        } else {
            if !(5..=6).contains(&fields.len()) {
                return Err(CronLineError::FieldCount(fields.len()));
            }
            check_field_characters(&fields)?;
            check_field_ranges(&fields)?;
        }
        let cron = croner_parse(trimmed).map_err(|_| blame_a_field(&fields))?;
        Ok(CronLine {
            text: trimmed.to_string(),
            cron,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first occurrence strictly after `after`, within wardcast's calendar.
    pub fn next_after(&self, after: &DateTime<Tz>) -> Option<DateTime<Tz>> {
        self.cron
            .find_next_occurrence(after, false)
            .ok()
            .filter(|at| at.year() <= LAST_YEAR)
    }

    /// Whether the line fires at all in wardcast's calendar: `30 2 *`-style lines name a
    /// day that never comes.
    pub fn fires_in_calendar(&self, zone: Tz) -> bool {
        use chrono::TimeZone;
        zone.with_ymd_and_hms(FIRST_YEAR, 1, 1, 0, 0, 0)
            .earliest()
            .is_some_and(|start| self.next_after(&start).is_some())
    }

    /// The next `count` occurrences strictly after `after`.
    pub fn occurrences_after(&self, after: &DateTime<Tz>, count: usize) -> Vec<DateTime<Tz>> {
        let mut found = Vec::with_capacity(count);
        let mut cursor = *after;
        while found.len() < count {
            match self.next_after(&cursor) {
                Some(next) => {
                    found.push(next);
                    cursor = next;
                }
                None => break,
            }
        }
        found
    }

    /// The line in plain words, in the officer's language.
    pub fn describe(&self, lang: crate::config::Lang) -> String {
        match lang {
            crate::config::Lang::En => self.cron.describe(),
            crate::config::Lang::Vi => self.cron.describe_lang(Vietnamese),
        }
    }
}

fn croner_parse(text: &str) -> Result<Cron, croner::errors::CronError> {
    CronParser::builder()
        .seconds(Seconds::Optional)
        .build()
        .parse(text)
}

/// Refuses a character no field holds (croner's message would only quote it upper-cased),
/// e.g. a stray quote, a tab pasted from a document, or a control character.
fn check_field_characters(fields: &[&str]) -> Result<(), CronLineError> {
    for (text, field) in fields.iter().zip(Field::of_line(fields.len())) {
        let odd = text
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "*,-/#?+".contains(*c)));
        if let Some(ch) = odd {
            return Err(CronLineError::Character { field: *field, ch });
        }
    }
    Ok(())
}

/// Names the field and its range when a plain number is out of it, which croner only
/// reports as "number out of bounds".
fn check_field_ranges(fields: &[&str]) -> Result<(), CronLineError> {
    for (text, field) in fields.iter().zip(Field::of_line(fields.len())) {
        let (low, high) = field.range();
        // Only the values, not the step after '/' nor the nth after '#'.
        let values = text.split(',').map(|part| {
            part.split(['/', '#'])
                .next()
                .unwrap_or_default()
                .trim_start_matches('+')
        });
        for value in values.flat_map(|range| range.split('-')) {
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            // Digits too many for a u32 are out of range too.
            let inside = value
                .parse::<u32>()
                .is_ok_and(|number| (low..=high).contains(&number));
            if !inside {
                return Err(CronLineError::OutOfRange {
                    field: *field,
                    value: value.to_string(),
                });
            }
        }
    }
    Ok(())
}

/// Finds the field croner refused by reading each field alone (the others made `*`), so the
/// message can name it.
fn blame_a_field(fields: &[&str]) -> CronLineError {
    let names = Field::of_line(fields.len());
    for (index, (text, field)) in fields.iter().zip(names).enumerate() {
        let alone: Vec<&str> = (0..fields.len())
            .map(|other| if other == index { *text } else { "*" })
            .collect();
        if let Err(own) = croner_parse(&alone.join(" ")) {
            return CronLineError::from_croner(&own, *field, text);
        }
    }
    CronLineError::Line
}

impl fmt::Debug for CronLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CronLine({:?})", self.text)
    }
}

/// Crontab lines in Vietnamese words, for `wardcast explain`.
#[derive(Default, Clone, Copy)]
struct Vietnamese;

impl croner::describe::Language for Vietnamese {
    fn every_minute(&self) -> &'static str {
        "Mỗi phút"
    }
    fn every_second_phrase(&self) -> &'static str {
        "Mỗi giây"
    }
    fn every_x_minutes(&self, step: u16) -> String {
        format!("mỗi {step} phút")
    }
    fn every_x_seconds(&self, step: u16) -> String {
        format!("mỗi {step} giây")
    }
    fn every_x_hours(&self, step: u16) -> String {
        format!("của mỗi {step} giờ")
    }
    fn every_minute_of_every_x_hours(&self, step: u16) -> String {
        format!("Mỗi phút, của mỗi {step} giờ")
    }
    fn at_time(&self, time: &str) -> String {
        format!("Lúc {time}")
    }
    fn at_time_and_every_x_seconds(&self, time: &str, step: u16) -> String {
        format!("Lúc {time}, mỗi {step} giây")
    }
    fn at_time_at_second(&self, time: &str, second: &str) -> String {
        format!("Lúc {time}, giây {second}")
    }
    fn at_phrase(&self, phrase: &str) -> String {
        format!("Lúc {phrase}")
    }
    fn on_phrase(&self, phrase: &str) -> String {
        format!("vào {phrase}")
    }
    fn in_phrase(&self, phrase: &str) -> String {
        format!("trong {phrase}")
    }
    fn second_phrase(&self, second: &str) -> String {
        format!("giây {second}")
    }
    fn minute_phrase(&self, minute: &str) -> String {
        format!("phút {minute}")
    }
    fn minute_past_every_hour_phrase(&self, minute: &str) -> String {
        format!("phút {minute} của mỗi giờ")
    }
    fn hour_phrase(&self, hour: &str) -> String {
        format!("của giờ {hour}")
    }
    fn year_phrase(&self, year: &str) -> String {
        format!("năm {year}")
    }
    fn day_phrase(&self, day: &str) -> String {
        format!("ngày {day}")
    }
    fn the_last_day_of_the_month(&self) -> &'static str {
        "ngày cuối tháng"
    }
    fn the_weekday_nearest_day(&self, day: &str) -> String {
        format!("ngày làm việc gần ngày {day} nhất")
    }
    fn the_last_weekday_of_the_month(&self, day: &str) -> String {
        format!("{day} cuối cùng của tháng")
    }
    fn the_nth_weekday_of_the_month(&self, n: u8, day: &str) -> String {
        match n {
            1 => format!("{day} đầu tiên của tháng"),
            n => format!("{day} thứ {n} của tháng"),
        }
    }
    fn dom_and_dow_if_also(&self, dow: &str) -> String {
        format!("(nếu đó cũng là {dow})")
    }
    fn dom_and_dow_if_also_one_of(&self, dow: &str) -> String {
        format!("(nếu đó cũng là một trong: {dow})")
    }
    fn list_conjunction_and(&self) -> &'static str {
        "và"
    }
    fn list_conjunction_or(&self) -> &'static str {
        "hoặc"
    }
    fn list_conjunction_and_comma(&self) -> &'static str {
        ", và"
    }
    fn day_of_week_names(&self) -> [&'static str; 7] {
        [
            "Chủ nhật",
            "thứ Hai",
            "thứ Ba",
            "thứ Tư",
            "thứ Năm",
            "thứ Sáu",
            "thứ Bảy",
        ]
    }
    fn month_names(&self) -> [&'static str; 12] {
        [
            "tháng 1",
            "tháng 2",
            "tháng 3",
            "tháng 4",
            "tháng 5",
            "tháng 6",
            "tháng 7",
            "tháng 8",
            "tháng 9",
            "tháng 10",
            "tháng 11",
            "tháng 12",
        ]
    }
}

/// One due airing: a programme at an instant of its schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Index of the programme in the configuration.
    pub programme: usize,
    pub at: DateTime<Tz>,
}

impl Slot {
    /// The month whose file a `pick = "month"` programme airs in this slot.
    pub fn month(&self) -> YearMonth {
        YearMonth {
            year: self.at.year(),
            month: self.at.month(),
        }
    }
}

/// A calendar month, printed `YYYY-MM` as in the officers' file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The earliest slot of any programme strictly after `after`, in the station time zone.
///
/// Slots at the same instant come in configuration order, so the same config and clock
/// always give the same answer.
pub fn next_slot(programmes: &[Programme], after: &DateTime<Tz>) -> Option<Slot> {
    programmes
        .iter()
        .enumerate()
        .filter_map(|(index, programme)| {
            programme
                .schedule
                .iter()
                .filter_map(|line| line.next_after(after))
                .min()
                .map(|at| Slot {
                    programme: index,
                    at,
                })
        })
        .min_by(|a, b| a.at.cmp(&b.at).then(a.programme.cmp(&b.programme)))
}

/// The next `count` slots of all programmes strictly after `after`, in time order.
pub fn upcoming(programmes: &[Programme], after: &DateTime<Tz>, count: usize) -> Vec<Slot> {
    let mut slots = Vec::with_capacity(count);
    let mut cursor = *after;
    // Two programmes may share an instant; both are due, so walk each instant fully.
    while slots.len() < count {
        let Some(first) = next_slot(programmes, &cursor) else {
            break;
        };
        let instant = first.at;
        for (index, programme) in programmes.iter().enumerate() {
            let due = programme
                .schedule
                .iter()
                .any(|line| line.next_after(&cursor) == Some(instant));
            if due && slots.len() < count {
                slots.push(Slot {
                    programme: index,
                    at: instant,
                });
            }
        }
        cursor = instant;
    }
    slots
}

/// Every slot of all programmes strictly after `after` and up to `until` inclusive, in
/// time order (configuration order at the same instant).
pub fn slots_between(
    programmes: &[Programme],
    after: &DateTime<Tz>,
    until: &DateTime<Tz>,
) -> Vec<Slot> {
    let mut slots = Vec::new();
    for (index, programme) in programmes.iter().enumerate() {
        let mut cursor = *after;
        while let Some(at) = programme
            .schedule
            .iter()
            .filter_map(|line| line.next_after(&cursor))
            .min()
        {
            if at > *until {
                break;
            }
            slots.push(Slot {
                programme: index,
                at,
            });
            cursor = at;
        }
    }
    slots.sort_by(|a, b| a.at.cmp(&b.at).then(a.programme.cmp(&b.programme)));
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn vietnam(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Tz> {
        chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("valid local time")
    }

    fn next_days(line: &str, from: DateTime<Tz>, count: usize) -> Vec<String> {
        CronLine::parse(line)
            .expect("valid line")
            .occurrences_after(&from, count)
            .iter()
            .map(|at| at.format("%Y-%m-%d %a %H:%M:%S").to_string())
            .collect()
    }

    // Dates below were worked out by hand from a 2026–2027 calendar:
    // 1 Dec 2026 is a Tuesday, 1 Jan 2027 a Friday, 1 Feb 2027 a Monday.

    #[test]
    fn first_monday_of_each_month() {
        assert_eq!(
            next_days("30 6 * * MON#1", vietnam(2026, 11, 26, 0, 0), 3),
            [
                "2026-12-07 Mon 06:30:00",
                "2027-01-04 Mon 06:30:00",
                "2027-02-01 Mon 06:30:00"
            ]
        );
    }

    #[test]
    fn last_day_of_the_month() {
        assert_eq!(
            next_days("0 17 L * *", vietnam(2026, 11, 26, 0, 0), 4),
            [
                "2026-11-30 Mon 17:00:00",
                "2026-12-31 Thu 17:00:00",
                "2027-01-31 Sun 17:00:00",
                "2027-02-28 Sun 17:00:00"
            ]
        );
    }

    #[test]
    fn day_of_month_and_day_of_week_are_ored_as_in_vixie_cron() {
        // The 1st of the month OR any Friday.
        assert_eq!(
            next_days("0 8 1 * FRI", vietnam(2026, 11, 26, 0, 0), 5),
            [
                "2026-11-27 Fri 08:00:00",
                "2026-12-01 Tue 08:00:00",
                "2026-12-04 Fri 08:00:00",
                "2026-12-11 Fri 08:00:00",
                "2026-12-18 Fri 08:00:00"
            ]
        );
    }

    #[test]
    fn sunday_is_both_zero_and_seven() {
        let from = vietnam(2026, 11, 26, 0, 0);
        let zero = next_days("0 7 * * 0", from, 3);
        assert_eq!(zero, next_days("0 7 * * 7", from, 3));
        assert_eq!(zero, next_days("0 7 * * SUN", from, 3));
        assert_eq!(zero[0], "2026-11-29 Sun 07:00:00");
        // And 6 is Saturday, not Friday as in the `cron` crate.
        assert_eq!(next_days("0 7 * * 6", from, 1), ["2026-11-28 Sat 07:00:00"]);
    }

    #[test]
    fn six_fields_put_seconds_first() {
        assert_eq!(
            next_days("15 30 6 * * *", vietnam(2026, 11, 26, 6, 30), 1),
            ["2026-11-26 Thu 06:30:15"]
        );
    }

    #[test]
    fn next_is_strictly_after_so_a_slot_never_fires_twice() {
        let line = CronLine::parse("30 6 * * *").expect("valid");
        let slot = vietnam(2026, 12, 7, 6, 30);
        assert_eq!(line.next_after(&slot), Some(vietnam(2026, 12, 8, 6, 30)));
    }

    #[test]
    fn times_are_in_the_station_zone_whatever_the_offset_of_the_cursor() {
        let line = CronLine::parse("30 6 * * *").expect("valid");
        let utc_cursor = chrono::Utc
            .with_ymd_and_hms(2026, 12, 6, 23, 0, 0)
            .single()
            .expect("valid")
            .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
        let next = line.next_after(&utc_cursor).expect("next");
        assert_eq!(next.to_rfc3339(), "2026-12-07T06:30:00+07:00");
    }

    #[test]
    fn an_out_of_range_number_names_its_field() {
        let error = CronLine::parse("30 25 * * MON").expect_err("hour 25");
        assert_eq!(
            error.to_string(),
            "the hour field has 25, but hour values go from 0 to 23"
        );
        let error = CronLine::parse("0 30 6 * 13 *").expect_err("month 13");
        assert!(error.to_string().contains("month field has 13"), "{error}");
        assert!(CronLine::parse("*/15 6-7 L * 1-5").is_ok());
    }

    #[test]
    fn lines_are_explained_in_vietnamese_and_english() {
        let line = CronLine::parse("30 6 * * MON#1").expect("valid");
        assert_eq!(
            line.describe(crate::config::Lang::En),
            "At 06:30, on the 1st Monday of the month."
        );
        let vietnamese = line.describe(crate::config::Lang::Vi);
        assert!(vietnamese.starts_with("Lúc 06:30"), "{vietnamese}");
        assert!(
            vietnamese.contains("thứ Hai đầu tiên của tháng"),
            "{vietnamese}"
        );
    }

    #[test]
    fn bad_lines_are_refused() {
        for bad in [
            "",
            "30 6 * *",
            "61 6 * * *",
            "30 6 * * MON#6",
            "1 2 3 4 5 6 7",
            "x y z w v",
        ] {
            assert!(CronLine::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn a_simulated_year_gives_every_first_monday_once() {
        let line = CronLine::parse("30 6 * * MON#1").expect("valid");
        let start = vietnam(2027, 1, 1, 0, 0);
        let year = line.occurrences_after(&start, 12);
        assert_eq!(year.len(), 12);
        for (index, at) in year.iter().enumerate() {
            assert_eq!(at.month() as usize, index + 1);
            assert_eq!(at.weekday(), chrono::Weekday::Mon);
            assert!(at.day() <= 7);
        }
    }
}
