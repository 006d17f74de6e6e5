//! The Excel export: a "Tổng hợp" sheet with the report's figures and a "Nhật ký phát
//! sóng" sheet with one row per airing, times and durations as real Excel values. The
//! airing sheet is written in constant-memory mode: one row is held, the rest goes to a
//! temporary file beside the output, so a log of any size fits in the same memory.

use std::io::{self, Write};
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::rows::{
    day_text, file_name, month_text, outcome_words, push_silences, station_time, trigger_words,
};
use super::{Failure, Source, SummaryBuilder, Written};
use crate::ledger::{Airing, ChainCheck, Outcome};
use crate::report::Summary;

pub(super) const LOG_SHEET: &str = "Nhật ký phát sóng";
pub(super) const SUMMARY_SHEET: &str = "Tổng hợp";
/// Excel's last row is 1,048,576 and the first holds the headers; a longer log goes on
/// into "Nhật ký phát sóng (2)".
const AIRINGS_PER_SHEET: u32 = 1_048_575;
/// Excel's limit for the text of one cell, in characters.
const MAX_CELL_CHARS: usize = 32_767;
/// A4 in Excel's paper numbering.
const PAPER_A4: u8 = 9;

/// The airing sheet's columns: header, and width in characters when it is not measured.
const COLUMNS: [(&str, f64); 17] = [
    ("STT", 8.0),
    ("Mã lần phát", 10.0),
    ("Chương trình", 24.0),
    ("Mã chương trình", 16.0),
    ("Hình thức", 11.0),
    ("Giờ theo lịch", 19.0),
    ("Bắt đầu", 19.0),
    ("Kết thúc", 19.0),
    ("File", 24.0),
    ("SHA-256", 66.0),
    ("Thời lượng file", 11.0),
    ("Thời lượng đã phát", 11.0),
    ("Kết quả", 11.0),
    ("Lý do", 24.0),
    ("Mức RMS (dBFS)", 10.0),
    ("Đỉnh (dBFS)", 10.0),
    ("Khoảng lặng", 16.0),
];

/// Columns sized to their longest text (up to a limit), since names and reasons vary.
const MEASURED: [usize; 4] = [2, 8, 13, 16];
const MAX_WIDTH: usize = 80;

