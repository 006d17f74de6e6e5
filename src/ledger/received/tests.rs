//! Received records: written, read back beside the airings, asked for by the downloader,
//! checked by `verify`, kept in the journal while the log cannot be written; and an
//! airing's evidence without a relay hashing as it always has.

use std::path::Path;

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;
use rusqlite::Connection;

use super::super::{
    AiringEnd, AiringFilter, AiringStart, ChainFault, Entry, Gap, GapCause, Ledger, LedgerError,
    Outcome, Receipt, Received, ReceivedEvidence, ReceivedOutcome, RelayEvidence, SoundEvidence,
    Trigger,
};
use crate::library::AiredFiles;
use crate::reason::Reason;

fn at(day: u32, h: u32, m: u32) -> DateTime<Tz> {
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 12, day, h, m, 0)
        .single()
        .expect("valid")
}

fn recording_evidence() -> ReceivedEvidence {
    ReceivedEvidence {
        bytes: 28_800_000,
        seconds_received: Some(1_785.5),
        gaps: vec![Gap {
            offset_seconds: 600.0,
            length_seconds: 14.5,
            cause: GapCause::Reconnect,
        }],
        content_type: None,
    }
}

fn record_recording(ledger: &mut Ledger, day: u32, why: Option<&Reason>) -> i64 {
    let file = Path::new("/audio/cchc-tinh/2026-12-04 CCHC Đài tỉnh.mp3");
    ledger
        .record_received(&Received {
            into: "cchc-tinh",
            trigger: Trigger::Recording,
            source: "dai-tinh",
            item_key: None,
            scheduled_at: Some(at(day, 19, 0)),
            at: at(day, 19, 30),
            file: Some(file),
            sha256: Some("aa"),
            duration_seconds: Some(1_785.5),
            receipt: Receipt::Partial(why),
            evidence: &recording_evidence(),
        })
        .expect("recorded")
}

fn record_download(ledger: &mut Ledger, into: &str, item: &str, receipt: Receipt<'_>) -> i64 {
    let file = Path::new("/audio/x/a.mp3");
    let whole = receipt == Receipt::Complete;
    ledger
        .record_received(&Received {
            into,
            trigger: Trigger::Download,
            source: "https://radio.example/feed.xml",
            item_key: Some(item),
            scheduled_at: None,
            at: at(5, 8, 0),
            file: whole.then_some(file),
            sha256: whole.then_some("bb"),
            duration_seconds: whole.then_some(600.0),
            receipt,
            evidence: &ReceivedEvidence {
                bytes: 9_600_000,
                content_type: Some("audio/mpeg".into()),
                ..ReceivedEvidence::default()
            },
        })
        .expect("downloaded")
}

fn entries(ledger: &Ledger) -> Vec<Entry> {
    let mut entries = Vec::new();
    ledger
        .for_each_entry(&AiringFilter::between(0, i64::MAX), |entry| {
            entries.push(entry);
            Ok::<(), LedgerError>(())
        })
        .expect("entries");
    entries
}

#[test]
fn a_recording_is_a_record_of_the_chain_read_back_beside_the_airings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ledger = Ledger::open(&dir.path().join("log.sqlite3")).expect("open");
    let lost = Reason::SourceLost {
        source: "dai-tinh".into(),
        detail: "reset".into(),
    };
    let seq = record_recording(&mut ledger, 4, Some(&lost));
    let id = ledger
        .record_start(&AiringStart {
            programme: "news",
            trigger: Trigger::Schedule,
            scheduled_at: Some(at(5, 6, 30)),
            started_at: at(5, 6, 30),
            file: Path::new("/audio/news/tin.mp3"),
            sha256: Some("ab"),
            duration_seconds: 60.0,
        })
        .expect("start");
    ledger
        .record_end(&AiringEnd {
            airing: id,
            programme: "news",
            trigger: Trigger::Schedule,
            ended_at: at(5, 6, 31),
            played_seconds: 60.0,
            outcome: Outcome::Aired,
            reason: None,
            evidence: None,
        })
        .expect("end");
    assert_eq!(seq, 1);

    let all = entries(&ledger);
    assert_eq!(all.len(), 2);
    let Entry::Received(recording) = &all[0] else {
        panic!("the recording first: {all:?}");
    };
    assert_eq!(recording.into, "cchc-tinh");
    assert_eq!(recording.trigger, Trigger::Recording);
    assert_eq!(recording.source.as_deref(), Some("dai-tinh"));
    assert_eq!(recording.item_key, None);
    assert_eq!(recording.outcome, Some(ReceivedOutcome::Partial));
    assert_eq!(recording.reason_code.as_deref(), Some("source_lost"));
    assert_eq!(recording.evidence, Some(recording_evidence()));
    assert_eq!(
        recording.scheduled_at.as_deref(),
        Some("2026-12-04T19:00:00.000+07:00")
    );
    assert!(matches!(&all[1], Entry::Airing(airing) if airing.programme == "news"));
    // The airings alone are as they were: the recording is no airing.
    assert_eq!(ledger.airings(0, i64::MAX).expect("airings").len(), 1);
    assert!(!ledger.has_aired("aa"), "a recording is not an airing");

    let json = serde_json::to_value(&all[0]).expect("json");
    assert_eq!(json["kind"], "received");
    assert_eq!(json["outcome"], "partial");
    assert_eq!(json["evidence"]["gaps"][0]["cause"], "reconnect");
    let airing = serde_json::to_value(&all[1]).expect("json");
    assert!(
        airing.get("kind").is_none(),
        "an airing's JSON is as it was"
    );

    let everything = AiringFilter::between(i64::MIN, i64::MAX);
    assert!(ledger.has_receiving(&everything).expect("asked"));
    let before = AiringFilter::between(0, at(4, 0, 0).timestamp_millis());
    assert!(!ledger.has_receiving(&before).expect("asked"));
    let check = ledger.verify().expect("verify");
    assert_eq!((check.records, check.problem), (3, None));
}

