//! Relayed airings, recordings and downloads in the airing log, through the real binary:
//! `wardcast log` (text and JSON), `verify` (a changed recording record is caught) and
//! `export` (CSV, workbook, page) of a log the test writes through `wardcast::ledger`, so it
//! controls every date; and the exports of a log without any of them, byte for byte as
//! before.

mod support;

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;
use support::Station;
use wardcast::ledger::{
    AiringEnd, AiringStart, Gap, GapCause, Ledger, NotAired, Outcome, Receipt, Received,
    ReceivedEvidence, RelayEvidence, Silence, SoundEvidence, Trigger,
};
use wardcast::reason::{Reason, Words};

const PROGRAMMES: &str = r#"[[programme]]
id = "tiep-song"
title = "Tiếp sóng Đài tỉnh"
folder = "tiep-song"
schedule = ["0 17 * * SAT"]
pick = "unaired"

[[programme]]
id = "cchc-tinh"
title = "Chuyên mục CCHC Đài tỉnh"
folder = "cchc-tinh"
schedule = ["0 6 * * SAT"]
pick = "unaired"
"#;

const FEED: &str = "https://radio.example/pci/feed.xml";

fn vietnam(d: u32, h: u32, mi: u32, s: u32) -> DateTime<Tz> {
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 1, d, h, mi, s)
        .single()
        .expect("a Vietnam time")
}

fn station() -> Station {
    Station::new(&["tiep-song", "cchc-tinh"], PROGRAMMES)
}

/// Writes into a station's log as the daemon would.
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

    /// A scheduled airing of `file`, `seconds` long, that ended as `outcome`.
    fn airing(
        &mut self,
        programme: &str,
        slot: DateTime<Tz>,
        file: &str,
        (seconds, outcome, reason): (f64, Outcome, Option<&Reason>),
        evidence: Option<&SoundEvidence>,
    ) {
        let path = self.audio.join(programme).join(file);
        let id = self
            .ledger
            .record_start(&AiringStart {
                programme,
                trigger: Trigger::Schedule,
                scheduled_at: Some(slot),
                started_at: slot,
                file: &path,
                sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                duration_seconds: seconds,
            })
            .expect("start");
        self.ledger
            .record_end(&AiringEnd {
                airing: id,
                programme,
                trigger: Trigger::Schedule,
                ended_at: slot + chrono::Duration::milliseconds((seconds * 1000.0) as i64),
                played_seconds: seconds,
                outcome,
                reason,
                evidence,
            })
            .expect("end");
    }

    fn missed(&mut self, programme: &str, slot: DateTime<Tz>, reason: &Reason) {
        self.ledger
            .record_not_aired(&NotAired {
                programme,
                trigger: Trigger::Schedule,
                scheduled_at: Some(slot),
                recorded_at: slot + chrono::Duration::seconds(1),
                file: None,
                outcome: Outcome::Missed,
                reason,
            })
            .expect("missed");
    }

    fn received(&mut self, received: &Received<'_>) {
        self.ledger.record_received(received).expect("received");
    }
}

fn measured(seconds: f64) -> SoundEvidence {
    SoundEvidence {
        frames: (seconds * 48_000.0) as u64,
        rms_dbfs: Some(-18.5),
        peak_dbfs: Some(-1.2),
        silences: vec![Silence {
            offset_seconds: 83.4,
            length_seconds: 6.2,
        }],
        ..SoundEvidence::default()
    }
}

/// Airings of files only: what every log held before receiving.
fn write_plain(log: &mut Log) {
    log.airing(
        "tiep-song",
        vietnam(3, 17, 0, 0),
        "Bản tin, \"đài\" tỉnh.mp3",
        (300.0, Outcome::Aired, None),
        Some(&measured(300.0)),
    );
    let lost = Reason::DeviceLost {
        detail: "mất điện".into(),
    };
    log.airing(
        "tiep-song",
        vietnam(10, 17, 0, 0),
        "=1+1.mp3",
        (120.5, Outcome::Interrupted, Some(&lost)),
        None,
    );
    let no_file = Reason::NoFile {
        folder: "cchc-tinh".into(),
        words: Words {
            vi: "chưa có file trong cchc-tinh/".into(),
            en: "no file in cchc-tinh/".into(),
        },
    };
    log.missed("cchc-tinh", vietnam(10, 6, 0, 0), &no_file);
}

