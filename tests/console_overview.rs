//! The console's overview and announcements over HTTP, against the real daemon on the
//! headless sound card: the next airing of each programme with its file or its problem,
//! live updates that reach fifty clients at once and end when the daemon stops, and an
//! emergency announcement that goes through its confirmation, is heard, and is in the log
//! with who asked for it.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use support::console::{add_user, console_address, Console};
use support::{settled_tone, Daemon, Station};

const PASSWORD: &str = "mật khẩu đủ dài";

/// A programme far from its next slot, so nothing airs unless announced.
const PROGRAMMES: &str = "[[programme]]\nid = \"tin-tuc\"\ntitle = \"Bản tin phường\"\n\
     folder = \"tin-tuc\"\nschedule = [\"0 6 1 1 *\"]\npick = \"newest\"\n\n\
     [[programme]]\nid = \"cchc\"\ntitle = \"Chuyên mục CCHC\"\nfolder = \"cchc\"\n\
     schedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n";

fn station() -> (Station, Daemon, String) {
    let station = Station::new(&["tin-tuc", "cchc"], PROGRAMMES);
    settled_tone(&station.audio("tin-tuc").join("bản tin.wav"), 1000.0, 2.0);
    add_user(&station, "an", "officer", PASSWORD);
    add_user(&station, "xem", "viewer", PASSWORD);
    let daemon = station.spawn_daemon(&[]);
    let base = console_address(&daemon);
    (station, daemon, base)
}

fn signed_in(base: &str, name: &str) -> Console {
    let mut console = Console::new(base);
    let reply = console.sign_in(name, PASSWORD);
    assert_eq!(reply.status, 303, "sign-in: {}", reply.body);
    console
}

/// Polls the overview until it holds `needle`; the page last seen.
fn overview_until(console: &Console, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let page = console.get("/");
        assert_eq!(page.status, 200, "{}", page.body);
        if page.body.contains(needle) || Instant::now() > deadline {
            return page.body;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_overview_shows_each_programme_s_next_airing_with_its_file_or_its_problem() {
    let (_station, _daemon, base) = station();
    let console = signed_in(&base, "xem");
    let page = overview_until(&console, "bản tin.wav");
    assert!(page.contains("Bản tin phường"), "{page}");
    assert!(
        page.contains("bản tin.wav"),
        "the file it will play: {page}"
    );
    assert!(page.contains("sẵn sàng"), "{page}");
    // The monthly programme has no file for its month: said as `check` says it.
    assert!(page.contains("Chuyên mục CCHC"), "{page}");
    assert!(page.contains("CHƯA SẴN SÀNG"), "{page}");
    assert!(page.contains("cchc/"), "where to drop it: {page}");
    assert!(page.contains("Hiện không phát chương trình nào"), "{page}");
}

/// A live-updates stream of one page, read as the browser's EventSource reads it.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(base: &str, cookie: &str, page: &str) -> Events {
        let address = base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        // HTTP/1.0: the stream comes as it is, without chunks, until the server closes it.
        write!(
            stream,
            "GET /events?page={page} HTTP/1.0\r\nHost: {address}\r\nCookie: {cookie}\r\n\r\n"
        )
        .expect("request");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert!(status.contains(" 200 "), "{status}");
        Events(reader)
    }

    /// The next live part named `name` that holds `needle`, within `within`.
    fn wait_for(&mut self, name: &str, needle: &str, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        let mut line = String::new();
        while Instant::now() < deadline {
            line.clear();
            match self.0.read_line(&mut line) {
                Ok(0) | Err(_) => return false,
                Ok(_) => {}
            }
            let Some(data) = line.strip_prefix("data: ") else {
                continue;
            };
            let part: serde_json::Value = serde_json::from_str(data.trim()).expect("JSON");
            if part["name"] == name && part["html"].as_str().unwrap_or("").contains(needle) {
                return true;
            }
        }
        false
    }

    /// Whether the server ends the stream within `within`.
    fn ends_within(mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        let mut line = String::new();
        while Instant::now() < deadline {
            line.clear();
            if matches!(self.0.read_line(&mut line), Ok(0) | Err(_)) {
                return true;
            }
        }
        false
    }
}