struct Formats {
    header: Format,
    datetime: Format,
    date: Format,
    duration: Format,
    decibels: Format,
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
    formats: &Formats,
) -> Result<Worksheet, Failure> {
    let mut sheet = workbook.new_worksheet_with_constant_memory();
    if number == 1 {
        sheet.set_name(LOG_SHEET)?;
    } else {
        sheet.set_name(format!("{LOG_SHEET} ({number})"))?;
    }
    for (column, (header, width)) in COLUMNS.iter().enumerate() {
        let column = column as u16;
        sheet.write_string_with_format(0, column, *header, &formats.header)?;
        sheet.set_column_width(column, *width)?;
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
struct Widths([usize; 17]);

impl Widths {
    fn see(&mut self, column: usize, text: &str) {
        let chars = text.chars().count();
        if chars > self.0[column] {
            self.0[column] = chars;
        }
    }

    fn apply(&self, sheet: &mut Worksheet, rows: u32) -> Result<(), Failure> {
        for column in MEASURED {
            let fitted = (self.0[column] + 2).min(MAX_WIDTH) as f64;
            sheet.set_column_width(column as u16, fitted.max(COLUMNS[column].1))?;
        }
        sheet.autofilter(0, 0, rows, (COLUMNS.len() - 1) as u16)?;
        Ok(())
    }
}

fn write_time(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: Option<&str>,
    source: &Source<'_>,
    formats: &Formats,
) -> Result<(), Failure> {
    let Some(text) = text else {
        return Ok(());
    };
    match station_time(text, source.zone) {
        Some(at) => {
            sheet.write_number_with_format(row, column, excel_serial(&at), &formats.datetime)?
        }
        // Not a time this build can read: the log's own text is the evidence.
        None => sheet.write_string(row, column, cell_text(text))?,
    };
    Ok(())
}

/// The airing sheets as they fill: full ones, and the one being written.
struct AiringSheets {
    full: Vec<Worksheet>,
    current: Worksheet,
    row: u32,
    widths: Widths,
    /// Reused for each airing's silences.
    silences: String,
}

impl AiringSheets {
    fn new(workbook: &mut Workbook, formats: &Formats) -> Result<AiringSheets, Failure> {
        Ok(AiringSheets {
            full: Vec::new(),
            current: log_sheet(workbook, 1, formats)?,
            row: 0,
            widths: Widths::default(),
            silences: String::new(),
        })
    }

    /// Writes the `number`th airing of the period on the next row.
    fn add(
        &mut self,
        workbook: &mut Workbook,
        number: u64,
        airing: &Airing,
        source: &Source<'_>,
        formats: &Formats,
    ) -> Result<(), Failure> {
        if self.row == AIRINGS_PER_SHEET {
            self.widths.apply(&mut self.current, self.row)?;
            let next = log_sheet(workbook, self.full.len() + 2, formats)?;
            self.full.push(std::mem::replace(&mut self.current, next));
            self.widths = Widths::default();
            self.row = 0;
        }
        self.row += 1;
        let (sheet, row, widths) = (&mut self.current, self.row, &mut self.widths);
        sheet.write_number(row, 0, number as f64)?;
        sheet.write_number(row, 1, airing.airing as f64)?;
        let title = source.titles.of(&airing.programme);
        widths.see(2, title);
        sheet.write_string(row, 2, cell_text(title))?;
        sheet.write_string(row, 3, cell_text(&airing.programme))?;
        sheet.write_string(row, 4, trigger_words(airing.trigger))?;
        for (column, time) in [
            (5, &airing.scheduled_at),
            (6, &airing.started_at),
            (7, &airing.ended_at),
        ] {
            write_time(sheet, row, column, time.as_deref(), source, formats)?;
        }
        if let Some(path) = &airing.file {
            let name = file_name(path);
            widths.see(8, name);
            sheet.write_string(row, 8, cell_text(name))?;
        }
        if let Some(hash) = &airing.sha256 {
            sheet.write_string(row, 9, cell_text(hash))?;
        }
        for (column, seconds) in [(10, airing.duration_seconds), (11, airing.played_seconds)] {
            if let Some(seconds) = seconds {
                sheet.write_number_with_format(
                    row,
                    column,
                    seconds / 86_400.0,
                    &formats.duration,
                )?;
            }
        }
        let words = outcome_words(airing.outcome);
        if airing.outcome == Some(Outcome::Aired) {
            sheet.write_string(row, 12, words)?;
        } else {
            sheet.write_string_with_format(row, 12, words, &formats.trouble)?;
        }
        if let Some(reason) = &airing.reason {
            widths.see(13, reason);
            sheet.write_string(row, 13, cell_text(reason))?;
        }
        if let Some(evidence) = &airing.evidence {
            if let Some(level) = evidence.rms_dbfs {
                sheet.write_number_with_format(row, 14, level, &formats.decibels)?;
            }
            if let Some(level) = evidence.peak_dbfs {
                sheet.write_number_with_format(row, 15, level, &formats.decibels)?;
            }
            self.silences.clear();
            push_silences(&mut self.silences, evidence);
            widths.see(16, &self.silences);
            sheet.write_string(row, 16, cell_text(&self.silences))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<Worksheet>, Failure> {
        self.widths.apply(&mut self.current, self.row)?;
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
    tempfile::tempfile().map_err(|error| {
        io::Error::new(
            error.kind(),
            format!(
                "the temporary folder {} cannot be written to ({error}); set TMPDIR to a \
                 folder that can",
                std::env::temp_dir().display()
            ),
        )
    })?;
    let mut workbook = Workbook::new();
    // The big sheet's scratch file goes beside the output rather than in /tmp, which may
    // be held in memory.
    workbook.set_tempdir(tempdir)?;
    let formats = Formats::new();
    let mut sheets = AiringSheets::new(&mut workbook, &formats)?;
    let mut airings = 0u64;
    // The figures are gathered in the same pass that writes the rows: the log is read once.
    let mut builder = SummaryBuilder::new(source.config, source.period);
    let ((), plan, chain) = source.alongside(|| {
        source.ledger.for_each_airing(&source.filter, |airing| {
            airings += 1;
            builder.add(&airing);
            sheets.add(&mut workbook, airings, &airing, source, &formats)
        })
    })?;
    let sheets = sheets.finish()?;
    let summary = builder.finish(&plan);

    let mut summary_sheet = Worksheet::new();
    write_summary(&mut summary_sheet, source, &summary, &chain, &formats)?;
    workbook.push_worksheet(summary_sheet);
    for sheet in sheets {
        workbook.push_worksheet(sheet);
    }
    workbook.save_to_writer(out)?;
    Ok(Written {
        airings,
        chain: Some(chain),
    })
}

fn write_summary(
    sheet: &mut Worksheet,
    source: &Source<'_>,
    summary: &Summary,
    chain: &ChainCheck,
    formats: &Formats,
) -> Result<(), Failure> {
    sheet.set_name(SUMMARY_SHEET)?;
    sheet.set_paper_size(PAPER_A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 18)?;
    for column in 2..9 {
        sheet.set_column_width(column, 13)?;
    }
    sheet.set_column_width(4, 60)?;

    let period = source.period;
    let zone = source.zone;
    sheet.write_string_with_format(0, 0, cell_text(&source.config.station.name), &formats.title)?;
    sheet.write_string_with_format(1, 0, "BÁO CÁO KẾT QUẢ PHÁT SÓNG", &formats.bold)?;
    sheet.write_string(
        2,
        0,
        format!(
            "Kỳ báo cáo {}: từ ngày {} đến ngày {}",
            period.label,
            day_text(period.first_day),
            day_text(period.last_day)
        ),
    )?;
    let mut row = 4u32;
    let mut label = |sheet: &mut Worksheet, text: &str| -> Result<u32, Failure> {
        sheet.write_string_with_format(row, 0, text, &formats.bold)?;
        row += 1;
        Ok(row - 1)
    };
    let at = label(sheet, "Kỳ báo cáo")?;
    sheet.write_string(at, 1, cell_text(&period.label))?;
    for (text, day) in [("Từ ngày", period.first_day), ("Đến ngày", period.last_day)] {
        let at = label(sheet, text)?;
        if let Some(midnight) = day.and_hms_opt(0, 0, 0) {
            sheet.write_number_with_format(at, 1, excel_serial(&midnight), &formats.date)?;
        }
    }
    let at = label(sheet, "Múi giờ")?;
    sheet.write_string(at, 1, zone.name())?;
    let at = label(sheet, "Số lần phát trong kỳ")?;
    sheet.write_number_with_format(at, 1, summary.airings as f64, &formats.count)?;
    let at = label(sheet, "Nhật ký phát sóng")?;
    match &chain.problem {
        None => sheet.write_string(
            at,
            1,
            format!(
                "nguyên vẹn: {} bản ghi, không bản ghi nào bị sửa hay xoá",
                chain.records
            ),
        )?,
        Some(problem) => sheet.write_string_with_format(
            at,
            1,
            cell_text(&format!(
                "ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: {}; {} bản ghi đầu tiên nguyên vẹn",
                problem.describe(crate::messages::Lang::Vi),
                chain.records
            )),
            &formats.trouble,
        )?,
    };
    let at = label(sheet, "Mã kiểm tra (SHA-256) bản ghi cuối")?;
    sheet.write_string_with_format(at, 1, &chain.head_hash, &formats.hash)?;
    let at = label(sheet, "Lập lúc")?;
    let now = chrono::Utc::now().with_timezone(&zone).naive_local();
    sheet.write_number_with_format(at, 1, excel_serial(&now), &formats.datetime)?;

    row += 1;
    sheet.write_string_with_format(row, 0, "1. Theo chương trình", &formats.bold)?;
    row += 1;
    let headers = [
        "Chương trình",
        "Mã chương trình",
        "Số buổi theo lịch",
        "Đã phát",
        "Phát một phần (bị ngắt)",
        "Bỏ lỡ",
        "Lỗi",
        "Đang phát",
        "Số phút phát sóng",
    ];
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(row, column as u16, *header, &formats.header)?;
    }
    row += 1;
    for figures in summary
        .programmes
        .iter()
        .chain(std::iter::once(&summary.total))
    {
        let is_total = std::ptr::eq(figures, &summary.total);
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
        for (column, value) in figures.counts().into_iter().enumerate() {
            sheet.write_number_with_format(row, column as u16 + 2, value as f64, count)?;
        }
        sheet.write_number_with_format(row, 8, figures.minutes_on_air(), minutes)?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        "2. Chuyên mục phát hằng tháng (chuyên mục Cải cách hành chính)",
        &formats.bold,
    )?;
    row += 1;
    if summary.monthly.is_empty() {
        sheet.write_string(
            row,
            0,
            "Cấu hình không có chương trình phát theo tháng (pick = \"month\").",
        )?;
        row += 1;
    } else {
        for (column, header) in [
            "Chương trình",
            "Số tháng có lịch",
            "Số tháng đã phát",
            "Kết quả",
            "Tháng không phát và lý do",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string_with_format(row, column as u16, *header, &formats.header)?;
        }
        row += 1;
        for measure in &summary.monthly {
            sheet.write_string(row, 0, cell_text(&measure.title))?;
            sheet.write_number_with_format(row, 1, measure.due.len() as f64, &formats.count)?;
            sheet.write_number_with_format(row, 2, measure.aired.len() as f64, &formats.count)?;
            sheet.write_string(
                row,
                3,
                format!(
                    "phát trong {}/{} tháng",
                    measure.aired.len(),
                    measure.due.len()
                ),
            )?;
            let missed = if measure.missed.is_empty() {
                "không tháng nào".to_string()
            } else {
                measure
                    .missed
                    .iter()
                    .map(|missed| {
                        format!(
                            "{}: {}",
                            month_text(missed.month.year, missed.month.month),
                            missed.why
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let format = if measure.missed.is_empty() {
                &formats.wrap
            } else {
                &formats.trouble_wrap
            };
            sheet.write_string_with_format(row, 4, cell_text(&missed), format)?;
            row += 1;
        }
    }

    row += 1;
    sheet.write_string_with_format(row, 0, "3. Theo tháng", &formats.bold)?;
    row += 1;
    for (column, header) in ["Tháng", "Số buổi theo lịch", "Đã phát", "Tỉ lệ"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, column as u16, *header, &formats.header)?;
    }
    row += 1;
    for month in &summary.months {
        sheet.write_string(row, 0, month_text(month.month.year, month.month.month))?;
        sheet.write_number_with_format(row, 1, month.planned as f64, &formats.count)?;
        sheet.write_number_with_format(row, 2, month.aired as f64, &formats.count)?;
        if month.planned > 0 {
            sheet.write_number_with_format(
                row,
                3,
                month.aired as f64 / month.planned as f64,
                &formats.percent,
            )?;
        }
        row += 1;
    }

    row += 1;
    sheet.write_string(
        row,
        0,
        format!(
            "Ghi chú: số buổi theo lịch tính từ lịch phát trong cấu hình hiện tại của đài; \
             mọi thời điểm theo giờ {zone}. Chi tiết từng lần phát ở trang \"{LOG_SHEET}\"."
        ),
    )?;
    Ok(())
}
