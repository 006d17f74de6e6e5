//! The page's airing lists: the columns of [`PAGE_COLUMNS`], one row per airing, written
//! as the log is read.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::ledger::Airing;
use crate::messages::page::{escaped, PageWords};
use crate::messages::{Lang, Say};
use crate::report::columns::{Column, PageCell, Row, Value, PAGE_COLUMNS};
use crate::report::rows::station_time;
use crate::report::rows::{push_clock, push_day, push_decibels, push_seconds, push_u64};
use crate::report::{Failure, Source};

pub(super) fn head(out: &mut dyn Write, lang: Lang) -> io::Result<()> {
    write!(out, "<table class=\"list\">\n<thead><tr>")?;
    for (heading, _) in PAGE_COLUMNS {
        write!(out, "<th>{}</th>", heading.say(lang))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")
}

pub(super) fn foot(out: &mut dyn Write, empty: bool, lang: Lang) -> io::Result<()> {
    if empty {
        writeln!(
            out,
            "<tr><td colspan=\"{}\">{}</td></tr>",
            PAGE_COLUMNS.len(),
            PageWords::NoRows.say(lang)
        )?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// Writes airing rows, reusing one buffer for the numbers.
pub(super) struct ListRows<'a> {
    source: &'a Source<'a>,
    text: String,
    /// How many rows were written.
    pub(super) written: u64,
}

impl<'a> ListRows<'a> {
    pub(super) fn new(source: &'a Source<'a>) -> ListRows<'a> {
        ListRows {
            source,
            text: String::new(),
            written: 0,
        }
    }

    /// Writes `airing` as the `number`th row of a list.
    pub(super) fn write(
        &mut self,
        out: &mut dyn Write,
        number: u64,
        airing: &Airing,
    ) -> Result<(), Failure> {
        self.written += 1;
        let row = Row {
            number,
            airing,
            titles: &self.source.titles,
            words: &self.source.words,
        };
        let trouble = row.trouble();
        out.write_all(if trouble {
            b"<tr class=\"trouble\">"
        } else {
            b"<tr>"
        })?;
        for (_, cell) in PAGE_COLUMNS {
            match cell {
                PageCell::One(column) => self.one(out, &row, &column)?,
                PageCell::OverHash(above, below) => {
                    self.text.clear();
                    push_text(&mut self.text, (above.value)(&row), &row);
                    write!(out, "<td>{}<br><span class=\"hash\">", escaped(&self.text))?;
                    self.text.clear();
                    push_text(&mut self.text, (below.value)(&row), &row);
                    write!(out, "{}</span></td>", escaped(&self.text))?;
                }
                PageCell::Pair(left, right) => {
                    let (left, right) = ((left.value)(&row), (right.value)(&row));
                    self.text.clear();
                    if !matches!((left, right), (Value::Empty, Value::Empty)) {
                        push_text(&mut self.text, left, &row);
                        self.text.push_str(" / ");
                        push_text(&mut self.text, right, &row);
                    }
                    write!(out, "<td class=\"n\">{}</td>", escaped(&self.text))?;
                }
            }
        }
        writeln!(out, "</tr>")?;
        Ok(())
    }

    /// One column in a cell of its own, shown as its kind of value is.
    fn one(&mut self, out: &mut dyn Write, row: &Row<'_>, column: &Column) -> io::Result<()> {
        let value = (column.value)(row);
        if let Value::Time(text) = value {
            return match station_time(text, self.source.zone) {
                Some(at) => {
                    self.text.clear();
                    push_day(&mut self.text, &at);
                    self.text.push_str("<br>");
                    push_clock(&mut self.text, &at);
                    write!(out, "<td class=\"t\">{}</td>", self.text)
                }
                None => write!(out, "<td>{}</td>", escaped(text)),
            };
        }
        self.text.clear();
        push_text(&mut self.text, value, row);
        let class = match value {
            Value::Count(_) | Value::Id(_) | Value::Seconds(_) | Value::Decibels(_) => {
                " class=\"n\""
            }
            _ if column.marks_trouble && row.trouble() => " class=\"bad\"",
            _ => "",
        };
        write!(out, "<td{class}>{}</td>", escaped(&self.text))
    }
}

/// Appends the text of `value` to `text`.
fn push_text(text: &mut String, value: Value<'_>, row: &Row<'_>) {
    match value {
        Value::Empty | Value::Decibels(None) => {}
        Value::Count(count) => push_u64(text, count),
        Value::Id(id) => {
            let _ = write!(text, "{id}");
        }
        Value::Text(words) | Value::Word(words) | Value::Time(words) => text.push_str(words),
        Value::Seconds(seconds) => push_seconds(text, seconds),
        Value::Decibels(Some(level)) => push_decibels(text, level),
        Value::Silences(evidence) => row.words.push_silences(text, evidence),
    }
}
