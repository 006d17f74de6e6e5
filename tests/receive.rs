//! Receiving other stations from real servers on 127.0.0.1: Debian's icecast2 fed by ffmpeg
//! with a 1 kHz tone (MP3 and AAC), ffmpeg's live HLS playlists (MPEG-TS and packed ADTS
//! segments) served by a test web server, and servers that fail in the ways stations do.

mod support;

#[path = "support/hls.rs"]
mod hls;
#[path = "support/icecast.rs"]
mod icecast;
#[path = "support/reception.rs"]
mod reception;
#[path = "support/web.rs"]
mod web;

use std::io::Write;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use axum::http::header;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use wardcast::config::{Source, SourceInput, LINE_IN};
use wardcast::ids::SourceId;
use wardcast::messages::receive::ReceiveProblem;
use wardcast::receive::{Codec, Reception, StreamKind};
use wardcast::sound::GapCause;

use hls::{LiveHls, Packing};
use icecast::{Coding, Icecast};
use reception::{decode_file, frequency, receive, Recorder, Told};
use web::WebServer;

/// Checks a reception heard the 1 kHz tone for a few seconds, said what it was, and kept
/// bytes that make a valid file of `codec` with the same tone.
fn assert_hears_the_tone(recorder: &Recorder, kind: StreamKind, codec: Codec) {
    assert!(
        recorder.wait_for(Duration::from_secs(30), |heard| heard.seconds() >= 3.0),
        "no sound: {:?}",
        recorder.heard().told
    );
    let heard = recorder.heard();
    let Some(Told::Connected(info)) = heard.told.first() else {
        panic!("not connected first: {:?}", heard.told);
    };
    assert_eq!((info.kind, info.codec), (kind, codec));
    assert_eq!(info.sample_rate, Some(44_100));
    assert_eq!(info.channels, Some(2));
    assert_eq!((heard.rate, heard.channels), (44_100, 2));
    assert!(heard.losses().is_empty(), "{:?}", heard.told);
    let heard_frequency = frequency(&heard.left, heard.rate);
    assert!(
        (heard_frequency - 1000.0).abs() < 10.0,
        "heard {heard_frequency} Hz"
    );
    let kept = tempfile::Builder::new()
        .suffix(&format!(".{}", codec.extension()))
        .tempfile()
        .expect("a file");
    kept.as_file()
        .write_all(&heard.bytes)
        .expect("write the bytes");
    let (left, rate) = decode_file(kept.path());
    assert!(
        left.len() as f64 / f64::from(rate) >= 2.0,
        "the kept bytes hold {} frames",
        left.len()
    );
    let kept_frequency = frequency(&left, rate);
    assert!(
        (kept_frequency - 1000.0).abs() < 10.0,
        "kept {kept_frequency} Hz"
    );
}

/// Stops a reception and checks it ended promptly.
fn assert_stops_promptly(reception: Reception) {
    let started = Instant::now();
    reception.stop();
    let took = started.elapsed();
    assert!(took < Duration::from_millis(500), "stop took {took:?}");
}

#[test]
fn an_icecast_mp3_stream_is_heard_as_its_tone_and_kept_as_a_valid_mp3() {
    let icecast = Icecast::start();
    let _feeder = icecast.feed("/live.mp3", Coding::Mp3, 1000);
    let (reception, recorder) = receive(&icecast.url("/live.mp3"));
    assert_hears_the_tone(&recorder, StreamKind::HttpStream, Codec::Mp3);
    // Stopped while its connection waits for the next bytes of a live stream.
    assert_stops_promptly(reception);
}

#[test]
fn an_icecast_aac_stream_is_heard_as_its_tone_and_kept_as_valid_adts() {
    let icecast = Icecast::start();
    let _feeder = icecast.feed("/live.aac", Coding::Aac, 1000);
    let (reception, recorder) = receive(&icecast.url("/live.aac"));
    assert_hears_the_tone(&recorder, StreamKind::HttpStream, Codec::Aac);
    assert_stops_promptly(reception);
}

#[test]
fn an_hls_stream_of_mpeg_ts_segments_is_heard_as_its_tone() {
    let live = LiveHls::start(Packing::TransportStream, 1000, 3);
    let (reception, recorder) = receive(&live.url());
    assert_hears_the_tone(&recorder, StreamKind::Hls, Codec::Aac);
    assert_stops_promptly(reception);
}

#[test]
fn an_hls_stream_of_packed_adts_segments_is_heard_as_its_tone() {
    let live = LiveHls::start(Packing::PackedAdts, 1000, 3);
    let (reception, recorder) = receive(&live.url());
    assert_hears_the_tone(&recorder, StreamKind::Hls, Codec::Aac);
    assert_stops_promptly(reception);
}

