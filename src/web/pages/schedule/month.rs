//! A month of the schedule as the calendar shows it: weeks from Monday to Sunday, each day's
//! slots (the first few, and how many more), the blackout a day falls in, and what dispatch
//! would do with each slot (air it, or miss it for a blackout or the allowed hours). Pure: it
//! reads no clock and no file; the page gives it the configuration and today's date.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration as Days, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::config::Config;
use crate::dispatch::{self, Decision, Pending};
use crate::reason::Reason;
use crate::schedule::{Slot, YearMonth};

/// The most slots a day shows; the rest are counted ("+N").
pub const SHOWN_PER_DAY: usize = 8;

/// The most slots of one programme counted in a day: a line firing every minute is counted
/// in full, one firing every second is counted this far and said to be "at least".
pub const COUNTED_PER_DAY: usize = 1440;

/// A month laid out in weeks.
#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    pub month: YearMonth,
    /// Monday to Sunday; the days before the 1st and after the last belong to the months
    /// around and carry no slots.
    pub weeks: Vec<[Day; 7]>,
}

/// One day of the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    /// The day is in the month shown (not one of the neighbours filling its weeks).
    pub in_month: bool,
    pub today: bool,
    /// The blackout the day falls in, by its place in the configuration.
    pub blackout: Option<usize>,
    /// The first [`SHOWN_PER_DAY`] slots of the day, in time order.
    pub slots: Vec<DaySlot>,
    pub more: More,
}

/// The slots of a day beyond those shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct More {
    pub count: usize,
    /// Counting stopped at [`COUNTED_PER_DAY`] for a programme: there are more still.
    pub at_least: bool,
}

/// A slot on the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct DaySlot {
    pub at: NaiveTime,
    /// The programme, by its place in the configuration.
    pub programme: usize,
    /// Why dispatch would log it missed instead of airing it, when it would.
    pub missed: Option<Reason>,
}

/// `month`'s calendar under `config`, with `today` marked; `None` for a month outside the
/// calendar's dates.
pub fn month(config: &Config, month: YearMonth, today: NaiveDate) -> Option<Month> {
    let first = month.first_day()?;
    let last = month.last_day()?;
    let start = first - Days::days(i64::from(first.weekday().num_days_from_monday()));
    let end = last + Days::days(i64::from(6 - last.weekday().num_days_from_monday()));
    let mut found = walk(config, first, last);
    let mut weeks = Vec::new();
    let mut week = Vec::with_capacity(7);
    for date in start.iter_days().take_while(|date| *date <= end) {
        let in_month = first <= date && date <= last;
        let (slots, more) = found
            .remove(&date)
            .map(|day| day.finish(config))
            .unwrap_or_default();
        week.push(Day {
            date,
            in_month,
            today: date == today,
            blackout: config
                .blackouts
                .iter()
                .position(|blackout| blackout.from <= date && date <= blackout.to),
            slots,
            more,
        });
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week).try_into().ok()?);
        }
    }
    Some(Month { month, weeks })
}

/// A day's slots as the walk finds them: each programme's first few, and a count of the rest.
#[derive(Default)]
struct Found {
    slots: Vec<(DateTime<Tz>, usize)>,
    more: More,
}

impl Found {
    /// The day's first slots in time order (configuration order at the same instant), with
    /// what dispatch would do with each, and how many more.
    fn finish(mut self, config: &Config) -> (Vec<DaySlot>, More) {
        self.slots.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        self.more.count += self.slots.len().saturating_sub(SHOWN_PER_DAY);
        self.slots.truncate(SHOWN_PER_DAY);
        let slots = self
            .slots
            .into_iter()
            .filter_map(|(at, index)| {
                let slot = Slot::of(config.programmes.get(index)?, at);
                Some(DaySlot {
                    at: at.time(),
                    programme: index,
                    missed: fate(config, slot),
                })
            })
            .collect();
        (slots, self.more)
    }
}

/// Every programme's slots from `first` to `last`, walked once per programme: a line that
/// never fires costs one search, and a day past [`COUNTED_PER_DAY`] slots of a programme is
/// left for the next.
fn walk(config: &Config, first: NaiveDate, last: NaiveDate) -> HashMap<NaiveDate, Found> {
    let zone = config.station.timezone;
    let mut found: HashMap<NaiveDate, Found> = HashMap::new();
    let Some(start) = midnight(zone, first) else {
        return found;
    };
    for (index, programme) in config.programmes.iter().enumerate() {
        // Occurrences are whole seconds: one second back lets a slot at midnight in.
        let mut cursor = start - Days::seconds(1);
        let mut counted = (first, 0);
        while let Some(at) = programme.schedule.next_after(&cursor) {
            let date = at.date_naive();
            if date > last {
                break;
            }
            if counted.0 != date {
                counted = (date, 0);
            }
            let day = found.entry(date).or_default();
            if counted.1 == COUNTED_PER_DAY {
                day.more.at_least = true;
                let next_day = date.succ_opt().and_then(|next| midnight(zone, next));
                cursor = next_day.map_or(at, |next| next - Days::seconds(1));
                continue;
            }
            counted.1 += 1;
            // Only a programme's earliest few can be among the day's first few.
            if counted.1 <= SHOWN_PER_DAY {
                day.slots.push((at, index));
            } else {
                day.more.count += 1;
            }
            cursor = at;
        }
    }
    found
}

/// What dispatch would do with `slot` at its own time: the reason it would be missed, if it
/// would (a blackout, the allowed hours).
fn fate(config: &Config, slot: Slot) -> Option<Reason> {
    let at = slot.at;
    let pending = Pending { slot, cause: None };
    match dispatch::decide(config, &at, &pending) {
        Decision::Miss { reason } => Some(reason),
        Decision::Air { .. } | Decision::Drop => None,
    }
}

fn midnight(zone: Tz, date: NaiveDate) -> Option<DateTime<Tz>> {
    zone.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .earliest()
}

#[cfg(test)]
#[path = "month_tests.rs"]
mod tests;
