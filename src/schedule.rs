//! When airings are due: crontab lines and their occurrences in the station time zone.
//! Pure: every function takes the moment to count from; nothing here reads a clock,
//! a file or the log.

use std::fmt;

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds};
use croner::Cron;

use crate::ids::ProgrammeId;
use crate::messages::schedule::CronWords;
use crate::messages::{Lang, Say};

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
    pub fn describe(&self, lang: Lang) -> String {
        CronWords(&self.cron).say(lang)
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

/// A programme's crontab lines together: it fires whenever any one of them does.
#[derive(Debug, Clone)]
pub struct Schedule {
    lines: Vec<CronLine>,
}

impl Schedule {
    pub fn new(lines: Vec<CronLine>) -> Schedule {
        Schedule { lines }
    }

    pub fn lines(&self) -> &[CronLine] {
        &self.lines
    }

    pub fn iter(&self) -> std::slice::Iter<'_, CronLine> {
        self.lines.iter()
    }

    /// When the programme fires next, strictly after `after`: the earliest next time of its
    /// lines. Every "when does this programme air next" question is answered here.
    pub fn next_after(&self, after: &DateTime<Tz>) -> Option<DateTime<Tz>> {
        self.lines
            .iter()
            .filter_map(|line| line.next_after(after))
            .min()
    }
}

/// Anything with a schedule: the configuration's programmes. The slot functions below
/// take a list of them and name a slot's programme by its id.
pub trait Scheduled {
    fn id(&self) -> &str;
    fn schedule(&self) -> &Schedule;
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
    pub fn of(programme: &impl Scheduled, at: DateTime<Tz>) -> Slot {
        Slot {
            programme: ProgrammeId::new(programme.id()),
            at,
        }
    }

    /// The slot's programme in `programmes`, if it is still configured.
    pub fn programme_in<'a, P: Scheduled>(&self, programmes: &'a [P]) -> Option<&'a P> {
        programmes
            .iter()
            .find(|programme| self.programme == *programme.id())
    }

    /// Where the slot's programme stands in `programmes`, if it is still configured.
    pub fn programme_index(&self, programmes: &[impl Scheduled]) -> Option<usize> {
        programmes
            .iter()
            .position(|programme| self.programme == *programme.id())
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

impl YearMonth {
    /// Reads `YYYY-MM`, a month of wardcast's calendar.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let found = YearMonth {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
        };
        let inside = (FIRST_YEAR..=LAST_YEAR).contains(&found.year);
        (inside && (1..=12).contains(&found.month)).then_some(found)
    }

    /// The month `at` falls in.
    pub fn of(at: chrono::NaiveDate) -> YearMonth {
        YearMonth {
            year: at.year(),
            month: at.month(),
        }
    }

    pub fn first_day(self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    pub fn last_day(self) -> Option<chrono::NaiveDate> {
        self.following().first_day()?.pred_opt()
    }

    /// The month after, within wardcast's calendar.
    pub fn next(self) -> Option<YearMonth> {
        Some(self.following()).filter(|next| next.year <= LAST_YEAR)
    }

    fn following(self) -> YearMonth {
        if self.month >= 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before, within wardcast's calendar.
    pub fn previous(self) -> Option<YearMonth> {
        let previous = if self.month <= 1 {
            YearMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        };
        (previous.year >= FIRST_YEAR).then_some(previous)
    }
}

/// The earliest slot of any programme strictly after `after`, in the station time zone.
///
/// Slots at the same instant come in configuration order, so the same config and clock
/// always give the same answer.
pub fn next_slot(programmes: &[impl Scheduled], after: &DateTime<Tz>) -> Option<Slot> {
    programmes
        .iter()
        .enumerate()
        .filter_map(|(index, programme)| {
            programme.schedule().next_after(after).map(|at| (index, at))
        })
        .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
        .and_then(|(index, at)| Some(Slot::of(programmes.get(index)?, at)))
}

/// The next `count` slots of all programmes strictly after `after`, in time order.
pub fn upcoming(programmes: &[impl Scheduled], after: &DateTime<Tz>, count: usize) -> Vec<Slot> {
    let mut slots = Vec::with_capacity(count);
    let mut cursor = *after;
    // Two programmes may share an instant; both are due, so walk each instant fully.
    while slots.len() < count {
        let Some(first) = next_slot(programmes, &cursor) else {
            break;
        };
        let instant = first.at;
        for programme in programmes {
            let due = programme.schedule().next_after(&cursor) == Some(instant);
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
    programmes: &[impl Scheduled],
    after: &DateTime<Tz>,
    until: &DateTime<Tz>,
) -> Vec<Slot> {
    let mut slots: Vec<(usize, DateTime<Tz>)> = Vec::new();
    for (index, programme) in programmes.iter().enumerate() {
        let mut cursor = *after;
        while let Some(at) = programme.schedule().next_after(&cursor) {
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
mod tests;