#[test]
fn fifty_clients_get_the_live_update_and_their_streams_end_with_the_daemon() {
    let (station, daemon, base) = station();
    let console = signed_in(&base, "xem");
    let cookie = console.session_cookie().expect("session");
    overview_until(&console, "bản tin.wav");
    let mut clients: Vec<Events> = (0..50).map(|_| Events::open(&base, &cookie, "/")).collect();
    // A file arrives: every client is sent the new next airing.
    std::thread::sleep(Duration::from_millis(500));
    settled_tone(
        &station.audio("tin-tuc").join("bản tin mới.wav"),
        800.0,
        2.0,
    );
    let heard: Vec<bool> = std::thread::scope(|scope| {
        let waits: Vec<_> = clients
            .iter_mut()
            .map(|client| {
                scope.spawn(|| client.wait_for("next", "bản tin mới.wav", Duration::from_secs(30)))
            })
            .collect();
        waits
            .into_iter()
            .map(|wait| wait.join().expect("client"))
            .collect()
    });
    assert!(
        heard.iter().all(|heard| *heard),
        "clients updated: {heard:?}"
    );
    // Stopping the daemon ends every stream, and the daemon is not held up by them.
    let stopping = Instant::now();
    let (status, log) = daemon.terminate();
    assert!(status.success(), "{log}");
    assert!(
        stopping.elapsed() < Duration::from_secs(10),
        "{:?}",
        stopping.elapsed()
    );
    for client in clients {
        assert!(client.ends_within(Duration::from_secs(5)));
    }
}

#[test]
fn an_emergency_announcement_is_confirmed_heard_and_logged_with_who_asked() {
    let (station, daemon, base) = station();
    let officer = signed_in(&base, "an");
    overview_until(&officer, "bản tin.wav");
    let page = officer.get("/announce");
    assert_eq!(page.status, 200, "{}", page.body);
    let file = "tin-tuc/bản tin.wav";
    assert!(
        page.body.contains(file),
        "the ready file is offered: {}",
        page.body
    );

    let confirm = officer.post_form("/announce", &[("file", file), ("urgency", "emergency")]);
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(
        confirm.body.contains("NGẮT chương trình đang phát"),
        "{}",
        confirm.body
    );
    // Nothing airs before the confirmation.
    std::thread::sleep(Duration::from_secs(1));
    assert!(station.log_json().is_empty(), "aired before confirmed");

    let answer = officer.post_form(
        "/announce/confirm",
        &[("file", file), ("urgency", "emergency")],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("sẽ phát ngay"), "{}", answer.body);
    let outcomes = station.wait_for_outcomes(1, Duration::from_secs(30));
    assert_eq!(outcomes[0]["programme"], "announcement", "{outcomes:?}");
    assert_eq!(outcomes[0]["outcome"], "aired", "{outcomes:?}");
    let recordings = station.card.wait_for_recordings(1, Duration::from_secs(10));
    let heard = &recordings[0];
    let from = heard.first_sound_frame().expect("sound");
    let frequency = heard.frequency(from + 4_800, 24_000);
    assert!((frequency - 1000.0).abs() < 20.0, "{frequency} Hz");
    daemon.terminate();

    let log = support::stdout(&station.run(&["log"]));
    let asked = log
        .lines()
        .find(|line| line.contains("an yêu cầu phát khẩn"))
        .unwrap_or_else(|| panic!("who asked is in the log: {log}"));
    assert!(
        asked.contains("bản tin.wav") && asked.contains("khẩn cấp"),
        "{asked}"
    );
    let verify = station.run(&["verify"]);
    assert!(verify.status.success(), "{}", support::stdout(&verify));
}

#[test]
fn a_viewer_sees_the_announcement_page_but_cannot_announce() {
    let (station, _daemon, base) = station();
    let viewer = signed_in(&base, "xem");
    overview_until(&viewer, "bản tin.wav");
    let page = viewer.get("/announce");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("chỉ xem không phát được"),
        "{}",
        page.body
    );
    let file = "tin-tuc/bản tin.wav";
    for path in ["/announce", "/announce/confirm"] {
        let refused = viewer.post_form(path, &[("file", file), ("urgency", "emergency")]);
        assert_eq!(refused.status, 403, "{path}: {}", refused.body);
    }
    std::thread::sleep(Duration::from_secs(1));
    assert!(station.log_json().is_empty(), "a viewer's request aired");
}

