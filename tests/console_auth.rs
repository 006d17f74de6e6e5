//! The console's doors, over HTTP against the real daemon: nothing without a session,
//! no change without the page's CSRF token or from another site, no officer's action for a
//! viewer, the session cookie's flags, sign-in throttling, and a removed user's session
//! ending at once.

mod support;

use support::console::{add_user, console_address, Console, Reply};
use support::{Daemon, Station};

/// Every page and action that needs a session, as (method, path); pages join as they land.
const PROTECTED: &[(&str, &str)] = &[
    ("POST", "/logout"),
    ("POST", "/logout/everyone"),
    ("GET", "/library"),
    ("POST", "/library/upload?programme=tin-tuc"),
    ("GET", "/library/withdraw?programme=tin-tuc&file=x.mp3"),
    ("POST", "/library/withdraw"),
];

/// The actions only an officer may take, as (method, path).
const OFFICERS_ONLY: &[(&str, &str)] = &[
    ("POST", "/logout/everyone"),
    ("POST", "/library/upload?programme=tin-tuc"),
    ("GET", "/library/withdraw?programme=tin-tuc&file=x.mp3"),
    ("POST", "/library/withdraw"),
];

const PASSWORD: &str = "mật khẩu đủ dài";

/// A station with an officer `an` and a viewer `xem`, its daemon, and the console's address.
fn console() -> (Station, Daemon, String) {
    let station = Station::new(&["tin-tuc"], "");
    std::fs::write(
        station.config_path(),
        std::fs::read_to_string(station.config_path())
            .expect("config")
            .replace("[station]\n", "[station]\nlang = \"en\"\n"),
    )
    .expect("English");
    add_user(&station, "an", "officer", PASSWORD);
    add_user(&station, "xem", "viewer", PASSWORD);
    let daemon = station.spawn_daemon(&[]);
    let base = console_address(&daemon);
    (station, daemon, base)
}

fn request(console: &Console, method: &str, path: &str) -> Reply {
    match method {
        "GET" => console.get(path),
        "POST" => console.post_form(path, &[]),
        other => panic!("no {other} in the table"),
    }
}

#[test]
fn nothing_is_reached_without_a_session() {
    let (_station, _daemon, base) = console();
    let anonymous = Console::new(&base);
    for (method, path) in PROTECTED {
        let reply = request(&anonymous, method, path);
        if *method == "GET" {
            assert_eq!(reply.status, 303, "{method} {path}");
            let location = reply.location().expect("location");
            assert!(location.starts_with("/login?next="), "{location}");
        } else {
            assert_eq!(reply.status, 401, "{method} {path}: {}", reply.body);
            assert!(reply.body.contains("not signed in"), "{}", reply.body);
        }
    }
    // A made-up session cookie is no session.
    let forged = anonymous.send(
        ureq::http::Method::POST,
        "/logout",
        &[("cookie", &format!("wardcast_session={}", "ab".repeat(32)))],
        None,
    );
    assert_eq!(forged.status, 401);
}

#[test]
fn signing_in_gives_a_strict_session_cookie_and_goes_back_where_asked() {
    let (station, daemon, base) = console();
    let page = Console::new(&base).get("/login");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Sign in"), "{}", page.body);
    assert!(!page.body.contains("wardcast user add"), "users exist");

    let mut wrong = Console::new(&base);
    let refused = wrong.sign_in("an", "not the password");
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("wrong"), "{}", refused.body);
    assert!(refused.set_cookie("wardcast_session").is_none());
    assert!(daemon
        .wait_for_line(
            &["sign-in refused", "an"],
            std::time::Duration::from_secs(5)
        )
        .is_some());

    let mut officer = Console::new(&base);
    let signed = officer.sign_in("an", PASSWORD);
    assert_eq!(signed.status, 303, "{}", signed.body);
    assert_eq!(signed.location(), Some("/"));
    let cookie = signed
        .set_cookie("wardcast_session")
        .expect("session cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let token = cookie
        .split(';')
        .next()
        .expect("pair")
        .trim_start_matches("wardcast_session=");
    assert_eq!(token.len(), 64);
    assert_eq!(officer.csrf().len(), 64);

    let out = officer.post_form("/logout", &[]);
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.location(), Some("/login"));
    assert_eq!(
        officer.post_form("/logout", &[]).status,
        401,
        "the session ended"
    );
    drop(station);
}

#[test]
fn sign_in_goes_on_to_a_local_next_only() {
    let (_station, _daemon, base) = console();
    for (next, expected) in [
        ("/library?programme=a", "/library?programme=a"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
    ] {
        let console = Console::new(&base);
        let page = console.get(&format!(
            "/login?next={}",
            url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        ));
        let kept = support::console::hidden_field(&page.body, "next").expect("next field");
        let cookie = page.set_cookie("wardcast_login").expect("cookie");
        let cookie = cookie.split(';').next().expect("pair");
        let token = support::console::hidden_field(&page.body, "csrf").expect("token");
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("name", "an"),
                ("password", PASSWORD),
                ("csrf", &token),
                ("next", &kept),
            ])
            .finish();
        let reply = console.send(
            ureq::http::Method::POST,
            "/login",
            &[("cookie", cookie)],
            Some((
                "application/x-www-form-urlencoded".into(),
                body.into_bytes(),
            )),
        );
        assert_eq!(reply.status, 303, "{next}");
        assert_eq!(reply.location(), Some(expected), "{next}");
    }
}

