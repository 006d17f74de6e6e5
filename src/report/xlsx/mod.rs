//! The Excel export: a summary sheet ("Tổng hợp") with the report's figures and an airing
//! sheet ("Nhật ký phát sóng") with one row per airing, times and durations as real Excel
//! values. The airing sheet is written in constant-memory mode: one row is held, the rest
//! goes to a temporary file beside the output, so a log of any size fits in the same memory.

mod summary;

use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::columns::{Column, Row, Value, RECEIVING_COLUMNS};
use super::rows::station_time;
use super::{Failure, Source, SummaryBuilder, Written};
use crate::ledger::Entry;
use crate::messages::report::SheetWords;
use crate::messages::Say;

/// Excel's last row is 1,048,576 and the first holds the headers; a longer log goes on
/// into "Nhật ký phát sóng (2)".
const AIRINGS_PER_SHEET: u32 = 1_048_575;
/// Excel's limit for the text of one cell, in characters.
const MAX_CELL_CHARS: usize = 32_767;
/// A4 in Excel's paper numbering.
const PAPER_A4: u8 = 9;

/// The widest a measured column is made, in characters.
const MAX_WIDTH: usize = 80;

struct Formats {
    header: Format,
    datetime: Format,
    date: Format,
    duration: Format,
    decibels: Format,
    delay: Format,
    count: Format,
    minutes: Format,
    percent: Format,
    trouble: Format,
    title: Format,
    bold: Format,
    total: Format,
    total_minutes: Format,
    wrap: Format,
    trouble_wrap: Format,
    hash: Format,
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin);
        Formats {
            header,
            datetime: Format::new().set_num_format("dd/mm/yyyy hh:mm:ss"),
            date: Format::new()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Left),
            duration: Format::new().set_num_format("[h]:mm:ss"),
            decibels: Format::new().set_num_format("0.0"),
            delay: Format::new().set_num_format("0.000"),
            count: Format::new().set_num_format("#,##0"),
            minutes: Format::new().set_num_format("#,##0.0"),
            percent: Format::new().set_num_format("0%"),
            trouble: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0xC00000)),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            total: Format::new()
                .set_bold()
                .set_num_format("#,##0")
                .set_border_top(FormatBorder::Thin),
            total_minutes: Format::new()
                .set_bold()
                .set_num_format("#,##0.0")
                .set_border_top(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            trouble_wrap: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0xC00000))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            hash: Format::new().set_font_name("Consolas"),
        }
    }
}

/// Excel's serial date: days since 30/12/1899, the time as the fraction of a day.
fn excel_serial(at: &NaiveDateTime) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    (*at - epoch).num_milliseconds() as f64 / 86_400_000.0
}

