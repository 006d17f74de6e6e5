//! An announcement from a file uploaded for it: streamed into the data folder's
//! `announcements/` by the library's own upload rules (written aside, renamed in under a
//! name not taken, never past the size limit or the disk's room), logged as an upload, then
//! offered for confirmation like a library file. It is kept there, not put in a programme's
//! folder, so a one-off announcement never airs again on a programme's schedule.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::extract::{ConnectInfo, Multipart, State};
use axum::http::{header, HeaderMap};
use maud::{html, Markup};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use crate::ids::ANNOUNCEMENT_PROGRAMME;
use crate::ledger::ConsoleAction;
use crate::messages::web::announce::AnnounceWords as W;
use crate::messages::web::library::FileRefusal;
use crate::messages::{Lang, Say};
use crate::reason::Urgency;
use crate::web::audit::{self, Done};
use crate::web::auth::{Officer, SignedIn};
use crate::web::error::WebError;
use crate::web::pages::library::store;
use crate::web::pages::library::upload::{self as receiving, Upload};
use crate::web::state::AppState;

use super::{confirm_page, urgency_code, Offered};

pub const PATH: &str = "/announce/upload";

/// The data folder's folder of uploaded announcements.
pub const FOLDER: &str = "announcements";

/// What an uploaded file's key starts with: '+' is never in a programme's id.
const KEY: &str = "+upload";

/// The uploaded file's name, when `key` names one.
pub fn name_of(key: &str) -> Option<&str> {
    key.strip_prefix(KEY)?.strip_prefix('/')
}

/// The form: how urgent (before the file, so it is read first), and the file.
pub fn form(signed: &SignedIn, lang: Lang) -> Markup {
    let action = format!(
        "{PATH}?csrf={}",
        utf8_percent_encode(&signed.csrf, NON_ALPHANUMERIC)
    );
    html! {
        h2 { (W::FromUpload.say(lang)) }
        form #announce-upload method="post" enctype="multipart/form-data" action=(action) {
            fieldset {
                legend { (W::HowUrgent.say(lang)) }
                @for urgency in [Urgency::Emergency, Urgency::Priority, Urgency::Normal] {
                    label.choice {
                        input type="radio" name="urgency" value=(urgency_code(urgency))
                            checked[urgency == Urgency::Emergency];
                        " " (W::Urgency { urgency }.say(lang))
                    }
                }
            }
            label for="announce-file" { (W::File.say(lang)) }
            input #announce-file type="file" name="file" required;
            p { button type="submit" { (W::Continue.say(lang)) } }
        }
    }
}

/// POST `/announce/upload?csrf=…`: the file is kept, then its confirmation is asked.
pub async fn upload(
    State(state): State<AppState>,
    Officer(signed): Officer,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Markup, WebError> {
    let config = state.config();
    let lang = config.station.lang;
    let folder = config.data_dir.join(FOLDER);
    let made = tokio::fs::create_dir_all(&folder).await;
    made.map_err(|error| WebError::failed(lang, error))?;
    let upload = Upload {
        lang,
        programme: ANNOUNCEMENT_PROGRAMME.to_string(),
        folder,
        max_bytes: config.web.max_upload_bytes,
        length: headers
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse().ok()),
    };
    let mut urgency = Urgency::Emergency;
    while let Some(field) = next_field(&mut multipart, lang).await? {
        match field.name() {
            Some("urgency") => {
                let text = receiving::short_text(field, lang).await?;
                urgency = serde_json::from_value(serde_json::Value::String(text))
                    .unwrap_or(Urgency::Emergency);
            }
            Some("file") if field.file_name().is_some_and(|name| !name.is_empty()) => {
                let sent = field.file_name().unwrap_or_default().to_string();
                let (path, sha256) = match receiving::receive(&upload, &sent, field).await {
                    Ok(done) => done,
                    Err(error) => return Err(receiving::drained(error, &mut multipart).await),
                };
                let done = Done {
                    programme: Some(ANNOUNCEMENT_PROGRAMME.to_string()),
                    file: Some(path.clone()),
                    sha256: Some(sha256),
                    from: Some(from.ip().to_string()),
                    ..Done::default()
                };
                audit::record(&state, &signed.user, ConsoleAction::Uploaded, done).await?;
                let offered = offered(lang, path);
                return Ok(confirm_page(&state, &signed, &offered, urgency));
            }
            _ => {}
        }
    }
    Err(receiving::refused(lang, FileRefusal::NoFile))
}

async fn next_field<'a>(
    multipart: &'a mut Multipart,
    lang: Lang,
) -> Result<Option<axum::extract::multipart::Field<'a>>, WebError> {
    match tokio::time::timeout(receiving::STALL, multipart.next_field()).await {
        Err(_) => Err(receiving::refused(lang, receiving::stalled())),
        Ok(Err(_)) => Err(receiving::refused(lang, FileRefusal::CutOff)),
        Ok(Ok(field)) => Ok(field),
    }
}

/// An uploaded announcement named `name`, found in its folder (never joined blindly).
pub async fn uploaded(state: &AppState, name: &str) -> Result<Option<Offered>, WebError> {
    let config = state.config();
    let lang = config.station.lang;
    let (folder, name) = (config.data_dir.join(FOLDER), name.to_string());
    let found = tokio::task::spawn_blocking(move || store::find_in(&folder, &name)).await;
    match found {
        Ok(Ok(path)) => Ok(path.map(|path| offered(lang, path))),
        // No folder yet: nothing was ever uploaded.
        Ok(Err(_)) => Ok(None),
        Err(error) => Err(WebError::failed(lang, error)),
    }
}

fn offered(lang: Lang, path: PathBuf) -> Offered {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    Offered {
        programme: KEY.to_string(),
        title: W::Uploaded.say(lang),
        name,
        path,
    }
}
