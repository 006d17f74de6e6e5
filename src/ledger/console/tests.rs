//! Console records: written into the chain with their words, code and parameters, read
//! back newest first, left out of the airings and the reports' entries, and kept through a
//! log that cannot be written (the journal) like any record.

use std::path::Path;

use chrono::TimeZone;

use super::super::{AiringFilter, Ledger, NotAired, Outcome, Trigger};
use super::*;
use crate::messages::Lang;
use crate::reason::Reason;

fn at(minute: u32) -> DateTime<Tz> {
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 12, 7, 8, minute, 0)
        .single()
        .expect("time")
}

fn signed_in(minute: u32) -> ConsoleRecord<'static> {
    ConsoleRecord {
        user: "nguyenvana",
        action: ConsoleAction::SignedIn,
        at: at(minute),
        programme: None,
        file: None,
        sha256: None,
        moved_to: None,
        priority: None,
        from: Some("192.168.1.20"),
    }
}

fn withdrew(minute: u32) -> ConsoleRecord<'static> {
    ConsoleRecord {
        action: ConsoleAction::Withdrew,
        programme: Some("news"),
        file: Some(Path::new("/audio/news/tin.mp3")),
        sha256: Some("ab"),
        moved_to: Some(Path::new("/var/lib/wardcast/withdrawn/tin.mp3")),
        from: None,
        ..signed_in(minute)
    }
}

fn missed(ledger: &mut Ledger) {
    ledger
        .record_not_aired(&NotAired {
            programme: "news",
            trigger: Trigger::Schedule,
            scheduled_at: Some(at(5)),
            recorded_at: at(5),
            file: None,
            outcome: Outcome::Missed,
            reason: &Reason::Shutdown,
        })
        .expect("missed");
}

/// A sign-in, a missed slot, a withdrawal, and (worded in English) an announcement.
fn four_records(ledger: &mut Ledger) {
    assert_eq!(ledger.record_console(&signed_in(1)).expect("signed in"), 1);
    missed(ledger);
    assert_eq!(ledger.record_console(&withdrew(9)).expect("withdrew"), 3);
    ledger.set_lang(Lang::En);
    let announced = ConsoleRecord {
        action: ConsoleAction::Announced,
        programme: Some("announcement"),
        file: Some(Path::new("/audio/khan.mp3")),
        priority: Some("emergency"),
        ..signed_in(10)
    };
    assert_eq!(ledger.record_console(&announced).expect("announced"), 4);
}

#[test]
fn console_records_are_links_of_the_chain_with_their_words_and_read_back_newest_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    let mut ledger = Ledger::open(&path).expect("open");
    four_records(&mut ledger);

    let check = ledger.verify().expect("verify");
    assert_eq!((check.records, check.problem), (4, None));
    assert_eq!(check.witness.records, 4, "the witness holds them");

    let everything = AiringFilter::between(i64::MIN, i64::MAX);
    let entries = ledger.console_entries(&everything, 0, 10).expect("entries");
    assert_eq!(
        entries.iter().map(|entry| entry.record).collect::<Vec<_>>(),
        vec![4, 3, 1],
        "newest first"
    );
    assert_eq!(
        entries[0].words.as_deref(),
        Some("nguyenvana asked to announce khan.mp3 now (emergency)")
    );
    assert_eq!(
        entries[1].words.as_deref(),
        Some(
            "nguyenvana rút file tin.mp3 khỏi chương trình news \
             (chuyển vào /var/lib/wardcast/withdrawn/tin.mp3)"
        )
    );
    assert_eq!(
        entries[1].params,
        Some(serde_json::json!({
            "user": "nguyenvana",
            "moved_to": "/var/lib/wardcast/withdrawn/tin.mp3",
        }))
    );
    assert_eq!(
        (entries[1].action, entries[1].programme.as_deref()),
        (Some(ConsoleAction::Withdrew), Some("news"))
    );
    assert_eq!(
        (entries[2].words.as_deref(), entries[2].programme.as_deref()),
        (Some("nguyenvana đăng nhập từ 192.168.1.20"), None)
    );
    assert_eq!(entries[2].user.as_deref(), Some("nguyenvana"));
    assert_eq!(
        entries[2].params,
        Some(serde_json::json!({ "user": "nguyenvana", "from": "192.168.1.20" }))
    );

    let stored: (String, String, String, String) = ledger
        .connection
        .query_row(
            "SELECT programme, trigger, source, reason_code FROM ledger_record WHERE seq = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .expect("stored");
    assert_eq!(
        stored,
        (
            "console".into(),
            "console".into(),
            "nguyenvana".into(),
            "console_signed_in".into()
        )
    );
}

