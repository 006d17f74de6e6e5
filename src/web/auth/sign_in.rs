//! The sign-in page, signing in (the password checked on a blocking thread: Argon2 costs
//! tens of milliseconds of CPU, and not at all for an attempt the throttle refuses) and
//! signing out; each sign-in and sign-out is a record of the airing log.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::header::{LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use serde::Deserialize;

use crate::ledger::ConsoleAction;
use crate::messages::web::auth::SignInWords;
use crate::messages::web::ConsoleProblem;
use crate::messages::Say;
use crate::users::{self, User};

use super::super::audit::{self, Done};
use super::super::error::WebError;
use super::super::frame;
use super::super::guard::throttle::{self, Key};
use super::super::guard::{cookies, tokens};
use super::super::state::AppState;
use super::{csrf, users_path, Officer, SignedIn, SIGN_IN_PATH};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(SIGN_IN_PATH, get(page).post(sign_in))
        .route("/logout", post(sign_out))
        .route("/logout/everyone", post(sign_out_everyone))
}

/// The address a request came from, when the server knows it.
pub struct Client(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Client, Infallible> {
        let address = parts.extensions.get::<ConnectInfo<SocketAddr>>();
        Ok(Client(address.map(|info| info.0.ip())))
    }
}

impl Client {
    fn shown(&self) -> String {
        self.0.map(|ip| ip.to_string()).unwrap_or_default()
    }
}

#[derive(Debug, Default, Deserialize)]
struct Asked {
    next: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct SignInForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// Where a sign-in goes on to: `next` when it is a path of this console (not `//host`,
/// which a browser reads as another site), else the overview.
fn onward(next: Option<&str>) -> &str {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.contains('\\')
                && !next.chars().any(char::is_control) =>
        {
            next
        }
        _ => super::super::HOME,
    }
}

/// The sign-in page; it sets the form's own cookie (against login CSRF).
async fn page(
    State(state): State<AppState>,
    Query(asked): Query<Asked>,
    headers: HeaderMap,
) -> Response {
    let kept = cookies::read(&headers, cookies::SIGN_IN)
        .filter(|token| token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_string);
    let Some(token) = kept.or_else(tokens::random_token) else {
        return WebError::failed(state.lang(), "no random token").into_response();
    };
    let cookie = cookies::set(
        cookies::SIGN_IN,
        Some(&token),
        SIGN_IN_PATH,
        state.guard().secure,
    );
    let body = form_page(&state, &token, onward(asked.next.as_deref()), None);
    (AppendHeaders([(SET_COOKIE, cookie)]), body).into_response()
}

fn form_page(state: &AppState, token: &str, next: &str, problem: Option<SignInWords>) -> Markup {
    let lang = state.lang();
    let read = state.guard().known.users(&users_path(state));
    let none_yet = matches!(read.as_ref(), Ok(all) if all.users.is_empty());
    let unreadable = read
        .as_ref()
        .as_ref()
        .err()
        .map(|error| SignInWords::UsersUnreadable {
            detail: error.say(lang),
        });
    let title = SignInWords::Title.say(lang);
    frame::bare_page(
        lang,
        &title,
        html! {
            h1 { (title) }
            @if none_yet { p.note { (SignInWords::NoUsers.say(lang)) } }
            @if let Some(words) = unreadable { p.warning { (words.say(lang)) } }
            @if let Some(words) = problem { p.problem role="alert" { (words.say(lang)) } }
            form.card.signin method="post" action=(SIGN_IN_PATH) {
                input type="hidden" name=(csrf::FIELD) value=(token);
                input type="hidden" name="next" value=(next);
                label { (SignInWords::Name.say(lang))
                    input type="text" name="name" autocomplete="username"
                        autocapitalize="none" spellcheck="false" required autofocus; }
                label { (SignInWords::Password.say(lang))
                    input type="password" name="password" autocomplete="current-password"
                        required; }
                button type="submit" { (SignInWords::Submit.say(lang)) }
            }
        },
    )
}

/// Whether `password` is `user`'s, checked on a blocking thread. An unknown name costs the
/// same as a known one (against a decoy hash), so the time taken does not tell which names
/// exist.
async fn password_matches(user: Option<&User>, password: String) -> bool {
    static DECOY: OnceLock<String> = OnceLock::new();
    let hash = user.map(|user| user.hash.clone());
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => users::verify_password(&hash, &password),
        None => {
            let decoy = DECOY.get_or_init(|| users::hash_password("decoy").unwrap_or_default());
            let _ = users::verify_password(decoy, &password);
            false
        }
    })
    .await
    .unwrap_or(false)
}

