//! The list's columns, declared once: each column's headings, its width on the sheet, and
//! how its value is taken from an airing, a recording or a download; and which columns a
//! period's list has (those of a period that received nothing are what they always were).
//! The CSV writes every column as text, the workbook as typed cells, the page groups a few
//! of them into one cell; each writes a [`Value`] the way its format shows that kind of
//! value.

use crate::ledger::{Airing, Entry, Outcome, ReceivedOutcome, Reception};
use crate::messages::report::Heading;
use crate::sound::{Gap, RelayEvidence, SoundEvidence};

use super::rows::{file_name, Titles, Words};

/// One entry of the list (an airing, a recording or a download) as a row.
pub(crate) struct Row<'a> {
    /// Its place in the list, counted from 1.
    pub(crate) number: u64,
    pub(crate) entry: &'a Entry,
    pub(crate) titles: &'a Titles,
    pub(crate) words: &'a Words,
}

impl<'a> Row<'a> {
    /// Whether the airing did not play to its end, or the recording or download did not
    /// come in whole: shown in red.
    pub(crate) fn trouble(&self) -> bool {
        match self.entry {
            Entry::Airing(airing) => airing.outcome != Some(Outcome::Aired),
            Entry::Received(reception) => reception.outcome != Some(ReceivedOutcome::Complete),
        }
    }

    fn airing(&self) -> Option<&'a Airing> {
        match self.entry {
            Entry::Airing(airing) => Some(airing),
            Entry::Received(_) => None,
        }
    }

    fn reception(&self) -> Option<&'a Reception> {
        match self.entry {
            Entry::Airing(_) => None,
            Entry::Received(reception) => Some(reception),
        }
    }

    /// What a relayed airing received from its source.
    fn relay(&self) -> Option<&'a RelayEvidence> {
        self.airing()?.evidence.as_ref()?.relay.as_ref()
    }

    fn programme(&self) -> &'a str {
        match self.entry {
            Entry::Airing(airing) => &airing.programme,
            Entry::Received(reception) => &reception.into,
        }
    }

    /// A column the airing and the reception share.
    fn either<T: ?Sized>(
        &self,
        airing: impl FnOnce(&'a Airing) -> &'a T,
        reception: impl FnOnce(&'a Reception) -> &'a T,
    ) -> &'a T {
        match self.entry {
            Entry::Airing(one) => airing(one),
            Entry::Received(one) => reception(one),
        }
    }
}

/// What a column holds for one entry.
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
    /// The stretches without sound from a source, with why.
    Gaps(&'a [Gap]),
    /// A delay behind the source, in seconds: a plain number, not a duration.
    Delay(f64),
}

impl Value<'_> {
    /// Whether a spreadsheet could take the cell for a formula: anything but a number.
    pub(crate) fn is_text(&self) -> bool {
        !matches!(
            self,
            Value::Empty
                | Value::Count(_)
                | Value::Id(_)
                | Value::Seconds(_)
                | Value::Decibels(_)
                | Value::Delay(_)
        )
    }
}