#[test]
fn console_records_are_filtered_and_paged_apart_from_the_airings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ledger = Ledger::open(&dir.path().join("log.sqlite3")).expect("open");
    four_records(&mut ledger);
    let everything = AiringFilter::between(i64::MIN, i64::MAX);
    // Filters and pages.
    let news = AiringFilter {
        programme: Some("news".into()),
        ..everything.clone()
    };
    let only = ledger.console_entries(&news, 0, 10).expect("news");
    assert_eq!(only.iter().map(|e| e.record).collect::<Vec<_>>(), vec![3]);
    let second = ledger.console_entries(&everything, 1, 1).expect("page");
    assert_eq!(second.iter().map(|e| e.record).collect::<Vec<_>>(), vec![3]);
    let early = AiringFilter::between(at(0).timestamp_millis(), at(2).timestamp_millis());
    let early = ledger.console_entries(&early, 0, 10).expect("early");
    assert_eq!(early.iter().map(|e| e.record).collect::<Vec<_>>(), vec![1]);

    // Not airings: the list and the reports read only the missed slot.
    assert_eq!(ledger.airings(0, i64::MAX).expect("airings").len(), 1);
    let mut listed = 0;
    ledger
        .for_each_entry(&everything, |_| {
            listed += 1;
            Ok::<(), LedgerError>(())
        })
        .expect("entries");
    assert_eq!(listed, 1);
}

#[test]
fn a_changed_user_or_action_of_a_console_record_is_caught() {
    for tamper in [
        "UPDATE ledger_record SET source = 'someone' WHERE seq = 1",
        "UPDATE ledger_record SET source = NULL WHERE seq = 1",
        "UPDATE ledger_record SET reason_code = 'console_signed_out' WHERE seq = 1",
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("log.sqlite3");
        let mut ledger = Ledger::open(&path).expect("open");
        ledger.record_console(&signed_in(1)).expect("signed in");
        rusqlite::Connection::open(&path)
            .expect("open")
            .execute_batch(&format!("DROP TRIGGER ledger_record_no_update; {tamper}"))
            .expect("tamper");
        let check = ledger.verify().expect("verify");
        assert_eq!(
            check.problem.map(|problem| (problem.seq, problem.fault)),
            Some((1, super::super::ChainFault::Changed)),
            "{tamper}"
        );
    }
}

#[test]
fn a_console_record_waits_in_the_journal_while_the_log_cannot_be_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, spare) = (dir.path().join("log.sqlite3"), dir.path().join("spare"));
    std::fs::create_dir_all(&spare).expect("spare");
    {
        let mut ledger = Ledger::open(&path).expect("open");
        ledger.use_spare(&spare).expect("spare");
        ledger
            .connection
            .pragma_update(None, "query_only", true)
            .expect("refuse writes");
        ledger.record_console(&withdrew(9)).expect("waiting");
        assert_eq!(ledger.waiting().count(), 1);
        ledger
            .connection
            .pragma_update(None, "query_only", true)
            .expect("still refused at the stop");
    }
    let mut ledger = Ledger::open(&path).expect("open");
    ledger.use_spare(&spare).expect("spare");
    let zone = chrono_tz::Asia::Ho_Chi_Minh;
    assert_eq!(ledger.recover_waiting(zone).expect("recover"), 1);
    let everything = AiringFilter::between(i64::MIN, i64::MAX);
    let entries = ledger.console_entries(&everything, 0, 10).expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].user.as_deref(), Some("nguyenvana"));
    assert_eq!(entries[0].action, Some(ConsoleAction::Withdrew));
    assert_eq!(entries[0].at, "2026-12-07T08:09:00.000+07:00");
    let check = ledger.verify().expect("verify");
    assert_eq!((check.records, check.problem), (1, None));
}

#[test]
fn every_action_has_its_own_code_and_reads_back_from_it() {
    use strum::IntoEnumIterator;
    let codes: std::collections::HashSet<&str> =
        ConsoleAction::iter().map(ConsoleAction::code).collect();
    assert_eq!(codes.len(), ConsoleAction::iter().count());
    for action in ConsoleAction::iter() {
        assert_eq!(ConsoleAction::parse(action.code()), Some(action));
    }
    assert_eq!(ConsoleAction::parse("shutdown"), None);
}
