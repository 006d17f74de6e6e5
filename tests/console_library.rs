//! The console's library page over HTTP against the real daemon: an upload lands in its
//! programme's folder and becomes ready; a bad file shows the reason `wardcast library`
//! gives; names cannot reach outside the folder; an upload over the limit, cut off or
//! trickled never shows in the folder before it is whole; a viewer can neither upload nor
//! withdraw; a withdrawn file is moved into the data folder, not deleted. And in a real
//! browser: files picked in the form go in with the page's script and become ready.

mod support;

#[path = "support/browser.rs"]
mod browser;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::console::{add_user, console_address, Console, Reply};
use support::{write_tone_wav, Daemon, Station};

const PASSWORD: &str = "mật khẩu đủ dài";
const BOUNDARY: &str = "wardcast-library-test-4b2c";

/// A station with one programme `tin-tuc`, in English, with `web` added to its `[web]`;
/// an officer `an` and a viewer `xem`.
fn station(web: &str) -> (Station, Daemon, String) {
    let station = Station::new(
        &["tin-tuc"],
        "[[programme]]\nid = \"tin-tuc\"\ntitle = \"Tin tức\"\nfolder = \"tin-tuc\"\n\
         schedule = [\"0 6 * * *\"]\npick = \"newest\"\n",
    );
    let text = std::fs::read_to_string(station.config_path()).expect("config");
    let text = text
        .replace("[station]\n", "[station]\nlang = \"en\"\n")
        .replace("[web]\n", &format!("[web]\n{web}"));
    std::fs::write(station.config_path(), text).expect("config");
    add_user(&station, "an", "officer", PASSWORD);
    add_user(&station, "xem", "viewer", PASSWORD);
    let daemon = station.spawn_daemon(&[]);
    let base = console_address(&daemon);
    (station, daemon, base)
}

fn signed_in(base: &str, user: &str) -> Console {
    let mut console = Console::new(base);
    let reply = console.sign_in(user, PASSWORD);
    assert_eq!(reply.status, 303, "{user} signs in: {reply:?}");
    console
}

fn tone_bytes(dir: &Path, seconds: f64) -> Vec<u8> {
    let path = dir.join("tone-source.wav");
    write_tone_wav(&path, 440.0, seconds, 8_000, 1);
    let bytes = std::fs::read(&path).expect("tone");
    std::fs::remove_file(path).expect("removed");
    bytes
}

