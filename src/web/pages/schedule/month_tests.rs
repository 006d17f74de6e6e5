use super::*;
use crate::web::pages::schedule::fixture::{config, programme};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn december() -> YearMonth {
    YearMonth {
        year: 2026,
        month: 12,
    }
}

fn find(month: &Month, on: NaiveDate) -> &Day {
    month
        .weeks
        .iter()
        .flatten()
        .find(|day| day.date == on)
        .expect("the day is on the calendar")
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

#[test]
fn weeks_start_on_monday_and_neighbours_fill_them() {
    let (_dir, config) = config(&programme("news", "a", "0 6 * * *"), "", "");
    let shown = month(&config, december(), date(2026, 12, 3)).expect("month");
    // 1 December 2026 is a Tuesday: the first week starts on Monday 30 November; the 31st is
    // a Thursday, so the last week ends on Sunday 3 January.
    assert_eq!(shown.weeks.len(), 5);
    let first = &shown.weeks[0];
    assert_eq!(first[0].date, date(2026, 11, 30));
    assert!(!first[0].in_month && first[0].slots.is_empty());
    assert_eq!(first[1].date, date(2026, 12, 1));
    assert!(first[1].in_month);
    assert_eq!(shown.weeks[4][6].date, date(2027, 1, 3));
    let in_month = shown.weeks.iter().flatten().filter(|day| day.in_month);
    assert_eq!(in_month.count(), 31);
    let today: Vec<_> = shown.weeks.iter().flatten().filter(|d| d.today).collect();
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].date, date(2026, 12, 3));
    // Every day of the month has its 06:00 airing, and nothing is said to be missed.
    let day = find(&shown, date(2026, 12, 31));
    assert_eq!(day.slots.len(), 1);
    assert_eq!(day.slots[0].at, hm(6, 0));
    assert_eq!(day.slots[0].programme, 0);
    assert_eq!(day.slots[0].missed, None);
    assert_eq!(day.more, More::default());
}

#[test]
fn a_month_starting_on_monday_has_no_days_before_it() {
    let (_dir, config) = config(&programme("news", "a", "0 6 * * *"), "", "");
    let june = YearMonth {
        year: 2026,
        month: 6,
    };
    let shown = month(&config, june, date(2026, 1, 1)).expect("month");
    assert_eq!(shown.weeks[0][0].date, date(2026, 6, 1));
    assert!(shown.weeks.iter().flatten().all(|day| !day.today));
}

#[test]
fn blackout_days_are_marked_and_their_slots_suppressed_as_dispatch_decides() {
    let (_dir, config) = config(
        &programme("news", "a", "0 6 * * *"),
        "",
        "[[blackout]]\nfrom = \"2026-12-24\"\nto = \"2026-12-25\"\nreason = \"Giáng sinh\"\n",
    );
    let shown = month(&config, december(), date(2026, 12, 1)).expect("month");
    for on in [24, 25] {
        let day = find(&shown, date(2026, 12, on));
        assert_eq!(day.blackout, Some(0));
        assert!(matches!(
            day.slots[0].missed,
            Some(Reason::Blackout { ref name, .. }) if name == "Giáng sinh"
        ));
    }
    let free = find(&shown, date(2026, 12, 26));
    assert_eq!(free.blackout, None);
    assert_eq!(free.slots[0].missed, None);
}

#[test]
fn slots_outside_the_allowed_hours_are_marked_but_not_an_emergency() {
    let programmes = format!(
        "{}{}priority = \"emergency\"\n",
        programme("news", "a", "0 6,12 * * *"),
        programme("alarm", "b", "0 12 * * *")
    );
    let (_dir, config) = config(&programmes, "allowed_hours = [\"05:00-07:00\"]", "");
    let shown = month(&config, december(), date(2026, 12, 1)).expect("month");
    let day = find(&shown, date(2026, 12, 10));
    let marks: Vec<_> = day
        .slots
        .iter()
        .map(|slot| (slot.at, slot.programme, slot.missed.clone()))
        .collect();
    let outside = Some(Reason::OutsideHours {
        hours: "05:00-07:00".into(),
    });
    assert_eq!(
        marks,
        [
            (hm(6, 0), 0, None),
            (hm(12, 0), 0, outside),
            (hm(12, 0), 1, None)
        ]
    );
}

#[test]
fn a_programme_every_minute_is_capped_per_day_and_counted() {
    let programmes = format!(
        "{}{}",
        programme("often", "a", "* * * * *"),
        programme("news", "b", "30 0 * * *")
    );
    let (_dir, config) = config(&programmes, "", "");
    let started = std::time::Instant::now();
    let shown = month(&config, december(), date(2026, 12, 1)).expect("month");
    let elapsed = started.elapsed();
    let entries: usize = shown.weeks.iter().flatten().map(|d| d.slots.len()).sum();
    assert_eq!(entries, 31 * SHOWN_PER_DAY);
    let day = find(&shown, date(2026, 12, 2));
    assert_eq!(day.slots.first().map(|s| s.at), Some(hm(0, 0)));
    assert_eq!(day.slots.last().map(|s| s.at), Some(hm(0, 7)));
    // 1440 minutes and the news at 00:30, less the eight shown.
    assert_eq!(
        day.more,
        More {
            count: 1440 + 1 - SHOWN_PER_DAY,
            at_least: false
        }
    );
    // A page is computed per request: a month of minutes must stay well under a second
    // even in a debug build on a shared machine.
    assert!(elapsed < std::time::Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn a_programme_every_second_is_counted_up_to_the_limit() {
    let (_dir, config) = config(&programme("tick", "a", "* * * * * *"), "", "");
    let one_day = YearMonth {
        year: 2026,
        month: 2,
    };
    let shown = month(&config, one_day, date(2026, 1, 1)).expect("month");
    let day = find(&shown, date(2026, 2, 14));
    assert_eq!(day.slots.len(), SHOWN_PER_DAY);
    assert_eq!(
        day.more,
        More {
            count: COUNTED_PER_DAY - SHOWN_PER_DAY,
            at_least: true
        }
    );
}

#[test]
fn the_calendar_s_last_month_is_shown_and_beyond_it_nothing() {
    let (_dir, config) = config(&programme("news", "a", "0 6 * * *"), "", "");
    let last = YearMonth {
        year: crate::schedule::LAST_YEAR,
        month: 12,
    };
    let shown = month(&config, last, date(2026, 1, 1)).expect("month");
    let in_month = shown.weeks.iter().flatten().filter(|day| day.in_month);
    assert_eq!(in_month.count(), 31);
}

#[test]
fn a_line_that_never_fires_costs_little() {
    let (_dir, config) = config(&programme("never", "a", "0 0 30 2 *"), "", "");
    let started = std::time::Instant::now();
    let shown = month(&config, december(), date(2026, 12, 1)).expect("month");
    let elapsed = started.elapsed();
    assert!(shown.weeks.iter().flatten().all(|day| day.slots.is_empty()));
    assert!(elapsed < std::time::Duration::from_secs(2), "{elapsed:?}");
}
