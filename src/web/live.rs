//! Live updates: a page opens `/events?page=…` (Server-Sent Events) and is sent fresh HTML
//! for its live parts (`data-live="…"`) whenever the station changes. Each page kind has one
//! feed that renders its parts once per change for every client watching (fifty clients
//! cost one rendering, not fifty), and renders nothing while nobody watches. A change of
//! the board is waited out briefly, so a burst of changes makes one update; an idle station
//! costs a keep-alive comment every 15 seconds per client.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use futures_util::Stream;
use maud::Markup;
use serde::Deserialize;
use tokio::sync::watch;

use crate::messages::web::Nav;
use crate::shutdown::Shutdown;

use super::auth::SignedIn;
use super::feeds::{Feeds, Update};
use super::pages;
use super::state::AppState;

/// How long a change is waited out before the parts are rendered.
const SETTLE: Duration = Duration::from_millis(150);

/// Starts a feed per page kind that has live parts; each ends with `shutdown`.
pub fn start(state: &AppState, shutdown: &Shutdown) -> Feeds {
    Feeds {
        overview: feed(state, Nav::Overview, shutdown),
        library: feed(state, Nav::Library, shutdown),
    }
}

/// A task that renders `page`'s live parts at each change of the board, while watched.
fn feed(state: &AppState, page: Nav, shutdown: &Shutdown) -> watch::Receiver<Arc<Update>> {
    let (sender, receiver) = watch::channel(Arc::new(Update::default()));
    let (state, mut shutdown) = (state.clone(), shutdown.clone());
    let mut board = state.links().live.clone();
    tokio::spawn(async move {
        let mut seen = board.borrow().changes;
        loop {
            tokio::select! {
                changed = board.changed() => if changed.is_err() { return },
                () = shutdown.requested() => return,
            }
            tokio::time::sleep(SETTLE).await;
            let changes = board.borrow_and_update().changes;
            // Only progress of the airing on air: only the part that shows it.
            let whole = changes != seen;
            seen = changes;
            if sender.receiver_count() <= 1 {
                continue;
            }
            let parts = render(&state, page, whole).await;
            if !parts.is_empty() {
                sender.send_replace(Arc::new(Update { parts }));
            }
        }
    });
    receiver
}

/// The parts of `page` to send: all of them after a change, or only the airing on air.
async fn render(state: &AppState, page: Nav, whole: bool) -> Vec<(&'static str, String)> {
    let names: &[&'static str] = match (page, whole) {
        (Nav::Overview, true) => &["onair", "next", "attention", "chain"],
        (Nav::Overview, false) => &["onair"],
        (Nav::Library, true) => &["library"],
        _ => &[],
    };
    let mut parts = Vec::new();
    for name in names {
        let part: Option<Markup> = match page {
            Nav::Overview => pages::overview_part(state, name).await,
            Nav::Library => pages::library_part(state, name).await,
            _ => None,
        };
        if let Some(part) = part {
            parts.push((*name, part.into_string()));
        }
    }
    parts
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

#[derive(Debug, Deserialize)]
struct Watching {
    #[serde(default)]
    page: String,
}

/// The event stream of one page; it ends when the daemon stops.
async fn events(
    State(state): State<AppState>,
    _signed: SignedIn,
    Query(watching): Query<Watching>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let page = Nav::ALL
        .into_iter()
        .find(|nav| nav.path() == watching.page)
        .unwrap_or_default();
    let feed = state.feeds().and_then(|feeds| feeds.of(page));
    let shutdown = state.shutdown();
    let stream =
        futures_util::stream::unfold((feed, shutdown), |(mut feed, mut shutdown)| async move {
            let update = next_update(feed.as_mut(), &mut shutdown).await?;
            let events: Vec<Event> = update.parts.iter().filter_map(part_event).collect();
            Some((events, (feed, shutdown)))
        });
    let stream = futures_util::StreamExt::flat_map(stream, |events| {
        futures_util::stream::iter(events.into_iter().map(Ok))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The next update of the feed; `None` once the daemon stops (which ends the stream).
async fn next_update(
    feed: Option<&mut watch::Receiver<Arc<Update>>>,
    shutdown: &mut Shutdown,
) -> Option<Arc<Update>> {
    let Some(feed) = feed else {
        shutdown.requested().await;
        return None;
    };
    tokio::select! {
        changed = feed.changed() => changed.ok().map(|()| Arc::clone(&feed.borrow_and_update())),
        () = shutdown.requested() => None,
    }
}

fn part_event(part: &(&'static str, String)) -> Option<Event> {
    let data = serde_json::json!({ "name": part.0, "html": part.1 });
    Some(Event::default().event("part").data(data.to_string()))
}
