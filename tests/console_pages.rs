//! The console's schedule and reports pages, through the real binary: a report downloaded
//! from the console is the one `wardcast export` writes (its CSV byte for byte, its workbook
//! cell for cell, its page with the station and the period), and neither page nor the
//! download is given to a request without a session.

mod support;

use std::path::Path;
use std::time::Duration;

use support::Station;
use wardcast::config::Config;
use wardcast::ledger::{Ledger, Outcome};
use wardcast::messages::report::SheetWords;
use wardcast::messages::{Lang, Say};
use wardcast::report::{self, ExportFormat};

const PROGRAMME: &str = "[[programme]]\nid = \"news\"\ntitle = \"Bản tin phường\"\n\
                         folder = \"news\"\nschedule = [\"30 6 * * *\"]\npick = \"newest\"\n";

/// A station whose log holds one airing of the news, on 1 December 2026 at 06:30.
fn station_with_an_airing() -> Station {
    let station = Station::new(&["news"], PROGRAMME);
    let mut ledger = Ledger::open(&station.ledger_path()).expect("open the log");
    let file = station.audio("news").join("ban-tin.mp3");
    support::log_airing(
        &mut ledger,
        "news",
        support::vietnam(2026, 12, 1, 6, 30),
        &file,
        Some(Outcome::Aired),
    );
    station
}

/// What `wardcast export` writes for `period` in `format`, read back.
fn exported(station: &Station, period: &str, format: ExportFormat) -> Vec<u8> {
    let out = station.dir.path().join("exports");
    std::fs::create_dir_all(&out).expect("exports folder");
    let extension = format.extension();
    let output = station.run(&[
        "export",
        "--period",
        period,
        "--format",
        extension,
        "--out",
        out.to_str().expect("a UTF-8 path"),
        "--force",
    ]);
    assert!(
        output.status.success(),
        "{}{}",
        support::stdout(&output),
        support::stderr(&output)
    );
    std::fs::read(out.join(format!("wardcast-{period}.{extension}"))).expect("the export")
}

/// What the console hands out for `period` in `format`: the report built by the library
/// as the download builds it.
fn downloaded(station: &Station, period: &str, format: ExportFormat) -> (String, Vec<u8>) {
    use std::io::Read;
    let config = Config::load(&station.config_path()).expect("config");
    let period = config.reports.period(period).expect("period");
    let folder = tempfile::tempdir().expect("temp folder");
    let built = report::build(&config, &period, format, folder.path()).expect("built");
    assert_eq!(built.withheld(config.station.lang), None);
    let mut bytes = Vec::new();
    built
        .file
        .reopen()
        .expect("reopen")
        .read_to_end(&mut bytes)
        .expect("read");
    (built.name, bytes)
}

/// Every sheet of a workbook, as rows of cell texts.
fn workbook_cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|row| row.iter().map(ToString::to_string).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// The cells without the row saying when the workbook was made: two workbooks made a
/// moment apart differ there only.
fn without_made(sheets: &[(String, Vec<Vec<String>>)]) -> Vec<(String, Vec<Vec<String>>)> {
    let made = SheetWords::Made.say(Lang::Vi);
    sheets
        .iter()
        .map(|(name, rows)| {
            let kept = rows.iter().filter(|row| row.first() != Some(&made));
            (name.clone(), kept.cloned().collect())
        })
        .collect()
}

#[test]
fn a_downloaded_report_is_the_one_wardcast_export_writes() {
    let station = station_with_an_airing();

    let (name, csv_bytes) = downloaded(&station, "2026-12", ExportFormat::Csv);
    assert_eq!(name, "wardcast-2026-12.csv");
    assert_eq!(csv_bytes, exported(&station, "2026-12", ExportFormat::Csv));
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("row")).collect();
    assert_eq!(rows.len(), 1, "one airing in December");
    assert!(
        rows[0].iter().any(|cell| cell == "Bản tin phường"),
        "{rows:?}"
    );

    let (name, xlsx_bytes) = downloaded(&station, "2026-12", ExportFormat::Xlsx);
    assert_eq!(name, "wardcast-2026-12.xlsx");
    let cells = workbook_cells(&xlsx_bytes);
    assert_eq!(
        without_made(&cells),
        without_made(&workbook_cells(&exported(
            &station,
            "2026-12",
            ExportFormat::Xlsx
        )))
    );
    let listed = cells
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .any(|cell| cell == "Bản tin phường");
    assert!(listed, "the airing is in the workbook");

    let (name, html_bytes) = downloaded(&station, "2026-12", ExportFormat::Html);
    assert_eq!(name, "wardcast-2026-12.html");
    let page = String::from_utf8(html_bytes).expect("UTF-8");
    assert!(page.contains("Đài thử nghiệm"), "the station's name");
    assert!(page.contains("2026-12"), "the period");
    let cli = String::from_utf8(exported(&station, "2026-12", ExportFormat::Html)).expect("UTF-8");
    assert_eq!(page.len(), cli.len(), "the same page");
}

#[test]
fn a_download_reads_the_log_without_writing_it() {
    let station = station_with_an_airing();
    let before = std::fs::read(station.ledger_path()).expect("log");
    let _ = downloaded(&station, "2026-Q4", ExportFormat::Xlsx);
    let _ = downloaded(&station, "2026", ExportFormat::Csv);
    assert_eq!(std::fs::read(station.ledger_path()).expect("log"), before);
}

/// The console's address, from the daemon's log.
fn console_address(daemon: &support::Daemon) -> String {
    let line = daemon
        .wait_for_line(&["web console", "address="], Duration::from_secs(20))
        .unwrap_or_else(|| panic!("the console starts: {}", daemon.log_text()));
    let start = line.find("address=").expect("address") + "address=".len();
    line[start..]
        .split_whitespace()
        .next()
        .expect("an address")
        .trim_matches('"')
        .to_string()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// A request without a session is refused (401), or sent to sign in (303); either way the
/// page's content is not in the answer.
fn assert_refused(response: &mut ureq::http::Response<ureq::Body>, path: &str) {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    assert!(
        status == 401 || (status == 303 && !location.starts_with(path)),
        "{path}: {status} {location} {body}"
    );
    assert!(!body.contains("Bản tin phường"), "{path}: {body}");
    assert!(!body.contains("wardcast-"), "{path}: {body}");
}

#[test]
fn without_a_session_neither_page_nor_a_download_is_given() {
    let station = station_with_an_airing();
    let daemon = station.spawn_daemon(&[]);
    let address = console_address(&daemon);
    let agent = agent();
    for path in [
        "/schedule",
        "/schedule?month=2026-12",
        "/reports",
        "/reports?period=2026-Q4",
        "/reports/download?period=2026-12&format=csv",
        "/reports/download?period=2026-12&format=xlsx",
    ] {
        let mut response = agent
            .get(format!("{address}{path}"))
            .call()
            .expect("an answer");
        assert_refused(&mut response, path);
    }
    assert!(Path::new(&station.ledger_path()).exists());
}
