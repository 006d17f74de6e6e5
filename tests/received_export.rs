//! `wardcast export` of a log with relayed airings, recordings and downloads (CSV, workbook,
//! page), and of a log without any of them, byte for byte as the release before wrote it.

mod receiving;
mod support;

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use receiving::{receiving_station, station, write_plain, Log, FEED};
use support::Station;

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

/// The CSV the release before receiving wrote of the plain airings (`write_plain`), byte
/// for byte. (Its workbook and page say when they were made, so they are checked for their
/// columns only.)
const PLAIN_CSV: &str = include_str!("receiving/plain.csv");
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
