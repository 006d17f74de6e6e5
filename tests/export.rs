//! `wardcast export`: the real binary writes CSV, Excel and HTML reports from a log the
//! test fills through `wardcast::ledger::Ledger`, so the test controls every date. The
//! files are read back the way the ward office would read them: the CSV through the `csv`
//! crate, the workbook through `calamine`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{DateTime, NaiveDate, TimeZone};
use chrono_tz::Tz;
use support::Station;
use wardcast::ledger::{
    AiringEnd, AiringStart, Ledger, NotAired, Outcome, Silence, SoundEvidence, Trigger,
};
use wardcast::reason::{Reason, Words};

const PROGRAMMES: &str = r#"[[programme]]
id = "cchc-monthly"
title = "Chuyên mục CCHC"
folder = "cchc-monthly"
schedule = ["30 6 * * MON#1"]
pick = "month"

[[programme]]
id = "tiep-song"
title = "Tiếp sóng Đài tỉnh"
folder = "tiep-song"
schedule = ["0 17 * * SAT"]
pick = "unaired"
"#;

const HYPERLINK: &str = "=HYPERLINK(\"evil.example\";\"bấm vào\").mp3";
const MARKUP_FILE: &str = "<i>tin & \"x\".mp3";
const MISSED_REASON: &str = "no file for 2026-02 in cchc-monthly/";
/// The failed slot's reason in the log's words (Vietnamese, the log's language here).
const FAILED_REASON: &str = "không phát được bản tin 24-01.mp3: không giải mã được";

/// The missed slot's reason, in the library's words as the test gives them.
fn missed_reason() -> Reason {
    Reason::NoFile {
        folder: "cchc-monthly".into(),
        words: Words {
            vi: MISSED_REASON.into(),
            en: MISSED_REASON.into(),
        },
    }
}

fn failed_reason() -> Reason {
    Reason::FileUnreadable {
        file: "bản tin 24-01.mp3".into(),
        words: Words {
            vi: "không giải mã được".into(),
            en: "cannot decode it".into(),
        },
    }
}

/// The cut-off airing's reason: outside text that must be shown as text on the page.
fn cut_reason() -> Reason {
    Reason::DeviceLost {
        detail: "mất điện <script>alert(1)</script>".into(),
    }
}