/// Every name in `folder`, hidden ones too.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .map(|entry| entry.expect("entry").file_name().to_string_lossy().into())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The library page's row of `file`, once `state` shows there.
fn wait_for_row(console: &Console, file: &str, state: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    let marker = format!("data-file=\"{file}\"");
    loop {
        let page = console.get("/library");
        assert_eq!(page.status, 200, "{page:?}");
        if let Some(row) = row_of(&page.body, &marker) {
            if row.contains(&format!("data-state=\"{state}\"")) {
                return row;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{file} not {state}:\n{}",
            page.body
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn row_of(page: &str, marker: &str) -> Option<String> {
    let start = page.find(marker)?;
    let end = page[start..].find("</tr>")? + start;
    Some(page[start..end].to_string())
}

fn upload(console: &Console, name: &str, bytes: &[u8]) -> Reply {
    console.post_multipart("/library/upload?programme=tin-tuc", name, bytes, &[])
}

#[test]
fn an_uploaded_tone_becomes_ready_and_a_bad_file_shows_its_reason() {
    let (station, _daemon, base) = station("");
    let officer = signed_in(&base, "an");
    let folder = station.audio("tin-tuc");
    let reply = upload(
        &officer,
        "bản tin.wav",
        &tone_bytes(station.dir.path(), 2.0),
    );
    assert_eq!(reply.status, 303, "{reply:?}");
    let to = reply.location().expect("back to the library");
    assert!(
        to.starts_with("/library?programme=tin%2Dtuc&uploaded="),
        "{to}"
    );
    assert_eq!(names_in(&folder), ["bản tin.wav"]);
    let row = wait_for_row(&officer, "bản tin.wav", "ready");
    assert!(row.contains("0:02"), "its length: {row}");
    assert!(officer
        .get(to)
        .body
        .contains("Received «bản tin.wav» into «Tin tức»"));

    let reply = upload(&officer, "hỏng.mp3", b"this is a letter, not sound");
    assert_eq!(reply.status, 303, "{reply:?}");
    let row = wait_for_row(&officer, "hỏng.mp3", "rejected");
    let reason = cli_reason(&station, "hỏng.mp3");
    let escaped = maud::html! { (reason) }.into_string();
    assert!(row.contains(&escaped), "{reason:?} in {row}");
}

#[test]
fn names_stay_in_the_folder_and_bad_names_are_refused() {
    let (station, _daemon, base) = station("");
    let officer = signed_in(&base, "an");
    let tone = tone_bytes(station.dir.path(), 0.5);
    for sent in ["../../x.mp3", "..\\..\\x.mp3", "/tmp/x.mp3"] {
        let reply = upload(&officer, sent, &tone);
        assert_eq!(reply.status, 303, "{sent}: {reply:?}");
    }
    let folder = station.audio("tin-tuc");
    assert_eq!(names_in(&folder), ["x (2).mp3", "x (3).mp3", "x.mp3"]);
    assert!(!station.dir.path().join("x.mp3").exists());
    assert!(!station.dir.path().join("audio/x.mp3").exists());
    for refused in ["a\0b.mp3", "..", "notes.txt", ".hidden.mp3"] {
        let reply = upload(&officer, refused, &tone);
        assert_eq!(reply.status, 400, "{refused:?}: {reply:?}");
    }
    let reply = upload(&officer, "notes.txt", b"x");
    assert!(
        reply.body.contains("mp3, wav"),
        "says what it takes: {}",
        reply.body
    );
    assert_eq!(names_in(&folder).len(), 3);
}

#[test]
fn an_upload_over_the_limit_is_refused_and_leaves_nothing() {
    let (station, _daemon, base) = station("max_upload_megabytes = 1\n");
    let officer = signed_in(&base, "an");
    let reply = upload(&officer, "lớn.wav", &vec![0u8; 2_500_000]);
    assert_eq!(reply.status, 413, "{reply:?}");
    assert!(reply.body.contains("larger than 1 MB"), "{}", reply.body);
    assert_eq!(names_in(&station.audio("tin-tuc")), Vec::<String>::new());
}

/// An upload sent by hand: the request's head and the multipart body around the file.
struct RawUpload {
    stream: TcpStream,
    before: Vec<u8>,
    after: Vec<u8>,
}

fn raw_upload(base: &str, console: &Console, name: &str, file_length: usize) -> RawUpload {
    let before = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: audio/wav\r\n\r\n"
    )
    .into_bytes();
    let after = format!("\r\n--{BOUNDARY}--\r\n").into_bytes();
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    let head = format!(
        "POST /library/upload?programme=tin-tuc&csrf={} HTTP/1.1\r\nHost: {address}\r\n\
         Cookie: {}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {}\r\n\r\n",
        console.csrf(),
        console.session_cookie().expect("signed in"),
        before.len() + file_length + after.len()
    );
    stream.write_all(head.as_bytes()).expect("head");
    RawUpload {
        stream,
        before,
        after,
    }
}

/// Waits until nothing is left in `folder`.
fn wait_empty(folder: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !names_in(folder).is_empty() {
        assert!(Instant::now() < deadline, "left: {:?}", names_in(folder));
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_upload_cut_off_half_way_leaves_nothing() {
    let (station, _daemon, base) = station("");
    let officer = signed_in(&base, "an");
    let tone = tone_bytes(station.dir.path(), 2.0);
    let mut raw = raw_upload(&base, &officer, "nửa.wav", tone.len());
    raw.stream.write_all(&raw.before).expect("part head");
    raw.stream.write_all(&tone[..tone.len() / 2]).expect("half");
    raw.stream.flush().expect("flush");
    let folder = station.audio("tin-tuc");
    let deadline = Instant::now() + Duration::from_secs(10);
    while names_in(&folder).is_empty() {
        // The half written aside, under its hidden name.
        assert!(Instant::now() < deadline, "nothing was being written");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(names_in(&folder).iter().all(|name| name.starts_with('.')));
    drop(raw);
    wait_empty(&folder);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(names_in(&folder), Vec::<String>::new());
}

#[test]
fn a_slow_upload_shows_in_the_folder_only_once_whole() {
    let (station, _daemon, base) = station("");
    let officer = signed_in(&base, "an");
    let tone = tone_bytes(station.dir.path(), 1.0);
    let mut raw = raw_upload(&base, &officer, "chậm.wav", tone.len());
    raw.stream.write_all(&raw.before).expect("part head");
    let folder = station.audio("tin-tuc");
    for piece in tone.chunks(tone.len() / 8 + 1) {
        raw.stream.write_all(piece).expect("a piece");
        raw.stream.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(400));
        let names = names_in(&folder);
        assert!(names.iter().all(|name| name.starts_with('.')), "{names:?}");
    }
    raw.stream.write_all(&raw.after).expect("end");
    let mut answer = [0u8; 512];
    let read = raw.stream.read(&mut answer).expect("answer");
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert_eq!(names_in(&folder), ["chậm.wav"]);
    assert_eq!(std::fs::read(folder.join("chậm.wav")).expect("read"), tone);
}

#[test]
fn a_viewer_can_neither_upload_nor_withdraw() {
    let (station, _daemon, base) = station("");
    let viewer = signed_in(&base, "xem");
    let folder = station.audio("tin-tuc");
    write_tone_wav(&folder.join("tin.wav"), 440.0, 0.5, 8_000, 1);
    let page = viewer.get("/library");
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("id=\"upload\""),
        "no upload form for a viewer"
    );
    assert_eq!(upload(&viewer, "x.wav", b"RIFF").status, 403);
    let confirm = viewer.get("/library/withdraw?programme=tin-tuc&file=tin.wav");
    assert_eq!(confirm.status, 403);
    let fields = [("programme", "tin-tuc"), ("file", "tin.wav")];
    assert_eq!(viewer.post_form("/library/withdraw", &fields).status, 403);
    assert_eq!(names_in(&folder), ["tin.wav"]);
}

#[test]
fn a_withdrawn_file_is_moved_into_the_data_folder_and_leaves_the_library() {
    let (station, _daemon, base) = station("");
    let officer = signed_in(&base, "an");
    let folder = station.audio("tin-tuc");
    let file = folder.join("sai.wav");
    write_tone_wav(&file, 440.0, 1.0, 8_000, 1);
    let bytes = std::fs::read(&file).expect("bytes");
    wait_for_row(&officer, "sai.wav", "ready");
    let confirm = officer.get("/library/withdraw?programme=tin-tuc&file=sai.wav");
    assert_eq!(confirm.status, 200, "{confirm:?}");
    assert!(confirm.body.contains("Withdraw «sai.wav» from «Tin tức»?"));
    let outside = [
        ("programme", "tin-tuc"),
        ("file", "../../config/wardcast.toml"),
    ];
    assert_eq!(officer.post_form("/library/withdraw", &outside).status, 400);
    assert!(station.config_path().exists());
    let fields = [("programme", "tin-tuc"), ("file", "sai.wav")];
    let reply = officer.post_form("/library/withdraw", &fields);
    assert_eq!(reply.status, 303, "{reply:?}");
    assert!(!file.exists());
    let withdrawn: PathBuf = station.dir.path().join("data/withdrawn/tin-tuc");
    let kept = names_in(&withdrawn);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].ends_with(" sai.wav"),
        "stamped with the time: {kept:?}"
    );
    assert_eq!(
        std::fs::read(withdrawn.join(&kept[0])).expect("kept"),
        bytes
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while officer
        .get("/library")
        .body
        .contains("data-file=\"sai.wav\"")
    {
        assert!(Instant::now() < deadline, "still listed");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The reason `wardcast library` gives for `file`.
fn cli_reason(station: &Station, file: &str) -> String {
    let listed = support::stdout(&station.run(&["library"]));
    listed
        .lines()
        .skip_while(|line| !line.contains(file))
        .nth(1)
        .unwrap_or_else(|| panic!("wardcast library gives no reason for {file}:\n{listed}"))
        .trim()
        .to_string()
}

#[test]
fn in_a_browser_picked_files_go_in_and_show_their_state() {
    let (station, _daemon, base) = station("");
    let browser = browser::Browser::start(browser::OFFICE_PC);
    browser.goto(&format!("{base}/login"));
    browser.fill("input[name=name]", "an");
    browser.fill("input[name=password]", PASSWORD);
    browser.click("button[type=submit]");
    browser
        .wait_for_text("Sign out", Duration::from_secs(20))
        .expect("signed in");
    browser.goto(&format!("{base}/library"));
    let tone = station.dir.path().join("bản tin.wav");
    write_tone_wav(&tone, 440.0, 2.0, 8_000, 1);
    browser.fill("#upload-files", tone.to_str().expect("a path"));
    browser.click("#upload button[type=submit]");
    let received = "Received «bản tin.wav» into «Tin tức»";
    browser
        .wait_for_text(received, Duration::from_secs(30))
        .expect("the outcome");
    browser
        .wait_for_text("ready", Duration::from_secs(30))
        .expect("the file becomes ready");
    let folder = station.audio("tin-tuc");
    assert_eq!(
        std::fs::read(folder.join("bản tin.wav")).ok(),
        std::fs::read(&tone).ok()
    );

    let bad = station.dir.path().join("hỏng.mp3");
    std::fs::write(&bad, "a letter, not sound").expect("bad file");
    browser.fill("#upload-files", bad.to_str().expect("a path"));
    browser.click("#upload button[type=submit]");
    browser
        .wait_for_text("Received «hỏng.mp3»", Duration::from_secs(30))
        .expect("the outcome");
    browser
        .wait_for_text("rejected", Duration::from_secs(30))
        .expect("the bad file is rejected");
    let reason = cli_reason(&station, "hỏng.mp3");
    browser
        .wait_for_text(&reason, Duration::from_secs(10))
        .expect("the reason wardcast library gives");
    browser.screenshot("library-office-pc");
    browser.goto(&format!("{base}/library#programme-tin-tuc"));
    browser.screenshot("library-files-office-pc");
    browser.resize(browser::PHONE);
    browser.goto(&format!("{base}/library"));
    browser.screenshot("library-phone");
    browser.goto(&format!("{base}/library#programme-tin-tuc"));
    browser.screenshot("library-files-phone");
}
