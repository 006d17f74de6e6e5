//! The log page's choice read from its form, its links, its usual periods, and its HTML
//! from entries read from a real log (with evidence, a missed slot, a console record).

use std::path::Path;

use chrono::TimeZone;

use super::*;
use crate::ledger::{
    AiringEnd, AiringStart, ConsoleAction, ConsoleRecord, Ledger, NotAired, Outcome, Silence,
    SoundEvidence, Trigger,
};
use crate::reason::Reason;
use crate::web::reader::ChainStatus;

fn config(dir: &Path) -> Config {
    for folder in ["cchc", "news"] {
        std::fs::create_dir_all(dir.join("audio").join(folder)).expect("mkdir");
    }
    Config::parse(
        &dir.join("wardcast.toml"),
        "[station]\nname = \"Đài\"\n[paths]\naudio = \"audio\"\ndata = \"data\"\n\
         [[programme]]\nid = \"cchc\"\ntitle = \"Chuyên mục CCHC\"\nfolder = \"cchc\"\n\
         schedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n\
         [[programme]]\nid = \"news\"\ntitle = \"Bản tin <phường>\"\nfolder = \"news\"\n\
         schedule = [\"0 17 * * *\"]\npick = \"newest\"\n",
    )
    .expect("config")
}

fn query(pairs: &[(&str, &str)]) -> LogQuery {
    let mut query = LogQuery::default();
    for (name, value) in pairs {
        let value = value.to_string();
        match *name {
            "period" => query.period = value,
            "usual" => query.usual = value,
            "programme" => query.programme = value,
            "outcome" => query.outcome = value,
            "kind" => query.kind = value,
            _ => query.page = value,
        }
    }
    query
}

#[test]
fn the_form_is_read_leniently_and_its_links_keep_the_choice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path());
    let plain = Choice::of(&LogQuery::default(), &config);
    assert_eq!(plain.filter, AiringFilter::between(i64::MIN, i64::MAX));
    assert_eq!(
        (plain.page, plain.kind, plain.outcome),
        (1, Kind::Airings, None)
    );

    let choice = Choice::of(
        &query(&[
            ("period", "2026-Q4"),
            ("programme", "news"),
            ("outcome", "missed"),
            ("page", "3"),
        ]),
        &config,
    );
    // The station's reporting calendar says what a quarter is, as for `--period`.
    let quarter = config.reports.period("2026-Q4").expect("period");
    assert_eq!(
        (choice.filter.from_ms, choice.filter.to_ms),
        quarter.bounds_ms(config.station.timezone)
    );
    assert_eq!(choice.filter.programme.as_deref(), Some("news"));
    assert_eq!((choice.outcome, choice.page), (Some("missed"), 3));
    assert_eq!(
        choice.link(4),
        "/log?page=4&period=2026%2DQ4&programme=news&outcome=missed&kind=airings"
    );

    // A chosen usual period wins over the box; nonsense is left out, not refused.
    let choice = Choice::of(
        &query(&[
            ("period", "2026-Q4"),
            ("usual", "2026-12"),
            ("programme", "../x"),
            ("outcome", "deleted"),
            ("kind", "console"),
            ("page", "-2"),
        ]),
        &config,
    );
    assert_eq!(choice.period, "2026-12");
    assert_eq!(
        (choice.filter.programme.clone(), choice.outcome),
        (None, None)
    );
    assert_eq!((choice.kind, choice.page), (Kind::Console, 1));
    let wrong = Choice::of(&query(&[("period", "quý 4")]), &config);
    assert!(wrong.period_problem.is_some());
    assert!(Choice::of(&query(&[("page", "201")]), &config).too_far_back());
}

#[test]
fn the_usual_periods_are_this_and_last_month_and_quarter_and_this_year() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("day");
    assert_eq!(
        usual_periods(day(2026, 11, 26)),
        ["2026-11", "2026-10", "2026-Q4", "2026-Q3", "2026"]
    );
    assert_eq!(
        usual_periods(day(2027, 1, 5)),
        ["2027-01", "2026-12", "2027-Q1", "2026-Q4", "2027"]
    );
}

fn at(day: u32, hour: u32, minute: u32, second: u32) -> chrono::DateTime<chrono_tz::Tz> {
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 12, day, hour, minute, second)
        .single()
        .expect("time")
}