async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let lang = state.lang();
    let keys = Key::of(client.0, &form.name);
    let wait = state.guard().throttle().wait(&keys, Instant::now());
    if let Some(wait) = wait {
        let seconds = throttle::seconds(wait);
        tracing::warn!(from = %client.shown(), name = ?form.name, seconds, "web console sign-in throttled");
        let refusal = WebError::new(lang, ConsoleProblem::TooManyAttempts { seconds });
        return (AppendHeaders([(RETRY_AFTER, seconds.to_string())]), refusal).into_response();
    }
    let read = state.guard().known.users(&users_path(&state));
    let user = read
        .as_ref()
        .as_ref()
        .ok()
        .and_then(|all| all.find(&form.name))
        .cloned();
    let matched = password_matches(user.as_ref(), form.password).await;
    let next = onward(form.next.as_deref());
    let (Some(user), true) = (user, matched) else {
        tracing::warn!(from = %client.shown(), name = ?form.name, "web console sign-in refused");
        state.guard().throttle().failed(&keys, Instant::now());
        let token = cookies::read(&headers, cookies::SIGN_IN).unwrap_or_default();
        let page = form_page(&state, token, next, Some(SignInWords::Wrong));
        return (StatusCode::UNAUTHORIZED, page).into_response();
    };
    state.guard().throttle().succeeded(&user.name);
    // A session this browser had before ends: the new one has a fresh token.
    state.guard().end(&headers);
    let Some((session, csrf)) = state.guard().open(&user) else {
        return WebError::failed(lang, "no random token").into_response();
    };
    tracing::info!(user = %user.name, from = %client.shown(), "web console sign-in");
    let done = Done {
        from: client.0.map(|ip| ip.to_string()),
        ..Done::default()
    };
    // A log that cannot be written is told in the daemon's log by `record`; signing in
    // still works, so the officer can see the problem in the console.
    let _ = audit::record(&state, &user.name, ConsoleAction::SignedIn, done).await;
    let secure = state.guard().secure;
    let headers = AppendHeaders([
        (LOCATION, next.to_string()),
        (
            SET_COOKIE,
            cookies::set(cookies::SESSION, Some(&session), "/", secure),
        ),
        (
            SET_COOKIE,
            cookies::set(cookies::SIGN_IN, None, SIGN_IN_PATH, secure),
        ),
    ]);
    // The session's token also comes in a header, for scripts (headers are not readable
    // by other sites).
    (StatusCode::SEE_OTHER, headers, [(csrf::HEADER, csrf)]).into_response()
}

async fn sign_out(
    State(state): State<AppState>,
    client: Client,
    signed: SignedIn,
    headers: HeaderMap,
) -> Response {
    state.guard().end(&headers);
    tracing::info!(user = %signed.user, from = %client.shown(), "web console sign-out");
    let done = Done {
        from: client.0.map(|ip| ip.to_string()),
        ..Done::default()
    };
    let _ = audit::record(&state, &signed.user, ConsoleAction::SignedOut, done).await;
    to_sign_in(&state)
}

/// An officer ends every session, theirs included (a password seen by someone else).
async fn sign_out_everyone(State(state): State<AppState>, officer: Officer) -> Response {
    let count = state.guard().sessions().end_all();
    tracing::warn!(user = %officer.0.user, count, "web console: every session ended");
    to_sign_in(&state)
}

fn to_sign_in(state: &AppState) -> Response {
    let cookie = cookies::set(cookies::SESSION, None, "/", state.guard().secure);
    let headers = AppendHeaders([(LOCATION, SIGN_IN_PATH.to_string()), (SET_COOKIE, cookie)]);
    (StatusCode::SEE_OTHER, headers).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_goes_on_only_to_a_local_path() {
        assert_eq!(onward(Some("/library?programme=a")), "/library?programme=a");
        assert_eq!(onward(Some("/")), "/");
        for away in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "library",
            "",
            "/a\r\nX: y",
        ] {
            assert_eq!(onward(Some(away)), "/", "{away:?}");
        }
        assert_eq!(onward(None), "/");
    }
}