fn vietnam(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Tz> {
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("a Vietnam time")
}

/// Writes airings into a station's log as the daemon would.
struct Log {
    ledger: Ledger,
    audio: PathBuf,
}

impl Log {
    fn open(station: &Station) -> Log {
        Log {
            ledger: Ledger::open(&station.ledger_path()).expect("open the log"),
            audio: station.dir.path().join("audio"),
        }
    }

    fn start(
        &mut self,
        programme: &str,
        trigger: Trigger,
        slot: Option<DateTime<Tz>>,
        at: DateTime<Tz>,
        file: &str,
        seconds: f64,
    ) -> wardcast::ledger::AiringId {
        let path = self.audio.join(programme).join(file);
        self.ledger
            .record_start(&AiringStart {
                programme,
                trigger,
                scheduled_at: slot,
                started_at: at,
                file: &path,
                sha256: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                duration_seconds: seconds,
            })
            .expect("start record")
    }

    #[allow(clippy::too_many_arguments)]
    fn end(
        &mut self,
        airing: wardcast::ledger::AiringId,
        programme: &str,
        trigger: Trigger,
        at: DateTime<Tz>,
        played: f64,
        outcome: Outcome,
        reason: Option<&Reason>,
        evidence: Option<&SoundEvidence>,
    ) {
        self.ledger
            .record_end(&AiringEnd {
                airing,
                programme,
                trigger,
                ended_at: at,
                played_seconds: played,
                outcome,
                reason,
                evidence,
            })
            .expect("end record");
    }

    /// A scheduled airing played to its end.
    fn aired(&mut self, programme: &str, slot: DateTime<Tz>, file: &str, seconds: f64) {
        let evidence = SoundEvidence {
            frames: (seconds * 48_000.0) as u64,
            rms_dbfs: Some(-18.5),
            peak_dbfs: Some(-1.2),
            silences: vec![Silence {
                offset_seconds: 83.4,
                length_seconds: 6.2,
            }],
            stalls: Vec::new(),
            relay: None,
        };
        let id = self.start(
            programme,
            Trigger::Schedule,
            Some(slot),
            slot,
            file,
            seconds,
        );
        let end = slot + chrono::Duration::milliseconds((seconds * 1000.0) as i64);
        self.end(
            id,
            programme,
            Trigger::Schedule,
            end,
            seconds,
            Outcome::Aired,
            None,
            Some(&evidence),
        );
    }

    fn not_aired(
        &mut self,
        programme: &str,
        slot: DateTime<Tz>,
        file: Option<&str>,
        outcome: Outcome,
        reason: &Reason,
    ) {
        let path = file.map(|name| self.audio.join(programme).join(name));
        self.ledger
            .record_not_aired(&NotAired {
                programme,
                trigger: Trigger::Schedule,
                scheduled_at: Some(slot),
                recorded_at: slot + chrono::Duration::seconds(1),
                file: path.as_deref(),
                outcome,
                reason,
            })
            .expect("not-aired record");
    }

    fn head_hash(&self) -> String {
        let check = self.ledger.verify().expect("verify");
        assert!(check.problem.is_none());
        check.head_hash
    }
}

/// The station of most tests: 2026-Q1 (15/12/2025 – 14/03/2026) with the monthly CCHC
/// programme aired in January and March and missed in February, and rebroadcasts that
/// aired, were cut off, failed and are still on air.
fn quarter_station() -> (Station, String) {
    let station = Station::new(&["cchc-monthly", "tiep-song"], PROGRAMMES);
    let mut log = Log::open(&station);
    log.aired(
        "tiep-song",
        vietnam(2025, 12, 20, 17, 0, 0),
        HYPERLINK,
        300.0,
    );
    log.aired(
        "tiep-song",
        vietnam(2025, 12, 27, 17, 0, 0),
        "+1.mp3",
        300.0,
    );
    log.aired("tiep-song", vietnam(2026, 1, 3, 17, 0, 0), "-x.mp3", 300.0);
    log.aired(
        "cchc-monthly",
        vietnam(2026, 1, 5, 6, 30, 0),
        "2026-01 Chuyên mục CCHC.mp3",
        720.0,
    );
    log.aired("tiep-song", vietnam(2026, 1, 10, 17, 0, 0), "@x.mp3", 300.0);
    let slot = vietnam(2026, 1, 17, 17, 0, 0);
    let id = log.start(
        "tiep-song",
        Trigger::Schedule,
        Some(slot),
        slot,
        MARKUP_FILE,
        300.0,
    );
    log.end(
        id,
        "tiep-song",
        Trigger::Schedule,
        slot + chrono::Duration::seconds(100),
        100.0,
        Outcome::Interrupted,
        Some(&cut_reason()),
        None,
    );
    let manual = vietnam(2026, 1, 20, 10, 0, 0);
    let id = log.start("manual", Trigger::Manual, None, manual, "thu-am.wav", 30.0);
    log.end(
        id,
        "manual",
        Trigger::Manual,
        manual + chrono::Duration::seconds(30),
        30.0,
        Outcome::Aired,
        None,
        None,
    );
    log.not_aired(
        "tiep-song",
        vietnam(2026, 1, 24, 17, 0, 0),
        Some("bản tin 24-01.mp3"),
        Outcome::Failed,
        &failed_reason(),
    );
    log.not_aired(
        "cchc-monthly",
        vietnam(2026, 2, 2, 6, 30, 0),
        None,
        Outcome::Missed,
        &missed_reason(),
    );
    log.aired(
        "cchc-monthly",
        vietnam(2026, 3, 2, 6, 30, 0),
        "2026-03 Chuyên mục CCHC.mp3",
        720.0,
    );
    let slot = vietnam(2026, 3, 7, 17, 0, 0);
    log.start(
        "tiep-song",
        Trigger::Schedule,
        Some(slot),
        slot,
        "dang-phat.mp3",
        300.0,
    );
    // Outside the quarter on both sides: must not appear.
    log.aired(
        "tiep-song",
        vietnam(2025, 12, 13, 17, 0, 0),
        "truoc.mp3",
        300.0,
    );
    log.aired(
        "tiep-song",
        vietnam(2026, 3, 21, 17, 0, 0),
        "sau.mp3",
        300.0,
    );
    let hash = log.head_hash();
    (station, hash)
}

const QUARTER_AIRINGS: usize = 11;

fn export(station: &Station, args: &[&str]) -> Output {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let output = station
        .command()
        .args(&all)
        .current_dir(station.dir.path())
        .output()
        .expect("wardcast runs");
    output
}

fn export_ok(station: &Station, period: &str, format: &str) -> (PathBuf, String) {
    let path = station.dir.path().join(format!("report-{period}.{format}"));
    let output = export(
        station,
        &[
            "--period",
            period,
            "--format",
            format,
            "--out",
            path.to_str().expect("utf-8 path"),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "export failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&path.display().to_string()),
        "prints the path written: {stdout}"
    );
    (path, stdout)
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).expect("CSV opens");
    let headers = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| {
            record
                .expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (headers, rows)
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|header| header == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {headers:?}"))
}

#[test]
fn csv_has_a_bom_vietnamese_headers_and_no_formula_can_run() {
    let (station, _) = quarter_station();
    let (path, stdout) = export_ok(&station, "2026-Q1", "csv");
    assert!(
        stdout.contains("15/12/2025") && stdout.contains("14/03/2026"),
        "prints the dates the period covers: {stdout}"
    );

    let bytes = std::fs::read(&path).expect("read CSV");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 byte-order mark first"
    );
    let (headers, rows) = csv_rows(&path);
    for header in [
        "Chương trình",
        "Giờ theo lịch",
        "Bắt đầu",
        "Kết thúc",
        "File",
        "SHA-256",
        "Thời lượng file (giây)",
        "Đã phát (giây)",
        "Kết quả",
        "Lý do",
        "Mã lý do",
        "Mức RMS (dBFS)",
        "Đỉnh (dBFS)",
        "Khoảng lặng",
    ] {
        column(&headers, header);
    }
    assert_eq!(headers[0], "STT", "the BOM is not part of the first header");
    assert_eq!(
        column(&headers, "Mã lý do"),
        column(&headers, "Lý do") + 1,
        "the code right after the words"
    );
    assert_eq!(rows.len(), QUARTER_AIRINGS, "{rows:#?}");

    let file = column(&headers, "File");
    let files: Vec<&str> = rows.iter().map(|row| row[file].as_str()).collect();
    for (name, neutralised) in [
        (HYPERLINK, format!("'{HYPERLINK}")),
        ("+1.mp3", "'+1.mp3".to_string()),
        ("-x.mp3", "'-x.mp3".to_string()),
        ("@x.mp3", "'@x.mp3".to_string()),
    ] {
        assert!(
            files.contains(&neutralised.as_str()),
            "{name} is written as {neutralised}: {files:?}"
        );
        assert!(!files.contains(&name), "{name} is never written as is");
    }
    assert!(
        files.contains(&MARKUP_FILE),
        "other names are kept as typed"
    );

    let first = &rows[0];
    assert_eq!(
        first[column(&headers, "Chương trình")],
        "Tiếp sóng Đài tỉnh"
    );
    assert_eq!(
        first[column(&headers, "Giờ theo lịch")],
        "2025-12-20 17:00:00"
    );
    assert_eq!(first[column(&headers, "Bắt đầu")], "2025-12-20 17:00:00");
    assert_eq!(first[column(&headers, "Kết thúc")], "2025-12-20 17:05:00");
    assert_eq!(first[column(&headers, "Thời lượng file (giây)")], "300");
    assert_eq!(first[column(&headers, "Kết quả")], "đã phát");
    // Numbers stay numbers: a negative level is not mistaken for a formula.
    assert_eq!(first[column(&headers, "Mức RMS (dBFS)")], "-18.5");
    assert_eq!(first[column(&headers, "Đỉnh (dBFS)")], "-1.2");
    assert_eq!(first[column(&headers, "Khoảng lặng")], "01:23 (6,2 giây)");

    let outcome = column(&headers, "Kết quả");
    let outcomes: Vec<&str> = rows.iter().map(|row| row[outcome].as_str()).collect();
    for words in ["đã phát", "bị ngắt", "lỗi", "bỏ lỡ", "đang phát"] {
        assert!(outcomes.contains(&words), "{words} in {outcomes:?}");
    }
}

#[test]
fn missed_and_failed_slots_carry_their_reasons_in_every_format() {
    let (station, _) = quarter_station();
    let (path, _) = export_ok(&station, "2026-Q1", "csv");
    let (headers, rows) = csv_rows(&path);
    let (outcome, reason) = (column(&headers, "Kết quả"), column(&headers, "Lý do"));
    let scheduled = column(&headers, "Giờ theo lịch");
    let missed = rows
        .iter()
        .find(|row| row[outcome] == "bỏ lỡ")
        .expect("the missed slot");
    assert_eq!(missed[reason], MISSED_REASON);
    assert_eq!(missed[reason + 1], "no_file", "{headers:?}");
    assert_eq!(missed[scheduled], "2026-02-02 06:30:00");
    let failed = rows
        .iter()
        .find(|row| row[outcome] == "lỗi")
        .expect("the failed slot");
    assert_eq!(failed[reason], FAILED_REASON);
    assert_eq!(failed[column(&headers, "Mã lý do")], "file_unreadable");
    assert_eq!(failed[column(&headers, "File")], "bản tin 24-01.mp3");
    let aired = rows
        .iter()
        .find(|row| row[outcome] == "đã phát")
        .expect("an aired slot");
    assert_eq!(
        aired[column(&headers, "Mã lý do")],
        "",
        "no reason, no code"
    );

    let (path, _) = export_ok(&station, "2026-Q1", "xlsx");
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("the workbook opens");
    let log = workbook
        .worksheet_range("Nhật ký phát sóng")
        .expect("the airing sheet");
    let texts: Vec<String> = log
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| cell.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        texts
            .iter()
            .any(|row| row.contains(&format!("|bỏ lỡ|{MISSED_REASON}|no_file|"))),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|row| row.contains("|Mã lý do|")),
        "{texts:#?}"
    );
    assert!(
        texts
            .iter()
            .any(|row| row.contains(&format!("|lỗi|{FAILED_REASON}|file_unreadable|"))),
        "{texts:#?}"
    );

    let (path, _) = export_ok(&station, "2026-Q1", "html");
    let html = std::fs::read_to_string(&path).expect("read HTML");
    assert!(html.contains(MISSED_REASON), "missed reason in the page");
    assert!(html.contains(FAILED_REASON), "failed reason in the page");
    assert!(
        html.contains(&format!(
            "{MISSED_REASON}<br><span class=\"hash\">no_file</span>"
        )),
        "the code small under the words"
    );
    assert!(html.contains("<th>Lý do / mã lý do</th>"), "{html}");
    let trouble = html
        .split("<h2>5.")
        .nth(1)
        .and_then(|rest| rest.split("<h2>6.").next())
        .expect("the section of slots that did not air in full");
    for words in [
        MISSED_REASON,
        FAILED_REASON,
        "bỏ lỡ",
        "lỗi",
        "bị ngắt",
        "đang phát",
    ] {
        assert!(trouble.contains(words), "{words} listed among the troubles");
    }
    assert!(
        !trouble.contains("2026-01 Chuyên mục CCHC.mp3"),
        "aired ones are not"
    );
}