#[test]
fn the_sign_in_form_needs_its_own_cookie_and_token() {
    let (_station, _daemon, base) = console();
    let console = Console::new(&base);
    let fields = [("name", "an"), ("password", PASSWORD), ("csrf", "00")];
    // No cookie of the form (a page of another site posting to the console).
    let reply = console.post_form_without_csrf("/login", &fields);
    assert_eq!(reply.status, 403, "{}", reply.body);
    let page = console.get("/login");
    let cookie = page.set_cookie("wardcast_login").expect("cookie");
    let cookie = cookie.split(';').next().expect("pair");
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let reply = console.send(
        ureq::http::Method::POST,
        "/login",
        &[("cookie", cookie)],
        Some((
            "application/x-www-form-urlencoded".into(),
            body.into_bytes(),
        )),
    );
    assert_eq!(reply.status, 403, "a wrong token: {}", reply.body);
}

#[test]
fn a_change_needs_the_session_s_token_and_the_console_s_origin() {
    let (_station, _daemon, base) = console();
    let mut officer = Console::new(&base);
    assert_eq!(officer.sign_in("an", PASSWORD).status, 303);
    for (_, path) in PROTECTED.iter().filter(|(method, _)| *method == "POST") {
        let reply = officer.post_form_without_csrf(path, &[]);
        assert_eq!(reply.status, 403, "{path}: {}", reply.body);
        assert!(reply.body.contains("stale"), "{}", reply.body);
        let wrong = officer.post_form_without_csrf(path, &[("csrf", &"0".repeat(64))]);
        assert_eq!(wrong.status, 403, "{path}");
        let elsewhere =
            officer.post_form_with_headers(path, &[], &[("origin", "http://evil.example")]);
        assert_eq!(elsewhere.status, 403, "{path}: another site's page");
    }
    // The header and the query carry it too; our own origin passes.
    let host = base.trim_start_matches("http://").to_string();
    let own = officer.send(
        ureq::http::Method::POST,
        "/logout",
        &[
            ("x-csrf-token", &officer.csrf()),
            ("origin", &format!("http://{host}")),
        ],
        None,
    );
    assert_eq!(own.status, 303, "{}", own.body);
}

#[test]
fn a_viewer_is_refused_an_officer_s_action() {
    let (_station, _daemon, base) = console();
    let mut viewer = Console::new(&base);
    assert_eq!(viewer.sign_in("xem", PASSWORD).status, 303);
    for (method, path) in OFFICERS_ONLY {
        let reply = request(&viewer, method, path);
        assert_eq!(reply.status, 403, "{method} {path}: {}", reply.body);
        assert!(reply.body.contains("officer"), "{}", reply.body);
    }
    let mut officer = Console::new(&base);
    assert_eq!(officer.sign_in("an", PASSWORD).status, 303);
    assert_eq!(officer.post_form("/logout/everyone", &[]).status, 303);
    assert_eq!(
        viewer.post_form("/logout", &[]).status,
        401,
        "every session ended"
    );
}

#[test]
fn removing_a_user_ends_their_session() {
    let (station, _daemon, base) = console();
    let mut viewer = Console::new(&base);
    assert_eq!(viewer.sign_in("xem", PASSWORD).status, 303);
    let mut officer = Console::new(&base);
    assert_eq!(officer.sign_in("an", PASSWORD).status, 303);
    let removed = station.run(&["user", "remove", "xem"]);
    assert!(removed.status.success(), "{removed:?}");
    assert_eq!(viewer.post_form("/logout", &[]).status, 401, "removed");
    assert_eq!(viewer.sign_in("xem", PASSWORD).status, 401);
    // A new password ends the sessions signed in with the old one.
    add_user(&station, "an", "officer", "một mật khẩu khác");
    assert_eq!(
        officer.post_form("/logout", &[]).status,
        401,
        "new password"
    );
}

#[test]
fn the_sign_in_page_says_how_to_create_the_first_user() {
    let station = Station::new(&["tin-tuc"], "");
    let daemon = station.spawn_daemon(&[]);
    let base = console_address(&daemon);
    let page = Console::new(&base).get("/login");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("wardcast user add TÊN"), "{}", page.body);
    assert!(page.body.contains("Đăng nhập"), "{}", page.body);
}

#[test]
fn wrong_passwords_are_throttled_before_any_check() {
    let (_station, daemon, base) = console();
    for attempt in 1..=5 {
        let reply = Console::new(&base).sign_in("an", "not the password");
        assert_eq!(reply.status, 401, "attempt {attempt}");
    }
    let sixth = Console::new(&base).sign_in("an", "not the password");
    assert_eq!(sixth.status, 429, "{}", sixth.body);
    assert!(sixth.body.contains("wait 30 seconds"), "{}", sixth.body);
    assert_eq!(sixth.header("retry-after"), Some("30"));
    let right = Console::new(&base).sign_in("an", PASSWORD);
    assert_eq!(right.status, 429, "the right password waits too");
    assert!(right.set_cookie("wardcast_session").is_none());
    let other = Console::new(&base).sign_in("xem", PASSWORD);
    assert_eq!(other.status, 429, "the same address waits for any name");
    let log = daemon.log_text();
    assert_eq!(log.matches("sign-in refused").count(), 5, "{log}");
    assert!(log.contains("sign-in throttled"), "{log}");
    assert!(log.contains("127.0.0.1"), "{log}");
}
