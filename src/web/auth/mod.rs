//! Who is asking: users sign in with a password, get a session cookie (HttpOnly,
//! SameSite=Strict) and a CSRF token that every form carries back; failed sign-ins are
//! throttled. Every page and action but the sign-in page and the assets asks for a
//! `SignedIn` (or an `Officer`), so none can be reached without a session.
//!
//! Its parts: `tokens` (random tokens, digests, comparisons), `cookies`, `sessions` (kept in
//! memory), `known` (the users file, read again when it changes), `csrf` (the check on
//! every change), `throttle` (failed sign-ins), `sign_in` (the sign-in page and signing
//! in and out).

mod cookies;
mod csrf;
mod known;
mod sessions;
mod sign_in;
mod throttle;
mod tokens;

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::Router;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use crate::config::Config;
use crate::messages::web::ConsoleProblem;
use crate::users::{self, Role, User};

use super::error::WebError;
use super::state::AppState;

pub use csrf::require_csrf;
use sessions::{Session, Sessions};

/// The sign-in page's address.
pub const SIGN_IN_PATH: &str = "/login";

/// Sessions, users and sign-in throttling.
pub struct Guard {
    sessions: Mutex<Sessions>,
    known: known::Known,
    throttle: Mutex<throttle::Throttle>,
    /// Whether the console is HTTPS: its cookies are then sent over HTTPS only.
    secure: bool,
}

impl Guard {
    pub fn new(config: &Config) -> Guard {
        Guard {
            sessions: Mutex::new(Sessions::default()),
            known: known::Known::default(),
            throttle: Mutex::new(throttle::Throttle::default()),
            secure: config.web.tls.is_some(),
        }
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn throttle(&self) -> std::sync::MutexGuard<'_, throttle::Throttle> {
        self.throttle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The user whose live session the request's cookie names; a session whose user was
    /// removed, or given another role or password since, is ended.
    fn signed_in(&self, state: &AppState, headers: &HeaderMap) -> Option<SignedIn> {
        let token = cookies::read(headers, cookies::SESSION)?;
        let digest = tokens::digest(token);
        let session = self.sessions().touch(&digest, Instant::now())?.clone();
        let read = self.known.users(&users_path(state));
        let current = read.as_ref().as_ref().ok().and_then(|all| {
            all.find(&session.user)
                .filter(|user| user.role == session.role && user.hash == session.stamp)
                .cloned()
        });
        if current.is_none() {
            self.sessions().end(&digest);
            return None;
        }
        Some(SignedIn {
            user: session.user,
            role: session.role,
            csrf: session.csrf,
        })
    }

    /// A new session for `user`: its cookie token and CSRF token.
    fn open(&self, user: &User) -> Option<(String, String)> {
        let (token, csrf) = (tokens::random_token()?, tokens::random_token()?);
        let now = Instant::now();
        let session = Session {
            user: user.name.clone(),
            role: user.role,
            stamp: user.hash.clone(),
            csrf: csrf.clone(),
            started: now,
            seen: now,
        };
        self.sessions().open(tokens::digest(&token), session, now);
        Some((token, csrf))
    }

    /// Ends the session the request's cookie names.
    fn end(&self, headers: &HeaderMap) {
        if let Some(token) = cookies::read(headers, cookies::SESSION) {
            self.sessions().end(&tokens::digest(token));
        }
    }
}

/// The users file the console reads.
fn users_path(state: &AppState) -> PathBuf {
    users::users_path(&state.config().data_dir)
}

/// A request from a signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub user: String,
    pub role: Role,
    /// The session's CSRF token, for the forms of the page.
    pub csrf: String,
}

impl SignedIn {
    pub fn is_officer(&self) -> bool {
        self.role == Role::Officer
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<SignedIn, WebError> {
        if let Some(signed) = parts.extensions.get::<SignedIn>() {
            return Ok(signed.clone());
        }
        match state.guard().signed_in(state, &parts.headers) {
            Some(signed) => Ok(signed),
            None => Err(not_signed_in(parts, state)),
        }
    }
}

/// A page read signed out is sent to the sign-in page, to come back after; anything else
/// is refused.
fn not_signed_in(parts: &Parts, state: &AppState) -> WebError {
    let mut refusal = WebError::new(state.lang(), ConsoleProblem::NotSignedIn);
    if [Method::GET, Method::HEAD].contains(&parts.method) {
        let here = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
        refusal.redirect = Some(sign_in_then(here));
    }
    refusal
}

/// The sign-in page's address that comes back to `here` (a path and query) after.
fn sign_in_then(here: &str) -> String {
    let next = utf8_percent_encode(here, NON_ALPHANUMERIC);
    format!("{SIGN_IN_PATH}?next={next}")
}

/// A request from a signed-in officer; a viewer is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer(pub SignedIn);

impl FromRequestParts<AppState> for Officer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Officer, WebError> {
        let signed = SignedIn::from_request_parts(parts, state).await?;
        if signed.is_officer() {
            Ok(Officer(signed))
        } else {
            Err(WebError::new(state.lang(), ConsoleProblem::OfficersOnly))
        }
    }
}

/// Signing in and out.
pub fn routes() -> Router<AppState> {
    sign_in::routes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_read_signed_out_comes_back_after_sign_in() {
        assert_eq!(sign_in_then("/"), "/login?next=%2F");
        assert_eq!(
            sign_in_then("/log?period=2026-Q1&p=a b"),
            "/login?next=%2Flog%3Fperiod%3D2026%2DQ1%26p%3Da%20b"
        );
    }
}