#[test]
fn a_file_the_library_does_not_offer_cannot_be_announced() {
    let (station, _daemon, base) = station();
    let officer = signed_in(&base, "an");
    for file in [
        "tin-tuc/../../../etc/passwd",
        "tin-tuc/không có.wav",
        "/etc/passwd",
    ] {
        let refused = officer.post_form(
            "/announce/confirm",
            &[("file", file), ("urgency", "emergency")],
        );
        assert_eq!(refused.status, 400, "{file}: {}", refused.body);
    }
    std::thread::sleep(Duration::from_secs(1));
    assert!(station.log_json().is_empty());
}

#[test]
fn an_announcement_uploaded_for_the_purpose_airs_after_its_confirmation_and_stays_out_of_the_programmes(
) {
    let (station, daemon, base) = station();
    let officer = signed_in(&base, "an");
    let tone = station.dir.path().join("thông báo mất điện.wav");
    support::write_tone_wav(&tone, 700.0, 2.0, 44_100, 2);
    let bytes = std::fs::read(&tone).expect("tone");
    let confirm = officer.post_multipart(
        "/announce/upload",
        "../thông báo mất điện.wav",
        &bytes,
        &[("urgency", "priority")],
    );
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(
        confirm
            .body
            .contains("ngay khi chương trình đang phát kết thúc"),
        "{}",
        confirm.body
    );
    let kept = station
        .dir
        .path()
        .join("data/announcements/thông báo mất điện.wav");
    assert!(
        kept.is_file(),
        "kept in the data folder, its name without the path"
    );
    assert!(
        station.log_json().is_empty(),
        "nothing airs before the confirmation"
    );

    let key = support::console::hidden_field(&confirm.body, "file").expect("the file's key");
    let answer = officer.post_form(
        "/announce/confirm",
        &[("file", &key), ("urgency", "priority")],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let outcomes = station.wait_for_outcomes(1, Duration::from_secs(30));
    assert_eq!(outcomes[0]["programme"], "announcement", "{outcomes:?}");
    assert_eq!(outcomes[0]["outcome"], "aired", "{outcomes:?}");
    let heard = &station.card.wait_for_recordings(1, Duration::from_secs(10))[0];
    let from = heard.first_sound_frame().expect("sound");
    let frequency = heard.frequency(from + 4_800, 24_000);
    assert!((frequency - 700.0).abs() < 20.0, "{frequency} Hz");
    // Not in any programme's folder: it never airs again on a schedule.
    for folder in ["tin-tuc", "cchc"] {
        let names: Vec<_> = std::fs::read_dir(station.audio(folder))
            .expect("folder")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert!(
            !names
                .iter()
                .any(|name| name.to_string_lossy().contains("mất điện")),
            "{names:?}"
        );
    }
    daemon.terminate();
    let log = support::stdout(&station.run(&["log"]));
    assert!(
        log.contains("an tải lên"),
        "the upload is in the log: {log}"
    );
}

#[test]
fn the_overview_shows_what_is_on_air_with_its_progress_and_level() {
    let (station, daemon, base) = station();
    settled_tone(&station.audio("tin-tuc").join("dài.wav"), 440.0, 12.0);
    let officer = signed_in(&base, "an");
    overview_until(&officer, "dài.wav");
    let file = "tin-tuc/dài.wav";
    let answer = officer.post_form(
        "/announce/confirm",
        &[("file", file), ("urgency", "emergency")],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let page = overview_until(&officer, "Mức âm: -");
    let on_air = page
        .split("data-live=\"onair\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the on-air part");
    assert!(on_air.contains("Thông báo khẩn"), "{on_air}");
    assert!(on_air.contains("dài.wav"), "{on_air}");
    assert!(on_air.contains("/ 0:12"), "its length: {on_air}");
    // The tests' tones peak at half of full scale: -6 dBFS.
    let level: f64 = on_air
        .split("Mức âm: ")
        .nth(1)
        .and_then(|rest| rest.split(" dBFS").next())
        .and_then(|number| number.parse().ok())
        .expect("a level in dBFS");
    assert!((-7.0..=-5.0).contains(&level), "{level} dBFS");
    station.wait_for_outcomes(1, Duration::from_secs(30));
    let page = overview_until(&officer, "Hiện không phát chương trình nào");
    assert!(
        page.contains("Hiện không phát chương trình nào"),
        "off air again"
    );
    daemon.terminate();
}