#[test]
fn a_source_killed_and_restarted_is_lost_then_heard_again() {
    let icecast = Icecast::start();
    let feeder = icecast.feed("/live.mp3", Coding::Mp3, 1000);
    let (reception, recorder) = receive(&icecast.url("/live.mp3"));
    assert!(recorder.wait_for(Duration::from_secs(20), |heard| heard.seconds() >= 1.0));
    feeder.kill();
    assert!(
        recorder.wait_for(Duration::from_secs(20), |heard| !heard.losses().is_empty()),
        "the loss was not told: {:?}",
        recorder.heard().told
    );
    let heard_before = recorder.heard().left.len();
    let _feeder = icecast.feed("/live.mp3", Coding::Mp3, 1000);
    assert!(
        recorder.wait_for(Duration::from_secs(30), |heard| heard.connections() == 2
            && heard.left.len() > heard_before + 44_100),
        "not heard again: {:?}",
        recorder.heard().told
    );
    reception.stop();
    let heard = recorder.heard();
    let losses = heard.losses();
    assert_eq!(losses.len(), 1, "one loss told once: {:?}", heard.told);
    assert_eq!(losses[0].0, GapCause::Reconnect);
    assert!(matches!(
        heard.told.as_slice(),
        [
            Told::Connected(_),
            Told::Sound,
            Told::Lost(..),
            Told::Connected(_),
            Told::Sound
        ]
    ));
    let tail = &heard.left[heard_before..];
    assert!((frequency(tail, heard.rate) - 1000.0).abs() < 10.0);
}

/// The problem a reception of `url` tells first, and its cause.
fn first_loss(url: &str, timeout: Duration) -> (GapCause, ReceiveProblem, Recorder) {
    let (reception, recorder) = receive(url);
    assert!(
        recorder.wait_for(timeout, |heard| !heard.losses().is_empty()),
        "no loss told for {url}"
    );
    assert_stops_promptly(reception);
    let (cause, problem) = recorder.heard().losses()[0].clone();
    (cause, problem, recorder)
}

#[test]
fn a_missing_address_is_told_with_its_http_status() {
    let folder = tempfile::tempdir().expect("a folder");
    let server = WebServer::folder(folder.path());
    let (cause, problem, recorder) = first_loss(&server.url("/live.mp3"), Duration::from_secs(10));
    assert_eq!(cause, GapCause::Unreachable);
    assert_eq!(problem, ReceiveProblem::HttpStatus { status: 404 });
    assert_eq!(recorder.heard().connections(), 0);
}

#[test]
fn a_web_page_is_told_as_a_web_page_whatever_its_type() {
    let page =
        "<!DOCTYPE html>\n<html><head><title>Radio</title></head><body>Off air</body></html>";
    let routes = Router::new()
        .route("/page", get(move || async move { Html(page) }))
        .route(
            "/live.mp3",
            get(move || async move { ([(header::CONTENT_TYPE, "audio/mpeg")], page) }),
        );
    let folder = tempfile::tempdir().expect("a folder");
    let server = WebServer::start(folder.path(), routes);
    for path in ["/page", "/live.mp3"] {
        let (cause, problem, _) = first_loss(&server.url(path), Duration::from_secs(10));
        assert_eq!(
            (cause, problem),
            (GapCause::Unreachable, ReceiveProblem::WebPage)
        );
    }
}

#[test]
fn a_server_that_never_answers_times_out_and_stop_does_not_wait_for_it() {
    let silent = TcpListener::bind("127.0.0.1:0").expect("a listening socket");
    let url = format!("http://{}/live.mp3", silent.local_addr().expect("address"));
    let started = Instant::now();
    let (cause, problem, _) = first_loss(&url, Duration::from_secs(20));
    assert_eq!(
        (cause, problem),
        (GapCause::Unreachable, ReceiveProblem::TimedOut)
    );
    assert!(started.elapsed() >= Duration::from_secs(4));
    // Stopped while the request waits for an answer that never comes.
    let (reception, recorder) = receive(&url);
    std::thread::sleep(Duration::from_millis(300));
    assert_stops_promptly(reception);
    assert!(recorder.heard().told.is_empty());
}

#[test]
fn a_playlist_that_stops_getting_segments_is_told_stalled() {
    let mut live = LiveHls::start(Packing::TransportStream, 1000, 3);
    let (reception, recorder) = receive(&live.url());
    assert!(recorder.wait_for(Duration::from_secs(20), |heard| heard.seconds() >= 1.0));
    live.stall();
    assert!(
        recorder.wait_for(Duration::from_secs(20), |heard| !heard.losses().is_empty()),
        "no stall told: {:?}",
        recorder.heard().told
    );
    assert_stops_promptly(reception);
    assert_eq!(
        recorder.heard().losses(),
        [(GapCause::Stall, ReceiveProblem::PlaylistStalled)]
    );
}

