//! Secrets of the console: random tokens (sessions, CSRF), their digests, and comparisons
//! that take the same time whatever the first differing byte.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// 32 random bytes from the system, as hex; `None` when the system cannot give them (the
/// request then fails rather than get a guessable token).
pub fn random_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(hex::encode(bytes))
}

/// What the server keeps of a session token: its SHA-256, so that a look at the server's
/// memory does not hand out live cookies.
pub fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Whether `given` is `expected`, in constant time for tokens of the same length.
pub fn same(given: &str, expected: &str) -> bool {
    given.as_bytes().ct_eq(expected.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_compared_whole() {
        let one = random_token().expect("token");
        let two = random_token().expect("token");
        assert_eq!(one.len(), 64);
        assert!(one.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(one, two);
        assert!(same(&one, &one.clone()));
        assert!(!same(&one, &two));
        assert!(!same(&one[..63], &one));
        assert!(!same("", &one));
        assert_eq!(digest("a"), digest("a"));
        assert_ne!(digest("a"), digest("b"));
    }
}
