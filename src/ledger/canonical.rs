//! A record's canonical text and its hash: the same bytes when the record is written and
//! when it is checked, so the chain can be verified by anyone who has the file.

use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

/// Every column but `hash`, in the order the chain hashes them.
pub(super) const HASHED_COLUMNS: &str =
    "seq, airing, kind, programme, trigger, scheduled_at, scheduled_ms, \
     at, at_ms, file, sha256, duration_seconds, played_seconds, outcome, reason, evidence, \
     prev_hash";

/// The columns of a record's reason code and parameters, hashed after `HASHED_COLUMNS`
/// when the record has either, or has a received record's columns (see `later_values`).
pub(super) const CODE_COLUMNS: &str = "reason_code, reason_params";

/// The columns only a received record (a recording, a download) fills: its source and its
/// item, hashed after `CODE_COLUMNS` when the record has either.
pub(super) const RECEIVED_COLUMNS: &str = "source, item_key";

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
                serde_json::to_writer(&mut *buffer, &hex::encode(bytes)).map_err(Into::into)
            }
        };
    }
    buffer.push(b']');
}

/// Adds the columns added to the log since the hash chain began, in the order they were
/// added (`[code, params]`, then `[source, item_key]`), to a record's hashed values: every
/// group up to the last one that holds anything, so a record that has none of them (every
/// record written before they existed) hashes exactly as it always has, a record with a
/// code hashes as it did when codes came, and none can lose, gain or move a value unseen
/// (a group is always hashed with the groups before it, so the count of values says which
/// columns they are).
pub(super) fn later_values<'a>(values: &mut Vec<ValueRef<'a>>, groups: [[ValueRef<'a>; 2]; 2]) {
    let used = groups
        .iter()
        .rposition(|group| group.iter().any(|value| *value != ValueRef::Null))
        .map_or(0, |last| last + 1);
    for group in &groups[..used] {
        values.extend_from_slice(group);
    }
}

/// The record's hash as 64 lowercase hex digits.
pub(super) fn record_hash_into(buffer: &mut Vec<u8>, values: &[ValueRef<'_>]) -> [u8; 64] {
    canonical_into(buffer, values);
    let digest = Sha256::digest(buffer.as_slice());
    let mut digits = [0u8; 64];
    // 32 bytes always make 64 digits: the only error, a slice of the wrong length, cannot be.
    let _ = hex::encode_to_slice(digest, &mut digits);
    digits
}

pub(super) fn record_hash(values: &[ValueRef<'_>]) -> String {
    let hex = record_hash_into(&mut Vec::with_capacity(512), values);
    String::from_utf8_lossy(&hex).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::Value;

    #[test]
    fn the_canonical_text_and_its_hash_are_the_bytes_every_checker_computes() {
        let values = [
            Value::Integer(1),
            Value::Null,
            Value::Text("tin \"a\"".into()),
            Value::Real(0.5),
            Value::Blob(vec![0x0a, 0xff]),
        ];
        let borrowed: Vec<ValueRef<'_>> = values.iter().map(ValueRef::from).collect();
        let mut buffer = Vec::new();
        canonical_into(&mut buffer, &borrowed);
        assert_eq!(
            String::from_utf8_lossy(&buffer),
            r#"[1,null,"tin \"a\"",0.5,"0aff"]"#
        );
        // sha256 of that text, as any other tool computes it.
        assert_eq!(
            record_hash(&borrowed),
            "4a4451be20ed852231ef81fc2a9bd070dab7418d1246ff18e247dd2df67e04bd"
        );
    }

    #[test]
    fn a_record_without_a_code_hashes_as_before_and_a_code_is_hashed_after_the_columns() {
        fn coded_values<'a>(
            values: &mut Vec<ValueRef<'a>>,
            code: ValueRef<'a>,
            params: ValueRef<'a>,
        ) {
            later_values(values, [[code, params], [ValueRef::Null, ValueRef::Null]]);
        }
        let values = [Value::Integer(1), Value::Text("missed".into())];
        let mut hashed: Vec<ValueRef<'_>> = values.iter().map(ValueRef::from).collect();
        coded_values(&mut hashed, ValueRef::Null, ValueRef::Null);
        assert_eq!(hashed.len(), 2, "no code: the record as it always was");
        let mut buffer = Vec::new();
        canonical_into(&mut buffer, &hashed);
        assert_eq!(String::from_utf8_lossy(&buffer), r#"[1,"missed"]"#);

        coded_values(
            &mut hashed,
            ValueRef::Text(b"no_file"),
            ValueRef::Text(br#"{"folder":"tin"}"#),
        );
        canonical_into(&mut buffer, &hashed);
        assert_eq!(
            String::from_utf8_lossy(&buffer),
            r#"[1,"missed","no_file","{\"folder\":\"tin\"}"]"#
        );
        // Parameters left without their code are still hashed, so taking a code away shows.
        let mut orphan: Vec<ValueRef<'_>> = values.iter().map(ValueRef::from).collect();
        coded_values(&mut orphan, ValueRef::Null, ValueRef::Text(b"{}"));
        assert_eq!(orphan.len(), 4);
    }

    #[test]
    fn a_received_record_hashes_its_source_and_item_after_the_code_columns() {
        let base = [Value::Integer(9), Value::Text("received".into())];
        let with = |groups: [[ValueRef<'static>; 2]; 2]| {
            let mut hashed: Vec<ValueRef<'_>> = base.iter().map(ValueRef::from).collect();
            later_values(&mut hashed, groups);
            let mut buffer = Vec::new();
            canonical_into(&mut buffer, &hashed);
            String::from_utf8_lossy(&buffer).into_owned()
        };
        let null = ValueRef::Null;
        let source = ValueRef::Text(b"dai-tinh");
        // No code: the code columns are still hashed, as nulls, before the source.
        assert_eq!(
            with([[null, null], [source, null]]),
            r#"[9,"received",null,null,"dai-tinh",null]"#
        );
        // The same text moved into the code column is another record, with another hash.
        assert_eq!(
            with([[source, null], [null, null]]),
            r#"[9,"received","dai-tinh",null]"#
        );
        assert_eq!(
            with([
                [ValueRef::Text(b"too_large"), ValueRef::Text(b"{}")],
                [source, ValueRef::Text(b"guid-1")]
            ]),
            r#"[9,"received","too_large","{}","dai-tinh","guid-1"]"#
        );
        assert_eq!(with([[null, null], [null, null]]), r#"[9,"received"]"#);
    }
}