fn sheet_rows(
    workbook: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Vec<Vec<Data>> {
    workbook
        .worksheet_range(name)
        .unwrap_or_else(|error| panic!("sheet {name}: {error}"))
        .rows()
        .map(<[Data]>::to_vec)
        .collect()
}

fn text(cell: &Data) -> String {
    cell.to_string()
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(value) => *value,
        Data::Int(value) => *value as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

#[test]
fn xlsx_holds_real_dates_durations_and_the_summary() {
    let (station, hash) = quarter_station();
    let (path, stdout) = export_ok(&station, "2026-Q1", "xlsx");
    assert!(stdout.contains("15/12/2025") && stdout.contains("14/03/2026"));
    assert!(
        stdout.contains(&hash),
        "prints the log's head hash: {stdout}"
    );

    let mut workbook: Xlsx<_> = open_workbook(&path).expect("the workbook opens");
    assert_eq!(workbook.sheet_names(), ["Tổng hợp", "Nhật ký phát sóng"]);

    let log = sheet_rows(&mut workbook, "Nhật ký phát sóng");
    assert_eq!(
        log.len(),
        QUARTER_AIRINGS + 1,
        "a header and one row per airing"
    );
    let headers: Vec<String> = log[0].iter().map(text).collect();
    let col = |name: &str| column(&headers, name);
    let first = &log[1];
    let Data::DateTime(start) = &first[col("Bắt đầu")] else {
        panic!("the start is a date cell: {:?}", first[col("Bắt đầu")]);
    };
    assert!(start.is_datetime());
    assert_eq!(
        start.as_datetime(),
        NaiveDate::from_ymd_opt(2025, 12, 20).and_then(|day| day.and_hms_opt(17, 0, 0))
    );
    assert!(matches!(&first[col("Giờ theo lịch")], Data::DateTime(at) if at.is_datetime()));
    let Data::DateTime(length) = &first[col("Thời lượng file")] else {
        panic!(
            "the length is a duration cell: {:?}",
            first[col("Thời lượng file")]
        );
    };
    assert!(length.is_duration());
    assert_eq!(length.as_duration(), Some(chrono::Duration::seconds(300)));
    // No formula can run from a string cell: the name is kept exactly as typed.
    assert_eq!(text(&first[col("File")]), HYPERLINK);
    assert_eq!(number(&first[col("Mức RMS (dBFS)")]), -18.5);
    assert_eq!(text(&first[col("Kết quả")]), "đã phát");

    let summary = sheet_rows(&mut workbook, "Tổng hợp");
    let all: Vec<String> = summary
        .iter()
        .map(|row| row.iter().map(text).collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(text(&summary[0][0]), "Đài thử nghiệm", "{all:#?}");
    assert!(all.iter().any(|row| row.contains("2026-Q1")), "{all:#?}");
    assert!(
        all.iter()
            .any(|row| row.contains("15/12/2025") && row.contains("14/03/2026")),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|row| row.contains(&hash)),
        "the head hash: {all:#?}"
    );
    let dates: Vec<_> = summary
        .iter()
        .filter_map(|row| match row.get(1) {
            Some(Data::DateTime(at)) if at.is_datetime() => at.as_datetime(),
            _ => None,
        })
        .collect();
    assert!(
        dates.contains(
            &NaiveDate::from_ymd_opt(2025, 12, 15)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("date")
        ),
        "the first day is a real date: {dates:?}"
    );

    let figures = |id: &str| -> Vec<f64> {
        let row = summary
            .iter()
            .find(|row| row.len() > 8 && text(&row[1]) == id)
            .unwrap_or_else(|| panic!("a summary row for {id}: {all:#?}"));
        row[2..9].iter().map(number).collect()
    };
    // planned, aired, interrupted, missed, failed, on air, minutes
    assert_eq!(
        figures("cchc-monthly"),
        [3.0, 2.0, 0.0, 1.0, 0.0, 0.0, 24.0]
    );
    let tiep = figures("tiep-song");
    assert_eq!(tiep[..6], [13.0, 4.0, 1.0, 0.0, 1.0, 1.0]);
    assert!((tiep[6] - 1300.0 / 60.0).abs() < 1e-9, "{tiep:?}");
    assert_eq!(figures("manual")[..2], [0.0, 1.0]);

    let monthly = all
        .iter()
        .find(|row| row.starts_with("Chuyên mục CCHC|3|2|"))
        .unwrap_or_else(|| panic!("the monthly measure: {all:#?}"));
    assert!(monthly.contains("phát trong 2/3 tháng"), "{monthly}");
    assert!(
        monthly.contains(&format!("02/2026: bỏ lỡ: {MISSED_REASON}")),
        "names the missed month and why: {monthly}"
    );
    for (month, planned, aired) in [
        ("12/2025", 2, 2),
        ("01/2026", 6, 3),
        ("02/2026", 5, 0),
        ("03/2026", 3, 1),
    ] {
        let row = summary
            .iter()
            .find(|row| text(&row[0]) == month)
            .unwrap_or_else(|| panic!("month {month}: {all:#?}"));
        assert_eq!(
            (number(&row[1]), number(&row[2])),
            (f64::from(planned), f64::from(aired)),
            "{month}"
        );
    }
}

#[test]
fn html_is_one_printable_page_with_figures_chart_and_hash() {
    let (station, hash) = quarter_station();
    let (path, stdout) = export_ok(&station, "2026-Q1", "html");
    assert!(stdout.contains("15/12/2025") && stdout.contains("14/03/2026"));
    let html = std::fs::read_to_string(&path).expect("read HTML");

    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("@page { size: A4"), "A4 print styles");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "fetches nothing"
    );
    for outside in ["<script", "<link", "<img", "@import", "url("] {
        assert!(
            !html.contains(outside),
            "no {outside} in a self-contained page"
        );
    }
    assert!(html.contains("Đài thử nghiệm"));
    assert!(html.contains("2026-Q1") && html.contains("15/12/2025") && html.contains("14/03/2026"));
    assert!(html.contains("<svg"), "the monthly chart");
    assert!(html.contains(&hash), "the head hash");
    assert!(html.contains("Nhật ký nguyên vẹn"), "the verify result");
    // User text is escaped.
    assert!(html.contains("&lt;i&gt;tin &amp; &quot;x&quot;.mp3"));
    assert!(html.contains("mất điện &lt;script&gt;alert(1)&lt;/script&gt;"));
    // The summary figures: planned, aired, interrupted, missed, failed, on air, minutes.
    assert!(
        html.contains(
            "<td class=\"n\">3</td><td class=\"n\">2</td><td class=\"n\">0</td>\
             <td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td>\
             <td class=\"n\">24,0</td>"
        ),
        "the CCHC programme's figures"
    );
    assert!(
        html.contains(
            "<td class=\"n\">13</td><td class=\"n\">4</td><td class=\"n\">1</td>\
             <td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">1</td>\
             <td class=\"n\">21,7</td>"
        ),
        "the rebroadcasts' figures"
    );
    assert!(html.contains("phát trong <b>2/3</b> tháng"));
    assert!(html.contains(&format!("<li><b>02/2026</b>: bỏ lỡ: {MISSED_REASON}</li>")));
    assert_eq!(
        html.matches("<tr class=\"trouble\">").count(),
        2 * 4,
        "the four airings that did not air in full, in both lists"
    );
}