/// One column of the list.
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
    /// Shown in red on the sheet and the page when the entry is in trouble.
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
pub(crate) const AIRING_ID: Column = column(Heading::AiringId, 10.0, |row| {
    Value::Id(match row.entry {
        Entry::Airing(airing) => airing.airing,
        Entry::Received(reception) => reception.record,
    })
});
pub(crate) const TITLE: Column = measured(column(Heading::Programme, 24.0, |row| {
    Value::Text(row.titles.of(row.programme()))
}));
pub(crate) const PROGRAMME_ID: Column = column(Heading::ProgrammeId, 16.0, |row| {
    Value::Text(row.programme())
});
pub(crate) const TRIGGER: Column = column(Heading::Trigger, 11.0, |row| {
    Value::Word(row.words.trigger(match row.entry {
        Entry::Airing(airing) => airing.trigger,
        Entry::Received(reception) => reception.trigger,
    }))
});
pub(crate) const SCHEDULED: Column = column(Heading::Scheduled, 19.0, |row| {
    time(row.either(|a| &a.scheduled_at, |r| &r.scheduled_at))
});
pub(crate) const STARTED: Column = column(Heading::Started, 19.0, |row| {
    row.airing()
        .map_or(Value::Empty, |airing| time(&airing.started_at))
});
/// A reception ends when its file is in the folder (or it is given up).
pub(crate) const ENDED: Column = column(Heading::Ended, 19.0, |row| match row.entry {
    Entry::Airing(airing) => time(&airing.ended_at),
    Entry::Received(reception) => Value::Time(&reception.at),
});
pub(crate) const FILE: Column = measured(column(Heading::File, 24.0, |row| {
    row.either(|a| &a.file, |r| &r.file)
        .as_deref()
        .map_or(Value::Empty, |path| Value::Text(file_name(path)))
}));
pub(crate) const SHA256: Column = column(Heading::Sha256, 66.0, |row| {
    text(row.either(|a| &a.sha256, |r| &r.sha256))
});
pub(crate) const FILE_LENGTH: Column = Column {
    sheet: Heading::FileLength,
    ..column(Heading::FileSeconds, 11.0, |row| {
        seconds(*row.either(|a| &a.duration_seconds, |r| &r.duration_seconds))
    })
};
pub(crate) const PLAYED: Column = Column {
    sheet: Heading::PlayedLength,
    ..column(Heading::PlayedSeconds, 11.0, |row| {
        seconds(row.airing().and_then(|airing| airing.played_seconds))
    })
};
pub(crate) const OUTCOME: Column = Column {
    marks_trouble: true,
    ..column(Heading::Outcome, 11.0, |row| match row.entry {
        Entry::Airing(airing) => Value::Word(row.words.outcome(airing.outcome)),
        Entry::Received(reception) => reception.outcome.map_or(Value::Empty, |outcome| {
            Value::Word(row.words.received(outcome))
        }),
    })
};
pub(crate) const REASON: Column = measured(column(Heading::Reason, 24.0, |row| {
    text(row.either(|a| &a.reason, |r| &r.reason))
}));
/// Read from the log, so shown as outside text: a changed log may hold anything there.
pub(crate) const REASON_CODE: Column = measured(column(Heading::ReasonCode, 12.0, |row| {
    text(row.either(|a| &a.reason_code, |r| &r.reason_code))
}));
pub(crate) const RMS: Column = column(Heading::Rms, 10.0, |row| {
    sound(row).map_or(Value::Empty, |evidence| Value::Decibels(evidence.rms_dbfs))
});
pub(crate) const PEAK: Column = column(Heading::Peak, 10.0, |row| {
    sound(row).map_or(Value::Empty, |evidence| Value::Decibels(evidence.peak_dbfs))
});
pub(crate) const SILENCES: Column = measured(column(Heading::Silences, 16.0, |row| {
    sound(row).map_or(Value::Empty, Value::Silences)
}));

fn sound<'a>(row: &Row<'a>) -> Option<&'a SoundEvidence> {
    row.airing()?.evidence.as_ref()
}

/// What a reception received.
fn received<'a>(row: &Row<'a>) -> Option<&'a crate::sound::ReceivedEvidence> {
    row.reception()?.evidence.as_ref()
}

