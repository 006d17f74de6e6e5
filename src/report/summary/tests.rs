//! The figures held against the plan, and what was received counted beside the airings.

use super::*;
use crate::periods::ReportingCalendar;

fn config(dir: &std::path::Path) -> Config {
    for folder in ["cchc", "daily"] {
        std::fs::create_dir_all(dir.join("audio").join(folder)).expect("mkdir");
    }
    Config::parse(
        &dir.join("wardcast.toml"),
        "[station]\nname = \"Đài\"\n[paths]\naudio = \"audio\"\ndata = \"data\"\n\
         [[programme]]\nid = \"cchc\"\ntitle = \"CCHC\"\nfolder = \"cchc\"\n\
         schedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n\
         [[programme]]\nid = \"daily\"\ntitle = \"Daily\"\nfolder = \"daily\"\n\
         schedule = [\"0 0 * * *\"]\npick = \"newest\"\n",
    )
    .expect("config")
}

fn airing(programme: &str, slot: &str, outcome: Option<Outcome>, reason: Option<&str>) -> Airing {
    Airing {
        airing: 1,
        programme: programme.to_string(),
        trigger: Trigger::Schedule,
        scheduled_at: Some(slot.to_string()),
        started_at: Some(slot.to_string()),
        ended_at: None,
        file: None,
        sha256: None,
        duration_seconds: None,
        played_seconds: Some(90.0),
        outcome,
        reason: reason.map(str::to_string),
        reason_code: None,
        reason_params: None,
        evidence: None,
    }
}

#[test]
fn the_plan_is_counted_per_month_inside_the_period_and_held_against_the_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path());
    // 15/12/2025 – 14/03/2026: first Mondays 5/1, 2/2, 2/3 (1/12 is outside); midnights
    // from 15/12 to 14/03 inclusive, the first one on the period's first instant.
    let period = ReportingCalendar::default()
        .period("2026-Q1")
        .expect("period");
    let mut builder = SummaryBuilder::new(&config, &period, Lang::Vi);
    builder.add(&airing(
        "cchc",
        "2026-01-05T06:30:00.000+07:00",
        Some(Outcome::Aired),
        None,
    ));
    builder.add(&airing(
        "cchc",
        "2026-03-02T06:30:00.000+07:00",
        Some(Outcome::Interrupted),
        Some("power cut"),
    ));
    builder.add(&airing(
        "daily",
        "2025-12-15T00:00:00.000+07:00",
        Some(Outcome::Aired),
        None,
    ));
    let summary = builder.finish(&Plan::count(&config, &period));

    let planned: Vec<u64> = summary.programmes.iter().map(|p| p.planned).collect();
    assert_eq!(planned, [3, 17 + 31 + 28 + 14]);
    let months: Vec<(String, u64, u64)> = summary
        .months
        .iter()
        .map(|m| (m.month.to_string(), m.planned, m.aired))
        .collect();
    assert_eq!(
        months,
        [
            ("2025-12".to_string(), 17, 1),
            ("2026-01".to_string(), 32, 1),
            ("2026-02".to_string(), 29, 0),
            ("2026-03".to_string(), 15, 0),
        ]
    );
    assert_eq!(summary.total.played_seconds, 270.0);
    let measure = &summary.monthly[0];
    assert_eq!(measure.due.len(), 3);
    assert_eq!(
        measure.aired,
        [YearMonth {
            year: 2026,
            month: 1
        }]
    );
    let missed: Vec<(String, String)> = measure
        .missed
        .iter()
        .map(|m| (m.month.to_string(), m.why.vi()))
        .collect();
    assert_eq!(missed[0].0, "2026-02");
    assert!(
        missed[0].1.starts_with("nhật ký không có bản ghi"),
        "{missed:?}"
    );
    assert_eq!(
        missed[1],
        ("2026-03".to_string(), "bị ngắt: power cut".to_string())
    );
}

#[test]
fn relays_recordings_and_downloads_are_counted_beside_the_airings() {
    use crate::ledger::{Entry, ReceivedOutcome, Reception};
    use crate::sound::{RelayEvidence, SoundEvidence};
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path());
    let period = ReportingCalendar::default()
        .period("2026-Q1")
        .expect("period");
    let mut plain = SummaryBuilder::new(&config, &period, Lang::En);
    plain.add(&airing(
        "daily",
        "2026-01-05T00:00:00.000+07:00",
        Some(Outcome::Aired),
        None,
    ));
    assert!(
        !plain.finish(&Plan::default()).receiving(),
        "nothing received"
    );

    let mut builder = SummaryBuilder::new(&config, &period, Lang::En);
    let mut relayed = airing(
        "daily",
        "2026-01-06T00:00:00.000+07:00",
        Some(Outcome::Interrupted),
        Some("cut"),
    );
    relayed.evidence = Some(SoundEvidence {
        relay: Some(RelayEvidence::default()),
        ..SoundEvidence::default()
    });
    builder.add_entry(&Entry::Airing(relayed));
    let reception = |outcome| Reception {
        record: 9,
        into: "cchc".into(),
        trigger: Trigger::Recording,
        source: Some("dai-tinh".into()),
        item_key: None,
        scheduled_at: Some("2026-01-02T19:00:00.000+07:00".into()),
        at: "2026-01-02T19:30:00.000+07:00".into(),
        file: None,
        sha256: None,
        duration_seconds: None,
        outcome,
        reason: None,
        reason_code: None,
        reason_params: None,
        evidence: None,
    };
    for outcome in [
        Some(ReceivedOutcome::Complete),
        Some(ReceivedOutcome::Partial),
        Some(ReceivedOutcome::Failed),
        None,
    ] {
        builder.add_entry(&Entry::Received(reception(outcome)));
    }
    let summary = builder.finish(&Plan::default());
    assert!(summary.receiving());
    assert_eq!((summary.airings, summary.received), (1, 4));
    let daily = &summary.programmes[1];
    assert_eq!(
        (daily.interrupted, daily.receiving_counts()),
        (1, [1, 0, 0])
    );
    let cchc = &summary.programmes[0];
    assert_eq!(cchc.counts(), [0; 6], "a recording is no airing");
    assert_eq!(cchc.receiving_counts(), [0, 2, 2]);
    assert_eq!(summary.total.receiving_counts(), [1, 2, 2]);
    // Months compare the plan with airings only.
    assert!(summary.months.iter().all(|month| month.aired == 0));
}
