//! One address fetched over HTTP (`ureq`: blocking, small, rustls with the `ring` provider)
//! into a temporary file under the receiving folder: its SHA-256 counted as it is written,
//! never more bytes than the download allows, tried again with growing pauses when the
//! connection fails, and resumed where it stopped (an HTTP range) when the server can.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

use super::resume::{self, Answer};
use super::{staging, storage_problem, Limits};
use crate::messages::download::DownloadProblem;

/// How wardcast names itself to the servers it fetches from.
const USER_AGENT: &str = concat!(
    "wardcast/",
    env!("CARGO_PKG_VERSION"),
    " (ward radio station; scheduled download)"
);

/// How much is read from the connection at a time.
const CHUNK: usize = 64 * 1024;

/// A file fetched whole, written aside and flushed to the disk.
#[derive(Debug)]
pub struct Body {
    pub file: NamedTempFile,
    pub sha256: String,
    pub bytes: u64,
}

/// Why one try failed.
enum Failure {
    /// Worth another try; what to say if it was the last.
    Again(Passing),
    /// Another try will not help.
    Final(DownloadProblem),
}

/// A fault that may pass.
enum Passing {
    Connection(String),
    Status(u16),
}

/// Fetches files for one `[[download]]`.
pub struct Fetcher<'a> {
    agent: ureq::Agent,
    limits: &'a Limits,
    max_bytes: u64,
}

impl<'a> Fetcher<'a> {
    pub fn new(limits: &'a Limits, max_bytes: u64) -> Fetcher<'a> {
        let config = ureq::Agent::config_builder()
            // Statuses are answers to read (a 206, a 416), not errors.
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .max_redirects(5)
            .timeout_connect(Some(limits.connect_timeout))
            .timeout_recv_response(Some(limits.stall_timeout))
            .timeout_per_read(Some(limits.stall_timeout))
            .build();
        Fetcher {
            agent: config.into(),
            limits,
            max_bytes,
        }
    }

    /// Fetches `url` whole into a new temporary file under `staging`, trying again (and
    /// resuming) until the limits' tries are spent. Nothing is left behind on failure.
    pub fn fetch(&self, url: &str, staging: &Path) -> Result<Body, DownloadProblem> {
        let mut part = Part::new(staging).map_err(|error| storage_problem(&error))?;
        let tries = self.limits.tries.max(1);
        let mut last = Passing::Connection(String::new());
        for attempt in 1..=tries {
            match self.attempt(url, &mut part) {
                Ok(()) => return part.finish().map_err(|error| storage_problem(&error)),
                Err(Failure::Final(problem)) => return Err(problem),
                Err(Failure::Again(passing)) => last = passing,
            }
            tracing::debug!(url, attempt, written = part.written, "download try failed");
            if attempt < tries {
                let limits = self.limits;
                std::thread::sleep(resume::pause_after(
                    attempt,
                    limits.first_pause,
                    limits.longest_pause,
                ));
            }
        }
        Err(match last {
            Passing::Connection(detail) => DownloadProblem::ConnectionFailed { tries, detail },
            Passing::Status(status) => DownloadProblem::HttpStatus { status },
        })
    }

    /// One request: from the start, or from where the last one stopped.
    fn attempt(&self, url: &str, part: &mut Part) -> Result<(), Failure> {
        let from = part.written;
        let mut request = self.agent.get(url);
        if from > 0 {
            request = request.header("Range", format!("bytes={from}-"));
            // The rest only if the file has not changed since its start was fetched.
            if let Some(validator) = &part.validator {
                request = request.header("If-Range", validator.as_str());
            }
        }
        let response = request.call().map_err(call_failure)?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        };
        match resume::answer(from, status, header("content-range").as_deref()) {
            Answer::Append => {}
            Answer::Restart => part.restart().map_err(stored)?,
            Answer::StartAgain => {
                part.restart().map_err(stored)?;
                return Err(Failure::Again(Passing::Connection(format!(
                    "HTTP {status} to a resumed download"
                ))));
            }
            Answer::Retry => return Err(Failure::Again(Passing::Status(status))),
            Answer::Refuse => return Err(Failure::Final(DownloadProblem::HttpStatus { status })),
        }
        if let Some(length) = response.body().content_length() {
            let stated = part.written.saturating_add(length);
            if stated > self.max_bytes {
                return Err(Failure::Final(DownloadProblem::TooLarge {
                    limit: self.max_bytes,
                    stated: Some(stated),
                }));
            }
        }
        if part.written == 0 {
            part.validator = validator(header("etag"), header("last-modified"));
        }
        self.copy(response.into_body().into_reader(), part)
    }

