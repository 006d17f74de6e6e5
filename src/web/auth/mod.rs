//! Who is asking: users sign in with a password, get a session cookie (HttpOnly,
//! SameSite=Strict) and a CSRF token that every form carries back; failed sign-ins are
//! throttled. Every page and action but the sign-in page and the assets asks for a
//! `SignedIn` (or an `Officer`), so none can be reached without a session.
//!
//! Its parts: `csrf` (the check on every change) and `sign_in` (the sign-in page and
//! signing in and out); what it knows between requests (sessions, users, failed
//! attempts) is `guard`'s.

mod csrf;
mod sign_in;

use std::path::PathBuf;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;
use axum::Router;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use crate::messages::web::ConsoleProblem;
use crate::users;

use super::error::WebError;
use super::state::AppState;

pub use super::guard::SignedIn;
pub use csrf::require_csrf;

/// The sign-in page's address.
pub const SIGN_IN_PATH: &str = "/login";

/// The users file the console reads.
fn users_path(state: &AppState) -> PathBuf {
    users::users_path(&state.config().data_dir)
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<SignedIn, WebError> {
        if let Some(signed) = parts.extensions.get::<SignedIn>() {
            return Ok(signed.clone());
        }
        match state.guard().signed_in(&users_path(state), &parts.headers) {
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