/// A Shoutcast v1 server answers `ICY 200 OK` instead of an HTTP status line. ureq does not
/// take it (its parser knows HTTP/1.x only): such a stream is told as a server wardcast
/// cannot read, with what to ask the station for.
#[test]
fn a_shoutcast_v1_answer_is_not_taken_by_the_http_client() {
    let server = TcpListener::bind("127.0.0.1:0").expect("a listening socket");
    let url = format!("http://{}/", server.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in server.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = [0u8; 1024];
            let _ = std::io::Read::read(&mut stream, &mut request);
            let mut answer =
                b"ICY 200 OK\r\nicy-name: Dai tinh\r\ncontent-type: audio/mpeg\r\n\r\n".to_vec();
            let mut frame = vec![0u8; 417];
            frame[..4].copy_from_slice(&[0xFF, 0xFB, 0x90, 0x64]);
            answer.extend(frame.repeat(50));
            let _ = stream.write_all(&answer);
        }
    });
    let (cause, problem, _) = first_loss(&url, Duration::from_secs(10));
    assert_eq!(
        (cause, problem),
        (GapCause::Unreachable, ReceiveProblem::NotHttp)
    );
}

/// Sets the channel configuration of every ADTS header in `adts` to two channels, as an
/// HE-AAC v2 stream's headers may say of its mono core.
fn say_stereo(adts: &mut [u8]) {
    let mut at = 0;
    while at + 7 <= adts.len() {
        assert_eq!(
            (adts[at], adts[at + 1] & 0xF6),
            (0xFF, 0xF0),
            "an ADTS header"
        );
        let length = (usize::from(adts[at + 3] & 0x03) << 11)
            | (usize::from(adts[at + 4]) << 3)
            | usize::from(adts[at + 5] >> 5);
        adts[at + 2] &= 0xFE;
        adts[at + 3] = (adts[at + 3] & 0x3F) | 0x80;
        at += length;
    }
}

#[test]
fn a_mono_core_said_to_be_stereo_is_heard_as_mono_not_as_one_side() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("core.aac");
    let status = std::process::Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
        ])
        .arg("sine=frequency=1000:sample_rate=44100:duration=8")
        .args(["-ac", "1", "-c:a", "aac", "-b:a", "64k", "-f", "adts"])
        .arg(&path)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    let mut adts = std::fs::read(&path).expect("the file");
    say_stereo(&mut adts);
    std::fs::write(&path, &adts).expect("write");
    let server = WebServer::folder(folder.path());
    let (reception, recorder) = receive(&server.url("/core.aac"));
    assert!(recorder.wait_for(Duration::from_secs(20), |heard| heard.seconds() >= 4.0));
    reception.stop();
    let heard = recorder.heard();
    let Some(Told::Connected(info)) = heard.told.first() else {
        panic!("not connected first: {:?}", heard.told);
    };
    assert_eq!((info.codec, info.channels), (Codec::Aac, Some(1)));
    assert_eq!(heard.channels, 1);
    assert!((frequency(&heard.left, heard.rate) - 1000.0).abs() < 10.0);
}

/// A server that sends `body` after its headers, then keeps the connection open and
/// silent: a stream that stalls.
fn stalling_server(body: Vec<u8>) -> String {
    let server = TcpListener::bind("127.0.0.1:0").expect("a listening socket");
    let url = format!("http://{}/live.mp3", server.local_addr().expect("address"));
    std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in server.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut request = [0u8; 1024];
            let _ = std::io::Read::read(&mut stream, &mut request);
            let _ = stream.write_all(b"HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
            let _ = stream.write_all(&body);
            open.push(stream);
        }
    });
    url
}

#[test]
fn a_stream_that_stops_sending_is_told_stalled_and_stop_does_not_wait_for_its_read() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("tone.mp3");
    support_tone_mp3(&path, 2);
    let url = stalling_server(std::fs::read(&path).expect("the mp3"));
    let (reception, recorder) = receive(&url);
    assert!(recorder.wait_for(Duration::from_secs(10), |heard| heard.seconds() >= 1.0));
    // Blocked in a read that has nothing coming.
    std::thread::sleep(Duration::from_millis(500));
    assert_stops_promptly(reception);
    let (reception, recorder) = receive(&url);
    assert!(
        recorder.wait_for(Duration::from_secs(15), |heard| !heard.losses().is_empty()),
        "no stall told: {:?}",
        recorder.heard().told
    );
    assert_stops_promptly(reception);
    let heard = recorder.heard();
    assert_eq!(
        heard.losses(),
        [(GapCause::Stall, ReceiveProblem::TimedOut)]
    );
    assert!(matches!(
        heard.told.as_slice(),
        [Told::Connected(_), Told::Sound, Told::Lost(..)]
    ));
}

