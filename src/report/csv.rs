//! The CSV export: UTF-8 with a byte-order mark (so Excel on Windows shows Vietnamese
//! letters), headers in the export's language, one row per airing, written as the log is
//! read. It holds
//! a few thousand airings at most, and never lets a cell start like a formula. It is
//! handed out only when the log passes its check, since the file cannot say otherwise.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use chrono_tz::Tz;

use super::columns::{list_columns, Column, Row, Value, COLUMNS, RECEIVING_COLUMNS};
use super::rows::{needs_neutralising, push_decibels, push_seconds, push_time, push_u64};
use super::rows::{station_time, Titles, Words};
use super::{Failure, Source, Written};
use crate::ledger::Entry;
use crate::messages::report::Heading;
use crate::messages::{Lang, Say};

/// UTF-8's byte-order mark: without it Excel reads the file in the Windows code page.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Airings handed from the reading thread to the writing thread at a time, and how many
/// such batches may wait: this bounds the memory, whatever the size of the log.
const BATCH: usize = 256;
const BATCHES_IN_FLIGHT: usize = 4;

/// Reading the log and formatting the rows cost about the same, so they run on two
/// threads: the log is read here while another thread writes what was read before. Spent
/// batches go back to this thread to be dropped and refilled, so each thread frees what it
/// allocated (the allocator is slow at freeing another thread's memory).
///
/// The log's hash chain is walked alongside, as for the other formats: a CSV file cannot
/// say the log was changed, so the caller keeps it only when the chain holds.
pub(super) fn write(source: &Source<'_>, out: &mut (dyn Write + Send)) -> Result<Written, Failure> {
    let (airings, chain) = source.checked_alongside(|| write_all(source, out))?;
    Ok(Written {
        airings,
        chain: Some(chain),
    })
}

fn write_all(source: &Source<'_>, out: &mut (dyn Write + Send)) -> Result<u64, Failure> {
    let (titles, words, zone) = (&source.titles, &source.words, source.zone);
    let columns = list_columns(source.receiving);
    std::thread::scope(|scope| {
        let (sender, receiver) = sync_channel::<Vec<Entry>>(BATCHES_IN_FLIGHT);
        let (give_back, spent) = sync_channel::<Vec<Entry>>(BATCHES_IN_FLIGHT + 2);
        let writer = scope
            .spawn(move || write_rows(receiver, give_back, (titles, words, columns), zone, out));
        let mut batch = Vec::with_capacity(BATCH);
        let read = source.ledger.for_each_entry(&source.filter, |entry| {
            batch.push(entry);
            if batch.len() == BATCH {
                let mut next = spent.try_recv().unwrap_or_default();
                next.clear();
                let full = std::mem::replace(&mut batch, next);
                // The writer has stopped on an error: stop reading; its error is reported.
                if sender.send(full).is_err() {
                    return Err(Failure::Io(io::Error::other("the CSV writer stopped")));
                }
            }
            Ok::<(), Failure>(())
        });
        if read.is_ok() && !batch.is_empty() {
            let _ = sender.send(batch);
        }
        drop(sender);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(Failure::Io(io::Error::other("the CSV writer failed"))));
        // The writer's error comes first: it is the cause when both failed.
        let airings = written?;
        read?;
        Ok(airings)
    })
}

/// The header line of a CSV export in `lang` with `columns`.
pub(super) fn header(lang: Lang, columns: &[Column]) -> Vec<String> {
    columns.iter().map(|column| column.csv.say(lang)).collect()
}

/// The header lines every CSV export in `lang` starts with: of a period that received
/// nothing, and of one that did.
pub(super) fn headers(lang: Lang) -> [Vec<String>; 2] {
    [header(lang, &COLUMNS), header(lang, &RECEIVING_COLUMNS)]
}

/// The header line of exports written before the reason code column: `--force` still
/// knows them as wardcast's.
pub(super) fn header_before_codes(lang: Lang) -> Vec<String> {
    COLUMNS
        .iter()
        .filter(|column| column.csv != Heading::ReasonCode)
        .map(|column| column.csv.say(lang))
        .collect()
}