#[test]
fn the_downloader_knows_an_item_or_its_content_once_it_came_in_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ledger = Ledger::open(&dir.path().join("log.sqlite3")).expect("open");
    let page = Reason::SourceWebPage {
        source: "https://radio.example/feed.xml".into(),
    };
    record_download(&mut ledger, "pci", "guid-1", Receipt::Failed(&page));
    assert!(!ledger.download_known("pci", "guid-1", None).expect("asked"));
    record_download(&mut ledger, "pci", "guid-1", Receipt::Partial(None));
    assert!(
        !ledger.download_known("pci", "guid-1", None).expect("asked"),
        "a partial download is fetched again"
    );
    record_download(&mut ledger, "pci", "guid-1", Receipt::Complete);
    assert!(ledger.download_known("pci", "guid-1", None).expect("asked"));
    assert!(ledger
        .download_known("pci", "guid-2", Some("bb"))
        .expect("asked"));
    assert!(!ledger
        .download_known("pci", "guid-2", Some("cc"))
        .expect("asked"));
    assert!(!ledger.download_known("pci", "guid-2", None).expect("asked"));
    assert!(
        !ledger
            .download_known("papi", "guid-1", Some("bb"))
            .expect("asked"),
        "another programme's folder has not received it"
    );
}

fn refuse_writes(ledger: &Ledger, refuse: bool) {
    ledger
        .connection
        .pragma_update(None, "query_only", refuse)
        .expect("pragma");
}

