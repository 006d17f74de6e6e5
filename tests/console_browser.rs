//! The console in a real browser (Debian's headless Chromium through chromedriver) against
//! the real daemon on the headless sound card, as the officer uses it: sign in, see that
//! next month's programme has no file yet, upload it and see it ready, see why a bad file is
//! refused, make an emergency announcement and hear it, find it in the log, and download
//! the quarter's report and read it back. Every page is photographed at an office PC's size
//! and a phone's, into `target/tmp/console-screenshots/`.

#[path = "support/browser.rs"]
mod browser;
mod support;

use std::path::Path;
use std::time::Duration;

use browser::{Browser, OFFICE_PC, PHONE};
use support::console::{add_user, console_address};
use support::{write_tone_wav, Station};

const PASSWORD: &str = "mật khẩu đủ dài";
const MONTHLY: &str = "2026-12 Chuyên mục CCHC.wav";

/// The monthly CCHC programme, and a rebroadcast one with a file ready.
const PROGRAMMES: &str = "[[programme]]\nid = \"cchc\"\ntitle = \"Chuyên mục CCHC\"\n\
     folder = \"cchc\"\nschedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n\n\
     [[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng Đài tỉnh\"\nfolder = \"tiep-song\"\n\
     schedule = [\"0 17 * * WED\"]\npick = \"unaired\"\n";

fn sign_in(browser: &Browser, base: &str) {
    browser.goto(&format!("{base}/"));
    assert_eq!(
        browser.current_path(),
        "/login",
        "a page needs signing in first"
    );
    browser.screenshot("office-sign-in");
    browser.fill("input[name=name]", "canbo");
    browser.fill("input[name=password]", PASSWORD);
    browser.click("button[type=submit]");
    assert_eq!(browser.current_path(), "/", "signed in, on the overview");
}

