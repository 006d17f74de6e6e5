//! The running station receives other stations: downloads fetched at their times into a
//! programme's folder, taken in by the library and logged; recordings made from a source
//! and put in the folder whole. Real daemon, real servers on 127.0.0.1.

#[path = "support/hls.rs"]
mod hls;
#[path = "support/icecast.rs"]
mod icecast;
mod support;
#[path = "support/web.rs"]
mod web;

use std::time::{Duration, Instant};

use axum::http::header;
use axum::routing::get;
use axum::Router;

use hls::{LiveHls, Packing};
use icecast::{Coding, Icecast};
use support::{ffmpeg_convert, slot_in, write_tone_wav, Station};
use web::WebServer;

/// A short mp3 tone at `served/name`.
fn mp3(served: &std::path::Path, name: &str, frequency: f64) {
    let wav = served.join(format!("{name}.wav"));
    write_tone_wav(&wav, frequency, 2.0, 8_000, 1);
    ffmpeg_convert(
        &wav,
        &served.join(name),
        &["-f", "mp3", "-codec:a", "libmp3lame", "-b:a", "32k"],
    );
    std::fs::remove_file(&wav).expect("remove wav");
}

fn rss(server: &WebServer, items: &[(&str, &str)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Đài tỉnh</title><link>http://dai.vn/</link><description>CCHC</description>\n",
    );
    for (day, (guid, path)) in items.iter().enumerate() {
        xml.push_str(&format!(
            "<item><title>{guid}</title><guid isPermaLink=\"false\">{guid}</guid>\
             <pubDate>{:02} Dec 2026 19:00:00 +0700</pubDate>\
             <enclosure url=\"{}\" length=\"1000\" type=\"audio/mpeg\"/></item>\n",
            day + 1,
            server.url(path)
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// The received records of the log, as `wardcast log --json` gives them.
fn received(station: &Station) -> Vec<serde_json::Value> {
    station
        .log_json()
        .into_iter()
        .filter(|entry| entry["kind"] == "received")
        .collect()
}

fn wait_for_received(station: &Station, count: usize, limit: Duration) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + limit;
    loop {
        let found = received(station);
        if found.len() >= count || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_download_at_its_time_fetches_the_feed_s_new_items_and_refuses_a_web_page() {
    let served = tempfile::tempdir().expect("temp dir");
    mp3(served.path(), "thu-tuc-1.mp3", 440.0);
    mp3(served.path(), "thu-tuc-2.mp3", 660.0);
    let routes = Router::new().route(
        "/loi.mp3",
        get(|| async {
            (
                [(header::CONTENT_TYPE, "audio/mpeg")],
                "<!DOCTYPE html><html><body>404 Không tìm thấy</body></html>",
            )
        }),
    );
    let server = WebServer::start(served.path(), routes);
    let feed = rss(
        &server,
        &[
            ("pci-1", "/thu-tuc-1.mp3"),
            ("pci-2", "/thu-tuc-2.mp3"),
            ("loi", "/loi.mp3"),
        ],
    );
    std::fs::write(served.path().join("feed.xml"), feed).expect("feed");
    let (_, line) = slot_in(Duration::from_secs(3));
    let station = Station::new(
        &["tiep-song"],
        &format!(
            "[[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
             schedule = [\"0 0 1 1 *\"]\npick = \"unaired\"\n\n\
             [[download]]\nurl = \"{}\"\nschedule = [\"{line}\"]\ninto = \"tiep-song\"\n",
            server.url("/feed.xml")
        ),
    );
    let daemon = station.spawn_daemon(&[]);
    let records = wait_for_received(&station, 3, Duration::from_secs(30));
    let (_, log) = daemon.terminate();
    assert_eq!(records.len(), 3, "{records:?}\n{log}");
    let complete: Vec<_> = records
        .iter()
        .filter(|record| record["outcome"] == "complete")
        .collect();
    assert_eq!(complete.len(), 2, "{records:?}");
    for record in &complete {
        let file = record["file"].as_str().expect("a file");
        assert!(file.contains("tiep-song"), "{file}");
        assert!(std::path::Path::new(file).is_file(), "{file}");
    }
    let refused = records
        .iter()
        .find(|record| record["outcome"] == "failed")
        .expect("the web page refused");
    assert_eq!(refused["reason_code"], "source_web_page", "{refused}");
    let mut names: Vec<String> = std::fs::read_dir(station.audio("tiep-song"))
        .expect("folder")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["thu-tuc-1.mp3", "thu-tuc-2.mp3"]);
    let library = station.run(&["library"]);
    let listed = String::from_utf8_lossy(&library.stdout);
    assert_eq!(listed.matches("sẵn sàng").count(), 2, "{listed}");
    let verify = station.run(&["verify"]);
    assert!(verify.status.success(), "{verify:?}");
}

/// A station whose `cchc` programme receives recordings of the source at `url`, scheduled by
/// `line` for `seconds`.
fn recording_station(url: &str, line: &str, seconds: u32) -> Station {
    Station::new(
        &["cchc"],
        &format!(
            "[[source]]\nid = \"dai-tinh\"\ntitle = \"Đài tỉnh\"\nurl = \"{url}\"\n\n\
             [[programme]]\nid = \"cchc\"\ntitle = \"Chuyên mục CCHC\"\nfolder = \"cchc\"\n\
             schedule = [\"0 0 1 1 *\"]\npick = \"unaired\"\n\n\
             [[recording]]\nsource = \"dai-tinh\"\nschedule = [\"{line}\"]\n\
             duration = \"{seconds}s\"\ninto = \"cchc\"\nname = \"{{date}} CCHC Đài tỉnh\"\n"
        ),
    )
}

fn names_in(folder: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("folder")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_recording_of_the_stream_lands_dated_and_whole_and_is_logged() {
    let server = Icecast::start();
    let _feeder = server.feed("/tinh.mp3", Coding::Mp3, 1000);
    let (at, line) = slot_in(Duration::from_secs(2));
    let station = recording_station(&server.url("/tinh.mp3"), &line, 4);
    let daemon = station.spawn_daemon(&[]);
    // Nothing is in the folder while the recording is made.
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(names_in(&station.audio("cchc")), Vec::<String>::new());
    let records = wait_for_received(&station, 1, Duration::from_secs(20));
    let (_, log) = daemon.terminate();
    assert_eq!(records.len(), 1, "{records:?}\n{log}");
    let record = &records[0];
    assert_eq!(record["outcome"], "complete", "{record}\n{log}");
    let date = at
        .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        .format("%Y-%m-%d")
        .to_string();
    let name = format!("{date} CCHC Đài tỉnh.mp3");
    assert_eq!(
        names_in(&station.audio("cchc")),
        std::slice::from_ref(&name)
    );
    let file = station.audio("cchc").join(&name);
    assert_eq!(record["sha256"], support::sha256_of(&file), "{record}");
    // The recording's time, plus what Icecast sends at once on connecting (its burst of
    // 64 KB, 4 s of this stream).
    let seconds = record["duration_seconds"].as_f64().expect("seconds");
    assert!((3.5..=8.5).contains(&seconds), "{record}");
    let library = station.run(&["library"]);
    let listed = String::from_utf8_lossy(&library.stdout);
    assert!(listed.contains("sẵn sàng"), "{listed}");
}

#[test]
fn a_recording_whose_source_dies_and_comes_back_keeps_both_parts_and_logs_the_gap() {
    let server = Icecast::start();
    let feeder = server.feed("/tinh.mp3", Coding::Mp3, 1000);
    let (_, line) = slot_in(Duration::from_secs(2));
    let station = recording_station(&server.url("/tinh.mp3"), &line, 12);
    let daemon = station.spawn_daemon(&[]);
    std::thread::sleep(Duration::from_secs(6));
    feeder.kill();
    std::thread::sleep(Duration::from_secs(2));
    let _back = server.feed("/tinh.mp3", Coding::Mp3, 1000);
    let records = wait_for_received(&station, 1, Duration::from_secs(25));
    let (_, log) = daemon.terminate();
    assert_eq!(records.len(), 1, "{records:?}\n{log}");
    let record = &records[0];
    assert_eq!(record["outcome"], "partial", "{record}\n{log}");
    let gaps = record["evidence"]["gaps"].as_array().expect("gaps");
    assert!(!gaps.is_empty(), "{record}");
    let gap = &gaps[0];
    let (offset, length) = (
        gap["offset_seconds"].as_f64().expect("offset"),
        gap["length_seconds"].as_f64().expect("length"),
    );
    assert!((3.0..7.0).contains(&offset), "{record}");
    assert!((1.0..6.0).contains(&length), "{record}");
    let file = record["file"].as_str().expect("the part it has is kept");
    assert!(std::path::Path::new(file).is_file(), "{file}");
    let listed = station.run(&["log"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains("dai-tinh"), "{text}");
}

#[test]
fn a_recording_of_an_hls_playlist_keeps_its_aac_as_received() {
    let live = LiveHls::start(Packing::PackedAdts, 1000, 2);
    let (_, line) = slot_in(Duration::from_secs(2));
    let station = recording_station(&live.url(), &line, 5);
    let daemon = station.spawn_daemon(&[]);
    let records = wait_for_received(&station, 1, Duration::from_secs(25));
    let (_, log) = daemon.terminate();
    assert_eq!(records.len(), 1, "{records:?}\n{log}");
    let record = &records[0];
    assert_eq!(record["outcome"], "complete", "{record}\n{log}");
    let file = record["file"].as_str().expect("a file");
    assert!(file.ends_with(" CCHC Đài tỉnh.aac"), "{file}");
    let library = station.run(&["library", "--json"]);
    let listed = String::from_utf8_lossy(&library.stdout);
    assert!(listed.contains("\"ready\""), "{listed}");
}

#[test]
fn a_recording_of_an_aac_stream_starts_on_a_frame_and_is_ready_to_air() {
    let server = Icecast::start();
    let _feeder = server.feed("/tinh.aac", Coding::Aac, 1000);
    let (_, line) = slot_in(Duration::from_secs(2));
    let station = recording_station(&server.url("/tinh.aac"), &line, 4);
    let daemon = station.spawn_daemon(&[]);
    let records = wait_for_received(&station, 1, Duration::from_secs(20));
    let (_, log) = daemon.terminate();
    assert_eq!(records.len(), 1, "{records:?}\n{log}");
    let file = records[0]["file"].as_str().expect("a file");
    assert!(file.ends_with(".aac"), "{file}");
    // Icecast's burst on connecting begins anywhere in a frame; the file begins on one.
    let head = std::fs::read(file).expect("the recording");
    assert_eq!(
        (head[0], head[1] & 0xF6),
        (0xFF, 0xF0),
        "{:02x?}",
        &head[..4]
    );
    let library = station.run(&["library", "--json"]);
    let listed = String::from_utf8_lossy(&library.stdout);
    assert!(listed.contains("\"ready\""), "{listed}");
}
