//! The officer's web console, served by the daemon itself: server-rendered pages in the
//! station's language, readable without JavaScript, with a little script for live updates
//! (Server-Sent Events) and uploads with a progress bar. Every asset is in the binary: the
//! station PC is often offline.
//!
//! The console is an edge like the player: it decides nothing about airing. It reads the
//! station through `Links` (the running configuration, the live board, the library through
//! its keeper's `Lookout`, the log through read-only connections of its own) and acts only
//! as the CLI does: files go into a programme's folder the way a copy does, announcements go
//! to the announcement desk as `play --now` sends them, and every change is a record of the
//! log's hash chain with the name of who made it.
//!
//! Its parts: `state` (what every handler shares), `auth` (users, sessions, the CSRF token,
//! sign-in throttling), `https` (the certificate and the TLS server), `layout` (the frame of
//! every page), `assets` (CSS and script), `error` (what a request gets instead of a page),
//! `live` (the Server-Sent Events), `reader` (the log's read-only connections for pages,
//! and the chain's status checked aside), and
//! one file per page under `pages`.

mod assets;
mod audit;
mod auth;
mod cache;
mod error;
mod feeds;
mod frame;
mod guard;
mod https;
mod layout;
mod live;
mod pages;
mod planning;
mod reader;
mod state;

use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;

use crate::messages::web::Nav;
use crate::shutdown::Shutdown;

pub use error::WebError;
pub use https::{load as load_https, Https};
pub use state::{AppState, Links};

/// The whole console: every page and action, behind sign-in.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(auth::routes())
        .merge(assets::routes())
        .merge(live::routes())
        .merge(pages::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_csrf,
        ))
        .with_state(state)
}

/// Any address the console does not have.
async fn not_found(state: axum::extract::State<AppState>) -> WebError {
    WebError::new(state.lang(), crate::messages::web::ConsoleProblem::NotFound)
}

/// Listens where the configuration says; `None` when the console is turned off.
pub async fn bind(listen: Option<SocketAddr>) -> std::io::Result<Option<TcpListener>> {
    match listen {
        Some(address) => TcpListener::bind(address).await.map(Some),
        None => Ok(None),
    }
}

/// How long requests under way may go on once the daemon stops: a page finishes, an
/// upload half-done is dropped (it never reaches the library).
const GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// Serves the console on `listener` until `shutdown`, over HTTPS when `https` is given
/// (see [`load_https`]).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    https: Option<Https>,
    shutdown: Shutdown,
) {
    state.set_feeds(live::start(&state, &shutdown));
    if let Some(https) = https {
        return https::serve(listener, state, https, shutdown, GRACE).await;
    }
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let mut stopping = shutdown.clone();
    let serving = axum::serve(listener, app)
        .with_graceful_shutdown(async move { stopping.requested().await });
    let mut stopped = shutdown;
    tokio::select! {
        served = serving => {
            if let Err(error) = served {
                tracing::error!(%error, "web console stopped");
            }
        }
        () = async move {
            stopped.requested().await;
            tokio::time::sleep(GRACE).await;
        } => {}
    }
}

/// The page a signed-in user lands on.
pub const HOME: &str = Nav::Overview.path();
