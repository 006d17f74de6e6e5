//! The workbook's summary sheet: the period, the log check, and the report's three tables
//! (by programme, the monthly programmes, by month).

use rust_xlsxwriter::Worksheet;

use super::{cell_text, excel_serial, Formats, PAPER_A4};
use crate::ledger::ChainCheck;
use crate::messages::report::{Heading, SheetWords};
use crate::messages::{Lang, LogCheck, Say};
use crate::report::rows::{day_text, month_text};
use crate::report::{Failure, MonthlyMeasure, ProgrammeFigures, Source, Summary};

/// The monthly programmes' table: what each column shows.
const MONTHLY_HEADINGS: [Heading; 5] = [
    Heading::Programme,
    Heading::MonthsDue,
    Heading::MonthsAired,
    Heading::Outcome,
    Heading::MonthsMissed,
];

/// The months' table.
const MONTH_HEADINGS: [Heading; 4] = [
    Heading::Month,
    Heading::Planned,
    Heading::Aired,
    Heading::Share,
];

/// The summary sheet as it is written, row by row.
struct SummarySheet<'a> {
    sheet: &'a mut Worksheet,
    formats: &'a Formats,
    lang: Lang,
    /// The next row to write.
    row: u32,
}

pub(super) fn write(
    sheet: &mut Worksheet,
    source: &Source<'_>,
    summary: &Summary,
    chain: &ChainCheck,
    formats: &Formats,
) -> Result<(), Failure> {
    let lang = source.lang();
    sheet.set_name(SheetWords::SummarySheet.say(lang))?;
    sheet.set_paper_size(PAPER_A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 18)?;
    let last = if summary.receiving() { 12 } else { 9 };
    for column in 2..last {
        sheet.set_column_width(column, 13)?;
    }
    sheet.set_column_width(4, 60)?;
    let mut summary_sheet = SummarySheet {
        sheet,
        formats,
        lang,
        row: 0,
    };
    summary_sheet.facts(source, summary, chain)?;
    summary_sheet.programmes(summary)?;
    summary_sheet.monthly(&summary.monthly)?;
    summary_sheet.months(summary)?;
    summary_sheet.row += 1;
    let note = SheetWords::Note {
        zone: source.zone.to_string(),
    };
    let row = summary_sheet.row;
    summary_sheet.sheet.write_string(row, 0, note.say(lang))?;
    Ok(())
}

