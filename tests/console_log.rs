//! The console's records in the airing log, through the real binary: written by the
//! library as the console writes them, they are links of the chain `wardcast verify`
//! passes; `wardcast log` lists them in their own short section (and `--json` only the
//! airings, as before); the reports, which are about airings, leave them out. And the log
//! page of the real daemon's console, through the HTTP test client: a real airing with its
//! evidence, newest first, filtered and paged, and refused without a session.

mod support;

use std::path::Path;
use std::time::Duration;

use support::console::{self, Console};
use support::Station;
use wardcast::ledger::{ConsoleAction, ConsoleRecord, Ledger, NotAired, Outcome, Trigger};
use wardcast::reason::{Reason, Words};

/// A log of an airing, a sign-in, a missed slot and an upload, all in December 2026.
fn station_with_console_records() -> Station {
    let station = Station::new(&["news"], "");
    let mut ledger = Ledger::open(&station.ledger_path()).expect("open");
    let file = station.audio("news").join("tin.mp3");
    support::log_airing(
        &mut ledger,
        "news",
        support::vietnam(2026, 12, 1, 6, 30),
        &file,
        Some(Outcome::Aired),
    );
    let signed_in = ConsoleRecord {
        user: "nguyenvana",
        action: ConsoleAction::SignedIn,
        at: support::vietnam(2026, 12, 2, 8, 0),
        programme: None,
        file: None,
        sha256: None,
        moved_to: None,
        priority: None,
        from: Some("192.168.1.20"),
    };
    ledger.record_console(&signed_in).expect("signed in");
    let at = support::vietnam(2026, 12, 3, 6, 30);
    ledger
        .record_not_aired(&NotAired {
            programme: "news",
            trigger: Trigger::Schedule,
            scheduled_at: Some(at),
            recorded_at: at,
            file: None,
            outcome: Outcome::Missed,
            reason: &Reason::NoFile {
                folder: "news".into(),
                words: Words {
                    vi: "chưa có file".into(),
                    en: "no file".into(),
                },
            },
        })
        .expect("missed");
    let uploaded = ConsoleRecord {
        action: ConsoleAction::Uploaded,
        at: support::vietnam(2026, 12, 4, 9, 15),
        programme: Some("news"),
        file: Some(Path::new("/srv/audio/news/ban-tin-thang-12.mp3")),
        sha256: Some("ab"),
        from: None,
        ..signed_in
    };
    ledger.record_console(&uploaded).expect("uploaded");
    station
}

