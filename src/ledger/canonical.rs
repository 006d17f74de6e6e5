//! A record's canonical text and its hash: the same bytes when the record is written and
//! when it is checked, so the chain can be verified by anyone who has the file.

use rusqlite::types::{Value, ValueRef};
use sha2::{Digest, Sha256};

/// Every column but `hash`, in the order the chain hashes them.
pub(super) const HASHED_COLUMNS: &str =
    "seq, airing, kind, programme, trigger, scheduled_at, scheduled_ms, \
     at, at_ms, file, sha256, duration_seconds, played_seconds, outcome, reason, evidence, \
     prev_hash";

/// The `prev_hash` of the first record.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The canonical text of a record: its hashed columns as a JSON array, numbers in their
/// shortest exact form, text JSON-escaped. Computed the same way when written and when
/// verified; written into a reused buffer, since `verify` makes it a million times.
fn canonical_into(buffer: &mut Vec<u8>, values: &[ValueRef<'_>]) {
    use std::io::Write;
    buffer.clear();
    buffer.push(b'[');
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            buffer.push(b',');
        }
        // Writing into a Vec cannot fail.
        let _ = match value {
            ValueRef::Null => buffer.write_all(b"null"),
            ValueRef::Integer(number) => write!(buffer, "{number}"),
            ValueRef::Real(number) => {
                serde_json::to_writer(&mut *buffer, number).map_err(Into::into)
            }
            ValueRef::Text(bytes) => {
                serde_json::to_writer(&mut *buffer, &*String::from_utf8_lossy(bytes))
                    .map_err(Into::into)
            }
            ValueRef::Blob(bytes) => {
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                serde_json::to_writer(&mut *buffer, &hex).map_err(Into::into)
            }
        };
    }
    buffer.push(b']');
}

/// The record's hash as 64 lowercase hex digits.
pub(super) fn record_hash_into(buffer: &mut Vec<u8>, values: &[ValueRef<'_>]) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    canonical_into(buffer, values);
    let digest = Sha256::digest(buffer.as_slice());
    let mut hex = [0u8; 64];
    for (index, byte) in digest.iter().enumerate() {
        hex[2 * index] = DIGITS[usize::from(byte >> 4)];
        hex[2 * index + 1] = DIGITS[usize::from(byte & 0x0f)];
    }
    hex
}

pub(super) fn record_hash(values: &[Value]) -> String {
    let borrowed: Vec<ValueRef<'_>> = values.iter().map(ValueRef::from).collect();
    let hex = record_hash_into(&mut Vec::with_capacity(512), &borrowed);
    String::from_utf8_lossy(&hex).into_owned()
}
