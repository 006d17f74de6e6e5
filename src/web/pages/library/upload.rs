//! Uploading files into a programme's folder (officers only), by the drop folder's own
//! rules: each file is streamed to the disk (never whole in memory) under a hidden
//! temporary name in the folder, counted and hashed as it comes, put on the disk, then
//! renamed in under a name not taken; the library keeper's watcher sees the rename and
//! probes it. A file too large, a disk too full, a browser that stops sending or goes away
//! leave nothing in the folder.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::extract::{ConnectInfo, Multipart, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::Redirect;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::ledger::ConsoleAction;
use crate::messages::web::library::FileRefusal;
use crate::messages::web::ConsoleProblem;
use crate::messages::{Lang, Say};
use crate::web::audit::{self, Done};
use crate::web::auth::Officer;
use crate::web::error::WebError;
use crate::web::state::AppState;

use super::file_name::upload_name;
use super::store;

/// How long the browser may send nothing before the upload is dropped.
pub const STALL: Duration = Duration::from_secs(30);

/// Free space an upload always leaves on the disk: as much as `wardcast check` warns below.
const RESERVE: u64 = crate::storage::LOW_SPACE;

/// How often, in bytes written, the disk's free space is looked at again.
const ROOM_EVERY: u64 = 16 * 1_000_000;

/// After a refusal, how much more of the body is read (and dropped) so the browser, still
/// sending, gets the answer instead of a cut connection.
const DRAIN_BYTES: u64 = 64 * 1_000_000;
const DRAIN_TIME: Duration = Duration::from_secs(5);

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    programme: Option<String>,
}

/// One upload request's setting.
struct Upload {
    lang: Lang,
    programme: String,
    folder: PathBuf,
    max_bytes: u64,
    /// The whole request's length, when the browser says it.
    length: Option<u64>,
}

/// POST `/library/upload?programme=ID&csrf=TOKEN`: the files of a multipart form (fields
/// `file`; the programme may come as a field `programme` before them instead of in the
/// address). Back to the library page with the outcome.
pub async fn upload(
    State(state): State<AppState>,
    Officer(signed): Officer,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Redirect, WebError> {
    let config = state.config();
    let lang = state.lang();
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse().ok());
    let mut wanted = query.programme;
    let mut placed: Vec<(String, String)> = Vec::new();
    loop {
        let field = match tokio::time::timeout(STALL, multipart.next_field()).await {
            Err(_) => return Err(refused(lang, stalled())),
            Ok(Err(_)) => return Err(refused(lang, FileRefusal::CutOff)),
            Ok(Ok(None)) => break,
            Ok(Ok(Some(field))) => field,
        };
        match field.name() {
            Some("programme") if wanted.is_none() => {
                wanted = Some(short_text(field, lang).await?);
            }
            Some("file") => {
                let id = wanted.clone().unwrap_or_default();
                let Some(programme) = config.programme(&id) else {
                    return Err(refused(lang, FileRefusal::UnknownProgramme { id }));
                };
                let sent = field.file_name().unwrap_or_default().to_string();
                if sent.is_empty() {
                    // The form's file box left empty.
                    continue;
                }
                let upload = Upload {
                    lang,
                    programme: programme.id.clone(),
                    folder: programme.folder.clone(),
                    max_bytes: config.web.max_upload_bytes,
                    length,
                };
                let result = receive(&upload, &sent, field).await;
                let (path, sha256) = match result {
                    Ok(done) => done,
                    Err(error) => return Err(drained(error, &mut multipart).await),
                };
                let done = Done {
                    programme: Some(upload.programme.clone()),
                    file: Some(path.clone()),
                    sha256: Some(sha256),
                    from: Some(from.ip().to_string()),
                    ..Done::default()
                };
                audit::record(&state, &signed.user, ConsoleAction::Uploaded, done).await?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                placed.push((upload.programme, name.unwrap_or_default()));
            }
            _ => {}
        }
    }
    let Some((programme, last)) = placed.last() else {
        return Err(refused(lang, FileRefusal::NoFile));
    };
    Ok(Redirect::to(&super::outcome_address(
        programme,
        &[
            ("uploaded", last),
            ("more", &(placed.len() - 1).to_string()),
        ],
    )))
}

