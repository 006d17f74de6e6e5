//! The CSRF check on every request that changes something: the session's token must come
//! back in the `X-CSRF-Token` header, the `csrf` query parameter, or the `csrf` field of a
//! form (such a body is read, up to 64 KB, and handed on intact; multipart uploads are not
//! read here: their token comes in the query or the header). The sign-in form is checked
//! against its own cookie, there being no session yet. A browser's `Origin`, when sent,
//! must be the console's own.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::messages::web::ConsoleProblem;

use super::super::error::WebError;
use super::super::guard::{cookies, tokens};
use super::super::state::AppState;
use super::{users_path, SIGN_IN_PATH};

/// The header a script sends the token in.
pub const HEADER: &str = "x-csrf-token";
/// The form field and query parameter.
pub const FIELD: &str = "csrf";
/// The largest form body read for its token: forms of the console are small; uploads are
/// multipart and never read here.
const MOST_FORM_BYTES: usize = 64 * 1024;

/// Refuses every request that changes something (any method but GET, HEAD and OPTIONS)
/// without the session's CSRF token; one without a session at all is refused as not
/// signed in. The signed-in user found here is handed to the handler.
pub async fn require_csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let signed = state.guard().signed_in(&users_path(&state), &parts.headers);
    if let Some(signed) = &signed {
        parts.extensions.insert(signed.clone());
    }
    if [Method::GET, Method::HEAD, Method::OPTIONS].contains(&parts.method) {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let lang = state.lang();
    let refused = |problem| WebError::new(lang, problem).into_response();
    if !same_origin(&parts.headers) {
        return refused(ConsoleProblem::StaleForm);
    }
    let expected = if parts.uri.path() == SIGN_IN_PATH {
        cookies::read(&parts.headers, cookies::SIGN_IN).map(str::to_string)
    } else {
        match signed {
            Some(signed) => Some(signed.csrf),
            None => return refused(ConsoleProblem::NotSignedIn),
        }
    };
    let Some(expected) = expected else {
        return refused(ConsoleProblem::StaleForm);
    };
    let Some((given, body)) = token_of(&parts, body).await else {
        return refused(ConsoleProblem::StaleForm);
    };
    if !given.is_some_and(|given| tokens::same(&given, &expected)) {
        return refused(ConsoleProblem::StaleForm);
    }
    next.run(Request::from_parts(parts, body)).await
}

/// The token the request carries, and its body to hand on; `None` when a form body is too
/// large or breaks off.
async fn token_of(parts: &Parts, body: Body) -> Option<(Option<String>, Body)> {
    if let Some(token) = parts.headers.get(HEADER).and_then(|v| v.to_str().ok()) {
        return Some((Some(token.to_string()), body));
    }
    if let Some(token) = parts.uri.query().and_then(field) {
        return Some((Some(token), body));
    }
    let is_form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|kind| kind.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Some((None, body));
    }
    let bytes = axum::body::to_bytes(body, MOST_FORM_BYTES).await.ok()?;
    let token = field(std::str::from_utf8(&bytes).ok()?);
    Some((token, Body::from(bytes)))
}

/// The `csrf` field of a query or form text.
fn field(text: &str) -> Option<String> {
    url::form_urlencoded::parse(text.as_bytes())
        .find(|(key, _)| key == FIELD)
        .map(|(_, value)| value.into_owned())
}

/// Whether the request's `Origin`, when it has one, names the host it was sent to.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(ORIGIN) else {
        return true;
    };
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    let origin = origin.to_str().ok().and_then(|origin| {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
    });
    matches!((origin, host), (Some(origin), Some(host)) if origin.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_the_console_s_own_origin_passes() {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(
            same_origin(&headers),
            "no Origin: not a cross-site browser request"
        );
        for (origin, passes) in [
            ("http://127.0.0.1:8080", true),
            ("https://127.0.0.1:8080", true),
            ("http://127.0.0.1:8081", false),
            ("http://evil.example", false),
            ("null", false),
            ("http://127.0.0.1:8080.evil.example", false),
        ] {
            headers.insert(ORIGIN, HeaderValue::from_static(origin));
            assert_eq!(same_origin(&headers), passes, "{origin}");
        }
    }

    #[test]
    fn the_token_is_read_from_a_form_or_a_query() {
        assert_eq!(field("a=1&csrf=ab%20c"), Some("ab c".into()));
        assert_eq!(field("a=1"), None);
    }
}
