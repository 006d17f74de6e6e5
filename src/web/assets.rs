//! The console's style sheet and scripts, built into the binary: nothing is fetched from
//! the internet, and the pages look the same offline. Fonts are the system's own (every
//! office PC and phone has one with Vietnamese letters), so none are shipped.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The address of the style sheet every page links.
pub const STYLE: &str = "/assets/console.css";
/// The address of the script every page loads: live updates.
pub const SCRIPT: &str = "/assets/console.js";
/// The address of the script of the library page: uploads with a progress bar.
pub const UPLOAD_SCRIPT: &str = "/assets/upload.js";

/// Each asset: its name under `/assets/`, its type and its bytes.
const ASSETS: [(&str, &str, &str); 3] = [
    (
        "console.css",
        "text/css; charset=utf-8",
        include_str!("assets/console.css"),
    ),
    (
        "console.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/console.js"),
    ),
    (
        "upload.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/upload.js"),
    ),
];

/// The assets' route, for a router of any state: they need none.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/{name}", get(asset))
}

/// An asset, to anyone: they hold nothing of the station's.
async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(known, _, _)| *known == name) {
        Some((_, kind, body)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
