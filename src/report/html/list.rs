//! The page's lists: the columns `page_columns` gives the period, one row per airing (and
//! recording or download), written as the log is read.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::ledger::Entry;
use crate::messages::page::{push_escaped, PageWords};
use crate::messages::report::Heading;
use crate::messages::{Lang, Say};
use crate::report::columns::{Column, PageCell, Row, Value};
use crate::report::rows::station_time;
use crate::report::rows::{push_clock, push_day, push_u64};
use crate::report::{Failure, Source};

pub(super) fn head(
    out: &mut dyn Write,
    columns: &[(Heading, PageCell)],
    lang: Lang,
) -> io::Result<()> {
    write!(out, "<table class=\"list\">\n<thead><tr>")?;
    for (heading, _) in columns {
        write!(out, "<th>{}</th>", heading.say(lang))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")
}

pub(super) fn foot(
    out: &mut dyn Write,
    columns: &[(Heading, PageCell)],
    empty: bool,
    lang: Lang,
) -> io::Result<()> {
    if empty {
        writeln!(
            out,
            "<tr><td colspan=\"{}\">{}</td></tr>",
            columns.len(),
            PageWords::NoRows.say(lang)
        )?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// Writes airing rows. Each row is put together in a reused buffer and written at once:
/// the list has a row per airing of the period, twice for those that did not air in full.
pub(super) struct ListRows<'a> {
    source: &'a Source<'a>,
    columns: &'static [(Heading, PageCell)],
    /// The headings of labelled cells' columns, in the page's language, said once.
    labels: Vec<String>,
    /// The row being put together.
    line: String,
    /// A cell's text before it is escaped.
    text: String,
    /// How many rows were written.
    pub(super) written: u64,
}

impl<'a> ListRows<'a> {
    pub(super) fn new(source: &'a Source<'a>) -> ListRows<'a> {
        let columns = source.page_columns();
        let labels = columns
            .iter()
            .flat_map(|(_, cell)| match cell {
                PageCell::Labelled(labelled) => *labelled,
                _ => &[],
            })
            .map(|column| column.csv.say(source.lang()))
            .collect();
        ListRows {
            source,
            columns,
            labels,
            line: String::new(),
            text: String::new(),
            written: 0,
        }
    }

    /// Writes `entry` as the `number`th row of a list.
    pub(super) fn write(
        &mut self,
        out: &mut dyn Write,
        number: u64,
        entry: &Entry,
    ) -> Result<(), Failure> {
        self.written += 1;
        let row = Row {
            number,
            entry,
            titles: &self.source.titles,
            words: &self.source.words,
        };
        self.line.clear();
        self.line.push_str(if row.trouble() {
            "<tr class=\"trouble\">"
        } else {
            "<tr>"
        });
        let mut labels = 0;
        for (_, cell) in self.columns {
            match *cell {
                PageCell::One(column) => self.one(&row, &column),
                PageCell::OverHash(above, below) => {
                    self.line.push_str("<td>");
                    self.push((above.value)(&row), &row);
                    // Most airings have no reason: no empty line under nothing.
                    let below = (below.value)(&row);
                    if !matches!(below, Value::Empty) {
                        self.line.push_str("<br><span class=\"hash\">");
                        self.push(below, &row);
                        self.line.push_str("</span>");
                    }
                    self.line.push_str("</td>");
                }
                PageCell::Pair(left, right) => {
                    let (left, right) = ((left.value)(&row), (right.value)(&row));
                    self.line.push_str("<td class=\"n\">");
                    if !matches!((left, right), (Value::Empty, Value::Empty)) {
                        self.push(left, &row);
                        self.line.push_str(" / ");
                        self.push(right, &row);
                    }
                    self.line.push_str("</td>");
                }
                PageCell::Labelled(columns) => {
                    self.labelled(&row, columns, labels);
                    labels += columns.len();
                }
            }
        }
        self.line.push_str("</tr>\n");
        out.write_all(self.line.as_bytes())?;
        Ok(())
    }

    /// The columns that have a value, each on a line after its heading (whose said words
    /// are `self.labels` from `first`).
    fn labelled(&mut self, row: &Row<'_>, columns: &[Column], first: usize) {
        self.line.push_str("<td>");
        let mut lines = 0;
        for (index, column) in columns.iter().enumerate() {
            let value = (column.value)(row);
            if matches!(value, Value::Empty) {
                continue;
            }
            if lines > 0 {
                self.line.push_str("<br>");
            }
            lines += 1;
            self.line.push_str("<b>");
            push_escaped(
                self.labels.get(first + index).map_or("", String::as_str),
                &mut self.line,
            );
            self.line.push_str(":</b> ");
            self.push(value, row);
        }
        self.line.push_str("</td>");
    }

    /// One column in a cell of its own, shown as its kind of value is.
    fn one(&mut self, row: &Row<'_>, column: &Column) {
        let value = (column.value)(row);
        if let Value::Time(text) = value {
            if let Some(at) = station_time(text, self.source.zone) {
                self.line.push_str("<td class=\"t\">");
                push_day(&mut self.line, &at);
                self.line.push_str("<br>");
                push_clock(&mut self.line, &at);
                self.line.push_str("</td>");
                return;
            }
        }
        self.line.push_str(match value {
            Value::Count(_)
            | Value::Id(_)
            | Value::Seconds(_)
            | Value::Decibels(_)
            | Value::Delay(_) => "<td class=\"n\">",
            _ if column.marks_trouble && row.trouble() => "<td class=\"bad\">",
            _ => "<td>",
        });
        self.push(value, row);
        self.line.push_str("</td>");
    }

    /// Appends `value` to the row, escaped.
    fn push(&mut self, value: Value<'_>, row: &Row<'_>) {
        match value {
            // Not a time this build can read: the log's own text is the evidence.
            Value::Text(text) | Value::Word(text) | Value::Time(text) => {
                push_escaped(text, &mut self.line)
            }
            // Digits, signs and marks only: nothing to escape.
            Value::Empty
            | Value::Count(_)
            | Value::Id(_)
            | Value::Seconds(_)
            | Value::Decibels(_)
            | Value::Delay(_) => push_text(&mut self.line, value, row),
            _ => {
                self.text.clear();
                push_text(&mut self.text, value, row);
                push_escaped(&self.text, &mut self.line);
            }
        }
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
        // For people: the decimal mark of the page's language (the CSV keeps the point).
        Value::Seconds(seconds) => row.words.push_seconds(text, seconds),
        Value::Decibels(Some(level)) => row.words.push_decibels(text, level),
        Value::Silences(evidence) => row.words.push_silences(text, evidence),
        Value::Gaps(gaps) => row.words.push_gaps(text, gaps),
        Value::Delay(seconds) => row.words.push_seconds(text, seconds),
    }
}
