//! Crontab lines and slots against dates worked out by hand, and lines made up by the
//! thousand to find a panic or croner's own words.

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
        line.describe(Lang::En),
        "At 06:30, on the 1st Monday of the month."
    );
    let vietnamese = line.describe(Lang::Vi);
    assert!(vietnamese.starts_with("Lúc 06:30"), "{vietnamese}");
    assert!(
        vietnamese.contains("thứ Hai đầu tiên của tháng"),
        "{vietnamese}"
    );
}

struct Programme(String, Schedule);

impl Scheduled for Programme {
    fn id(&self) -> &str {
        &self.0
    }

    fn schedule(&self) -> &Schedule {
        &self.1
    }
}

/// A programme named by its crontab lines.
fn programme(lines: &[&str]) -> Programme {
    let schedule = lines
        .iter()
        .map(|line| CronLine::parse(line).expect("valid"))
        .collect();
    Programme(lines.join(" | "), Schedule::new(schedule))
}

#[test]
fn a_schedule_fires_at_the_earliest_of_its_lines() {
    let both = programme(&["0 17 * * *", "30 6 * * *"]);
    let from = vietnam(2026, 12, 7, 7, 0);
    assert_eq!(
        both.schedule().next_after(&from),
        Some(vietnam(2026, 12, 7, 17, 0))
    );
    let at_five = vietnam(2026, 12, 7, 17, 0);
    assert_eq!(
        both.schedule().next_after(&at_five),
        Some(vietnam(2026, 12, 8, 6, 30))
    );
    assert_eq!(
        programme(&["0 7 30 2 *"]).schedule().next_after(&from),
        None
    );
}

#[test]
fn programmes_at_the_same_instant_are_all_due_in_their_order() {
    let programmes = [
        programme(&["30 6 * * *"]),
        programme(&["0 6 * * *", "30 6 * * *"]),
    ];
    let from = vietnam(2026, 12, 7, 0, 0);
    let index = |slot: &Slot| slot.programme_index(&programmes).expect("configured");
    let next = next_slot(&programmes, &from).expect("a slot");
    assert_eq!((index(&next), next.at), (1, vietnam(2026, 12, 7, 6, 0)));
    let three: Vec<(usize, DateTime<Tz>)> = upcoming(&programmes, &from, 3)
        .iter()
        .map(|slot| (index(slot), slot.at))
        .collect();
    let half_past = vietnam(2026, 12, 7, 6, 30);
    assert_eq!(three, [(1, next.at), (0, half_past), (1, half_past)]);
    let until = vietnam(2026, 12, 8, 6, 0);
    let between: Vec<usize> = slots_between(&programmes, &from, &until)
        .iter()
        .map(index)
        .collect();
    assert_eq!(between, [1, 0, 1, 1]);
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
                let _ = cron.describe(Lang::Vi);
            }
            Err(error) => {
                refused += 1;
                for lang in [Lang::Vi, Lang::En] {
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

#[test]
fn months_are_read_and_stepped_within_the_calendar() {
    let month = |year, month| YearMonth { year, month };
    assert_eq!(YearMonth::parse("2026-02"), Some(month(2026, 2)));
    assert_eq!(YearMonth::parse(" 2026-12 "), Some(month(2026, 12)));
    for bad in [
        "2026-13", "2026-00", "2026-2", "26-02", "1969-12", "2026", "x-02", "",
    ] {
        assert_eq!(YearMonth::parse(bad), None, "{bad}");
    }
    assert_eq!(month(2026, 12).next(), Some(month(2027, 1)));
    assert_eq!(month(2027, 1).previous(), Some(month(2026, 12)));
    assert_eq!(month(FIRST_YEAR, 1).previous(), None);
    assert_eq!(month(LAST_YEAR, 12).next(), None);
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(month(2024, 2).last_day(), day(2024, 2, 29));
    assert_eq!(month(2026, 12).last_day(), day(2026, 12, 31));
    assert_eq!(month(LAST_YEAR, 12).last_day(), day(LAST_YEAR, 12, 31));
    assert_eq!(month(2026, 3).first_day(), day(2026, 3, 1));
}
