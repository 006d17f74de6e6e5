//! When airings are due: crontab lines and their occurrences in the station time zone.
//! Pure: every function takes the moment to count from; nothing here reads a clock,
//! a file or the log.

use std::fmt;

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use croner::Cron;

use crate::config::Programme;
use crate::ids::ProgrammeId;

mod error;
mod vietnamese;

pub use error::{line_hint, CronLineError, Field};
use vietnamese::Vietnamese;

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
    pub fn describe(&self, lang: crate::messages::Lang) -> String {
        match lang {
            crate::messages::Lang::En => self.cron.describe(),
            crate::messages::Lang::Vi => self.cron.describe_lang(Vietnamese),
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

/// One due airing: a programme at an instant of its schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The programme, by id: it still names the same programme after a reload.
    pub programme: ProgrammeId,
    pub at: DateTime<Tz>,
}

impl Slot {
    /// The slot of `programme` at `at`.
    pub fn of(programme: &Programme, at: DateTime<Tz>) -> Slot {
        Slot {
            programme: ProgrammeId::new(programme.id.as_str()),
            at,
        }
    }

    /// The slot's programme in `programmes`, if it is still configured.
    pub fn programme_in<'a>(&self, programmes: &'a [Programme]) -> Option<&'a Programme> {
        programmes
            .iter()
            .find(|programme| self.programme == programme.id)
    }

    /// Where the slot's programme stands in `programmes`, if it is still configured.
    pub fn programme_index(&self, programmes: &[Programme]) -> Option<usize> {
        programmes
            .iter()
            .position(|programme| self.programme == programme.id)
    }

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
                .map(|at| (index, at))
        })
        .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
        .and_then(|(index, at)| Some(Slot::of(programmes.get(index)?, at)))
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
        for programme in programmes {
            let due = programme
                .schedule
                .iter()
                .any(|line| line.next_after(&cursor) == Some(instant));
            if due && slots.len() < count {
                slots.push(Slot::of(programme, instant));
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
    let mut slots: Vec<(usize, DateTime<Tz>)> = Vec::new();
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
            slots.push((index, at));
            cursor = at;
        }
    }
    slots.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    slots
        .into_iter()
        .filter_map(|(index, at)| Some(Slot::of(programmes.get(index)?, at)))
        .collect()
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
            line.describe(crate::messages::Lang::En),
            "At 06:30, on the 1st Monday of the month."
        );
        let vietnamese = line.describe(crate::messages::Lang::Vi);
        assert!(vietnamese.starts_with("Lúc 06:30"), "{vietnamese}");
        assert!(
            vietnamese.contains("thứ Hai đầu tiên của tháng"),
            "{vietnamese}"
        );
    }

    /// A small fixed-seed generator (xorshift), so a failing line can be found again.
    struct Lines(u64);

    impl Lines {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[(self.next() % from.len() as u64) as usize]
        }

        /// A line of mostly 5 or 6 fields, mostly of values that fit their field, with the
        /// mistakes people make mixed in.
        fn line(&mut self) -> String {
            const ANY: [&str; 6] = ["*", "0", "5", "*/15", "1-5", "1,3"];
            const DAY: [&str; 3] = ["L", "15", "31"];
            const MONTH: [&str; 3] = ["JAN", "2", "DEC"];
            const WEEKDAY: [&str; 4] = ["MON", "mon#1", "FRI#L", "0-6"];
            const ODD: [&str; 24] = [
                "24",
                "29",
                "32",
                "60",
                "99999999999",
                "-1",
                "*/0",
                "5/15",
                "/5",
                "5-1",
                "0-70/10",
                ",",
                "MON#6",
                "#",
                "L",
                "5L",
                "W",
                "15W",
                "?",
                "DEC-JAN",
                "@reboot",
                "JAN#1",
                "\u{1b}[31m",
                "\u{202e}",
            ];
            let fields = match self.next() % 10 {
                0..=6 => 5,
                7 | 8 => 6,
                _ => self.next() % 8,
            };
            let first = if fields == 6 { 0 } else { 1 };
            (first..first + fields)
                .map(|position| {
                    let own: &[&str] = match position {
                        3 => &DAY,
                        4 => &MONTH,
                        5 => &WEEKDAY,
                        _ => &[],
                    };
                    let mut field = match self.next() % 8 {
                        0 => self.pick(&ODD).to_string(),
                        1..=3 if !own.is_empty() => self.pick(own).to_string(),
                        _ => self.pick(&ANY).to_string(),
                    };
                    if self.next().is_multiple_of(8) {
                        field.push_str(self.pick(&[",", "-", "/", "#"]));
                        field.push_str(self.pick(&ANY));
                    }
                    field
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    #[test]
    fn generated_lines_never_panic_and_refusals_are_in_wardcasts_words() {
        let from = vietnam(2026, 11, 26, 0, 0);
        let (mut accepted, mut refused) = (0u32, 0u32);
        let mut lines = Lines(0x5eed_c0de_2026_1126);
        for _ in 0..5_000 {
            let line = lines.line();
            match CronLine::parse(&line) {
                Ok(cron) => {
                    accepted += 1;
                    // A line that never fires searches up to the year 5000: one in ten.
                    if accepted.is_multiple_of(10) {
                        let _ = cron.occurrences_after(&from, 2);
                    }
                    let _ = cron.describe(crate::messages::Lang::Vi);
                }
                Err(error) => {
                    refused += 1;
                    for lang in [crate::messages::Lang::Vi, crate::messages::Lang::En] {
                        let text = error.describe(lang);
                        for croner in ["Component", "specifier", "Pattern", "bounds", "Invalid"] {
                            assert!(!text.contains(croner), "{line:?}: {text}");
                        }
                        assert!(!text.chars().any(char::is_control), "{line:?}: {text:?}");
                    }
                }
            }
        }
        // The generator reaches both sides, or the test would prove little.
        assert!(accepted > 1_000 && refused > 1_000, "{accepted} {refused}");
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