/// Writes `seconds` of a 1 kHz tone as MP3 to `path`.
fn support_tone_mp3(path: &std::path::Path, seconds: u32) {
    let status = std::process::Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
        ])
        .arg(format!(
            "sine=frequency=1000:sample_rate=44100:duration={seconds}"
        ))
        .args([
            "-ac",
            "2",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "128k",
            "-f",
            "mp3",
        ])
        .arg(path)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
}

/// Writes a live playlist of `segments` (numbers of `seg%03d.aac` files) starting at media
/// sequence `first`, replacing the old one at once.
fn write_playlist(folder: &std::path::Path, first: u32, segments: std::ops::Range<u32>) {
    let mut text = format!(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{first}\n"
    );
    for segment in segments {
        text.push_str(&format!("#EXTINF:1.0,\nseg{segment:03}.aac\n"));
    }
    let new = folder.join("live.m3u8.new");
    std::fs::write(&new, text).expect("write the playlist");
    std::fs::rename(&new, folder.join("live.m3u8")).expect("replace the playlist");
}

#[test]
fn segments_that_leave_the_playlist_unheard_are_told_as_a_gap_and_sound_goes_on() {
    let folder = tempfile::tempdir().expect("a folder");
    let status = std::process::Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
        ])
        .arg("sine=frequency=1000:sample_rate=44100:duration=10")
        .args(["-ac", "2", "-c:a", "aac", "-b:a", "96k", "-f", "segment"])
        .args(["-segment_time", "1", "-segment_format", "adts"])
        .arg(folder.path().join("seg%03d.aac"))
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    write_playlist(folder.path(), 0, 0..3);
    let server = WebServer::folder(folder.path());
    let (reception, recorder) = receive(&server.url("/live.m3u8"));
    assert!(recorder.wait_for(Duration::from_secs(10), |heard| heard.seconds() >= 1.0));
    // Segments 3 to 6 come and go while the reception is not looking.
    write_playlist(folder.path(), 7, 7..10);
    assert!(
        recorder.wait_for(Duration::from_secs(10), |heard| heard.connections() == 2
            && heard.told.last() == Some(&Told::Sound)),
        "{:?}",
        recorder.heard().told
    );
    reception.stop();
    let heard = recorder.heard();
    assert_eq!(
        heard.losses(),
        [(GapCause::Stall, ReceiveProblem::SegmentsMissed { count: 4 })]
    );
    assert!(matches!(
        heard.told.as_slice(),
        [
            Told::Connected(_),
            Told::Sound,
            Told::Lost(..),
            Told::Connected(_),
            Told::Sound
        ]
    ));
}

#[test]
fn a_playlist_that_never_gets_a_segment_is_told_stalled() {
    let folder = tempfile::tempdir().expect("a folder");
    write_playlist(folder.path(), 0, 0..0);
    let server = WebServer::folder(folder.path());
    let (cause, problem, recorder) = first_loss(&server.url("/live.m3u8"), Duration::from_secs(15));
    assert_eq!(
        (cause, problem),
        (GapCause::Unreachable, ReceiveProblem::PlaylistStalled)
    );
    assert_eq!(recorder.heard().connections(), 0);
}

/// The line-in goes through the same reception as a stream: what it hears comes as sound,
/// at the device's rate, and stop ends it promptly. ALSA's `file` plugin is the capture
/// device, fed a tone at a real card's pace; no other test here uses ALSA.
#[test]
fn a_line_in_is_heard_through_the_same_reception() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut line = support::line_in::LineIn::new(dir.path());
    let config = dir.path().join("asound.conf");
    line.write_config(&config);
    std::env::set_var("ALSA_CONFIG_PATH", &config);
    line.feed_tone(1000.0);
    let source = Source {
        id: SourceId::new("may-thu"),
        title: "Máy thu FM".to_string(),
        input: SourceInput::Capture(LINE_IN.to_string()),
    };
    let recorder = Recorder::default();
    let reception = Reception::start(&source, Box::new(recorder.clone()));
    assert!(
        recorder.wait_for(Duration::from_secs(20), |heard| heard.seconds() >= 2.0),
        "{:?}",
        recorder.heard().told
    );
    assert_stops_promptly(reception);
    let heard = recorder.heard();
    let Some(Told::Connected(info)) = heard.told.first() else {
        panic!("not connected first: {:?}", heard.told);
    };
    assert_eq!((info.kind, info.codec), (StreamKind::Capture, Codec::Pcm));
    assert!(heard.losses().is_empty() && heard.bytes.is_empty());
    assert!((frequency(&heard.left, heard.rate) - 1000.0).abs() < 10.0);
}