#[test]
fn periods_are_cut_on_the_15th_of_december() {
    let station = Station::new(
        &["tiep-song"],
        "[[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
         schedule = [\"59 59 23 14 12 *\", \"0 0 0 15 12 *\"]\npick = \"unaired\"\n",
    );
    let mut log = Log::open(&station);
    for (at, file) in [
        (vietnam(2025, 12, 14, 23, 59, 59), "a.mp3"),
        (vietnam(2025, 12, 15, 0, 0, 0), "b.mp3"),
        (vietnam(2026, 12, 14, 23, 59, 59), "c.mp3"),
        (vietnam(2026, 12, 15, 0, 0, 0), "d.mp3"),
    ] {
        log.aired("tiep-song", at, file, 1.0);
    }
    let files_in = |period: &str| -> Vec<String> {
        let (path, stdout) = export_ok(&station, period, "csv");
        let (headers, rows) = csv_rows(&path);
        let file = column(&headers, "File");
        assert!(stdout.contains(period), "{stdout}");
        rows.iter().map(|row| row[file].clone()).collect()
    };
    assert_eq!(files_in("2025"), ["a.mp3"]);
    assert_eq!(files_in("2026"), ["b.mp3", "c.mp3"]);
    assert_eq!(files_in("2027"), ["d.mp3"]);
    assert_eq!(files_in("2026-Q1"), ["b.mp3"]);
    assert_eq!(files_in("2026-Q4"), ["c.mp3"]);
    assert_eq!(
        files_in("2026-12"),
        ["c.mp3", "d.mp3"],
        "a month is the calendar month"
    );

    // The plan is cut at the same instants: both slots of 2026 are planned, and aired.
    let (path, stdout) = export_ok(&station, "2026", "xlsx");
    assert!(
        stdout.contains("15/12/2025") && stdout.contains("14/12/2026"),
        "{stdout}"
    );
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("the workbook opens");
    let summary = sheet_rows(&mut workbook, "Tổng hợp");
    let row = summary
        .iter()
        .find(|row| row.len() > 8 && text(&row[1]) == "tiep-song")
        .expect("the programme's row");
    assert_eq!((number(&row[2]), number(&row[3])), (2.0, 2.0));
}

#[test]
fn an_export_from_before_reason_codes_is_still_replaced_with_force() {
    let (station, _) = quarter_station();
    let default = station.dir.path().join("wardcast-2026-Q1.csv");
    // The opening of a CSV export written before the reason code column.
    let earlier = "\u{feff}STT,Mã lần phát,Chương trình,Mã chương trình,Hình thức,\
                   Giờ theo lịch,Bắt đầu,Kết thúc,File,SHA-256,Thời lượng file (giây),\
                   Đã phát (giây),Kết quả,Lý do,Mức RMS (dBFS),Đỉnh (dBFS),Khoảng lặng\r\n\
                   1,1,Tiếp sóng Đài tỉnh,tiep-song,lịch,,,,,,,,,,,,\r\n";
    std::fs::write(&default, earlier).expect("write");
    let output = export(
        &station,
        &["--period", "2026-Q1", "--format", "csv", "--force"],
    );
    assert!(output.status.success(), "{output:?}");
    let (headers, rows) = csv_rows(&default);
    column(&headers, "Mã lý do");
    assert_eq!(rows.len(), QUARTER_AIRINGS);
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let (station, _) = quarter_station();
    // The default name, in the current folder.
    let output = export(&station, &["--period", "2026-Q1", "--format", "csv"]);
    assert!(output.status.success(), "{output:?}");
    let default = station.dir.path().join("wardcast-2026-Q1.csv");
    assert!(
        default.is_file(),
        "writes wardcast-2026-Q1.csv in the current folder"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("wardcast-2026-Q1.csv"), "{stdout}");

    // An earlier export is kept without --force and replaced with it.
    let earlier = std::fs::read(&default).expect("read");
    let output = export(&station, &["--period", "2026-Q1", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("wardcast-2026-Q1.csv đã có; thêm --force để thay file đó"),
        "{stderr}"
    );
    Log::open(&station).aired("tiep-song", vietnam(2026, 2, 7, 17, 0, 0), "PCI.mp3", 300.0);
    let output = export(
        &station,
        &["--period", "2026-Q1", "--format", "csv", "--force"],
    );
    assert!(output.status.success(), "{output:?}");
    let bytes = std::fs::read(&default).expect("read");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "still a CSV export");
    assert_ne!(bytes, earlier, "replaced with --force");
    assert_eq!(csv_rows(&default).1.len(), QUARTER_AIRINGS + 1);

    // A file of the officer's own is kept, even with --force.
    std::fs::write(&default, "the officer's own notes").expect("write");
    for force in [&[][..], &["--force"]] {
        let output = export(
            &station,
            &[&["--period", "2026-Q1", "--format", "csv"][..], force].concat(),
        );
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        assert_eq!(
            std::fs::read_to_string(&default).expect("read"),
            "the officer's own notes",
            "the file is untouched"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(station.dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file is left: {leftovers:?}"
    );

    // A folder given as --out gets the default name inside it.
    let folder = station.dir.path().join("usb");
    std::fs::create_dir(&folder).expect("mkdir");
    let output = export(
        &station,
        &[
            "--period",
            "2026-Q1",
            "--format",
            "html",
            "--out",
            folder.to_str().expect("utf-8"),
        ],
    );
    assert!(output.status.success(), "{output:?}");
    assert!(folder.join("wardcast-2026-Q1.html").is_file());
}

#[test]
fn a_bad_period_is_refused_with_the_forms_that_work() {
    let (station, _) = quarter_station();
    let output = export(&station, &["--period", "2026-Q5", "--format", "csv"]);
    let code = output.status.code();
    assert!(code == Some(1) || code == Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("\"2026-Q5\" không phải kỳ báo cáo wardcast biết")
            && stderr.contains("2026-Q3"),
        "{stderr}"
    );
    assert!(!station.dir.path().join("wardcast-2026-Q5.csv").exists());

    let output = export(&station, &["--period", "2026-Q1", "--format", "pdf"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "clap refuses an unknown format"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("csv") && stderr.contains("xlsx") && stderr.contains("html"),
        "{stderr}"
    );
}

/// The quarter's station with record 3 of its log changed behind wardcast's back, past
/// the append-only trigger, as the sqlite3 tool could.
fn quarter_station_with_record_3_changed() -> Station {
    let (station, _) = quarter_station();
    let connection = rusqlite::Connection::open(station.ledger_path()).expect("open the file");
    connection
        .execute_batch(
            "DROP TRIGGER ledger_record_no_update;
             UPDATE ledger_record SET reason = 'đã phát đủ' WHERE seq = 3;",
        )
        .expect("tamper with record 3");
    station
}

#[test]
fn a_changed_log_is_exported_with_the_first_bad_record_and_exit_1() {
    let station = quarter_station_with_record_3_changed();

    let path = station.dir.path().join("changed.html");
    let output = export(
        &station,
        &[
            "--period",
            "2026-Q1",
            "--format",
            "html",
            "--out",
            path.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("bản ghi số 3"), "{stdout}");
    let html = std::fs::read_to_string(&path).expect("the page is still written");
    assert!(
        html.contains("NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: bản ghi số 3 không khớp mã kiểm tra"),
        "names the record"
    );
    assert!(!html.contains("Nhật ký nguyên vẹn"));
}

/// Runs `wardcast --lang LANG export --period 2026-Q1` into `path`.
fn export_in(station: &Station, lang: &str, format: &str, path: &Path, force: bool) -> Output {
    let mut command = station.command();
    command
        .args([
            "--lang", lang, "export", "--period", "2026-Q1", "--format", format,
        ])
        .arg("--out")
        .arg(path)
        .current_dir(station.dir.path());
    if force {
        command.arg("--force");
    }
    command.output().expect("wardcast runs")
}

#[test]
fn the_log_check_fault_is_said_in_the_language_of_the_export() {
    let station = quarter_station_with_record_3_changed();

    let english = "THE LOG WAS CHANGED OR LOST RECORDS: record 3 does not match its hash";
    let vietnamese = "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: bản ghi số 3 không khớp mã kiểm tra";
    for (lang, said, not_said) in [("en", english, vietnamese), ("vi", vietnamese, english)] {
        let page = station.dir.path().join(format!("changed-{lang}.html"));
        let output = export_in(&station, lang, "html", &page, false);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let html = std::fs::read_to_string(&page).expect("the page is written");
        assert!(html.contains(said), "{lang}: {html}");
        assert!(!html.contains(not_said), "{lang}: one language only");

        let book = station.dir.path().join(format!("changed-{lang}.xlsx"));
        let output = export_in(&station, lang, "xlsx", &book, false);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let mut workbook: Xlsx<_> = open_workbook(&book).expect("the workbook opens");
        let sheet = if lang == "en" {
            "Summary"
        } else {
            "Tổng hợp"
        };
        let cells: Vec<String> = sheet_rows(&mut workbook, sheet)
            .iter()
            .flatten()
            .map(text)
            .collect();
        let (fault, other) = if lang == "en" {
            (
                "CHANGED OR LOST RECORDS: record 3 does not match its hash",
                "bản ghi số 3",
            )
        } else {
            (
                "ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: bản ghi số 3 không khớp mã kiểm tra",
                "record 3",
            )
        };
        assert!(
            cells.iter().any(|cell| cell.contains(fault)),
            "{lang}: {cells:#?}"
        );
        assert!(
            !cells.iter().any(|cell| cell.contains(other)),
            "{lang}: one language only: {cells:#?}"
        );
    }
}

#[test]
fn an_english_export_is_english_and_replaces_a_vietnamese_one_with_force() {
    let (station, _) = quarter_station();
    let path = station.dir.path().join("bao-cao.csv");
    let output = export_in(&station, "vi", "csv", &path, false);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(csv_rows(&path).0[0], "STT");

    let output = export_in(&station, "en", "csv", &path, true);
    assert!(output.status.success(), "{output:?}");
    let (headers, rows) = csv_rows(&path);
    assert_eq!(headers[0], "No.");
    let outcome = column(&headers, "Outcome");
    let outcomes: Vec<&str> = rows.iter().map(|row| row[outcome].as_str()).collect();
    for words in ["aired", "cut off", "failed", "missed", "on air"] {
        assert!(outcomes.contains(&words), "{words} in {outcomes:?}");
    }
    let silences = column(&headers, "Silences");
    assert_eq!(rows[0][silences], "01:23 (6.2 s)");

    // And back: the English export is wardcast's own too.
    let output = export_in(&station, "vi", "csv", &path, true);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(csv_rows(&path).0[0], "STT");
}
