//! A live HLS source for the tests of receiving: ffmpeg writing a live playlist of a tone
//! into a temporary folder that a test web server (`web.rs`, which the test includes as
//! `web`) serves. Segments in MPEG-TS (ffmpeg's hls muxer) or packed ADTS (its segment
//! muxer). Killing ffmpeg leaves the playlist as it was: a stalled live stream.

// Each test binary that includes this uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::web::WebServer;

/// How the segments are packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// AAC in MPEG-TS segments.
    TransportStream,
    /// AAC in ADTS files.
    PackedAdts,
}

/// A live playlist being written and served.
pub struct LiveHls {
    pub server: WebServer,
    ffmpeg: Option<Child>,
    dir: tempfile::TempDir,
}

impl LiveHls {
    /// Starts ffmpeg writing 2-second segments of a `frequency` Hz tone, serves the folder,
    /// and waits until the playlist lists `segments` of them.
    pub fn start(packing: Packing, frequency: u32, segments: usize) -> LiveHls {
        let dir = tempfile::tempdir().expect("a folder for the playlist");
        let ffmpeg = spawn_ffmpeg(dir.path(), packing, frequency);
        let server = WebServer::folder(dir.path());
        let live = LiveHls {
            server,
            ffmpeg: Some(ffmpeg),
            dir,
        };
        assert!(
            live.wait_for_segments(segments, Duration::from_secs(30)),
            "ffmpeg wrote no playlist"
        );
        live
    }

    /// The playlist's address.
    pub fn url(&self) -> String {
        self.server.url("/live.m3u8")
    }

    /// Stops ffmpeg: the playlist stays as it was and gets no new segment.
    pub fn stall(&mut self) {
        if let Some(mut ffmpeg) = self.ffmpeg.take() {
            let _ = ffmpeg.kill();
            let _ = ffmpeg.wait();
        }
    }

    /// Whether the playlist lists at least `count` segments within `timeout`.
    pub fn wait_for_segments(&self, count: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let playlist: PathBuf = self.dir.path().join("live.m3u8");
        while Instant::now() < deadline {
            let listed = std::fs::read_to_string(&playlist)
                .map(|text| text.matches("#EXTINF").count())
                .unwrap_or(0);
            if listed >= count {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

impl Drop for LiveHls {
    fn drop(&mut self) {
        self.stall();
    }
}

fn spawn_ffmpeg(dir: &Path, packing: Packing, frequency: u32) -> Child {
    let at = |name: &str| dir.join(name).display().to_string();
    let mut command = Command::new("ffmpeg");
    command
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-re"])
        .args(["-f", "lavfi", "-i"])
        .arg(format!("sine=frequency={frequency}:sample_rate=44100"))
        .args(["-ac", "2", "-c:a", "aac", "-b:a", "96k"]);
    match packing {
        Packing::TransportStream => command
            .args(["-f", "hls", "-hls_time", "2", "-hls_list_size", "5"])
            .args(["-hls_flags", "delete_segments", "-hls_segment_filename"])
            .arg(at("seg%05d.ts"))
            .arg(at("live.m3u8")),
        Packing::PackedAdts => command
            .args([
                "-f",
                "segment",
                "-segment_time",
                "2",
                "-segment_format",
                "adts",
            ])
            .args([
                "-segment_list",
                &at("live.m3u8"),
                "-segment_list_type",
                "m3u8",
            ])
            .args(["-segment_list_size", "5", "-segment_list_flags", "+live"])
            .args(["-segment_wrap", "10"])
            .arg(at("seg%05d.aac")),
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ffmpeg runs")
}
