//! The running station receives other stations: downloads fetched at their times into a
//! programme's folder, taken in by the library and logged; recordings made from a source
//! and put in the folder whole. Real daemon, real servers on 127.0.0.1.

mod support;
#[path = "support/web.rs"]
mod web;

use std::time::{Duration, Instant};

use axum::http::header;
use axum::routing::get;
use axum::Router;

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
