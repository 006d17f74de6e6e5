//! Who may use the console, in memory: the sessions open (their cookie tokens kept only as
//! digests, each with its CSRF token), the users as their file says now, and the sign-in
//! attempts that failed. It knows no request or page: `auth` asks it, for each request.

pub mod cookies;
pub mod known;
pub mod sessions;
pub mod throttle;
pub mod tokens;

use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use axum::http::HeaderMap;

use crate::config::Config;
use crate::users::{Role, User};

use sessions::{Session, Sessions};

/// Sessions, users and sign-in throttling.
pub struct Guard {
    sessions: Mutex<Sessions>,
    pub(in crate::web) known: known::Known,
    throttle: Mutex<throttle::Throttle>,
    /// Whether the console is HTTPS: its cookies are then sent over HTTPS only.
    pub(in crate::web) secure: bool,
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

    pub(in crate::web) fn sessions(&self) -> std::sync::MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(in crate::web) fn throttle(&self) -> std::sync::MutexGuard<'_, throttle::Throttle> {
        self.throttle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The user whose live session the request's cookie names, as the users file at `users`
    /// has them now; a session whose user was removed, or given another role or password
    /// since, is ended.
    pub(in crate::web) fn signed_in(&self, users: &Path, headers: &HeaderMap) -> Option<SignedIn> {
        let token = cookies::read(headers, cookies::SESSION)?;
        let digest = tokens::digest(token);
        let session = self.sessions().touch(&digest, Instant::now())?.clone();
        let read = self.known.users(users);
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
    pub(in crate::web) fn open(&self, user: &User) -> Option<(String, String)> {
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
    pub(in crate::web) fn end(&self, headers: &HeaderMap) {
        if let Some(token) = cookies::read(headers, cookies::SESSION) {
            self.sessions().end(&tokens::digest(token));
        }
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