fn relay(seconds_received: f64) -> RelayEvidence {
    RelayEvidence {
        source: "dai-tinh".into(),
        bytes: 28_800_000,
        seconds_received,
        gaps: vec![Gap {
            offset_seconds: 600.0,
            length_seconds: 14.5,
            cause: GapCause::Reconnect,
        }],
        delay_start_seconds: 1.2,
        delay_end_seconds: 1.25,
        copy: None,
    }
}

/// A relayed airing, a recording cut by the source, a download and a download refused.
fn write_receiving(log: &mut Log) {
    let evidence = SoundEvidence {
        relay: Some(relay(1_785.5)),
        ..measured(1_800.0)
    };
    log.airing(
        "tiep-song",
        vietnam(17, 17, 0, 0),
        "dai-tinh",
        (1_800.0, Outcome::Aired, None),
        Some(&evidence),
    );
    let recorded = log
        .audio
        .join("cchc-tinh")
        .join("2026-01-16 CCHC Đài tỉnh.mp3");
    let lost = Reason::SourceLost {
        source: "dai-tinh".into(),
        detail: "connection reset".into(),
    };
    log.received(&Received {
        into: "cchc-tinh",
        trigger: Trigger::Recording,
        source: "dai-tinh",
        item_key: None,
        scheduled_at: Some(vietnam(16, 19, 0, 0)),
        at: vietnam(16, 19, 30, 2),
        file: Some(&recorded),
        sha256: Some("aa11"),
        duration_seconds: Some(1_785.5),
        receipt: Receipt::Partial(Some(&lost)),
        evidence: &ReceivedEvidence {
            bytes: 28_568_000,
            seconds_received: Some(1_785.5),
            gaps: vec![Gap {
                offset_seconds: 600.0,
                length_seconds: 14.5,
                cause: GapCause::Reconnect,
            }],
            content_type: None,
        },
    });
    let downloaded = log.audio.join("cchc-tinh").join("PCI 2026-01.mp3");
    log.received(&Received {
        into: "cchc-tinh",
        trigger: Trigger::Download,
        source: FEED,
        item_key: Some("pci-2026-01"),
        scheduled_at: Some(vietnam(18, 8, 0, 0)),
        at: vietnam(18, 8, 0, 9),
        file: Some(&downloaded),
        sha256: Some("bb22"),
        duration_seconds: Some(600.0),
        receipt: Receipt::Complete,
        evidence: &ReceivedEvidence {
            bytes: 9_600_000,
            content_type: Some("audio/mpeg".into()),
            ..ReceivedEvidence::default()
        },
    });
    let page = Reason::SourceWebPage {
        source: "https://radio.example/papi.mp3".into(),
    };
    log.received(&Received {
        into: "cchc-tinh",
        trigger: Trigger::Download,
        source: "https://radio.example/papi.mp3",
        item_key: Some("https://radio.example/papi.mp3"),
        scheduled_at: Some(vietnam(18, 8, 0, 0)),
        at: vietnam(18, 8, 0, 11),
        file: None,
        sha256: None,
        duration_seconds: None,
        receipt: Receipt::Failed(&page),
        evidence: &ReceivedEvidence {
            bytes: 5_120,
            content_type: Some("text/html".into()),
            ..ReceivedEvidence::default()
        },
    });
}

fn receiving_station() -> Station {
    let station = station();
    let mut log = Log::open(&station);
    write_plain(&mut log);
    write_receiving(&mut log);
    station
}

fn run(station: &Station, args: &[&str]) -> (Option<i32>, String) {
    let output = station.run(args);
    assert!(
        output.stderr.is_empty() || output.status.code() != Some(0),
        "{}",
        support::stderr(&output)
    );
    (output.status.code(), support::stdout(&output))
}

