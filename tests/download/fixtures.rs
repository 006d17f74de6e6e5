//! What the download tests share: the station's log as the station would keep it, a
//! station's folders with audio made on the spot, feeds written for the test server, and a
//! route whose connection is cut halfway.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::support::{ffmpeg_convert, sha256_of, write_tone_wav};
use crate::web::WebServer;
use wardcast::config::Download;
use wardcast::download::{look, Fetched, Item, Known, Limits, Outcome, Saved};
use wardcast::ids::ProgrammeId;
use wardcast::messages::download::DownloadProblem;
use wardcast::schedule::{CronLine, Schedule};

/// What the station's log would hold for the programme, kept as the station keeps it.
#[derive(Default)]
pub struct Log {
    keys: HashSet<String>,
    contents: HashSet<String>,
}

impl Known for Log {
    fn item(&self, item: &Item) -> bool {
        self.keys.contains(&item.key)
    }

    fn content(&self, _item: &Item, sha256: &str) -> bool {
        self.contents.contains(sha256)
    }
}

impl Log {
    pub fn record(&mut self, fetched: &[Fetched]) {
        for entry in fetched {
            match &entry.outcome {
                Outcome::Saved(saved) => {
                    self.keys.insert(entry.item.key.clone());
                    self.contents.insert(saved.sha256.clone());
                }
                Outcome::AlreadyHave { .. } => {
                    self.keys.insert(entry.item.key.clone());
                }
                Outcome::Refused(_) => {}
            }
        }
    }
}

/// A station's folders: what the server serves, `receiving/`, and the programme folder.
pub struct Place {
    _dir: tempfile::TempDir,
    pub served: PathBuf,
    pub staging: PathBuf,
    pub folder: PathBuf,
}

impl Place {
    pub fn new() -> Place {
        let dir = tempfile::tempdir().expect("temp dir");
        let served = dir.path().join("served");
        let staging = dir.path().join("data").join("receiving");
        let folder = dir.path().join("audio").join("tiep-song");
        std::fs::create_dir_all(served.join("files")).expect("served");
        std::fs::create_dir_all(&folder).expect("folder");
        Place {
            _dir: dir,
            served,
            staging,
            folder,
        }
    }

    pub fn look(&self, url: &str, max_bytes: u64, log: &Log) -> Vec<Fetched> {
        look(
            &download(url, max_bytes),
            log,
            &self.staging,
            &self.folder,
            &limits(),
        )
    }

    /// The names in the programme folder, sorted.
    pub fn files(&self) -> Vec<String> {
        names_in(&self.folder)
    }

    /// Nothing half-written is left in `receiving/`.
    pub fn assert_staging_empty(&self) {
        assert_eq!(names_in(&self.staging), Vec::<String>::new());
    }

    /// A short mp3 tone served at `/files/NAME`; gives its SHA-256.
    pub fn mp3(&self, name: &str, frequency: f64) -> String {
        let wav = self.served.join(format!("{name}.wav"));
        write_tone_wav(&wav, frequency, 2.0, 8_000, 1);
        let mp3 = self.served.join("files").join(name);
        ffmpeg_convert(
            &wav,
            &mp3,
            &["-f", "mp3", "-codec:a", "libmp3lame", "-b:a", "32k"],
        );
        std::fs::remove_file(&wav).expect("remove wav");
        sha256_of(&mp3)
    }
}

pub fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub fn download(url: &str, max_bytes: u64) -> Download {
    Download {
        url: url.to_string(),
        schedule: Schedule::new(vec![CronLine::parse("0 20 * * 5").expect("cron")]),
        into: ProgrammeId::new("tiep-song"),
        max_bytes,
    }
}

/// Quick pauses: the tests' faults are the server's, not the network's.
pub fn limits() -> Limits {
    Limits {
        tries: 3,
        first_pause: Duration::from_millis(20),
        longest_pause: Duration::from_millis(100),
        connect_timeout: Duration::from_secs(5),
        stall_timeout: Duration::from_secs(5),
        newest_items: 10,
    }
}

