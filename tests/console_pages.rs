//! The console's schedule and reports pages, through the real binary: the schedule page
//! says a programme's crontab line in words and shows its next airing on the month's
//! calendar, whose links go to the months around; the reports page lists the usual periods
//! with their days; a report downloaded from the console is the one `wardcast export` writes
//! (its CSV byte for byte, its workbook cell for cell, its page with the station and the
//! period); a period export refuses is refused in its words; and neither page nor the
//! download is given to a request without a session.

mod support;

use support::console::{add_user, console_address, Console, Reply};
use support::{Daemon, Station};
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

const PASSWORD: &str = "mật khẩu đủ dài";

/// The station with its airing, a viewer, and its daemon running; the console's address.
fn running() -> (Station, Daemon, String) {
    let station = station_with_an_airing();
    add_user(&station, "xem", "viewer", PASSWORD);
    let daemon = station.spawn_daemon(&[]);
    let base = console_address(&daemon);
    (station, daemon, base)
}

/// A viewer signed in: reading and downloading is all the pages ask.
fn viewer(base: &str) -> Console {
    let mut console = Console::new(base);
    let reply = console.sign_in("xem", PASSWORD);
    assert_eq!(reply.status, 303, "sign-in: {}", reply.body);
    console
}

/// `text` as the page's template escapes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The markup of the calendar's cell for `day` (`YYYY-MM-DD`).
fn day_cell<'a>(page: &'a str, day: &str) -> &'a str {
    let start = page
        .find(&format!("data-date=\"{day}\""))
        .unwrap_or_else(|| panic!("{day} is on the calendar: {page}"));
    let rest = &page[start + 1..];
    let end = rest.find("data-date=").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_schedule_page_says_the_line_and_shows_the_next_airing_on_the_calendar() {
    use chrono::Datelike;
    let (station, _daemon, base) = running();
    let console = viewer(&base);
    let config = Config::load(&station.config_path()).expect("config");
    let zone = config.station.timezone;
    let line = wardcast::schedule::CronLine::parse("30 6 * * *").expect("line");
    let now = chrono::Utc::now().with_timezone(&zone);
    let next = line.next_after(&now).expect("a next airing");

    let page = console.get("/schedule");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("<code>30 6 * * *</code>"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(&escaped(&line.describe(Lang::Vi))),
        "{}",
        page.body
    );
    assert!(page.body.contains("Bản tin phường"));

    // The next airing is on its month's calendar, at its time.
    let month = format!("{:04}-{:02}", next.year(), next.month());
    let page = console.get(&format!("/schedule?month={month}"));
    assert_eq!(page.status, 200, "{}", page.body);
    let cell = day_cell(&page.body, &next.format("%Y-%m-%d").to_string());
    assert!(cell.contains("06:30 Bản tin phường"), "{cell}");

    // The links to the months around lead to them.
    let page = console.get("/schedule?month=2026-12");
    assert!(page.body.contains("Tháng 12/2026"));
    for (link, heading) in [("2027-01", "Tháng 1/2027"), ("2026-11", "Tháng 11/2026")] {
        let href = format!("href=\"/schedule?month={link}#calendar\"");
        assert!(page.body.contains(&href), "{href} in {}", page.body);
        let around = console.get(&format!("/schedule?month={link}"));
        assert_eq!(around.status, 200);
        assert!(
            around.body.contains(heading),
            "{heading} in {}",
            around.body
        );
    }
    let bad = console.get("/schedule?month=2026-13");
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("2026-13"), "{}", bad.body);
}

#[test]
fn the_reports_page_lists_the_usual_periods_with_their_days() {
    let (station, _daemon, base) = running();
    let console = viewer(&base);
    let config = Config::load(&station.config_path()).expect("config");
    let today = chrono::Utc::now()
        .with_timezone(&config.station.timezone)
        .date_naive();
    let page = console.get("/reports");
    assert_eq!(page.status, 200, "{}", page.body);
    let offered = config.reports.offered(today);
    assert_eq!(offered.len(), 4);
    for (_, period) in offered {
        let row = format!("<tr data-period=\"{}\">", period.label);
        assert!(page.body.contains(&row), "{row} in {}", page.body);
        for day in [period.first_day, period.last_day] {
            let day = day.format("%d/%m/%Y").to_string();
            assert!(page.body.contains(&day), "{day} in {}", page.body);
        }
    }
    let chosen = console.get("/reports?period=2026-Q1");
    assert_eq!(chosen.status, 200);
    assert!(
        chosen
            .body
            .contains("từ ngày 15/12/2025 đến ngày 14/03/2026"),
        "{}",
        chosen.body
    );
}