#[test]
fn a_received_record_waits_in_the_journal_and_is_written_at_the_next_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, spare) = (dir.path().join("log.sqlite3"), dir.path().join("spare"));
    std::fs::create_dir_all(&spare).expect("spare");
    let zone = chrono_tz::Asia::Ho_Chi_Minh;
    {
        let mut ledger = Ledger::open(&path).expect("open");
        ledger.use_spare(&spare).expect("spare");
        refuse_writes(&ledger, true);
        record_recording(&mut ledger, 4, None);
        record_download(&mut ledger, "pci", "guid-7", Receipt::Complete);
        assert_eq!(ledger.waiting().count(), 2);
        assert!(
            ledger.download_known("pci", "guid-7", None).expect("asked"),
            "a waiting download counts"
        );
    } // stopped with both waiting: they are in the journal only
    let journal = std::fs::read_to_string(spare.join(super::super::JOURNAL_FILE)).expect("journal");
    assert!(journal.contains(r#""kind":"received""#), "{journal}");
    assert!(journal.contains(r#""item_key":"guid-7""#), "{journal}");

    let mut ledger = Ledger::open(&path).expect("open");
    assert!(entries(&ledger).is_empty());
    ledger.use_spare(&spare).expect("spare");
    assert_eq!(ledger.recover_waiting(zone).expect("recover"), 2);
    let all = entries(&ledger);
    let [Entry::Received(recording), Entry::Received(download)] = all.as_slice() else {
        panic!("both, in order: {all:?}");
    };
    assert_eq!(recording.evidence, Some(recording_evidence()));
    assert_eq!(recording.outcome, Some(ReceivedOutcome::Partial));
    assert_eq!(recording.at, "2026-12-04T19:30:00.000+07:00");
    assert_eq!(download.item_key.as_deref(), Some("guid-7"));
    assert_eq!(download.outcome, Some(ReceivedOutcome::Complete));
    assert!(ledger.download_known("pci", "guid-7", None).expect("asked"));
    assert_eq!(ledger.recover_waiting(zone).expect("again"), 0);
    let check = ledger.verify().expect("verify");
    assert_eq!((check.records, check.problem), (2, None));
}

#[test]
fn every_column_and_field_of_a_received_record_is_under_its_hash() {
    for (column, value) in [
        ("source", "'dai-thanh-pho'"),
        ("source", "NULL"),
        ("item_key", "'guid-2'"),
        ("outcome", "'complete'"),
        ("file", "'/audio/khac.mp3'"),
        ("sha256", "'ff'"),
        ("duration_seconds", "1800.0"),
        ("trigger", "'download'"),
        ("programme", "'pci'"),
        (
            "evidence",
            r#"'{"bytes":28800000,"seconds_received":1785.5,"gaps":[]}'"#,
        ),
        ("reason_code", "NULL"),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("log.sqlite3");
        let mut ledger = Ledger::open(&path).expect("open");
        let lost = Reason::SourceStalled {
            source: "dai-tinh".into(),
        };
        record_recording(&mut ledger, 4, Some(&lost));
        record_recording(&mut ledger, 11, None);
        Connection::open(&path)
            .expect("open")
            .execute_batch(&format!(
                "DROP TRIGGER ledger_record_no_update;
                 UPDATE ledger_record SET {column} = {value} WHERE seq = 1;"
            ))
            .expect("tamper");
        let check = ledger.verify().expect("verify");
        assert_eq!(
            check.problem.map(|problem| (problem.seq, problem.fault)),
            Some((1, ChainFault::Changed)),
            "{column} = {value}"
        );
    }
}

#[test]
fn an_airing_without_a_relay_hashes_as_before_and_a_relay_is_kept_beside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    let mut ledger = Ledger::open(&path).expect("open");
    let file = Path::new("/audio/news/tin.mp3");
    let mut evidence = SoundEvidence {
        frames: 2_880_000,
        rms_dbfs: Some(-18.5),
        peak_dbfs: Some(-1.2),
        ..SoundEvidence::default()
    };
    for relay in [None, Some(())] {
        evidence.relay = relay.map(|()| RelayEvidence {
            source: "dai-tinh".into(),
            bytes: 960_000,
            seconds_received: 59.5,
            gaps: vec![Gap {
                offset_seconds: 10.0,
                length_seconds: 0.5,
                cause: GapCause::Stall,
            }],
            delay_start_seconds: 1.2,
            delay_end_seconds: 1.25,
            copy: None,
        });
        let id = ledger
            .record_start(&AiringStart {
                programme: "news",
                trigger: Trigger::Schedule,
                scheduled_at: Some(at(7, 6, 30)),
                started_at: at(7, 6, 30),
                file,
                sha256: Some("ab"),
                duration_seconds: 60.0,
            })
            .expect("start");
        ledger
            .record_end(&AiringEnd {
                airing: id,
                programme: "news",
                trigger: Trigger::Schedule,
                ended_at: at(7, 6, 31),
                played_seconds: 60.0,
                outcome: Outcome::Aired,
                reason: None,
                evidence: Some(&evidence),
            })
            .expect("end");
    }
    let stored = |seq: i64| -> (String, String, String) {
        Connection::open(&path)
            .expect("open")
            .query_row(
                "SELECT evidence, prev_hash, hash FROM ledger_record WHERE seq = ?1",
                [seq],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .expect("stored")
    };
    let (text, prev, hash) = stored(2);
    // The evidence and the hash as the release before relays wrote them.
    assert_eq!(
        text,
        r#"{"frames":2880000,"rms_dbfs":-18.5,"peak_dbfs":-1.2,"silences":[]}"#
    );
    let canonical = format!(
        r#"[2,1,"end","news","schedule",null,null,"2026-12-07T06:31:00.000+07:00",{},null,null,null,60.0,"aired",null,{},"{prev}"]"#,
        at(7, 6, 31).timestamp_millis(),
        serde_json::to_string(&text).expect("json")
    );
    use sha2::Digest;
    assert_eq!(hash, hex::encode(sha2::Sha256::digest(canonical)));
    let (relayed, _, _) = stored(4);
    assert!(
        relayed.ends_with(
            r#""silences":[],"relay":{"source":"dai-tinh","bytes":960000,"seconds_received":59.5,"gaps":[{"offset_seconds":10.0,"length_seconds":0.5,"cause":"stall"}],"delay_start_seconds":1.2,"delay_end_seconds":1.25}}"#
        ),
        "{relayed}"
    );
    let airings = ledger.airings(0, i64::MAX).expect("airings");
    let relay = airings[1].evidence.as_ref().and_then(|e| e.relay.as_ref());
    assert_eq!(relay.map(|relay| relay.bytes), Some(960_000));
    let everything = AiringFilter::between(i64::MIN, i64::MAX);
    assert!(ledger.has_receiving(&everything).expect("asked"));
    let only_first = AiringFilter {
        programme: Some("other".into()),
        ..everything
    };
    assert!(!ledger.has_receiving(&only_first).expect("asked"));
}