    /// Writes the body into the part, refusing it at the first byte past the limit.
    fn copy(&self, mut reader: impl Read, part: &mut Part) -> Result<(), Failure> {
        let mut buffer = vec![0u8; CHUNK];
        loop {
            let read = match reader.read(&mut buffer) {
                Ok(0) => return Ok(()),
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(Failure::Again(Passing::Connection(error.to_string()))),
            };
            if part.written.saturating_add(read as u64) > self.max_bytes {
                return Err(Failure::Final(DownloadProblem::TooLarge {
                    limit: self.max_bytes,
                    stated: None,
                }));
            }
            part.append(&buffer[..read]).map_err(stored)?;
        }
    }
}

/// What tells the server the file asked for is the one already partly fetched: a strong
/// ETag, else the time it was last changed.
fn validator(etag: Option<String>, modified: Option<String>) -> Option<String> {
    etag.filter(|tag| !tag.starts_with("W/")).or(modified)
}

fn stored(error: io::Error) -> Failure {
    Failure::Final(storage_problem(&error))
}

fn call_failure(error: ureq::Error) -> Failure {
    match error {
        ureq::Error::BadUri(detail) => Failure::Final(DownloadProblem::BadAddress { detail }),
        ureq::Error::Http(error) => Failure::Final(DownloadProblem::BadAddress {
            detail: error.to_string(),
        }),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            Failure::Final(DownloadProblem::BadAddress {
                detail: error.to_string(),
            })
        }
        other => Failure::Again(Passing::Connection(other.to_string())),
    }
}

/// The file being written: its bytes so far and their hash.
struct Part {
    file: NamedTempFile,
    hasher: Sha256,
    written: u64,
    /// What identifies the version of the file being fetched, for a resumed request.
    validator: Option<String>,
}

impl Part {
    /// A new, empty file under `folder`.
    fn new(folder: &Path) -> io::Result<Part> {
        Ok(Part {
            file: staging::part_in(folder)?,
            hasher: Sha256::new(),
            written: 0,
            validator: None,
        })
    }

    fn restart(&mut self) -> io::Result<()> {
        let file = self.file.as_file_mut();
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        self.hasher = Sha256::new();
        self.written = 0;
        self.validator = None;
        Ok(())
    }

    fn append(&mut self, data: &[u8]) -> io::Result<()> {
        self.file.as_file_mut().write_all(data)?;
        self.hasher.update(data);
        self.written += data.len() as u64;
        Ok(())
    }

    /// The file complete: on the disk (not only in its cache) and read from its start.
    fn finish(mut self) -> io::Result<Body> {
        let file = self.file.as_file_mut();
        file.flush()?;
        file.sync_all()?;
        file.seek(SeekFrom::Start(0))?;
        Ok(Body {
            file: self.file,
            sha256: format!("{:x}", self.hasher.finalize()),
            bytes: self.written,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_strong_etag_or_a_date_names_the_version() {
        let date = Some("Fri, 04 Dec 2026 12:00:00 GMT".to_string());
        assert_eq!(
            validator(Some("\"abc\"".into()), date.clone()).as_deref(),
            Some("\"abc\"")
        );
        assert_eq!(validator(Some("W/\"abc\"".into()), date.clone()), date);
        assert_eq!(validator(None, None), None);
    }

    #[test]
    fn an_endless_body_stops_at_the_limit_with_nothing_written_past_it() {
        let staging = tempfile::tempdir().expect("temp dir");
        let limits = Limits::default();
        let fetcher = Fetcher::new(&limits, 100_000);
        let mut part = Part::new(staging.path()).expect("part");
        let endless = io::repeat(0xFF);
        let refused = fetcher.copy(endless, &mut part);
        assert!(matches!(
            refused,
            Err(Failure::Final(DownloadProblem::TooLarge {
                limit: 100_000,
                stated: None
            }))
        ));
        let on_disk = part.file.as_file().metadata().expect("size").len();
        assert!(part.written <= 100_000, "{}", part.written);
        assert_eq!(on_disk, part.written);

        let mut exact = Part::new(staging.path()).expect("part");
        let whole = io::repeat(0xFF).take(100_000);
        assert!(fetcher.copy(whole, &mut exact).is_ok());
        assert_eq!(exact.written, 100_000);
    }

    #[test]
    fn a_part_restarted_counts_and_hashes_only_what_follows() {
        let staging = tempfile::tempdir().expect("temp dir");
        let mut part = Part::new(staging.path()).expect("part");
        part.append(b"old bytes").expect("append");
        part.restart().expect("restart");
        part.append(b"abc").expect("append");
        let path = part.file.path().to_path_buf();
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        assert!(staging::is_part_name(name), "{name}");
        let body = part.finish().expect("finish");
        assert_eq!(body.bytes, 3);
        assert_eq!(
            body.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"abc");
        drop(body);
        assert!(!path.exists(), "a part not kept is removed");
    }
}
