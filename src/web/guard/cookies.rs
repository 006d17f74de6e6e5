//! The console's two cookies, read from requests and written to responses: the session,
//! and the one that ties the sign-in form to the browser that loaded it.

use axum::http::header::COOKIE;
use axum::http::HeaderMap;

/// The session's token.
pub const SESSION: &str = "wardcast_session";
/// The sign-in form's token, before there is a session (against login CSRF).
pub const SIGN_IN: &str = "wardcast_login";

/// The value of cookie `name`, when the request carries it.
pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

/// A `Set-Cookie` value: readable by no script, sent back only from the console's own
/// pages, over HTTPS only when the console is HTTPS. `None` as the value removes it.
pub fn set(name: &str, value: Option<&str>, path: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match value {
        Some(value) => format!("{name}={value}; HttpOnly; SameSite=Strict; Path={path}{secure}"),
        None => format!("{name}=; HttpOnly; SameSite=Strict; Path={path}; Max-Age=0{secure}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cookies_are_found_among_others_and_written_with_their_flags() {
        let mut headers = HeaderMap::new();
        headers.append(
            COOKIE,
            HeaderValue::from_static("a=1; wardcast_session=abc"),
        );
        headers.append(COOKIE, HeaderValue::from_static("wardcast_login=\"x\""));
        assert_eq!(read(&headers, SESSION), Some("abc"));
        assert_eq!(read(&headers, SIGN_IN), Some("x"));
        assert_eq!(read(&headers, "wardcast"), None);
        assert_eq!(
            set(SESSION, Some("abc"), "/", true),
            "wardcast_session=abc; HttpOnly; SameSite=Strict; Path=/; Secure"
        );
        assert!(set(SESSION, None, "/", false).contains("Max-Age=0"));
        assert!(!set(SESSION, None, "/", false).contains("Secure"));
    }
}
