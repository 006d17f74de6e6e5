//! The sessions the console keeps in memory (a restart signs everyone out), by the digest
//! of their token, each ending after an idle spell or at an absolute age. Times are given
//! by the caller, so the rules are tested without waiting.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::users::Role;

/// A session unused this long ends.
pub const IDLE: Duration = Duration::from_secs(12 * 3600);
/// A session ends this long after sign-in, used or not.
pub const ABSOLUTE: Duration = Duration::from_secs(7 * 24 * 3600);
/// The most sessions kept: the least recently used goes first beyond it (a station has a
/// handful of users; this only bounds memory against a flood of sign-ins).
pub const MOST: usize = 1000;

/// One signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: String,
    pub role: Role,
    /// The user's password hash at sign-in: a new password ends the session.
    pub stamp: String,
    pub csrf: String,
    pub started: Instant,
    pub seen: Instant,
}

impl Session {
    fn alive(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.seen) < IDLE
            && now.saturating_duration_since(self.started) < ABSOLUTE
    }
}

#[derive(Debug, Default)]
pub struct Sessions {
    by_digest: HashMap<[u8; 32], Session>,
}

impl Sessions {
    /// Keeps `session` under its token's `digest`.
    pub fn open(&mut self, digest: [u8; 32], session: Session, now: Instant) {
        self.by_digest.retain(|_, kept| kept.alive(now));
        while self.by_digest.len() >= MOST {
            let oldest = self
                .by_digest
                .iter()
                .min_by_key(|(_, kept)| kept.seen)
                .map(|(key, _)| *key);
            match oldest {
                Some(key) => self.by_digest.remove(&key),
                None => break,
            };
        }
        self.by_digest.insert(digest, session);
    }

    /// The live session of `digest`, marked as used now; an expired one is ended.
    pub fn touch(&mut self, digest: &[u8; 32], now: Instant) -> Option<&Session> {
        if !self.by_digest.get(digest)?.alive(now) {
            self.by_digest.remove(digest);
            return None;
        }
        let session = self.by_digest.get_mut(digest)?;
        session.seen = now;
        Some(session)
    }

    pub fn end(&mut self, digest: &[u8; 32]) -> Option<Session> {
        self.by_digest.remove(digest)
    }

    /// Ends every session; how many there were.
    pub fn end_all(&mut self) -> usize {
        let count = self.by_digest.len();
        self.by_digest.clear();
        count
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_digest.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(at: Instant) -> Session {
        Session {
            user: "an".into(),
            role: Role::Officer,
            stamp: "h".into(),
            csrf: "c".into(),
            started: at,
            seen: at,
        }
    }

    #[test]
    fn a_session_ends_when_idle_or_too_old() {
        let start = Instant::now();
        let mut sessions = Sessions::default();
        sessions.open([1; 32], session(start), start);
        let hour = Duration::from_secs(3600);
        assert!(sessions.touch(&[1; 32], start + 11 * hour).is_some());
        assert!(sessions.touch(&[1; 32], start + 22 * hour).is_some());
        assert!(
            sessions.touch(&[1; 32], start + 35 * hour).is_none(),
            "idle 13 h"
        );
        assert_eq!(sessions.len(), 0);
        sessions.open([2; 32], session(start), start);
        let mut at = start;
        while at + 6 * hour < start + ABSOLUTE {
            at += 6 * hour;
            assert!(sessions.touch(&[2; 32], at).is_some());
        }
        assert!(
            sessions.touch(&[2; 32], start + ABSOLUTE).is_none(),
            "7 days"
        );
        assert!(sessions.touch(&[3; 32], start).is_none());
    }

    #[test]
    fn sessions_are_bounded_and_can_all_end() {
        let start = Instant::now();
        let mut sessions = Sessions::default();
        for index in 0..(MOST + 5) {
            let at = start + Duration::from_secs(index as u64);
            let mut key = [0u8; 32];
            key[..8].copy_from_slice(&(index as u64).to_le_bytes());
            sessions.open(key, session(at), at);
        }
        assert_eq!(sessions.len(), MOST);
        let first = [0u8; 32];
        assert!(
            sessions.end(&first).is_none(),
            "the least recent went first"
        );
        assert_eq!(sessions.end_all(), MOST);
        assert_eq!(sessions.len(), 0);
    }
}
