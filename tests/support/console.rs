//! The HTTP client every console test uses: it finds the daemon's console, creates users
//! with the real `wardcast user add`, signs in as a browser would (the sign-in form's own
//! cookie and token, then the session cookie), and sends pages' requests with the session's
//! cookie and CSRF token. Redirects are not followed: tests check them.

use std::io::Write;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use ureq::http::{Method, Request};

use super::{Daemon, Station};

/// A response, read whole.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    /// Every header, names in lowercase, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy for a binary download; `bytes` holds it exactly).
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    /// The first header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every header `name` (lowercase), e.g. each `set-cookie`.
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The `Set-Cookie` header that sets cookie `name`.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}=");
        self.headers_named("set-cookie")
            .into_iter()
            .find(|cookie| cookie.starts_with(&prefix))
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }
}

/// Waits for the daemon's `web console` line; the console's address, "http://127.0.0.1:PORT".
pub fn console_address(daemon: &Daemon) -> String {
    let line = daemon
        .wait_for_line(&["web console", "address="], Duration::from_secs(60))
        .unwrap_or_else(|| panic!("the console did not start:\n{}", daemon.log_text()));
    let after = line.split("address=").nth(1).expect("address field");
    after
        .split_whitespace()
        .next()
        .expect("an address")
        .trim_matches('"')
        .to_string()
}

/// Runs the real `wardcast user add NAME --role ROLE`, the password on standard input.
pub fn add_user(station: &Station, name: &str, role: &str, password: &str) {
    let output = user_add(station, name, &["--role", role], password);
    assert!(
        output.status.success(),
        "wardcast user add {name}: {output:?}"
    );
}

/// `wardcast user add NAME ARGS…` with `password` as standard input's first line.
pub fn user_add(
    station: &Station,
    name: &str,
    args: &[&str],
    password: &str,
) -> std::process::Output {
    let mut child = station
        .command()
        .args(["user", "add", name])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wardcast user add starts");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(format!("{password}\n").as_bytes())
        .expect("password written");
    drop(stdin);
    child.wait_with_output().expect("wardcast user add ends")
}

/// A browser of the console: its session cookie and CSRF token once signed in.
pub struct Console {
    pub base: String,
    agent: ureq::Agent,
    session: Option<String>,
    csrf: Option<String>,
}

impl Console {
    /// A client of the console at `base` ("http://127.0.0.1:PORT").
    pub fn new(base: &str) -> Console {
        Console::with_agent(base, Console::agent_config().build().into())
    }

    /// A client of an HTTPS console whose certificate (PEM) it trusts.
    pub fn trusting(base: &str, certificate_pem: &str) -> Console {
        use ureq::tls::{Certificate, RootCerts, TlsConfig};
        let certificate = Certificate::from_pem(certificate_pem.as_bytes())
            .expect("a PEM certificate")
            .to_owned();
        let tls = TlsConfig::builder()
            .root_certs(RootCerts::Specific(Arc::new(vec![certificate])))
            .build();
        Console::with_agent(base, Console::agent_config().tls_config(tls).build().into())
    }

    fn agent_config() -> ureq::config::ConfigBuilder<ureq::typestate::AgentScope> {
        ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
    }

    fn with_agent(base: &str, agent: ureq::Agent) -> Console {
        Console {
            base: base.trim_end_matches('/').to_string(),
            agent,
            session: None,
            csrf: None,
        }
    }

    /// Signs in through the sign-in form, as a browser does; the reply to the form (a 303
    /// to the overview when it worked). The session is kept for later requests.
    pub fn sign_in(&mut self, name: &str, password: &str) -> Reply {
        let page = self.get("/login");
        assert_eq!(page.status, 200, "the sign-in page: {page:?}");
        let cookie = page
            .set_cookie("wardcast_login")
            .and_then(|cookie| cookie.split(';').next())
            .expect("the sign-in form's cookie")
            .to_string();
        let token = hidden_field(&page.body, "csrf").expect("the sign-in form's token");
        let fields = [("name", name), ("password", password), ("csrf", &token)];
        let reply = self.send(
            Method::POST,
            "/login",
            &[("cookie", &cookie)],
            Some(form_body(&fields)),
        );
        if reply.status == 303 {
            self.session = reply
                .set_cookie("wardcast_session")
                .and_then(|cookie| cookie.split(';').next())
                .map(str::to_string);
            self.csrf = reply.header("x-csrf-token").map(str::to_string);
        }
        reply
    }

    /// The session's CSRF token (signed in only).
    pub fn csrf(&self) -> String {
        self.csrf.clone().expect("signed in")
    }

    /// The session cookie ("wardcast_session=…"), when signed in.
    pub fn session_cookie(&self) -> Option<String> {
        self.session.clone()
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, &[], None)
    }

    /// A form sent with the session's CSRF token added.
    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.csrf.clone().unwrap_or_default();
        let mut all = fields.to_vec();
        all.push(("csrf", &token));
        self.send(Method::POST, path, &[], Some(form_body(&all)))
    }

    /// A form sent as is, without the CSRF token.
    pub fn post_form_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.send(Method::POST, path, &[], Some(form_body(fields)))
    }

    /// A form with the CSRF token and extra headers (an `Origin`, say).
    pub fn post_form_with_headers(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        let token = self.csrf.clone().unwrap_or_default();
        let mut all = fields.to_vec();
        all.push(("csrf", &token));
        self.send(Method::POST, path, headers, Some(form_body(&all)))
    }

    /// A multipart upload of one file (field `file`) and `extra_fields`; the CSRF token in
    /// the query, as the console's upload form sends it.
    pub fn post_multipart(
        &self,
        path: &str,
        file_name: &str,
        bytes: &[u8],
        extra_fields: &[(&str, &str)],
    ) -> Reply {
        let boundary = "wardcast-test-boundary-7d1f0a";
        let mut body = Vec::new();
        for (name, value) in extra_fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
                 filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let separator = if path.contains('?') { '&' } else { '?' };
        let token = self.csrf.clone().unwrap_or_default();
        let target = format!("{path}{separator}csrf={token}");
        let kind = format!("multipart/form-data; boundary={boundary}");
        self.send(Method::POST, &target, &[], Some((kind, body)))
    }

    /// Any request: the session cookie is added (and joined to a `cookie` header given).
    pub fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(String, Vec<u8>)>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        let mut cookies: Vec<String> = self.session.iter().cloned().collect();
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("cookie") {
                cookies.push(value.to_string());
            } else {
                request = request.header(*name, *value);
            }
        }
        if !cookies.is_empty() {
            request = request.header("cookie", cookies.join("; "));
        }
        let result = match body {
            Some((kind, bytes)) => {
                let request = request.header("content-type", kind).body(bytes);
                self.agent.run(request.expect("a request"))
            }
            None => self.agent.run(request.body(()).expect("a request")),
        };
        let mut response = result.unwrap_or_else(|error| panic!("{path}: {error}"));
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_string(), value)
            })
            .collect();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .unwrap_or_else(|error| panic!("{path}: the body: {error}"));
        Reply {
            status: response.status().as_u16(),
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }
}

/// A form body and its content type.
fn form_body(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let text: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    (
        "application/x-www-form-urlencoded".to_string(),
        text.into_bytes(),
    )
}

/// The value of the hidden field `name` of a page (as maud writes it).
pub fn hidden_field(page: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find('"')?;
    Some(page[start..start + end].replace("&amp;", "&"))
}
