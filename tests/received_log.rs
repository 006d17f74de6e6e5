//! Relayed airings, recordings and downloads in the airing log, through the real binary:
//! `wardcast log` (text and JSON) and `verify` (a changed recording record is caught), of a
//! log the test writes through `wardcast::ledger` (see `receiving`).

mod receiving;
mod support;

use receiving::{receiving_station, FEED};
use support::Station;

fn run(station: &Station, args: &[&str]) -> (Option<i32>, String) {
    let output = station.run(args);
    assert!(
        output.stderr.is_empty() || output.status.code() != Some(0),
        "{}",
        support::stderr(&output)
    );
    (output.status.code(), support::stdout(&output))
}

#[test]
fn the_log_lists_relays_recordings_and_downloads_with_what_was_received() {
    let station = receiving_station();
    let (code, text) = run(&station, &["--lang", "en", "log"]);
    assert_eq!(code, Some(0), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let relayed = lines
        .iter()
        .position(|line| line.starts_with("2026-01-17T17:00:00.000+07:00  tiep-song"))
        .expect("the relayed airing");
    assert_eq!(
        lines[relayed + 1],
        "    relayed from source dai-tinh: received 28,800,000 bytes, 29 min 46 s; \
         gaps: 10:00 (14.5 s, connection lost); 1.20 s behind the source at the start, 1.25 s \
         at the end",
        "{text}"
    );
    let recording = lines
        .iter()
        .position(|line| line.starts_with("2026-01-16T19:30:02.000+07:00  cchc-tinh    partial"))
        .unwrap_or_else(|| panic!("the recording: {text}"));
    assert!(
        lines[recording].contains("2026-01-16 CCHC Đài tỉnh.mp3")
            // The reason in the words of the station's language when it was logged.
            && lines[recording]
                .ends_with("— nguồn dai-tinh: mất kết nối và không nối lại kịp (connection reset)"),
        "{text}"
    );
    assert_eq!(
        lines[recording + 1],
        "    recorded from source dai-tinh: received 28,568,000 bytes, 29 min 46 s; \
         gaps: 10:00 (14.5 s, connection lost)"
    );
    let download = lines
        .iter()
        .position(|line| line.contains("complete") && line.contains("PCI 2026-01.mp3"))
        .unwrap_or_else(|| panic!("the download: {text}"));
    assert_eq!(
        lines[download + 1],
        format!("    downloaded from {FEED} (item pci-2026-01): 9,600,000 bytes (audio/mpeg)")
    );
    assert!(
        lines[download + 2].contains("failed")
            && lines[download + 2].ends_with(
                "— nguồn https://radio.example/papi.mp3: trả về một trang web, không phải âm thanh"
            ),
        "{text}"
    );
    assert_eq!(
        lines[download + 3],
        "    downloaded from https://radio.example/papi.mp3: 5,120 bytes (text/html)",
        "an item that is its own address is not said twice"
    );

    let (_, vietnamese) = run(&station, &["log"]);
    assert!(
        vietnamese.contains(
            "    tiếp sóng từ nguồn dai-tinh: đã nhận 28.800.000 byte, 29 phút 46 giây; mất tín \
             hiệu: 10:00 (14,5 giây, mất kết nối); trễ so với nguồn 1,20 giây lúc đầu, 1,25 giây \
             lúc cuối"
        ),
        "{vietnamese}"
    );
    assert!(vietnamese.contains("thiếu một phần"), "{vietnamese}");
    assert!(vietnamese.contains("hoàn tất"), "{vietnamese}");

    let (_, only) = run(
        &station,
        &["--lang", "en", "log", "--programme", "tiep-song"],
    );
    assert!(
        !only.contains("recorded from") && !only.contains("downloaded from"),
        "{only}"
    );
}

#[test]
fn the_json_log_marks_receptions_and_keeps_airings_as_they_were() {
    let station = receiving_station();
    let log = station.log_json();
    assert_eq!(log.len(), 7, "{log:#?}");
    let receptions: Vec<&serde_json::Value> = log
        .iter()
        .filter(|line| line["kind"] == "received")
        .collect();
    assert_eq!(receptions.len(), 3);
    let recording = receptions[0];
    assert_eq!(recording["trigger"], "recording");
    assert_eq!(recording["into"], "cchc-tinh");
    assert_eq!(recording["source"], "dai-tinh");
    assert_eq!(recording["outcome"], "partial");
    assert_eq!(recording["reason_code"], "source_lost");
    assert_eq!(recording["evidence"]["gaps"][0]["cause"], "reconnect");
    assert_eq!(receptions[1]["item_key"], "pci-2026-01");
    assert_eq!(
        receptions[2]["reason_params"]["source"],
        "https://radio.example/papi.mp3"
    );
    let relayed = &log[3];
    assert!(relayed.get("kind").is_none(), "{relayed:#}");
    assert_eq!(relayed["evidence"]["relay"]["source"], "dai-tinh");
    assert_eq!(relayed["evidence"]["relay"]["delay_end_seconds"], 1.25);
}

/// Runs SQL on the log the way the sqlite3 tool would, past the append-only triggers.
fn tamper(station: &Station, sql: &str) {
    rusqlite::Connection::open(station.ledger_path())
        .expect("open")
        .execute_batch(&format!("DROP TRIGGER ledger_record_no_update; {sql}"))
        .expect("tamper");
}

#[test]
fn verify_checks_the_new_records_and_catches_a_changed_recording() {
    let station = receiving_station();
    let (code, text) = run(&station, &["--lang", "en", "verify"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("The log is intact: 10 records"), "{text}");
    let refused = rusqlite::Connection::open(station.ledger_path())
        .expect("open")
        .execute(
            "UPDATE ledger_record SET outcome = 'complete' WHERE seq = 8",
            [],
        );
    assert!(refused.is_err(), "the log refuses an update");

    for change in [
        "UPDATE ledger_record SET outcome = 'complete' WHERE seq = 8;",
        "UPDATE ledger_record SET source = 'dai-thanh-pho' WHERE seq = 8;",
        r#"UPDATE ledger_record SET evidence = replace(evidence, '"length_seconds":14.5', '"length_seconds":1.5') WHERE seq = 8;"#,
        "UPDATE ledger_record SET item_key = 'pci-2025-12' WHERE seq = 9;",
    ] {
        let station = receiving_station();
        tamper(&station, change);
        let (code, text) = run(&station, &["--lang", "en", "verify"]);
        assert_eq!(code, Some(1), "{change}\n{text}");
        let seq = if change.contains("seq = 9") { 9 } else { 8 };
        assert!(
            text.contains(&format!(
                "record {seq} does not match its hash: it was changed after it was written"
            )),
            "{change}\n{text}"
        );
    }
}
