//! The printable page: one self-contained HTML file in Vietnamese (A4 print styles, an
//! inline SVG chart, nothing fetched from anywhere) with the figures, the log's hash-chain
//! check and every airing. The list is written as the log is read; all text from outside
//! wardcast is escaped.

use std::fmt;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDateTime, Timelike};

use super::rows::{
    day_text, file_name, month_text, outcome_words, push_clock, push_day, push_decibels,
    push_seconds, push_silences, station_time, trigger_words,
};
use super::{Failure, Source, SummaryBuilder, Written};
use crate::ledger::{Airing, ChainCheck, Outcome};
use crate::report::{MonthFigures, Summary};

/// Text escaped for HTML content and attribute values.
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(index) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..index])?;
            f.write_str(match rest.as_bytes()[index] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[index + 1..];
        }
        f.write_str(rest)
    }
}

/// A count as Vietnamese writes it: `1.234.567`.
fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// A number with one decimal as Vietnamese writes it: `1.234,5`.
fn decimal(value: f64) -> String {
    let tenths = (value * 10.0).round().max(0.0) as u64;
    format!("{},{}", count(tenths / 10), tenths % 10)
}

/// `07/12/2026 06:30:00`.
fn clock(at: &NaiveDateTime) -> String {
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
        at.day(),
        at.month(),
        at.year(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

const STYLE: &str = r#"
@page { size: A4; margin: 15mm 12mm 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", Times, serif; font-size: 12pt; color: #000;
       background: #fff; max-width: 200mm; margin: 0 auto; padding: 8mm 6mm; line-height: 1.35; }
header { text-align: center; margin-bottom: 1em; }
header .station { font-weight: bold; text-transform: uppercase; margin: 0; }
h1 { font-size: 15pt; text-transform: uppercase; margin: 0.6em 0 0.2em; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; }
p { margin: 0.3em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }
th, td { border: 1px solid #555; padding: 2px 4px; vertical-align: top; }
th { background: #e8eef6; font-weight: bold; }
td.n { text-align: right; white-space: nowrap; }
td.t { white-space: nowrap; }
tfoot td, tfoot th { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.list { font-size: 8pt; line-height: 1.2; }
table.list td { word-break: break-word; }
.hash { font-family: "Courier New", Courier, monospace; word-break: break-all; }
table.list .hash { font-size: 6.5pt; color: #333; }
.ok { color: #0b6b0b; font-weight: bold; }
.bad { color: #b00000; font-weight: bold; }
tr.trouble td { background: #fdecec; }
.chart { width: 100%; break-inside: avoid; page-break-inside: avoid; }
.chart text { font-family: Arial, Helvetica, sans-serif; font-size: 11px; }
.note { font-size: 10pt; color: #333; }
@media print {
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.trouble td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

pub(super) fn write(
    source: &Source<'_>,
    out: &mut dyn Write,
    tempdir: &Path,
) -> Result<Written, Failure> {
    // The figures come first on the page, so they take a pass of their own. The same pass
    // sets aside the rows of the airings that did not air in full, in a temporary file
    // (there may be many), and the hash chain is walked alongside.
    let mut trouble = BufWriter::new(tempfile::tempfile_in(tempdir)?);
    let mut trouble_rows = ListRows::default();
    let mut builder = SummaryBuilder::new(source.config, source.period);
    let mut counted = 0u64;
    let ((), plan, chain) = source.alongside(|| {
        source.ledger.for_each_airing(&source.filter, |airing| {
            counted += 1;
            builder.add(&airing);
            if airing.outcome != Some(Outcome::Aired) {
                trouble_rows.write(&mut trouble, counted, &airing, source)?;
            }
            Ok::<(), Failure>(())
        })
    })?;
    let summary = builder.finish(&plan);
    let mut trouble = trouble
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    trouble.seek(SeekFrom::Start(0))?;

    let period = source.period;
    let station = &source.config.station.name;
    let zone = source.zone;
    let made = chrono::Utc::now().with_timezone(&zone).naive_local();

    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Báo cáo kết quả phát sóng {label} – {station}</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<header>\n<p class=\"station\">{station}</p>\n\
         <h1>Báo cáo kết quả phát sóng</h1>\n\
         <p>Kỳ báo cáo <b>{label}</b>: từ ngày <b>{first}</b> đến ngày <b>{last}</b> \
         (giờ {zone})</p>\n</header>\n",
        label = Esc(&period.label),
        station = Esc(station),
        first = day_text(period.first_day),
        last = day_text(period.last_day),
    )?;

    write_programmes(out, &summary)?;
    write_monthly(out, &summary)?;
    write_months(out, &summary.months)?;
    write_chain(out, &chain)?;

    writeln!(
        out,
        "<h2>5. Các buổi không phát trọn vẹn</h2>\n\
         <p class=\"note\">Buổi bị bỏ lỡ, bị lỗi, bị ngắt hoặc chưa ghi nhận kết thúc, kèm lý do.</p>"
    )?;
    list_head(out)?;
    io::copy(&mut trouble, out)?;
    list_foot(out, trouble_rows.written == 0)?;

    writeln!(
        out,
        "<h2>6. Danh sách các lần phát ({} lần)</h2>",
        count(summary.airings)
    )?;
    let mut rows = ListRows::default();
    let mut number = 0u64;
    list_head(out)?;
    source.ledger.for_each_airing(&source.filter, |airing| {
        number += 1;
        // Airings logged since the first pass are left for the next report, so the list
        // and the figures tell of the same airings.
        if number <= counted {
            rows.write(out, number, &airing, source)?;
        }
        Ok::<(), Failure>(())
    })?;
    list_foot(out, rows.written == 0)?;

    write!(
        out,
        "<p class=\"note\">Lập bằng wardcast lúc {} từ nhật ký phát sóng của đài. Số buổi theo \
         lịch tính từ lịch phát trong cấu hình hiện tại; mọi thời điểm theo giờ {zone}.</p>\n\
         </body>\n</html>\n",
        clock(&made)
    )?;
    Ok(Written {
        airings: counted,
        chain: Some(chain),
    })
}

fn write_programmes(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    writeln!(
        out,
        "<h2>1. Tổng hợp theo chương trình</h2>\n<table class=\"summary\">\n<thead><tr>\
         <th>Chương trình</th><th>Số buổi theo lịch</th><th>Đã phát</th>\
         <th>Phát một phần (bị ngắt)</th><th>Bỏ lỡ</th><th>Lỗi</th><th>Đang phát</th>\
         <th>Số phút phát sóng</th></tr></thead>\n<tbody>"
    )?;
    let cells = |out: &mut dyn Write, figures: &super::ProgrammeFigures| {
        for value in figures.counts() {
            write!(out, "<td class=\"n\">{}</td>", count(value))?;
        }
        writeln!(
            out,
            "<td class=\"n\">{}</td></tr>",
            decimal(figures.minutes_on_air())
        )
    };
    for figures in &summary.programmes {
        write!(
            out,
            "<tr><td>{} <span class=\"note\">({})</span></td>",
            Esc(&figures.title),
            Esc(&figures.id)
        )?;
        cells(out, figures)?;
    }
    write!(out, "</tbody>\n<tfoot><tr><th>Tổng cộng</th>")?;
    cells(out, &summary.total)?;
    writeln!(out, "</tfoot>\n</table>")
}

fn write_monthly(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    writeln!(
        out,
        "<h2>2. Chuyên mục phát hằng tháng (Cải cách hành chính)</h2>"
    )?;
    if summary.monthly.is_empty() {
        return writeln!(
            out,
            "<p>Cấu hình của đài không có chương trình phát theo tháng (pick = \"month\").</p>"
        );
    }
    for measure in &summary.monthly {
        let aired: Vec<String> = measure
            .aired
            .iter()
            .map(|month| month_text(month.year, month.month))
            .collect();
        write!(
            out,
            "<p><b>{}</b>: phát trong <b>{}/{}</b> tháng của kỳ",
            Esc(&measure.title),
            measure.aired.len(),
            measure.due.len()
        )?;
        if !aired.is_empty() {
            write!(out, " ({})", aired.join(", "))?;
        }
        writeln!(out, ".</p>")?;
        if measure.missed.is_empty() {
            writeln!(out, "<p class=\"ok\">Không tháng nào bị bỏ lỡ.</p>")?;
        } else {
            writeln!(out, "<p class=\"bad\">Tháng không phát:</p>\n<ul>")?;
            for missed in &measure.missed {
                writeln!(
                    out,
                    "<li><b>{}</b>: {}</li>",
                    month_text(missed.month.year, missed.month.month),
                    Esc(&missed.why)
                )?;
            }
            writeln!(out, "</ul>")?;
        }
    }
    Ok(())
}

/// Rounds the chart's top up to 1, 2 or 5 times a power of ten.
fn chart_top(largest: u64) -> u64 {
    let mut scale = 1u64;
    loop {
        for step in [1, 2, 5] {
            if step * scale >= largest.max(1) {
                return step * scale;
            }
        }
        scale = scale.saturating_mul(10);
    }
}

fn write_months(out: &mut dyn Write, months: &[MonthFigures]) -> io::Result<()> {
    writeln!(
        out,
        "<h2>3. Theo tháng: số buổi theo lịch và số buổi đã phát</h2>"
    )?;
    const LEFT: u64 = 56;
    const TOP: u64 = 28;
    const PLOT: u64 = 170;
    const GROUP: u64 = 64;
    const BAR: u64 = 22;
    let width = LEFT + GROUP * months.len() as u64 + 12;
    let height = TOP + PLOT + 40;
    let top = chart_top(
        months
            .iter()
            .map(|month| month.planned.max(month.aired))
            .max()
            .unwrap_or(0),
    );
    let y = |value: u64| TOP + PLOT - (value.min(top) * PLOT) / top;
    writeln!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" style=\"max-width:{width}px\" \
         role=\"img\" aria-label=\"Số buổi theo lịch và số buổi đã phát theo tháng\">"
    )?;
    for tick in [0, top / 2, top] {
        let at = y(tick);
        writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{at}\" x2=\"{}\" y2=\"{at}\" stroke=\"#ccc\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            width - 6,
            LEFT - 6,
            at + 4,
            count(tick)
        )?;
    }
    for (index, month) in months.iter().enumerate() {
        let x = LEFT + GROUP * index as u64 + 8;
        for (offset, value, colour) in [
            (0, month.planned, "#9e9e9e"),
            (BAR + 2, month.aired, "#2e7d32"),
        ] {
            let bar_top = y(value);
            writeln!(
                out,
                "<rect x=\"{}\" y=\"{bar_top}\" width=\"{BAR}\" height=\"{}\" fill=\"{colour}\"/>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
                x + offset,
                TOP + PLOT - bar_top,
                x + offset + BAR / 2,
                bar_top.saturating_sub(3),
                count(value)
            )?;
        }
        writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + BAR + 1,
            TOP + PLOT + 16,
            month_text(month.month.year, month.month.month)
        )?;
    }
    writeln!(
        out,
        "<rect x=\"{LEFT}\" y=\"4\" width=\"12\" height=\"12\" fill=\"#9e9e9e\"/>\
         <text x=\"{}\" y=\"14\">Theo lịch</text>\
         <rect x=\"{}\" y=\"4\" width=\"12\" height=\"12\" fill=\"#2e7d32\"/>\
         <text x=\"{}\" y=\"14\">Đã phát</text>\n</svg>",
        LEFT + 16,
        LEFT + 96,
        LEFT + 112
    )?;
    writeln!(
        out,
        "<table class=\"months\">\n<thead><tr><th>Tháng</th><th>Số buổi theo lịch</th>\
         <th>Đã phát</th><th>Tỉ lệ</th></tr></thead>\n<tbody>"
    )?;
    for month in months {
        let share = if month.planned > 0 {
            format!(
                "{}%",
                (month.aired as f64 * 100.0 / month.planned as f64).round()
            )
        } else {
            "–".to_string()
        };
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{share}</td></tr>",
            month_text(month.month.year, month.month.month),
            count(month.planned),
            count(month.aired)
        )?;
    }
    writeln!(out, "</tbody>\n</table>")
}

fn write_chain(out: &mut dyn Write, chain: &ChainCheck) -> io::Result<()> {
    writeln!(out, "<h2>4. Xác thực nhật ký phát sóng</h2>")?;
    match &chain.problem {
        None => writeln!(
            out,
            "<p class=\"ok\">Nhật ký nguyên vẹn: {} bản ghi, không bản ghi nào bị sửa hay xoá.</p>\n\
             <p>Mã kiểm tra (SHA-256) của bản ghi cuối (bản ghi số {}):<br>\
             <span class=\"hash\" id=\"head-hash\">{}</span></p>",
            count(chain.records),
            chain.records,
            Esc(&chain.head_hash)
        )?,
        Some(problem) => writeln!(
            out,
            "<p class=\"bad\">NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: {}.</p>\n\
             <p>{} bản ghi đầu tiên nguyên vẹn; mã kiểm tra của bản ghi nguyên vẹn cuối cùng:<br>\
             <span class=\"hash\" id=\"head-hash\">{}</span></p>",
            Esc(&problem.describe(crate::messages::Lang::Vi)),
            count(chain.records),
            Esc(&chain.head_hash)
        )?,
    }
    writeln!(
        out,
        "<p class=\"note\">Cách đối chiếu: mỗi bản ghi của nhật ký mang mã của bản ghi trước nó. \
         Trên máy của đài, lệnh <code>wardcast verify --record {}</code> phải báo nhật ký nguyên \
         vẹn và in đúng mã trên cho bản ghi số đó; nếu một lần phát trong báo cáo này bị sửa hay xoá \
         sau khi lập báo cáo, mã sẽ không còn khớp.</p>",
        chain.records
    )
}

fn list_head(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<table class=\"list\">\n<thead><tr><th>STT</th><th>Chương trình</th><th>Hình thức</th>\
         <th>Giờ theo lịch</th><th>Bắt đầu</th><th>Kết thúc</th><th>File / SHA-256</th>\
         <th>Thời lượng file / đã phát (giây)</th><th>Kết quả</th><th>Lý do</th>\
         <th>Mức RMS / đỉnh (dBFS)</th><th>Khoảng lặng</th></tr></thead>\n<tbody>"
    )
}

fn list_foot(out: &mut dyn Write, empty: bool) -> io::Result<()> {
    if empty {
        writeln!(out, "<tr><td colspan=\"12\">Không có.</td></tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// Writes airing rows, reusing one buffer for the numbers.
#[derive(Default)]
struct ListRows {
    text: String,
    silences: String,
    written: u64,
}

impl ListRows {
    fn write(
        &mut self,
        out: &mut dyn Write,
        number: u64,
        airing: &Airing,
        source: &Source<'_>,
    ) -> Result<(), Failure> {
        self.written += 1;
        let trouble = airing.outcome != Some(Outcome::Aired);
        write!(
            out,
            "<tr{}><td class=\"n\">{number}</td><td>{}</td><td>{}</td>",
            if trouble { " class=\"trouble\"" } else { "" },
            Esc(source.titles.of(&airing.programme)),
            trigger_words(airing.trigger)
        )?;
        for time in [&airing.scheduled_at, &airing.started_at, &airing.ended_at] {
            match time {
                Some(text) => match station_time(text, source.zone) {
                    Some(at) => {
                        self.text.clear();
                        push_day(&mut self.text, &at);
                        self.text.push_str("<br>");
                        push_clock(&mut self.text, &at);
                        write!(out, "<td class=\"t\">{}</td>", self.text)?;
                    }
                    None => write!(out, "<td>{}</td>", Esc(text))?,
                },
                None => write!(out, "<td></td>")?,
            }
        }
        write!(
            out,
            "<td>{}<br><span class=\"hash\">{}</span></td>",
            Esc(airing.file.as_deref().map(file_name).unwrap_or_default()),
            Esc(airing.sha256.as_deref().unwrap_or_default())
        )?;
        self.text.clear();
        if airing.duration_seconds.is_some() || airing.played_seconds.is_some() {
            if let Some(seconds) = airing.duration_seconds {
                push_seconds(&mut self.text, seconds);
            }
            self.text.push_str(" / ");
            if let Some(seconds) = airing.played_seconds {
                push_seconds(&mut self.text, seconds);
            }
        }
        write!(
            out,
            "<td class=\"n\">{}</td><td{}>{}</td><td>{}</td>",
            self.text,
            if trouble { " class=\"bad\"" } else { "" },
            outcome_words(airing.outcome),
            Esc(airing.reason.as_deref().unwrap_or_default())
        )?;
        self.text.clear();
        self.silences.clear();
        if let Some(evidence) = &airing.evidence {
            if let Some(level) = evidence.rms_dbfs {
                push_decibels(&mut self.text, level);
            }
            self.text.push_str(" / ");
            if let Some(level) = evidence.peak_dbfs {
                push_decibels(&mut self.text, level);
            }
            push_silences(&mut self.silences, evidence);
        }
        writeln!(
            out,
            "<td class=\"n\">{}</td><td>{}</td></tr>",
            self.text, self.silences
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_numbers_read_the_vietnamese_way() {
        assert_eq!(
            Esc("<script>alert('x')</script> & \"y\"").to_string(),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(count(0), "0");
        assert_eq!(count(1_234_567), "1.234.567");
        assert_eq!(decimal(1234.56), "1.234,6");
        assert_eq!(chart_top(0), 1);
        assert_eq!(chart_top(7), 10);
        assert_eq!(chart_top(31), 50);
        assert_eq!(chart_top(120), 200);
    }
}
