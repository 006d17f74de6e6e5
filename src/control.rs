//! The running daemon's door for announcements: a Unix socket in the data folder through
//! which `wardcast play --now` hands a file to air now. One JSON line in, one JSON line out;
//! it carries requests and answers and decides nothing about airing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Priority;
use crate::messages::station::Reply;
use crate::messages::{Lang, Say};

/// Where the socket lives.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("wardcast.sock")
}

/// A file to air now, at a priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnounceRequest {
    pub file: PathBuf,
    pub priority: Priority,
    /// The language to answer in (the sender's); the station's when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

/// The daemon's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnounceReply {
    pub accepted: bool,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error(
        "no wardcast is running on this data folder ({0}); start it with `wardcast run`, \
         or play the file without --now"
    )]
    NotRunning(PathBuf),
    #[error("talking to the running wardcast failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the running wardcast answered something unexpected: {0}")]
    Protocol(String),
}

/// Sends a request to the daemon and waits for its answer (client side, blocking).
#[cfg(unix)]
pub fn send(data_dir: &Path, request: &AnnounceRequest) -> Result<AnnounceReply, ControlError> {
    use std::io::{BufRead, BufReader, Write};
    use std::os::unix::net::UnixStream;
    let path = socket_path(data_dir);
    let mut stream = UnixStream::connect(&path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused => {
            ControlError::NotRunning(data_dir.to_path_buf())
        }
        _ => ControlError::Io(error),
    })?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    let line = serde_json::to_string(request)
        .map_err(|error| ControlError::Protocol(error.to_string()))?;
    stream.write_all(line.as_bytes())?;
    stream.write_all(b"\n")?;
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer)?;
    serde_json::from_str(answer.trim()).map_err(|_| ControlError::Protocol(answer))
}

#[cfg(not(unix))]
pub fn send(data_dir: &Path, _request: &AnnounceRequest) -> Result<AnnounceReply, ControlError> {
    Err(ControlError::NotRunning(data_dir.to_path_buf()))
}

/// A request as the daemon receives it, with the way to answer.
#[derive(Debug)]
pub struct Incoming {
    pub request: AnnounceRequest,
    pub reply: tokio::sync::oneshot::Sender<AnnounceReply>,
}

/// Listens on the socket and hands each request to `requests` (daemon side). A stale
/// socket left by a crash is replaced: the data folder lock says no other daemon uses it.
/// What the daemon cannot read is answered in `lang`.
#[cfg(unix)]
pub fn listen(
    data_dir: &Path,
    requests: tokio::sync::mpsc::UnboundedSender<Incoming>,
    lang: Lang,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let path = socket_path(data_dir);
    let _ = std::fs::remove_file(&path);
    let listener = tokio::net::UnixListener::bind(&path)?;
    Ok(tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let requests = requests.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut line = String::new();
                let mut reader = BufReader::new(read);
                if reader.read_line(&mut line).await.is_err() {
                    return;
                }
                let reply = match serde_json::from_str::<AnnounceRequest>(line.trim()) {
                    Ok(request) => {
                        let lang = request.lang.unwrap_or(lang);
                        let (reply, answer) = tokio::sync::oneshot::channel();
                        if requests.send(Incoming { request, reply }).is_err() {
                            return;
                        }
                        answer.await.unwrap_or(AnnounceReply {
                            accepted: false,
                            message: Reply::Gone.say(lang),
                        })
                    }
                    Err(error) => AnnounceReply {
                        accepted: false,
                        message: Reply::NotUnderstood {
                            detail: error.to_string(),
                        }
                        .say(lang),
                    },
                };
                if let Ok(text) = serde_json::to_string(&reply) {
                    let _ = write.write_all(format!("{text}\n").as_bytes()).await;
                }
            });
        }
    }))
}