fn download(console: &Console, period: &str, format: &str) -> Reply {
    let reply = console.get(&format!(
        "/reports/download?period={period}&format={format}"
    ));
    assert_eq!(reply.status, 200, "{period} {format}: {}", reply.body);
    let disposition = reply.header("content-disposition").unwrap_or_default();
    let name = format!("wardcast-{period}.{format}");
    assert_eq!(
        disposition,
        format!("attachment; filename=\"{name}\"; filename*=UTF-8''{name}")
    );
    reply
}

#[test]
fn a_viewer_downloads_each_format_as_export_writes_it_and_a_bad_period_is_refused() {
    let (station, _daemon, base) = running();
    let console = viewer(&base);

    let csv_reply = download(&console, "2026-12", "csv");
    assert_eq!(
        csv_reply.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let mut reader = csv::Reader::from_reader(&csv_reply.bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("row")).collect();
    assert_eq!(rows.len(), 1, "one airing in December");
    assert!(
        rows[0].iter().any(|cell| cell == "Bản tin phường"),
        "{rows:?}"
    );

    let xlsx_reply = download(&console, "2026-12", "xlsx");
    let kind = xlsx_reply.header("content-type").unwrap_or_default();
    assert!(kind.contains("spreadsheetml"), "{kind}");
    let cells = workbook_cells(&xlsx_reply.bytes);
    let listed = cells
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .any(|cell| cell == "Bản tin phường");
    assert!(listed, "the airing is in the workbook");

    let html_reply = download(&console, "2026-12", "html");
    assert_eq!(
        html_reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        html_reply.body.contains("Đài thử nghiệm"),
        "the station's name"
    );
    assert!(html_reply.body.contains("2026-12"), "the period");

    // The CLI's files, made after the downloads: the same airings.
    assert_eq!(
        csv::Reader::from_reader(&exported(&station, "2026-12", ExportFormat::Csv)[3..])
            .records()
            .count(),
        rows.len()
    );

    let config = Config::load(&station.config_path()).expect("config");
    let words = config
        .reports
        .period("2026-Q5")
        .expect_err("refused")
        .describe(Lang::Vi);
    let refused = console.get("/reports/download?period=2026-Q5&format=xlsx");
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body.contains(&escaped(&words)),
        "{words} in {}",
        refused.body
    );
    assert!(refused.header("content-disposition").is_none());
    let page = console.get("/reports?period=2026-Q5");
    assert_eq!(page.status, 400);
    assert!(page.body.contains(&escaped(&words)));
}

/// A request without a session is refused (401), or sent to sign in (303); either way the
/// page's content is not in the answer.
fn assert_refused(reply: &Reply, path: &str) {
    let status = reply.status;
    let location = reply.location().unwrap_or_default();
    assert!(
        status == 401 || (status == 303 && !location.starts_with(path)),
        "{path}: {status} {location} {}",
        reply.body
    );
    assert!(
        !reply.body.contains("Bản tin phường"),
        "{path}: {}",
        reply.body
    );
    assert!(reply.header("content-disposition").is_none(), "{path}");
}

#[test]
fn without_a_session_neither_page_nor_a_download_is_given() {
    let (_station, _daemon, base) = running();
    let stranger = Console::new(&base);
    for path in [
        "/schedule",
        "/schedule?month=2026-12",
        "/reports",
        "/reports?period=2026-Q4",
        "/reports/download?period=2026-12&format=csv",
        "/reports/download?period=2026-12&format=xlsx",
    ] {
        assert_refused(&stranger.get(path), path);
    }
}