#[test]
fn the_log_lists_relays_recordings_and_downloads_with_what_was_received() {
    let station = receiving_station();
    let (code, text) = run(&station, &["--lang", "en", "log"]);
    assert_eq!(code, Some(0), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let relayed = lines
        .iter()
        .position(|line| line.starts_with("2026-01-17T17:00:00.000+07:00  tiep-song"))
        .expect("the relayed airing");
    assert_eq!(
        lines[relayed + 1],
        "    relayed from source dai-tinh: received 28,800,000 bytes, 29 min 46 s; \
         gaps: 10:00 (14.5 s, connection lost); 1.20 s behind the source at the start, 1.25 s \
         at the end",
        "{text}"
    );
    let recording = lines
        .iter()
        .position(|line| line.starts_with("2026-01-16T19:30:02.000+07:00  cchc-tinh    partial"))
        .unwrap_or_else(|| panic!("the recording: {text}"));
    assert!(
        lines[recording].contains("2026-01-16 CCHC Đài tỉnh.mp3")
            // The reason in the words of the station's language when it was logged.
            && lines[recording]
                .ends_with("— nguồn dai-tinh: mất kết nối và không nối lại kịp (connection reset)"),
        "{text}"
    );
    assert_eq!(
        lines[recording + 1],
        "    recorded from source dai-tinh: received 28,568,000 bytes, 29 min 46 s; \
         gaps: 10:00 (14.5 s, connection lost)"
    );
    let download = lines
        .iter()
        .position(|line| line.contains("complete") && line.contains("PCI 2026-01.mp3"))
        .unwrap_or_else(|| panic!("the download: {text}"));
    assert_eq!(
        lines[download + 1],
        format!("    downloaded from {FEED} (item pci-2026-01): 9,600,000 bytes (audio/mpeg)")
    );
    assert!(
        lines[download + 2].contains("failed")
            && lines[download + 2].ends_with(
                "— nguồn https://radio.example/papi.mp3: trả về một trang web, không phải âm thanh"
            ),
        "{text}"
    );
    assert_eq!(
        lines[download + 3],
        "    downloaded from https://radio.example/papi.mp3: 5,120 bytes (text/html)",
        "an item that is its own address is not said twice"
    );

    let (_, vietnamese) = run(&station, &["log"]);
    assert!(
        vietnamese.contains(
            "    tiếp sóng từ nguồn dai-tinh: đã nhận 28.800.000 byte, 29 phút 46 giây; mất tín \
             hiệu: 10:00 (14,5 giây, mất kết nối); trễ so với nguồn 1,20 giây lúc đầu, 1,25 giây \
             lúc cuối"
        ),
        "{vietnamese}"
    );
    assert!(vietnamese.contains("thiếu một phần"), "{vietnamese}");
    assert!(vietnamese.contains("hoàn tất"), "{vietnamese}");

    let (_, only) = run(
        &station,
        &["--lang", "en", "log", "--programme", "tiep-song"],
    );
    assert!(
        !only.contains("recorded from") && !only.contains("downloaded from"),
        "{only}"
    );
}

#[test]
fn the_json_log_marks_receptions_and_keeps_airings_as_they_were() {
    let station = receiving_station();
    let log = station.log_json();
    assert_eq!(log.len(), 7, "{log:#?}");
    let receptions: Vec<&serde_json::Value> = log
        .iter()
        .filter(|line| line["kind"] == "received")
        .collect();
    assert_eq!(receptions.len(), 3);
    let recording = receptions[0];
    assert_eq!(recording["trigger"], "recording");
    assert_eq!(recording["into"], "cchc-tinh");
    assert_eq!(recording["source"], "dai-tinh");
    assert_eq!(recording["outcome"], "partial");
    assert_eq!(recording["reason_code"], "source_lost");
    assert_eq!(recording["evidence"]["gaps"][0]["cause"], "reconnect");
    assert_eq!(receptions[1]["item_key"], "pci-2026-01");
    assert_eq!(
        receptions[2]["reason_params"]["source"],
        "https://radio.example/papi.mp3"
    );
    let relayed = &log[3];
    assert!(relayed.get("kind").is_none(), "{relayed:#}");
    assert_eq!(relayed["evidence"]["relay"]["source"], "dai-tinh");
    assert_eq!(relayed["evidence"]["relay"]["delay_end_seconds"], 1.25);
}

/// Runs SQL on the log the way the sqlite3 tool would, past the append-only triggers.
fn tamper(station: &Station, sql: &str) {
    rusqlite::Connection::open(station.ledger_path())
        .expect("open")
        .execute_batch(&format!("DROP TRIGGER ledger_record_no_update; {sql}"))
        .expect("tamper");
}

#[test]
fn verify_checks_the_new_records_and_catches_a_changed_recording() {
    let station = receiving_station();
    let (code, text) = run(&station, &["--lang", "en", "verify"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("The log is intact: 10 records"), "{text}");
    let refused = rusqlite::Connection::open(station.ledger_path())
        .expect("open")
        .execute(
            "UPDATE ledger_record SET outcome = 'complete' WHERE seq = 8",
            [],
        );
    assert!(refused.is_err(), "the log refuses an update");

    for change in [
        "UPDATE ledger_record SET outcome = 'complete' WHERE seq = 8;",
        "UPDATE ledger_record SET source = 'dai-thanh-pho' WHERE seq = 8;",
        r#"UPDATE ledger_record SET evidence = replace(evidence, '"length_seconds":14.5', '"length_seconds":1.5') WHERE seq = 8;"#,
        "UPDATE ledger_record SET item_key = 'pci-2025-12' WHERE seq = 9;",
    ] {
        let station = receiving_station();
        tamper(&station, change);
        let (code, text) = run(&station, &["--lang", "en", "verify"]);
        assert_eq!(code, Some(1), "{change}\n{text}");
        let seq = if change.contains("seq = 9") { 9 } else { 8 };
        assert!(
            text.contains(&format!(
                "record {seq} does not match its hash: it was changed after it was written"
            )),
            "{change}\n{text}"
        );
    }
}

/// The month's export in `lang` and `format`.
fn export(station: &Station, lang: &str, format: &str) -> PathBuf {
    export_period(station, lang, format, "2026-01")
}

fn export_period(station: &Station, lang: &str, format: &str, period: &str) -> PathBuf {
    let path = station.dir.path().join(format!("report-{lang}.{format}"));
    let output = station
        .command()
        .args([
            "--lang", lang, "export", "--period", period, "--format", format,
        ])
        .arg("--out")
        .arg(&path)
        .output()
        .expect("wardcast runs");
    assert!(output.status.success(), "{output:?}");
    path
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .expect("CSV opens");
    reader
        .records()
        .map(|record| {
            record
                .expect("a record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn the_csv_lists_what_was_received_after_every_column_it_always_had() {
    let station = receiving_station();
    let rows = csv_rows(&export(&station, "en", "csv"));
    let header = &rows[0];
    assert_eq!(header.len(), 25, "{header:?}");
    assert_eq!(header[0], "No.", "the byte-order mark is not part of it");
    assert_eq!(
        header[18..],
        [
            "Source",
            "Download item (GUID or address)",
            "Received (bytes)",
            "Received (s)",
            "Gaps in the source",
            "Delay at start (s)",
            "Delay at end (s)"
        ]
    );
    let row = |file: &str| -> &Vec<String> {
        rows.iter()
            .find(|row| row[8] == file)
            .unwrap_or_else(|| panic!("{file}: {rows:#?}"))
    };
    let relayed = row("dai-tinh");
    assert_eq!(relayed[12], "aired");
    assert_eq!(
        relayed[18..],
        [
            "dai-tinh",
            "",
            "28800000",
            "1785.5",
            "10:00 (14.5 s, connection lost)",
            "1.2",
            "1.25"
        ]
    );
    let recording = row("2026-01-16 CCHC Đài tỉnh.mp3");
    assert_eq!(
        (
            recording[4].as_str(),
            recording[5].as_str(),
            recording[6].as_str()
        ),
        ("recording", "2026-01-16 19:00:00", "")
    );
    assert_eq!(
        recording[7], "2026-01-16 19:30:02",
        "it ended when the file came in"
    );
    assert_eq!(
        (recording[10].as_str(), recording[12].as_str()),
        ("1785.5", "partial")
    );
    assert_eq!(recording[14], "source_lost");
    assert_eq!(recording[22], "10:00 (14.5 s, connection lost)");
    let download = row("PCI 2026-01.mp3");
    assert_eq!(
        download[18..23],
        [FEED, "pci-2026-01", "9600000", "", ""],
        "a download has no gaps to tell"
    );
    let refused = rows
        .iter()
        .find(|row| row[14] == "source_web_page")
        .expect("the refused download");
    assert_eq!((refused[8].as_str(), refused[12].as_str()), ("", "failed"));
    // The plain airings keep every cell they had, and nothing in the new ones.
    let plain = row("Bản tin, \"đài\" tỉnh.mp3");
    assert_eq!(plain[18..], ["", "", "", "", "", "", ""]);
    assert_eq!(plain[17], "01:23 (6.2 s)");
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    workbook
        .worksheet_range(name)
        .unwrap_or_else(|error| panic!("{name}: {error}"))
        .rows()
        .map(|row| row.iter().map(Data::to_string).collect())
        .collect()
}

#[test]
fn the_summary_counts_relays_recordings_and_downloads_beside_the_airings() {
    let station = receiving_station();
    let book = export(&station, "vi", "xlsx");
    let summary = sheet(&book, "Tổng hợp");
    let headings = summary
        .iter()
        .find(|row| row.first().is_some_and(|cell| cell == "Chương trình"))
        .expect("the programmes' headings");
    assert_eq!(
        headings[8..12],
        [
            "Số phút phát sóng",
            "Tiếp sóng trực tiếp",
            "Đã thu hoặc tải về",
            "Thu, tải về bị lỗi"
        ]
    );
    let figures = |id: &str| -> Vec<f64> {
        summary
            .iter()
            .find(|row| row.get(1).is_some_and(|cell| cell == id))
            .unwrap_or_else(|| panic!("{id}: {summary:#?}"))[2..12]
            .iter()
            .map(|cell| cell.parse().expect("a number"))
            .collect()
    };
    // planned, aired, cut off, missed, failed, on air, minutes, relayed, received, failed.
    let tiep = figures("tiep-song");
    assert_eq!(tiep[..6], [5.0, 2.0, 1.0, 0.0, 0.0, 0.0]);
    assert!((tiep[6] - 2_220.5 / 60.0).abs() < 1e-9, "{tiep:?}");
    assert_eq!(tiep[7..], [1.0, 0.0, 0.0]);
    assert_eq!(figures("cchc-tinh")[..6], [5.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    assert_eq!(figures("cchc-tinh")[7..], [0.0, 2.0, 1.0]);
    assert!(
        summary
            .iter()
            .any(|row| row[0] == "Số lần thu, tải về trong kỳ" && row[1] == "3"),
        "{summary:#?}"
    );
    let list = sheet(&book, "Nhật ký phát sóng");
    assert_eq!(list.len(), 8, "a header and a row per entry");
    assert_eq!(list[0][22], "Đoạn mất tín hiệu nguồn");

    let page = std::fs::read_to_string(export(&station, "vi", "html")).expect("the page");
    assert!(
        page.contains("6. Danh sách các lần phát (4 lần) và các lần thu, tải về (3 lần)"),
        "{page}"
    );
    assert!(page.contains("<th>Tiếp sóng, thu, tải về</th>"), "{page}");
    assert!(
        page.contains(
            "<td><b>Nguồn:</b> dai-tinh<br><b>Đã nhận (byte):</b> 28800000<br><b>Đã nhận \
             (giây):</b> 1785,5<br><b>Đoạn mất tín hiệu nguồn:</b> 10:00 (14,5 giây, mất kết \
             nối)<br><b>Độ trễ lúc đầu (giây):</b> 1,2<br><b>Độ trễ lúc cuối (giây):</b> \
             1,25</td>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<th>Tiếp sóng trực tiếp</th><th>Đã thu hoặc tải về</th>"),
        "{page}"
    );
    let trouble = page
        .split("<h2>5.")
        .nth(1)
        .and_then(|rest| rest.split("<h2>6.").next())
        .expect("the airings not aired in full");
    assert!(trouble.contains("=1+1.mp3"), "the cut-off airing is there");
    assert!(
        !trouble.contains("source_web_page"),
        "a download is not an airing: {trouble}"
    );
}

/// The CSV, workbook and page the release before receiving wrote of the plain airings
/// (CSV byte for byte; the others cell for cell, since they say when they were made).
const PLAIN_CSV: &str = include_str!("received_log/plain.csv");
/// The days of the plain airings: before the first reception of `receiving_station`.
const PLAIN_DAYS: &str = "2026-01-01..2026-01-12";

#[test]
fn a_log_without_receptions_exports_byte_for_byte_as_before() {
    let station = station();
    write_plain(&mut Log::open(&station));
    let csv = std::fs::read(export_period(&station, "vi", "csv", PLAIN_DAYS)).expect("csv");
    assert_eq!(String::from_utf8_lossy(&csv), PLAIN_CSV);

    // A period before the first reception of a log that has some is as before too.
    let station = receiving_station();
    let csv = std::fs::read(export_period(&station, "vi", "csv", PLAIN_DAYS)).expect("csv");
    assert_eq!(String::from_utf8_lossy(&csv), PLAIN_CSV);
    let page =
        std::fs::read_to_string(export_period(&station, "vi", "html", PLAIN_DAYS)).expect("page");
    assert!(
        !page.contains("<th>Tiếp sóng, thu, tải về</th>") && !page.contains("Tiếp sóng trực tiếp"),
        "no column of what was received"
    );
    let book = export_period(&station, "vi", "xlsx", PLAIN_DAYS);
    assert_eq!(sheet(&book, "Nhật ký phát sóng")[0].len(), 18);
}