#[test]
fn a_log_with_console_records_verifies_and_lists_them_in_their_own_section() {
    let station = station_with_console_records();
    let output = station.run(&["verify"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        support::stdout(&output),
        support::stderr(&output)
    );

    let output = station.run(&["log", "--period", "2026-12"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
    let text = support::stdout(&output);
    let section = text
        .find("Việc làm trên bảng điều khiển web:")
        .unwrap_or_else(|| panic!("the console's section: {text}"));
    let (airings, console) = text.split_at(section);
    assert!(airings.contains("tin.mp3"), "{text}");
    assert!(airings.contains("chưa có file"), "{text}");
    assert!(!airings.contains("nguyenvana"), "{text}");
    let lines: Vec<&str> = console.lines().skip(1).collect();
    assert_eq!(
        lines,
        vec![
            "2026-12-02T08:00:00.000+07:00  nguyenvana đăng nhập từ 192.168.1.20",
            "2026-12-04T09:15:00.000+07:00  nguyenvana tải lên file ban-tin-thang-12.mp3 vào \
             chương trình news",
        ],
        "{text}"
    );

    // One programme: only what touched it.
    let output = station.run(&["--lang", "en", "log", "--programme", "news"]);
    let text = support::stdout(&output);
    assert!(text.contains("Done in the web console:"), "{text}");
    assert!(!text.contains("đăng nhập"), "{text}");
    assert!(text.contains("tải lên file ban-tin-thang-12.mp3"), "{text}");

    // A period without them: no section.
    let output = station.run(&["log", "--period", "2026-11"]);
    assert!(!support::stdout(&output).contains("bảng điều khiển"));

    let lines = station.log_json();
    assert_eq!(lines.len(), 2, "the airing and the missed slot: {lines:?}");
}

#[test]
fn the_reports_are_written_with_console_records_present_and_leave_them_out() {
    let station = station_with_console_records();
    for format in ["csv", "html", "xlsx"] {
        let path = station.dir.path().join(format!("report.{format}"));
        let output = station
            .command()
            .args(["export", "--period", "2026-12", "--format", format])
            .arg("--out")
            .arg(&path)
            .output()
            .expect("wardcast runs");
        assert!(
            output.status.success(),
            "{format}: {}{}",
            support::stdout(&output),
            support::stderr(&output)
        );
        if format == "xlsx" {
            assert!(std::fs::metadata(&path).expect("written").len() > 0);
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("report");
        assert!(text.contains("tin.mp3"), "{format}: {text}");
        assert!(!text.contains("nguyenvana"), "{format}: {text}");
        assert!(!text.contains("ban-tin-thang-12"), "{format}: {text}");
    }
    let csv = std::fs::read_to_string(station.dir.path().join("report.csv")).expect("csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(reader.records().count(), 2, "{csv}");
    let html = std::fs::read_to_string(station.dir.path().join("report.html")).expect("html");
    assert!(
        html.contains("Nhật ký nguyên vẹn"),
        "the check passed: {html}"
    );
}

/// A station whose `news` airs a short tone in a few seconds, over a log that already
/// holds 60 airings of `cchc` and a missed `news` slot (written through the library, as
/// the daemon writes them), and a viewer to read it.
fn station_with_a_tone_to_air() -> Station {
    let (_, line) = support::slot_in(Duration::from_secs(6));
    let station = Station::new(
        &["news", "cchc"],
        &format!(
            "[[programme]]\nid = \"news\"\ntitle = \"Bản tin phường\"\nfolder = \"news\"\n\
             schedule = [\"{line}\"]\npick = \"newest\"\n\n\
             [[programme]]\nid = \"cchc\"\ntitle = \"Chuyên mục CCHC\"\nfolder = \"cchc\"\n\
             schedule = [\"0 0 1 1 *\"]\npick = \"newest\"\n"
        ),
    );
    support::settled_tone(&station.audio("news").join("tone.wav"), 1000.0, 1.5);
    let mut ledger = Ledger::open(&station.ledger_path()).expect("open");
    let file = station.audio("cchc").join("cchc-cu.mp3");
    for day in 0..60 {
        let at = support::vietnam(2025, 10, 1, 6, 30) + chrono::Duration::days(day);
        support::log_airing(&mut ledger, "cchc", at, &file, Some(Outcome::Aired));
    }
    let at = support::vietnam(2025, 12, 15, 17, 0);
    ledger
        .record_not_aired(&NotAired {
            programme: "news",
            trigger: Trigger::Schedule,
            scheduled_at: Some(at),
            recorded_at: at,
            file: None,
            outcome: Outcome::Missed,
            reason: &Reason::Shutdown,
        })
        .expect("missed");
    drop(ledger);
    console::add_user(&station, "nguyenvana", "viewer", "mat-khau-du-dai-1");
    station
}

/// The rows of the page's table (its heading's row included).
fn rows(body: &str) -> usize {
    body.matches("<tr>").count()
}

#[test]
fn the_log_page_lists_a_real_airing_with_its_evidence_filters_and_pages() {
    let station = station_with_a_tone_to_air();
    let daemon = station.spawn_daemon(&[]);
    let base = console::console_address(&daemon);
    station.wait_for_outcomes(62, Duration::from_secs(30));

    for path in ["/log", "/log?kind=console", "/log?page=2"] {
        let refused = Console::new(&base).get(path);
        assert_eq!(refused.status, 303, "{path}: {refused:?}");
        assert!(
            refused
                .location()
                .is_some_and(|to| to.starts_with("/login")),
            "{path}: to the sign-in page: {refused:?}"
        );
        assert!(!refused.body.contains("cchc-cu.mp3"), "{path}");
    }

    let mut viewer = Console::new(&base);
    assert_eq!(
        viewer.sign_in("nguyenvana", "mat-khau-du-dai-1").status,
        303
    );
    let page = viewer.get("/log");
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    let aired = body
        .find("tone.wav")
        .unwrap_or_else(|| panic!("the airing: {body}"));
    let missed = body
        .find("wardcast dừng")
        .expect("the missed slot's reason");
    let older = body.find("cchc-cu.mp3").expect("the older airings");
    assert!(aired < missed && missed < older, "newest first");
    assert!(body.contains("Bản tin phường") && body.contains("Chuyên mục CCHC"));
    assert!(body.contains("<span class=\"badge ok\">đã phát</span>"));
    assert!(body.contains("<span class=\"badge bad\">bỏ lỡ</span>"));
    // The tone's evidence, measured by the daemon: its level, and no dead air.
    assert_eq!(body.matches("<details class=\"evidence\">").count(), 1);
    assert!(body.contains("Mức RMS (dBFS)</dt><dd>-"), "{body}");
    assert!(body.contains("Khoảng lặng</dt><dd>không có</dd>"), "{body}");
    assert_eq!(rows(body), 51, "50 a page");
    assert!(body.contains("rel=\"next\" href=\"/log?page=2&amp;kind=airings\""));

    let second = viewer.get("/log?page=2&kind=airings");
    assert_eq!(rows(&second.body), 13, "the 12 oldest: {}", second.body);
    assert!(second.body.contains("rel=\"prev\""));
    assert!(!second.body.contains("rel=\"next\""));

    let news = viewer.get("/log?programme=news");
    assert_eq!(rows(&news.body), 3, "the tone and the missed slot");
    assert!(!news.body.contains("cchc-cu.mp3"));
    let missed_only = viewer.get("/log?outcome=missed");
    assert_eq!(rows(&missed_only.body), 2);
    assert!(missed_only.body.contains("wardcast dừng"));
    let quarter = viewer.get("/log?usual=2025-Q4&programme=cchc");
    assert!(quarter.body.contains("cchc-cu.mp3"));
    assert!(!quarter.body.contains("tone.wav"));
    let wrong = viewer.get("/log?period=qu%C3%BD+4");
    assert_eq!(wrong.status, 200);
    assert!(wrong.body.contains("class=\"warning\""), "{}", wrong.body);

    let done = viewer.get("/log?kind=console");
    assert!(
        done.body.contains("nguyenvana đăng nhập từ 127.0.0.1"),
        "{}",
        done.body
    );
    drop(daemon);
}