pub const LIMIT: u64 = 10_000_000;

pub fn saved(fetched: &[Fetched]) -> Vec<&Saved> {
    fetched
        .iter()
        .filter_map(|entry| match &entry.outcome {
            Outcome::Saved(saved) => Some(saved),
            _ => None,
        })
        .collect()
}

pub fn refusal(fetched: &[Fetched]) -> &DownloadProblem {
    match fetched {
        [Fetched {
            outcome: Outcome::Refused(problem),
            ..
        }] => problem,
        other => panic!("one refusal expected: {other:#?}"),
    }
}

/// An RSS feed of `items`: (guid, title, file path on the server, type).
pub fn rss(server: &WebServer, items: &[(&str, &str, &str, Option<&str>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Đài tỉnh</title><link>http://dai.vn/</link><description>CCHC</description>\n",
    );
    for (day, (guid, title, path, kind)) in items.iter().enumerate() {
        let kind = kind.map_or(String::new(), |kind| format!(" type=\"{kind}\""));
        xml.push_str(&format!(
            "<item><title>{title}</title><guid isPermaLink=\"false\">{guid}</guid>\
             <pubDate>{:02} Dec 2026 19:00:00 +0700</pubDate>\
             <enclosure url=\"{}\" length=\"1000\"{kind}/></item>\n",
            day + 1,
            server.url(path)
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// A route answering with `body` and the content type `kind`.
pub fn page(kind: &'static str, body: &'static str) -> axum::routing::MethodRouter {
    get(move || async move { ([(header::CONTENT_TYPE, kind)], body) })
}

/// A file served with its connection cut halfway through the first answer. Later answers
/// honour the Range asked for, or (`ignore_range`) send the whole file again. Gives the
/// Range headers of every request.
pub fn cut_route(file: PathBuf, ignore_range: bool) -> (Router, Arc<Mutex<Vec<Option<String>>>>) {
    let ranges = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&ranges);
    let route = get(move |headers: HeaderMap| {
        let seen = Arc::clone(&seen);
        let file = file.clone();
        async move {
            let bytes = std::fs::read(&file).expect("served file");
            let range = headers
                .get(header::RANGE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string);
            let first = {
                let mut seen = seen.lock().expect("lock");
                seen.push(range.clone());
                seen.len() == 1
            };
            let total = bytes.len();
            let from = range
                .as_deref()
                .and_then(|range| range.strip_prefix("bytes="))
                .and_then(|range| range.trim_end_matches('-').parse::<usize>().ok())
                .filter(|_| !ignore_range && !first);
            let builder = Response::builder()
                .header(header::CONTENT_TYPE, "audio/mpeg")
                .header(header::ACCEPT_RANGES, "bytes")
                .header(header::ETAG, "\"v1\"");
            if first {
                // Half the file, then the connection drops.
                let half = Bytes::from(bytes[..total / 2].to_vec());
                let parts = futures_util::stream::unfold(Some(half), |half| async move {
                    match half {
                        Some(half) => Some((Ok(half), None)),
                        None => {
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            Some((Err(std::io::Error::other("cable cut")), None))
                        }
                    }
                });
                return builder
                    .header(header::CONTENT_LENGTH, total)
                    .body(Body::from_stream(parts))
                    .expect("response");
            }
            match from {
                Some(from) => builder
                    .status(StatusCode::PARTIAL_CONTENT)
                    .header(
                        header::CONTENT_RANGE,
                        format!("bytes {from}-{}/{total}", total - 1),
                    )
                    .body(Body::from(bytes[from..].to_vec()))
                    .expect("response"),
                None => builder.body(Body::from(bytes)).expect("response"),
            }
        }
    });
    (Router::new().route("/cut/tin.mp3", route), ranges)
}
