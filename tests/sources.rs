//! `wardcast sources` through the binary, against a real icecast2 fed by ffmpeg and an
//! address where nothing listens.

mod support;

#[path = "support/icecast.rs"]
mod icecast;

use icecast::{free_port, Coding, Icecast};
use support::Station;

/// A station with two sources: the icecast mount and an address where nothing listens.
fn station(icecast: &Icecast) -> Station {
    let sources = format!(
        "[[source]]\nid = \"dai-tinh\"\ntitle = \"Đài PT-TH tỉnh\"\nurl = \"{}\"\n\n\
         [[source]]\nid = \"dai-tp\"\ntitle = \"Đài thành phố\"\n\
         url = \"http://127.0.0.1:{}/live.mp3\"\n\n\
         [[programme]]\nid = \"ban-tin\"\ntitle = \"Bản tin\"\nfolder = \"ban-tin\"\n\
         schedule = [\"0 6 * * *\"]\npick = \"newest\"\n",
        icecast.url("/live.mp3"),
        free_port()
    );
    Station::new(&["ban-tin"], &sources)
}

#[test]
fn sources_says_which_station_is_heard_and_how_and_which_is_not() {
    let icecast = Icecast::start();
    let _feeder = icecast.feed("/live.mp3", Coding::Mp3, 1000);
    let station = station(&icecast);
    let output = station.run(&["--lang", "en", "sources", "--listen", "2"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("dai-tinh  Đài PT-TH tỉnh\n    reachable: internet stream (Icecast/HTTP), MP3, 44,100 Hz, stereo\n    level over "), "{text}");
    assert!(text.contains(" dBFS, peak -2"), "{text}");
    assert!(
        text.contains("dai-tp  Đài thành phố\n    NOT reachable: cannot connect"),
        "{text}"
    );
    // In Vietnamese, the default.
    let output = station.run(&["sources", "--listen", "1"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains(
            "    nghe được: luồng trực tuyến (Icecast/HTTP), MP3, 44.100 Hz, 2 kênh (stereo)"
        ),
        "{text}"
    );
    assert!(
        text.contains("    KHÔNG nghe được: không kết nối được"),
        "{text}"
    );
}

#[test]
fn sources_json_gives_each_source_with_its_measures() {
    let icecast = Icecast::start();
    let _feeder = icecast.feed("/live.mp3", Coding::Mp3, 1000);
    let station = station(&icecast);
    let output = station.run(&["--lang", "en", "sources", "--json", "--listen", "2"]);
    assert_eq!(output.status.code(), Some(1));
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(rows.len(), 2);
    let heard = &rows[0];
    assert_eq!(heard["id"], "dai-tinh");
    assert_eq!(heard["reachable"], true);
    assert_eq!(heard["kind"], "http_stream");
    assert_eq!(heard["codec"], "mp3");
    assert_eq!(heard["sample_rate"], 44_100);
    assert_eq!(heard["channels"], 2);
    assert!(heard["seconds"].as_f64().expect("seconds") >= 2.0);
    // ffmpeg's sine is at 1/8 of full scale, spread on two channels 3 dB lower each:
    // -21.1 dBFS peak, -24.1 dBFS RMS.
    let rms = heard["rms_dbfs"].as_f64().expect("rms");
    let peak = heard["peak_dbfs"].as_f64().expect("peak");
    assert!((rms + 24.1).abs() < 1.0, "rms {rms}");
    assert!((peak + 21.1).abs() < 1.0, "peak {peak}");
    let missing = &rows[1];
    assert_eq!(missing["reachable"], false);
    assert!(missing["problem"]
        .as_str()
        .expect("a problem")
        .starts_with("cannot connect"));
}

#[test]
fn sources_refuses_a_listening_time_it_cannot_use() {
    let station = Station::new(&["ban-tin"], "");
    let output = station.run(&["--lang", "en", "sources", "--listen", "0"]);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("--listen is the seconds"), "{error}");
}