/// Streams one file field into the folder; where it landed and its SHA-256.
async fn receive(
    upload: &Upload,
    sent: &str,
    mut field: axum::extract::multipart::Field<'_>,
) -> Result<(PathBuf, String), WebError> {
    let lang = upload.lang;
    let name = upload_name(sent).map_err(|refusal| refused(lang, refusal))?;
    if let Some(length) = upload.length {
        room_for(&upload.folder, length, lang).await?;
    }
    let folder = upload.folder.clone();
    let aside = blocking(lang, move || store::aside(&folder)).await?;
    let (file, aside) = aside.into_parts();
    let mut file = tokio::fs::File::from_std(file);
    let mut hasher = Sha256::new();
    let (mut bytes, mut checked) = (0u64, 0u64);
    while let Some(chunk) = next_chunk(&mut field, lang).await? {
        bytes += chunk.len() as u64;
        if bytes > upload.max_bytes {
            let megabytes = upload.max_bytes / 1_000_000;
            return Err(WebError::new(lang, ConsoleProblem::TooLarge { megabytes }));
        }
        if bytes - checked > ROOM_EVERY {
            room_for(&upload.folder, ROOM_EVERY, lang).await?;
            checked = bytes;
        }
        hasher.update(&chunk);
        let written = file.write_all(&chunk).await;
        written.map_err(|error| WebError::failed(lang, error))?;
    }
    let synced = file.sync_all().await;
    synced.map_err(|error| WebError::failed(lang, error))?;
    drop(file);
    let folder = upload.folder.clone();
    let path = blocking(lang, move || store::put_in(aside, &folder, &name)).await?;
    Ok((path, hex::encode(hasher.finalize())))
}

/// A short text field (a programme's id); a long one is cut, never held whole in memory.
async fn short_text(
    mut field: axum::extract::multipart::Field<'_>,
    lang: Lang,
) -> Result<String, WebError> {
    const MOST: usize = 256;
    let mut text = Vec::new();
    while let Some(chunk) = next_chunk(&mut field, lang).await? {
        let room = MOST.saturating_sub(text.len());
        text.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// The next piece of a field; refused when the browser stops sending or goes away.
async fn next_chunk(
    field: &mut axum::extract::multipart::Field<'_>,
    lang: Lang,
) -> Result<Option<axum::body::Bytes>, WebError> {
    match tokio::time::timeout(STALL, field.chunk()).await {
        Err(_) => Err(refused(lang, stalled())),
        Ok(Err(_)) => Err(cut_off(lang)),
        Ok(Ok(chunk)) => Ok(chunk),
    }
}

/// Refuses when the disk of `folder` lacks room for `bytes` more and the reserve.
async fn room_for(folder: &Path, bytes: u64, lang: Lang) -> Result<(), WebError> {
    let folder = folder.to_path_buf();
    let free = blocking(lang, move || fs4::available_space(&folder)).await?;
    if free < bytes.saturating_add(RESERVE) {
        let free_mb = free / 1_000_000;
        return Err(refused(lang, FileRefusal::NoRoom { free_mb }));
    }
    Ok(())
}

/// Runs blocking file work on a blocking thread.
async fn blocking<T: Send + 'static>(
    lang: Lang,
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T, WebError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(WebError::failed(lang, error)),
        Err(error) => Err(WebError::failed(lang, error)),
    }
}

/// Reads what is left of the body, up to a bound, and drops it, then gives `error`: a
/// browser still sending reads the refusal rather than a connection cut under it.
async fn drained(error: WebError, multipart: &mut Multipart) -> WebError {
    let mut left = DRAIN_BYTES;
    let drain = async {
        while let Ok(Some(mut field)) = multipart.next_field().await {
            while let Ok(Some(chunk)) = field.chunk().await {
                left = left.saturating_sub(chunk.len() as u64);
                if left == 0 {
                    return;
                }
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_TIME, drain).await;
    error
}

fn refused(lang: Lang, refusal: FileRefusal) -> WebError {
    let why = refusal.say(lang);
    WebError::new(lang, ConsoleProblem::BadRequest { why })
}

fn cut_off(lang: Lang) -> WebError {
    refused(lang, FileRefusal::CutOff)
}

fn stalled() -> FileRefusal {
    FileRefusal::Stalled {
        seconds: STALL.as_secs(),
    }
}