/// Waits until the element `css` of the page at `path` (reloaded every second) holds
/// `needle`; its text.
fn row_until(browser: &Browser, base: &str, path: &str, css: &str, needle: &str) -> String {
    for _ in 0..30 {
        browser.goto(&format!("{base}{path}"));
        let text = browser.text_of(css);
        if text.contains(needle) {
            return text;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    panic!("{path} never showed {needle} in {css}:\n{}", browser.text());
}

/// Uploads `file` into `programme` through the library page's form, and waits for the
/// page to say it was received.
fn upload(browser: &Browser, base: &str, programme: &str, file: &Path) {
    browser.goto(&format!("{base}/library"));
    browser.select("#upload-programme", programme);
    browser.fill("#upload-files", &file.display().to_string());
    browser.click("#upload button[type=submit]");
    let name = file
        .file_name()
        .and_then(|name| name.to_str())
        .expect("name");
    if let Err(text) = browser.wait_for_text(&format!("Đã nhận «{name}»"), Duration::from_secs(30))
    {
        panic!("the upload of {name} was not received:\n{text}");
    }
}

#[test]
fn an_officer_readies_the_month_announces_and_takes_the_report_in_a_browser() {
    let station = Station::new(&["cchc", "tiep-song"], PROGRAMMES);
    let made = station.dir.path().join("made");
    std::fs::create_dir_all(&made).expect("folder");
    let monthly = made.join(MONTHLY);
    write_tone_wav(&monthly, 1000.0, 3.0, 44_100, 2);
    let bad = made.join("2026-12 bản lỗi.mp3");
    std::fs::write(&bad, "đây là văn bản, không phải âm thanh\n").expect("bad file");
    add_user(&station, "canbo", "officer", PASSWORD);
    let daemon = station.spawn_daemon(&[]);
    let base = console_address(&daemon);
    let started = std::time::Instant::now();
    let stage = |what: &str| eprintln!("{:>6.1} s  {what}", started.elapsed().as_secs_f64());
    let browser = Browser::start(OFFICE_PC);
    stage("browser started");

    sign_in(&browser, &base);
    let december = browser.text_of("tr[data-programme=cchc]");
    assert!(december.contains("Chuyên mục CCHC"), "{december}");
    assert!(
        december.contains("CHƯA SẴN SÀNG"),
        "December has no file yet: {december}"
    );
    browser.screenshot("office-overview-not-ready");
    stage("signed in");

    upload(&browser, &base, "cchc", &monthly);
    let december = row_until(&browser, &base, "/", "tr[data-programme=cchc]", MONTHLY);
    assert!(
        december.contains("sẵn sàng"),
        "December is ready: {december}"
    );
    assert!(!december.contains("CHƯA SẴN SÀNG"), "{december}");
    browser.screenshot("office-overview");
    stage("uploaded");

    upload(&browser, &base, "cchc", &bad);
    let refused = row_until(
        &browser,
        &base,
        "/library",
        "[data-live=library]",
        "2026-12 bản lỗi.mp3",
    );
    assert!(refused.contains("không phải file âm thanh"), "{refused}");
    browser.screenshot("office-library");
    stage("bad file seen");

    browser.goto(&format!("{base}/announce"));
    browser.screenshot("office-announce");
    browser.select("#file", &format!("cchc/{MONTHLY}"));
    browser.click("form[action='/announce'] button[type=submit]");
    let confirm = browser.text();
    assert!(confirm.contains("NGẮT chương trình đang phát"), "{confirm}");
    browser.screenshot("office-announce-confirm");
    browser.click("#confirm");
    let answer = browser.text();
    assert!(answer.contains("sẽ phát ngay"), "{answer}");
    let outcomes = station.wait_for_outcomes(1, Duration::from_secs(30));
    assert_eq!(outcomes[0]["programme"], "announcement", "{outcomes:?}");
    assert_eq!(outcomes[0]["outcome"], "aired", "{outcomes:?}");
    let heard = &station.card.wait_for_recordings(1, Duration::from_secs(10))[0];
    let from = heard
        .first_sound_frame()
        .expect("the announcement was heard");
    let frequency = heard.frequency(from + 4_800, 24_000);
    assert!((frequency - 1000.0).abs() < 20.0, "{frequency} Hz");
    stage("announcement heard");

    let aired = row_until(&browser, &base, "/log", "main table", MONTHLY);
    assert!(aired.contains("đã phát"), "{aired}");
    browser.screenshot("office-log");
    let done = row_until(&browser, &base, "/log?kind=console", "main table", MONTHLY);
    assert!(
        done.contains("canbo yêu cầu phát khẩn"),
        "who announced: {done}"
    );
    browser.screenshot("office-log-console");
    stage("log");

    browser.goto(&format!("{base}/schedule"));
    assert!(browser.text().contains("Chuyên mục CCHC"));
    browser.screenshot("office-schedule");

    browser.goto(&format!("{base}/reports"));
    browser.screenshot("office-reports");
    let link = browser
        .link_holding("format=xlsx")
        .expect("a download link");
    browser.click(&format!("a[href='{link}']"));
    let report = browser
        .wait_for_download(Duration::from_secs(30))
        .expect("the report was downloaded");
    assert_eq!(report.extension().and_then(|e| e.to_str()), Some("xlsx"));
    read_back(&report);
    stage("report read back");

    browser.resize(PHONE);
    for (path, name) in [
        ("/", "overview"),
        ("/library", "library"),
        ("/schedule", "schedule"),
        ("/log", "log"),
        ("/reports", "reports"),
        ("/announce", "announce"),
    ] {
        browser.goto(&format!("{base}{path}"));
        browser.screenshot(&format!("phone-{name}"));
        stage(name);
    }
    drop(browser);
    stage("browser closed");
    daemon.terminate();
    stage("daemon stopped");
}

/// The workbook opens, and its sheets name the station and the announcement's file.
fn read_back(report: &Path) {
    use calamine::{Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook(report).expect("an XLSX workbook");
    let mut text = String::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).expect("sheet");
        for row in range.rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\t');
            }
            text.push('\n');
        }
    }
    assert!(text.contains("Đài thử nghiệm"), "{text}");
    assert!(
        text.contains(MONTHLY),
        "the announcement is in the report: {text}"
    );
}
