//! The airing list's columns, declared once: each column's headings, its width on the
//! sheet, and how its value is taken from an airing. The CSV writes every column as text,
//! the workbook as typed cells, the page groups a few of them into one cell; each writes a
//! [`Value`] the way its format shows that kind of value.

use crate::ledger::{Airing, Outcome};
use crate::messages::report::Heading;
use crate::sound::SoundEvidence;

use super::rows::{file_name, Titles, Words};

/// One airing as a row of the list.
pub(crate) struct Row<'a> {
    /// Its place in the list, counted from 1.
    pub(crate) number: u64,
    pub(crate) airing: &'a Airing,
    pub(crate) titles: &'a Titles,
    pub(crate) words: &'a Words,
}

impl Row<'_> {
    /// Whether the airing did not play to its end: shown in red.
    pub(crate) fn trouble(&self) -> bool {
        self.airing.outcome != Some(Outcome::Aired)
    }
}

/// What a column holds for one airing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value<'a> {
    /// Nothing logged.
    Empty,
    Count(u64),
    Id(i64),
    /// Text from outside wardcast (names, hashes, reasons): escaped on the page, cut to what
    /// a cell holds, kept from being read as a formula.
    Text(&'a str),
    /// wardcast's own words.
    Word(&'a str),
    /// A logged instant, shown in station time when it can be read.
    Time(&'a str),
    Seconds(f64),
    /// A level in dBFS; `None` when the airing was measured but has no level.
    Decibels(Option<f64>),
    Silences(&'a SoundEvidence),
}

impl Value<'_> {
    /// Whether a spreadsheet could take the cell for a formula: anything but a number.
    pub(crate) fn is_text(&self) -> bool {
        !matches!(
            self,
            Value::Empty | Value::Count(_) | Value::Id(_) | Value::Seconds(_) | Value::Decibels(_)
        )
    }
}

/// One column of the airing list.
#[derive(Clone, Copy)]
pub(crate) struct Column {
    /// The CSV's heading (lengths in seconds).
    pub(crate) csv: Heading,
    /// The sheet's heading (lengths as durations).
    pub(crate) sheet: Heading,
    /// Width on the sheet, in characters; the least width when `measured`.
    pub(crate) width: f64,
    /// Widened on the sheet to its longest text, since names and reasons vary.
    pub(crate) measured: bool,
    /// Shown in red on the sheet and the page when the airing did not air in full.
    pub(crate) marks_trouble: bool,
    pub(crate) value: for<'a> fn(&Row<'a>) -> Value<'a>,
}

const fn column(heading: Heading, width: f64, value: for<'a> fn(&Row<'a>) -> Value<'a>) -> Column {
    Column {
        csv: heading,
        sheet: heading,
        width,
        measured: false,
        marks_trouble: false,
        value,
    }
}

const fn measured(column: Column) -> Column {
    Column {
        measured: true,
        ..column
    }
}

fn text(text: &Option<String>) -> Value<'_> {
    text.as_deref().map_or(Value::Empty, Value::Text)
}

fn time(text: &Option<String>) -> Value<'_> {
    text.as_deref().map_or(Value::Empty, Value::Time)
}

fn seconds(seconds: Option<f64>) -> Value<'static> {
    seconds.map_or(Value::Empty, Value::Seconds)
}

pub(crate) const NUMBER: Column = column(Heading::Number, 8.0, |row| Value::Count(row.number));
pub(crate) const AIRING_ID: Column =
    column(Heading::AiringId, 10.0, |row| Value::Id(row.airing.airing));
pub(crate) const TITLE: Column = measured(column(Heading::Programme, 24.0, |row| {
    Value::Text(row.titles.of(&row.airing.programme))
}));
pub(crate) const PROGRAMME_ID: Column = column(Heading::ProgrammeId, 16.0, |row| {
    Value::Text(&row.airing.programme)
});
pub(crate) const TRIGGER: Column = column(Heading::Trigger, 11.0, |row| {
    Value::Word(row.words.trigger(row.airing.trigger))
});
pub(crate) const SCHEDULED: Column = column(Heading::Scheduled, 19.0, |row| {
    time(&row.airing.scheduled_at)
});
pub(crate) const STARTED: Column =
    column(Heading::Started, 19.0, |row| time(&row.airing.started_at));