pub(crate) const SOURCE: Column = measured(column(Heading::Source, 14.0, |row| {
    match (row.relay(), row.reception()) {
        (Some(relay), _) => Value::Text(&relay.source),
        (None, Some(reception)) => text(&reception.source),
        (None, None) => Value::Empty,
    }
}));
pub(crate) const ITEM: Column = measured(column(Heading::Item, 16.0, |row| {
    row.reception()
        .map_or(Value::Empty, |reception| text(&reception.item_key))
}));
pub(crate) const BYTES_RECEIVED: Column = column(Heading::BytesReceived, 14.0, |row| {
    match (row.relay(), received(row)) {
        (Some(relay), _) => Value::Count(relay.bytes),
        (None, Some(evidence)) => Value::Count(evidence.bytes),
        (None, None) => Value::Empty,
    }
});
pub(crate) const SECONDS_RECEIVED: Column = Column {
    sheet: Heading::ReceivedLength,
    ..column(Heading::SecondsReceived, 11.0, |row| {
        match (row.relay(), received(row)) {
            (Some(relay), _) => Value::Seconds(relay.seconds_received),
            (None, Some(evidence)) => seconds(evidence.seconds_received),
            (None, None) => Value::Empty,
        }
    })
};
/// A relay's gaps, and a recording's; a download has none to tell.
pub(crate) const GAPS: Column = measured(column(Heading::Gaps, 16.0, |row| {
    match (row.relay(), received(row)) {
        (Some(relay), _) => Value::Gaps(&relay.gaps),
        (None, Some(evidence)) if evidence.seconds_received.is_some() => {
            Value::Gaps(&evidence.gaps)
        }
        _ => Value::Empty,
    }
}));
pub(crate) const DELAY_START: Column = column(Heading::DelayStart, 10.0, |row| {
    row.relay().map_or(Value::Empty, |relay| {
        Value::Delay(relay.delay_start_seconds)
    })
});
pub(crate) const DELAY_END: Column = column(Heading::DelayEnd, 10.0, |row| {
    row.relay()
        .map_or(Value::Empty, |relay| Value::Delay(relay.delay_end_seconds))
});

/// The list of the CSV and the sheet, in order: what every export has had.
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

/// The list of a period that received anything (a relayed airing, a recording, a
/// download): every column of [`COLUMNS`], in place, then what was received.
pub(crate) const RECEIVING_COLUMNS: [Column; 25] = [
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
    SOURCE,
    ITEM,
    BYTES_RECEIVED,
    SECONDS_RECEIVED,
    GAPS,
    DELAY_START,
    DELAY_END,
];

/// The columns of the list: a period without anything received is listed exactly as
/// every export before receiving listed it.
pub(crate) fn list_columns(receiving: bool) -> &'static [Column] {
    match receiving {
        true => &RECEIVING_COLUMNS,
        false => &COLUMNS,
    }
}

/// How the page shows one or more columns in one cell.
#[derive(Clone, Copy)]
pub(crate) enum PageCell {
    One(Column),
    /// The first over the second, which is set in the small hash type (a file over its
    /// hash, a reason over its code).
    OverHash(Column, Column),
    /// `first / second`, when either is there.
    Pair(Column, Column),
    /// Each column that has a value on a line of its own, after its heading.
    Labelled(&'static [Column]),
}

/// The list of the page, in order: narrower than the sheet's, to fit A4.
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

/// What the page's last cell shows of a period that received anything.
const RECEPTION: [Column; 7] = [
    SOURCE,
    ITEM,
    BYTES_RECEIVED,
    SECONDS_RECEIVED,
    GAPS,
    DELAY_START,
    DELAY_END,
];

/// The page's list of a period that received anything: [`PAGE_COLUMNS`], then a cell of
/// what was received.
pub(crate) const PAGE_RECEIVING_COLUMNS: [(Heading, PageCell); 13] = [
    PAGE_COLUMNS[0],
    PAGE_COLUMNS[1],
    PAGE_COLUMNS[2],
    PAGE_COLUMNS[3],
    PAGE_COLUMNS[4],
    PAGE_COLUMNS[5],
    PAGE_COLUMNS[6],
    PAGE_COLUMNS[7],
    PAGE_COLUMNS[8],
    PAGE_COLUMNS[9],
    PAGE_COLUMNS[10],
    PAGE_COLUMNS[11],
    (Heading::Reception, PageCell::Labelled(&RECEPTION)),
];

/// The page's columns, as [`list_columns`] chooses.
pub(crate) fn page_columns(receiving: bool) -> &'static [(Heading, PageCell)] {
    match receiving {
        true => &PAGE_RECEIVING_COLUMNS,
        false => &PAGE_COLUMNS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Reception, Trigger};
    use crate::messages::Lang;
    use crate::sound::{GapCause, ReceivedEvidence};

