//! Sign-in throttling: per client address and per name tried, five failures within fifteen
//! minutes shut the door for a wait that doubles with each failure after (30 s, 60 s, … up
//! to 15 min). A refused attempt is answered before any password is checked, so a flood
//! costs no Argon2 work. Entries are dropped once quiet for the window; their number is
//! bounded. Times are given by the caller, so the rules are tested without waiting.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Failures counted together.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures allowed within the window before the door shuts.
pub const FREE: usize = 5;
const FIRST_WAIT: Duration = Duration::from_secs(30);
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// The most entries kept: a station has a handful of users and PCs; this bounds memory
/// against a flood of made-up names.
const MOST: usize = 4096;
/// The most characters of a name tried that are kept.
const NAME_CHARS: usize = 64;

/// Who failed: where from, and as whom.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Address(IpAddr),
    Name(String),
}

impl Key {
    /// The keys of an attempt from `address` (when known) as `name`.
    pub fn of(address: Option<IpAddr>, name: &str) -> Vec<Key> {
        let name = Key::Name(name.chars().take(NAME_CHARS).collect());
        address
            .map(Key::Address)
            .into_iter()
            .chain([name])
            .collect()
    }
}

#[derive(Debug)]
struct Entry {
    /// The failures within the window, at most `FREE`.
    recent: VecDeque<Instant>,
    /// How many times the door has shut since the last quiet window.
    shut: u32,
    until: Option<Instant>,
    last: Instant,
}

impl Entry {
    /// Since when nothing happened: the last failure, or the door opening again (a shut
    /// door's wait does not count as quiet).
    fn quiet_since(&self) -> Instant {
        self.until.map_or(self.last, |until| until.max(self.last))
    }
}

#[derive(Debug, Default)]
pub struct Throttle {
    entries: HashMap<Key, Entry>,
}

impl Throttle {
    /// How long any of `keys` must still wait; `None` when the attempt may go ahead.
    pub fn wait(&self, keys: &[Key], now: Instant) -> Option<Duration> {
        keys.iter()
            .filter_map(|key| self.entries.get(key)?.until)
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max()
    }

    /// Counts a failed attempt against each of `keys`.
    pub fn failed(&mut self, keys: &[Key], now: Instant) {
        if self.entries.len() + keys.len() > MOST {
            self.forget_quiet(now, keys.len());
        }
        for key in keys {
            let entry = self.entries.entry(key.clone()).or_insert_with(|| Entry {
                recent: VecDeque::new(),
                shut: 0,
                until: None,
                last: now,
            });
            if now.saturating_duration_since(entry.quiet_since()) >= WINDOW {
                entry.recent.clear();
                entry.shut = 0;
            }
            entry.last = now;
            while entry.recent.len() >= FREE
                || entry
                    .recent
                    .front()
                    .is_some_and(|first| now.saturating_duration_since(*first) >= WINDOW)
            {
                entry.recent.pop_front();
            }
            entry.recent.push_back(now);
            if entry.shut > 0 || entry.recent.len() >= FREE {
                entry.until = Some(now + shut_for(entry.shut));
                entry.shut = entry.shut.saturating_add(1);
            }
        }
    }

    /// A right password for `name`: its failures are forgotten (not the address's).
    pub fn succeeded(&mut self, name: &str) {
        self.entries
            .remove(&Key::Name(name.chars().take(NAME_CHARS).collect()));
    }

    /// Drops entries quiet for the window; if that leaves no `room`, the quietest.
    fn forget_quiet(&mut self, now: Instant, room: usize) {
        self.entries
            .retain(|_, entry| now.saturating_duration_since(entry.quiet_since()) < WINDOW);
        while !self.entries.is_empty() && self.entries.len() + room > MOST {
            let quietest = self
                .entries
                .iter()
                .min_by_key(|(_, entry)| entry.last)
                .map(|(key, _)| key.clone());
            match quietest {
                Some(key) => self.entries.remove(&key),
                None => break,
            };
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The wait after the door has shut `times` times before: 30 s, doubling, at most 15 min.
fn shut_for(times: u32) -> Duration {
    FIRST_WAIT
        .saturating_mul(2u32.saturating_pow(times.min(16)))
        .min(LONGEST_WAIT)
}

/// A wait in whole seconds, rounded up, as the officer is told it.
pub fn seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests;