impl SummarySheet<'_> {
    /// Writes `label` in bold at the start of the next row; the row it wrote on.
    fn label(&mut self, label: SheetWords) -> Result<u32, Failure> {
        let row = self.row;
        self.sheet
            .write_string_with_format(row, 0, label.say(self.lang), &self.formats.bold)?;
        self.row += 1;
        Ok(row)
    }

    /// A table's headings on the next row.
    fn headings(&mut self, headings: &[Heading]) -> Result<(), Failure> {
        for (column, heading) in headings.iter().enumerate() {
            self.sheet.write_string_with_format(
                self.row,
                column as u16,
                heading.say(self.lang),
                &self.formats.header,
            )?;
        }
        self.row += 1;
        Ok(())
    }

    /// The title, the period, and the facts of the report: its days, its zone, its
    /// airings, the log check, when it was made.
    fn facts(
        &mut self,
        source: &Source<'_>,
        summary: &Summary,
        chain: &ChainCheck,
    ) -> Result<(), Failure> {
        let (sheet, formats, lang) = (&mut *self.sheet, self.formats, self.lang);
        let (period, zone) = (source.period, source.zone);
        sheet.write_string_with_format(
            0,
            0,
            cell_text(&source.config.station.name),
            &formats.title,
        )?;
        sheet.write_string_with_format(1, 0, SheetWords::Title.say(lang), &formats.bold)?;
        let line = SheetWords::PeriodLine {
            label: period.label.clone(),
            first: day_text(period.first_day),
            last: day_text(period.last_day),
        };
        sheet.write_string(2, 0, cell_text(&line.say(lang)))?;
        self.row = 4;
        let at = self.label(SheetWords::Period)?;
        self.sheet.write_string(at, 1, cell_text(&period.label))?;
        for (label, day) in [
            (SheetWords::FirstDay, period.first_day),
            (SheetWords::LastDay, period.last_day),
        ] {
            let at = self.label(label)?;
            if let Some(midnight) = day.and_hms_opt(0, 0, 0) {
                self.sheet.write_number_with_format(
                    at,
                    1,
                    excel_serial(&midnight),
                    &formats.date,
                )?;
            }
        }
        let at = self.label(SheetWords::Zone)?;
        self.sheet.write_string(at, 1, zone.name())?;
        let at = self.label(SheetWords::Airings)?;
        self.sheet
            .write_number_with_format(at, 1, summary.airings as f64, &formats.count)?;
        if summary.receiving() {
            let at = self.label(SheetWords::Received)?;
            self.sheet
                .write_number_with_format(at, 1, summary.received as f64, &formats.count)?;
        }
        let at = self.label(SheetWords::Log)?;
        self.chain(at, chain)?;
        let at = self.label(SheetWords::HeadHash)?;
        self.sheet
            .write_string_with_format(at, 1, &chain.head_hash, &formats.hash)?;
        let at = self.label(SheetWords::Made)?;
        let now = chrono::Utc::now().with_timezone(&zone).naive_local();
        self.sheet
            .write_number_with_format(at, 1, excel_serial(&now), &formats.datetime)?;
        Ok(())
    }

    /// What the check of the log found, on row `at`.
    fn chain(&mut self, at: u32, chain: &ChainCheck) -> Result<(), Failure> {
        match &chain.problem {
            None => {
                let intact = LogCheck::Intact {
                    records: chain.records,
                };
                self.sheet.write_string(at, 1, intact.say(self.lang))?
            }
            Some(problem) => {
                let changed = LogCheck::ChangedBecause {
                    fault: problem.describe(self.lang),
                };
                let intact = LogCheck::FirstIntact {
                    records: chain.records,
                };
                let text = format!("{} {}.", changed.say(self.lang), intact.say(self.lang));
                self.sheet.write_string_with_format(
                    at,
                    1,
                    cell_text(&text),
                    &self.formats.trouble,
                )?
            }
        };
        Ok(())
    }

    /// 1. The figures of each programme, and their total.
    fn programmes(&mut self, summary: &Summary) -> Result<(), Failure> {
        self.row += 1;
        self.label(SheetWords::ByProgramme)?;
        let receiving = summary.receiving();
        let mut headings = vec![Heading::Programme, Heading::ProgrammeId];
        headings.extend(ProgrammeFigures::COUNT_HEADINGS);
        headings.push(Heading::Minutes);
        if receiving {
            headings.extend(ProgrammeFigures::RECEIVING_HEADINGS);
        }
        self.headings(&headings)?;
        for figures in &summary.programmes {
            self.programme(figures, false, receiving)?;
        }
        self.programme(&summary.total, true, receiving)
    }

    /// A programme's row (or the total's); with what it received, after the minutes, when
    /// the period received anything.
    fn programme(
        &mut self,
        figures: &ProgrammeFigures,
        is_total: bool,
        receiving: bool,
    ) -> Result<(), Failure> {
        let (sheet, formats, row) = (&mut *self.sheet, self.formats, self.row);
        let (count, minutes) = if is_total {
            (&formats.total, &formats.total_minutes)
        } else {
            (&formats.count, &formats.minutes)
        };
        if is_total {
            sheet.write_string_with_format(row, 0, &figures.title, &formats.total)?;
        } else {
            sheet.write_string(row, 0, cell_text(&figures.title))?;
            sheet.write_string(row, 1, cell_text(&figures.id))?;
        }
        let counts = figures.counts();
        for (column, value) in counts.into_iter().enumerate() {
            sheet.write_number_with_format(row, column as u16 + 2, value as f64, count)?;
        }
        let last = counts.len() as u16 + 2;
        sheet.write_number_with_format(row, last, figures.minutes_on_air(), minutes)?;
        if receiving {
            for (column, value) in figures.receiving_counts().into_iter().enumerate() {
                sheet.write_number_with_format(
                    row,
                    last + 1 + column as u16,
                    value as f64,
                    count,
                )?;
            }
        }
        self.row += 1;
        Ok(())
    }

    /// 2. Whether each monthly programme aired in each month it was due.
    fn monthly(&mut self, monthly: &[MonthlyMeasure]) -> Result<(), Failure> {
        self.row += 1;
        self.label(SheetWords::Monthly)?;
        if monthly.is_empty() {
            let row = self.row;
            self.sheet
                .write_string(row, 0, SheetWords::NoMonthly.say(self.lang))?;
            self.row += 1;
            return Ok(());
        }
        self.headings(&MONTHLY_HEADINGS)?;
        for measure in monthly {
            let (sheet, formats, lang, row) = (&mut *self.sheet, self.formats, self.lang, self.row);
            let (due, aired) = (measure.due.len(), measure.aired.len());
            sheet.write_string(row, 0, cell_text(&measure.title))?;
            sheet.write_number_with_format(row, 1, due as f64, &formats.count)?;
            sheet.write_number_with_format(row, 2, aired as f64, &formats.count)?;
            sheet.write_string(row, 3, SheetWords::AiredInMonths { aired, due }.say(lang))?;
            let (missed, format) = if measure.missed.is_empty() {
                (SheetWords::NoMonthMissed.say(lang), &formats.wrap)
            } else {
                let lines: Vec<String> = measure
                    .missed
                    .iter()
                    .map(|missed| {
                        let month = month_text(missed.month.year, missed.month.month);
                        format!("{month}: {}", missed.why.say(lang))
                    })
                    .collect();
                (lines.join("\n"), &formats.trouble_wrap)
            };
            sheet.write_string_with_format(row, 4, cell_text(&missed), format)?;
            self.row += 1;
        }
        Ok(())
    }

    /// 3. Planned against aired, month by month.
    fn months(&mut self, summary: &Summary) -> Result<(), Failure> {
        self.row += 1;
        self.label(SheetWords::ByMonth)?;
        self.headings(&MONTH_HEADINGS)?;
        for month in &summary.months {
            let (sheet, formats, row) = (&mut *self.sheet, self.formats, self.row);
            sheet.write_string(row, 0, month_text(month.month.year, month.month.month))?;
            sheet.write_number_with_format(row, 1, month.planned as f64, &formats.count)?;
            sheet.write_number_with_format(row, 2, month.aired as f64, &formats.count)?;
            if month.planned > 0 {
                let share = month.aired as f64 / month.planned as f64;
                sheet.write_number_with_format(row, 3, share, &formats.percent)?;
            }
            self.row += 1;
        }
        Ok(())
    }
}