pub(crate) const ENDED: Column = column(Heading::Ended, 19.0, |row| time(&row.airing.ended_at));
pub(crate) const FILE: Column = measured(column(Heading::File, 24.0, |row| {
    row.airing
        .file
        .as_deref()
        .map_or(Value::Empty, |path| Value::Text(file_name(path)))
}));
pub(crate) const SHA256: Column = column(Heading::Sha256, 66.0, |row| text(&row.airing.sha256));
pub(crate) const FILE_LENGTH: Column = Column {
    sheet: Heading::FileLength,
    ..column(Heading::FileSeconds, 11.0, |row| {
        seconds(row.airing.duration_seconds)
    })
};
pub(crate) const PLAYED: Column = Column {
    sheet: Heading::PlayedLength,
    ..column(Heading::PlayedSeconds, 11.0, |row| {
        seconds(row.airing.played_seconds)
    })
};
pub(crate) const OUTCOME: Column = Column {
    marks_trouble: true,
    ..column(Heading::Outcome, 11.0, |row| {
        Value::Word(row.words.outcome(row.airing.outcome))
    })
};
pub(crate) const REASON: Column = measured(column(Heading::Reason, 24.0, |row| {
    text(&row.airing.reason)
}));
/// Read from the log, so shown as outside text: a changed log may hold anything there.
pub(crate) const REASON_CODE: Column = measured(column(Heading::ReasonCode, 12.0, |row| {
    text(&row.airing.reason_code)
}));
pub(crate) const RMS: Column = column(Heading::Rms, 10.0, |row| {
    row.airing
        .evidence
        .as_ref()
        .map_or(Value::Empty, |evidence| Value::Decibels(evidence.rms_dbfs))
});
pub(crate) const PEAK: Column = column(Heading::Peak, 10.0, |row| {
    row.airing
        .evidence
        .as_ref()
        .map_or(Value::Empty, |evidence| Value::Decibels(evidence.peak_dbfs))
});
pub(crate) const SILENCES: Column = measured(column(Heading::Silences, 16.0, |row| {
    row.airing
        .evidence
        .as_ref()
        .map_or(Value::Empty, Value::Silences)
}));

/// The airing list of the CSV and the sheet, in order.
pub(crate) const COLUMNS: [Column; 18] = [
    NUMBER,
    AIRING_ID,
    TITLE,
    PROGRAMME_ID,
    TRIGGER,
    SCHEDULED,
    STARTED,
    ENDED,
    FILE,
    SHA256,
    FILE_LENGTH,
    PLAYED,
    OUTCOME,
    REASON,
    REASON_CODE,
    RMS,
    PEAK,
    SILENCES,
];

/// How the page shows one or two columns in one cell.
#[derive(Clone, Copy)]
pub(crate) enum PageCell {
    One(Column),
    /// The first over the second, which is set in the small hash type (a file over its
    /// hash, a reason over its code).
    OverHash(Column, Column),
    /// `first / second`, when either is there.
    Pair(Column, Column),
}

/// The airing list of the page, in order: narrower than the sheet's, to fit A4.
pub(crate) const PAGE_COLUMNS: [(Heading, PageCell); 12] = [
    (Heading::Number, PageCell::One(NUMBER)),
    (Heading::Programme, PageCell::One(TITLE)),
    (Heading::Trigger, PageCell::One(TRIGGER)),
    (Heading::Scheduled, PageCell::One(SCHEDULED)),
    (Heading::Started, PageCell::One(STARTED)),
    (Heading::Ended, PageCell::One(ENDED)),
    (Heading::FileAndHash, PageCell::OverHash(FILE, SHA256)),
    (Heading::Lengths, PageCell::Pair(FILE_LENGTH, PLAYED)),
    (Heading::Outcome, PageCell::One(OUTCOME)),
    (
        Heading::ReasonAndCode,
        PageCell::OverHash(REASON, REASON_CODE),
    ),
    (Heading::Levels, PageCell::Pair(RMS, PEAK)),
    (Heading::Silences, PageCell::One(SILENCES)),
];