    fn download(outcome: Option<ReceivedOutcome>) -> Entry {
        Entry::Received(Reception {
            record: 12,
            into: "pci".into(),
            trigger: Trigger::Download,
            source: Some("https://radio.example/feed.xml".into()),
            item_key: Some("guid-1".into()),
            scheduled_at: None,
            at: "2026-01-18T08:00:09.000+07:00".into(),
            file: Some("/audio/pci/PCI.mp3".into()),
            sha256: Some("bb".into()),
            duration_seconds: Some(600.0),
            outcome,
            reason: None,
            reason_code: None,
            reason_params: None,
            evidence: Some(ReceivedEvidence {
                bytes: 9_600_000,
                gaps: vec![Gap {
                    offset_seconds: 1.0,
                    length_seconds: 1.0,
                    cause: GapCause::Stall,
                }],
                ..ReceivedEvidence::default()
            }),
        })
    }

    #[test]
    fn a_reception_fills_the_columns_it_has_and_is_red_unless_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("audio")).expect("audio");
        let config = crate::config::Config::parse(
            &dir.path().join("wardcast.toml"),
            "[station]\nname = \"Đài\"\n[paths]\naudio = \"audio\"\ndata = \"data\"\n",
        )
        .expect("a configuration without programmes");
        let titles = Titles::new(&config, Lang::En);
        let words = Words::new(Lang::En);
        let entry = download(Some(ReceivedOutcome::Complete));
        let row = Row {
            number: 3,
            entry: &entry,
            titles: &titles,
            words: &words,
        };
        let value = |column: Column| (column.value)(&row);
        assert!(!row.trouble());
        assert_eq!(value(AIRING_ID), Value::Id(12));
        assert_eq!(value(PROGRAMME_ID), Value::Text("pci"));
        assert_eq!(value(TRIGGER), Value::Word("download"));
        assert_eq!(value(STARTED), Value::Empty);
        assert_eq!(value(ENDED), Value::Time("2026-01-18T08:00:09.000+07:00"));
        assert_eq!(value(FILE), Value::Text("PCI.mp3"));
        assert_eq!(value(FILE_LENGTH), Value::Seconds(600.0));
        assert_eq!(value(PLAYED), Value::Empty);
        assert_eq!(value(OUTCOME), Value::Word("complete"));
        assert_eq!(value(SILENCES), Value::Empty);
        assert_eq!(value(SOURCE), Value::Text("https://radio.example/feed.xml"));
        assert_eq!(value(ITEM), Value::Text("guid-1"));
        assert_eq!(value(BYTES_RECEIVED), Value::Count(9_600_000));
        assert_eq!(value(SECONDS_RECEIVED), Value::Empty);
        assert_eq!(value(GAPS), Value::Empty, "a download has no gaps to tell");
        assert_eq!(value(DELAY_START), Value::Empty);
        for outcome in [
            Some(ReceivedOutcome::Partial),
            Some(ReceivedOutcome::Failed),
            None,
        ] {
            let entry = download(outcome);
            let row = Row {
                number: 3,
                entry: &entry,
                titles: &titles,
                words: &words,
            };
            assert!(row.trouble(), "{outcome:?}");
        }
    }

    #[test]
    fn a_period_that_received_nothing_has_the_columns_it_always_had() {
        assert_eq!(list_columns(false).len(), 18);
        assert_eq!(page_columns(false).len(), 12);
        let receiving = list_columns(true);
        for (plain, same) in COLUMNS.iter().zip(receiving) {
            assert_eq!(plain.csv, same.csv);
        }
        assert_eq!(receiving.len(), 25);
        let page = page_columns(true);
        for ((plain, _), (same, _)) in PAGE_COLUMNS.iter().zip(page) {
            assert_eq!(plain, same);
        }
        assert_eq!(page[12].0, Heading::Reception);
    }
}