/// Text cut to what one Excel cell holds, so one overlong reason cannot fail the export.
fn cell_text(text: &str) -> &str {
    if text.len() <= MAX_CELL_CHARS {
        return text;
    }
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

fn log_sheet(
    workbook: &mut Workbook,
    number: usize,
    source: &Source<'_>,
    formats: &Formats,
) -> Result<Worksheet, Failure> {
    let lang = source.lang();
    let name = SheetWords::LogSheet.say(lang);
    let mut sheet = workbook.new_worksheet_with_constant_memory();
    if number == 1 {
        sheet.set_name(name)?;
    } else {
        sheet.set_name(format!("{name} ({number})"))?;
    }
    for (index, column) in source.columns().iter().enumerate() {
        let index = index as u16;
        sheet.write_string_with_format(0, index, column.sheet.say(lang), &formats.header)?;
        sheet.set_column_width(index, column.width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_paper_size(PAPER_A4);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    Ok(sheet)
}

/// The widest text seen in each measured column, in characters.
#[derive(Default)]
struct Widths([usize; RECEIVING_COLUMNS.len()]);

impl Widths {
    fn see(&mut self, column: usize, text: &str) {
        let chars = text.chars().count();
        if let Some(widest) = self.0.get_mut(column) {
            *widest = chars.max(*widest);
        }
    }

    fn apply(&self, sheet: &mut Worksheet, columns: &[Column], rows: u32) -> Result<(), Failure> {
        for (index, column) in columns.iter().enumerate() {
            if column.measured {
                let fitted = (self.0[index] + 2).min(MAX_WIDTH) as f64;
                sheet.set_column_width(index as u16, fitted.max(column.width))?;
            }
        }
        sheet.autofilter(0, 0, rows, (columns.len() - 1) as u16)?;
        Ok(())
    }
}

/// Writes a value that is not text as Excel's own kind of value: a number, a date, a
/// duration, a level.
fn write_typed(
    sheet: &mut Worksheet,
    (row, column): (u32, u16),
    value: Value<'_>,
    source: &Source<'_>,
    formats: &Formats,
) -> Result<(), Failure> {
    match value {
        Value::Count(count) => sheet.write_number(row, column, count as f64)?,
        Value::Id(id) => sheet.write_number(row, column, id as f64)?,
        Value::Time(text) => match station_time(text, source.zone) {
            Some(at) => {
                let serial = excel_serial(&at);
                sheet.write_number_with_format(row, column, serial, &formats.datetime)?
            }
            // Not a time this build can read: the log's own text is the evidence.
            None => sheet.write_string(row, column, cell_text(text))?,
        },
        Value::Seconds(seconds) => {
            let days = seconds / 86_400.0;
            sheet.write_number_with_format(row, column, days, &formats.duration)?
        }
        Value::Decibels(Some(level)) => {
            sheet.write_number_with_format(row, column, level, &formats.decibels)?
        }
        Value::Delay(seconds) => {
            sheet.write_number_with_format(row, column, seconds, &formats.delay)?
        }
        Value::Empty
        | Value::Decibels(None)
        | Value::Text(_)
        | Value::Word(_)
        | Value::Silences(_)
        | Value::Gaps(_) => return Ok(()),
    };
    Ok(())
}

/// The airing sheets as they fill: full ones, and the one being written.
struct AiringSheets {
    columns: &'static [Column],
    full: Vec<Worksheet>,
    current: Worksheet,
    row: u32,
    widths: Widths,
    /// Reused for each airing's silences.
    silences: String,
}

impl AiringSheets {
    fn new(
        workbook: &mut Workbook,
        source: &Source<'_>,
        formats: &Formats,
    ) -> Result<AiringSheets, Failure> {
        Ok(AiringSheets {
            columns: source.columns(),
            full: Vec::new(),
            current: log_sheet(workbook, 1, source, formats)?,
            row: 0,
            widths: Widths::default(),
            silences: String::new(),
        })
    }

    /// Writes the `number`th entry of the period on the next row.
    fn add(
        &mut self,
        workbook: &mut Workbook,
        number: u64,
        entry: &Entry,
        source: &Source<'_>,
        formats: &Formats,
    ) -> Result<(), Failure> {
        if self.row == AIRINGS_PER_SHEET {
            self.widths
                .apply(&mut self.current, self.columns, self.row)?;
            let next = log_sheet(workbook, self.full.len() + 2, source, formats)?;
            self.full.push(std::mem::replace(&mut self.current, next));
            self.widths = Widths::default();
            self.row = 0;
        }
        self.row += 1;
        let row = Row {
            number,
            entry,
            titles: &source.titles,
            words: &source.words,
        };
        for (index, column) in self.columns.iter().enumerate() {
            let value = (column.value)(&row);
            self.write_cell(index, column, value, &row, source, formats)?;
        }
        Ok(())
    }

    /// Writes one cell of the current row as the kind of value it holds.
    fn write_cell(
        &mut self,
        index: usize,
        column: &Column,
        value: Value<'_>,
        row: &Row<'_>,
        source: &Source<'_>,
        formats: &Formats,
    ) -> Result<(), Failure> {
        let (sheet, at, cell) = (&mut self.current, self.row, index as u16);
        let text = match value {
            Value::Text(text) | Value::Word(text) => text,
            Value::Silences(evidence) => {
                self.silences.clear();
                row.words.push_silences(&mut self.silences, evidence);
                self.silences.as_str()
            }
            Value::Gaps(gaps) => {
                self.silences.clear();
                row.words.push_gaps(&mut self.silences, gaps);
                self.silences.as_str()
            }
            other => return write_typed(sheet, (at, cell), other, source, formats),
        };
        if column.measured {
            self.widths.see(index, text);
        }
        let sheet = &mut self.current;
        if column.marks_trouble && row.trouble() {
            sheet.write_string_with_format(at, cell, cell_text(text), &formats.trouble)?;
        } else {
            sheet.write_string(at, cell, cell_text(text))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<Worksheet>, Failure> {
        self.widths
            .apply(&mut self.current, self.columns, self.row)?;
        self.full.push(self.current);
        Ok(self.full)
    }
}

pub(super) fn write(
    source: &Source<'_>,
    out: &mut (dyn Write + Send),
    tempdir: &Path,
) -> Result<Written, Failure> {
    // rust_xlsxwriter gives every sheet a scratch file in the system's temporary folder
    // and panics when it cannot: find out first, and say so plainly.
    tempfile::tempfile().map_err(Failure::TemporaryFolder)?;
    let mut workbook = Workbook::new();
    // The big sheet's scratch file goes beside the output rather than in /tmp, which may
    // be held in memory.
    workbook.set_tempdir(tempdir)?;
    let formats = Formats::new();
    let mut sheets = AiringSheets::new(&mut workbook, source, &formats)?;
    let mut rows = 0u64;
    // The figures are gathered in the same pass that writes the rows: the log is read once.
    let mut builder = SummaryBuilder::new(source.config, source.period, source.lang());
    let ((), plan, chain) = source.alongside(|| {
        source.ledger.for_each_entry(&source.filter, |entry| {
            rows += 1;
            builder.add_entry(&entry);
            sheets.add(&mut workbook, rows, &entry, source, &formats)
        })
    })?;
    let sheets = sheets.finish()?;
    let summary = builder.finish(&plan);

    let mut summary_sheet = Worksheet::new();
    summary::write(&mut summary_sheet, source, &summary, &chain, &formats)?;
    workbook.push_worksheet(summary_sheet);
    for sheet in sheets {
        workbook.push_worksheet(sheet);
    }
    workbook.save_to_writer(out)?;
    Ok(Written {
        airings: summary.airings,
        chain: Some(chain),
    })
}