/// A log of 60 aired airings of `cchc` (one a day at 06:30 from 1 December, minute by
/// minute past 06:30 after the 31st), a missed slot of `news` and a sign-in.
fn log(path: &Path) {
    let mut ledger = Ledger::open(path).expect("open");
    let file = Path::new("/audio/cchc/2026-12 CCHC.mp3");
    for index in 0..60u32 {
        let start = at(1 + index.min(30), 6, 30 + index.saturating_sub(30), 0);
        let id = ledger
            .record_start(&AiringStart {
                programme: "cchc",
                trigger: Trigger::Schedule,
                scheduled_at: Some(start),
                started_at: start,
                file,
                sha256: Some("ab"),
                duration_seconds: 725.0,
            })
            .expect("start");
        let evidence = SoundEvidence {
            frames: 1,
            rms_dbfs: Some(-18.5),
            peak_dbfs: Some(-1.5),
            silences: vec![Silence {
                offset_seconds: 83.0,
                length_seconds: 6.2,
            }],
            stalls: vec![Silence {
                offset_seconds: 300.0,
                length_seconds: 1.5,
            }],
            relay: None,
        };
        ledger
            .record_end(&AiringEnd {
                airing: id,
                programme: "cchc",
                trigger: Trigger::Schedule,
                ended_at: start + chrono::Duration::seconds(725),
                played_seconds: 725.0,
                outcome: Outcome::Aired,
                reason: None,
                evidence: Some(&evidence),
            })
            .expect("end");
    }
    ledger
        .record_not_aired(&NotAired {
            programme: "news",
            trigger: Trigger::Schedule,
            scheduled_at: Some(at(7, 17, 0, 0)),
            recorded_at: at(7, 17, 0, 1),
            file: None,
            outcome: Outcome::Missed,
            reason: &Reason::Shutdown,
        })
        .expect("missed");
    ledger
        .record_console(&ConsoleRecord {
            user: "nguyenvana",
            action: ConsoleAction::SignedIn,
            at: at(8, 8, 0, 0),
            programme: None,
            file: None,
            sha256: None,
            moved_to: None,
            priority: None,
            from: Some("192.168.1.20"),
        })
        .expect("console");
}

fn render(config: &Config, ledger: &Ledger, choice: &Choice) -> String {
    let skip = (choice.page - 1) * PAGE;
    let listed = match choice.kind {
        Kind::Airings => Listed::Entries(
            ledger
                .entries_newest_first(&choice.filter, choice.outcome, skip, PAGE + 1)
                .expect("entries"),
        ),
        Kind::Console => Listed::Console(
            ledger
                .console_entries(&choice.filter, skip, PAGE + 1)
                .expect("console"),
        ),
    };
    let chain = ChainStatus {
        records: 122,
        head_hash: "ab".repeat(32),
        problem: None,
        checked_at: Some(at(9, 0, 0, 0)),
        stored_head: None,
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 9).expect("day");
    render::body(config, choice, &listed, &chain, today).into_string()
}

#[test]
fn a_page_lists_newest_first_with_evidence_filters_and_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path());
    let path = dir.path().join("log.sqlite3");
    log(&path);
    let ledger = Ledger::open_read_only(&path).expect("read");

    let first = render(&config, &ledger, &Choice::of(&LogQuery::default(), &config));
    assert_eq!(
        first.matches("<details").count(),
        50,
        "50 a page, each with evidence"
    );
    let newest = first
        .find("31/12/2026 06:59:00")
        .expect("the newest airing");
    let older = first.find("31/12/2026 06:58:00").expect("the next one");
    assert!(newest < older, "newest first");
    assert!(first.contains("Chuyên mục CCHC"), "the programme's title");
    assert!(first.contains("2026-12 CCHC.mp3"));
    assert!(first.contains("12:05"), "the length played");
    assert!(first.contains("<span class=\"badge ok\">đã phát</span>"));
    assert!(first.contains("-18,5") && first.contains("-1,5"), "{first}");
    assert!(first.contains("01:23 (6,2 giây)"), "the silence");
    assert!(first.contains("05:00 (1,5 giây)"), "the stall");
    assert!(first.contains("nhật ký nguyên vẹn, 122 bản ghi"));
    assert!(first.contains("rel=\"next\" href=\"/log?page=2&amp;kind=airings\""));
    assert!(!first.contains("rel=\"prev\""));
    assert!(
        !first.contains("nguyenvana"),
        "the console's records are apart"
    );

    let second = render(
        &config,
        &ledger,
        &Choice::of(&query(&[("page", "2")]), &config),
    );
    assert_eq!(
        second.matches("<details").count(),
        10,
        "60 airings, and the missed slot"
    );
    assert!(second.contains("<span class=\"badge bad\">bỏ lỡ</span>"));
    assert!(
        second.contains("Bản tin &lt;phường&gt;"),
        "titles are escaped"
    );
    assert!(second.contains("rel=\"prev\" href=\"/log?page=1&amp;kind=airings\""));
    assert!(!second.contains("rel=\"next\""));

    let console = render(
        &config,
        &ledger,
        &Choice::of(&query(&[("kind", "console")]), &config),
    );
    assert!(console.contains("nguyenvana đăng nhập từ 192.168.1.20"));
    assert!(console.contains("08/12/2026 08:00:00"));
}

#[test]
fn a_page_is_filtered_by_outcome_programme_and_period() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path());
    let path = dir.path().join("log.sqlite3");
    log(&path);
    let ledger = Ledger::open_read_only(&path).expect("read");
    let missed = render(
        &config,
        &ledger,
        &Choice::of(&query(&[("outcome", "missed")]), &config),
    );
    assert_eq!(
        missed.matches("<tr>").count(),
        2,
        "the heading and the missed slot"
    );
    assert!(missed.contains("<option value=\"missed\" selected>bỏ lỡ</option>"));
    let news = render(
        &config,
        &ledger,
        &Choice::of(
            &query(&[("programme", "news"), ("period", "2026-12")]),
            &config,
        ),
    );
    assert_eq!(news.matches("<tr>").count(), 2);
    let november = render(
        &config,
        &ledger,
        &Choice::of(&query(&[("period", "2026-11")]), &config),
    );
    assert!(november.contains("Nhật ký không có lần phát nào"));
}
