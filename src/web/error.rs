//! What a request gets instead of what it asked for: a short page in the station's language
//! that says what happened and what to do, with the HTTP status a script can check.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::messages::web::ConsoleProblem;
use crate::messages::{Lang, Say};

use super::frame;

/// A request refused or failed, with the words to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebError {
    pub problem: ConsoleProblem,
    pub lang: Lang,
    /// Where a browser is sent instead (the sign-in page, for a page read signed out).
    pub redirect: Option<String>,
}

impl WebError {
    pub fn new(lang: Lang, problem: ConsoleProblem) -> WebError {
        WebError {
            problem,
            lang,
            redirect: None,
        }
    }

    /// Something inside failed (a read of the log, a task gone): logged in full, told in
    /// the officer's words.
    pub fn failed(lang: Lang, detail: impl std::fmt::Display) -> WebError {
        let detail = detail.to_string();
        tracing::error!(%detail, "web console request failed");
        WebError::new(lang, ConsoleProblem::Failed { detail })
    }

    pub fn status(&self) -> StatusCode {
        match self.problem {
            ConsoleProblem::NotSignedIn => StatusCode::UNAUTHORIZED,
            ConsoleProblem::OfficersOnly | ConsoleProblem::StaleForm => StatusCode::FORBIDDEN,
            ConsoleProblem::NotFound => StatusCode::NOT_FOUND,
            ConsoleProblem::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ConsoleProblem::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ConsoleProblem::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ConsoleProblem::StationBusy => StatusCode::SERVICE_UNAVAILABLE,
            ConsoleProblem::Failed { .. } | ConsoleProblem::Heading | ConsoleProblem::BackHome => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let Some(to) = &self.redirect {
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to.clone())]).into_response();
        }
        let page = frame::problem_page(self.lang, &self.problem.say(self.lang));
        (self.status(), page).into_response()
    }
}
