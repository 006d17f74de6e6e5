//! Passwords as Argon2id hashes (the `argon2` crate's defaults, as OWASP recommends), each
//! with its own random salt: the users file never holds a password.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::messages::users::UserProblem;

use super::UserError;

/// The PHC string of `password`'s hash (algorithm, parameters, salt and hash).
pub fn hash_password(password: &str) -> Result<String, UserError> {
    let failed = |detail: String| UserError::Refused(UserProblem::Hash { detail });
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|error| failed(error.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|error| failed(error.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| failed(error.to_string()))
}

/// Whether `password` is the one `hash` was made from; a hash that cannot be read matches
/// nothing. Costs tens of milliseconds of CPU: call it off the async threads.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}