/// Writes the rows as they come; returns how many airings were among them.
fn write_rows(
    batches: Receiver<Vec<Entry>>,
    give_back: SyncSender<Vec<Entry>>,
    (titles, words, columns): (&Titles, &Words, &[Column]),
    zone: Tz,
    out: &mut (dyn Write + Send),
) -> Result<u64, Failure> {
    out.write_all(BOM)?;
    let mut writer = ::csv::WriterBuilder::new()
        // What Excel and RFC 4180 expect.
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(header(words.lang, columns))?;
    // Reused from row to row, so that a million rows cost no more allocation than one.
    let mut cells: Vec<String> = vec![String::new(); columns.len()];
    let (mut rows, mut airings) = (0u64, 0u64);
    for batch in batches {
        for entry in &batch {
            rows += 1;
            airings += u64::from(matches!(entry, Entry::Airing(_)));
            let row = Row {
                number: rows,
                entry,
                titles,
                words,
            };
            for (cell, column) in cells.iter_mut().zip(columns) {
                cell.clear();
                let value = (column.value)(&row);
                write_value(cell, value, words, zone);
                if value.is_text() && needs_neutralising(cell) {
                    cell.insert(0, '\'');
                }
            }
            writer.write_record(&cells)?;
        }
        // When the reader has enough spare batches, this one is simply dropped here.
        let _ = give_back.try_send(batch);
    }
    writer.flush()?;
    Ok(airings)
}

/// The text of one cell.
fn write_value(cell: &mut String, value: Value<'_>, words: &Words, zone: Tz) {
    match value {
        Value::Empty | Value::Decibels(None) => {}
        Value::Count(count) => push_u64(cell, count),
        Value::Id(id) => {
            let _ = write!(cell, "{id}");
        }
        Value::Text(text) | Value::Word(text) => cell.push_str(text),
        Value::Time(text) => match station_time(text, zone) {
            Some(at) => push_time(cell, &at),
            // Not a time this build can read: the log's own text is the evidence.
            None => cell.push_str(text),
        },
        Value::Seconds(seconds) => push_seconds(cell, seconds),
        Value::Decibels(Some(level)) => push_decibels(cell, level),
        Value::Silences(evidence) => words.push_silences(cell, evidence),
        Value::Gaps(gaps) => words.push_gaps(cell, gaps),
        Value::Delay(seconds) => push_seconds(cell, seconds),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_line_is_the_one_earlier_exports_start_with() {
        // `--force` knows an earlier export by this line: it must not drift.
        assert_eq!(
            header(Lang::Vi, &COLUMNS).join(","),
            "STT,Mã lần phát,Chương trình,Mã chương trình,Hình thức,Giờ theo lịch,Bắt đầu,\
             Kết thúc,File,SHA-256,Thời lượng file (giây),Đã phát (giây),Kết quả,Lý do,\
             Mã lý do,Mức RMS (dBFS),Đỉnh (dBFS),Khoảng lặng"
        );
        assert_eq!(header(Lang::En, &COLUMNS)[0], "No.");
        assert_eq!(header(Lang::En, &COLUMNS)[14], "Reason code");
        // A period that received anything has the same columns, then what was received.
        let receiving = header(Lang::Vi, &RECEIVING_COLUMNS);
        assert_eq!(receiving[..18], header(Lang::Vi, &COLUMNS)[..]);
        assert_eq!(
            receiving[18..].join(","),
            "Nguồn,Mục tải về (GUID hoặc địa chỉ),Đã nhận (byte),Đã nhận (giây),\
             Đoạn mất tín hiệu nguồn,Độ trễ lúc đầu (giây),Độ trễ lúc cuối (giây)"
        );
        // Exports from before the reason code column are still known by theirs.
        assert_eq!(
            header_before_codes(Lang::Vi).join(","),
            "STT,Mã lần phát,Chương trình,Mã chương trình,Hình thức,Giờ theo lịch,Bắt đầu,\
             Kết thúc,File,SHA-256,Thời lượng file (giây),Đã phát (giây),Kết quả,Lý do,\
             Mức RMS (dBFS),Đỉnh (dBFS),Khoảng lặng"
        );
    }
}
