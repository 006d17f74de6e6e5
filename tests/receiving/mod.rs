//! A station and its log for the tests of relays, recordings and downloads: the log is
//! written through `wardcast::ledger`, as the daemon would, so the tests control every date.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;
use wardcast::ledger::{
    AiringEnd, AiringStart, Gap, GapCause, Ledger, NotAired, Outcome, Receipt, Received,
    ReceivedEvidence, RelayEvidence, Silence, SoundEvidence, Trigger,
};
use wardcast::reason::{Reason, Words};

use super::support::Station;

pub const PROGRAMMES: &str = r#"[[programme]]
id = "tiep-song"
title = "Tiếp sóng Đài tỉnh"
folder = "tiep-song"
schedule = ["0 17 * * SAT"]
pick = "unaired"

[[programme]]
id = "cchc-tinh"
title = "Chuyên mục CCHC Đài tỉnh"
folder = "cchc-tinh"
schedule = ["0 6 * * SAT"]
pick = "unaired"
"#;

pub const FEED: &str = "https://radio.example/pci/feed.xml";

pub fn vietnam(d: u32, h: u32, mi: u32, s: u32) -> DateTime<Tz> {
    chrono_tz::Asia::Ho_Chi_Minh
        .with_ymd_and_hms(2026, 1, d, h, mi, s)
        .single()
        .expect("a Vietnam time")
}

pub fn station() -> Station {
    Station::new(&["tiep-song", "cchc-tinh"], PROGRAMMES)
}

/// Writes into a station's log as the daemon would.
pub struct Log {
    pub ledger: Ledger,
    pub audio: PathBuf,
}

impl Log {
    pub fn open(station: &Station) -> Log {
        Log {
            ledger: Ledger::open(&station.ledger_path()).expect("open the log"),
            audio: station.dir.path().join("audio"),
        }
    }

    /// A scheduled airing of `file`, `seconds` long, that ended as `outcome`.
    pub fn airing(
        &mut self,
        programme: &str,
        slot: DateTime<Tz>,
        file: &str,
        (seconds, outcome, reason): (f64, Outcome, Option<&Reason>),
        evidence: Option<&SoundEvidence>,
    ) {
        let path = self.audio.join(programme).join(file);
        let id = self
            .ledger
            .record_start(&AiringStart {
                programme,
                trigger: Trigger::Schedule,
                scheduled_at: Some(slot),
                started_at: slot,
                file: &path,
                sha256: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                duration_seconds: seconds,
            })
            .expect("start");
        self.ledger
            .record_end(&AiringEnd {
                airing: id,
                programme,
                trigger: Trigger::Schedule,
                ended_at: slot + chrono::Duration::milliseconds((seconds * 1000.0) as i64),
                played_seconds: seconds,
                outcome,
                reason,
                evidence,
            })
            .expect("end");
    }

    pub fn missed(&mut self, programme: &str, slot: DateTime<Tz>, reason: &Reason) {
        self.ledger
            .record_not_aired(&NotAired {
                programme,
                trigger: Trigger::Schedule,
                scheduled_at: Some(slot),
                recorded_at: slot + chrono::Duration::seconds(1),
                file: None,
                outcome: Outcome::Missed,
                reason,
            })
            .expect("missed");
    }

    pub fn received(&mut self, received: &Received<'_>) {
        self.ledger.record_received(received).expect("received");
    }
}

pub fn measured(seconds: f64) -> SoundEvidence {
    SoundEvidence {
        frames: (seconds * 48_000.0) as u64,
        rms_dbfs: Some(-18.5),
        peak_dbfs: Some(-1.2),
        silences: vec![Silence {
            offset_seconds: 83.4,
            length_seconds: 6.2,
        }],
        ..SoundEvidence::default()
    }
}

/// Airings of files only: what every log held before receiving.
pub fn write_plain(log: &mut Log) {
    log.airing(
        "tiep-song",
        vietnam(3, 17, 0, 0),
        "Bản tin, \"đài\" tỉnh.mp3",
        (300.0, Outcome::Aired, None),
        Some(&measured(300.0)),
    );
    let lost = Reason::DeviceLost {
        detail: "mất điện".into(),
    };
    log.airing(
        "tiep-song",
        vietnam(10, 17, 0, 0),
        "=1+1.mp3",
        (120.5, Outcome::Interrupted, Some(&lost)),
        None,
    );
    let no_file = Reason::NoFile {
        folder: "cchc-tinh".into(),
        words: Words {
            vi: "chưa có file trong cchc-tinh/".into(),
            en: "no file in cchc-tinh/".into(),
        },
    };
    log.missed("cchc-tinh", vietnam(10, 6, 0, 0), &no_file);
}

pub fn relay(seconds_received: f64) -> RelayEvidence {
    RelayEvidence {
        source: "dai-tinh".into(),
        bytes: 28_800_000,
        seconds_received,
        gaps: vec![Gap {
            offset_seconds: 600.0,
            length_seconds: 14.5,
            cause: GapCause::Reconnect,
        }],
        delay_start_seconds: 1.2,
        delay_end_seconds: 1.25,
        copy: None,
    }
}

/// A relayed airing, a recording cut by the source, a download and a download refused.
pub fn write_receiving(log: &mut Log) {
    let evidence = SoundEvidence {
        relay: Some(relay(1_785.5)),
        ..measured(1_800.0)
    };
    log.airing(
        "tiep-song",
        vietnam(17, 17, 0, 0),
        "dai-tinh",
        (1_800.0, Outcome::Aired, None),
        Some(&evidence),
    );
    let recorded = log
        .audio
        .join("cchc-tinh")
        .join("2026-01-16 CCHC Đài tỉnh.mp3");
    let lost = Reason::SourceLost {
        source: "dai-tinh".into(),
        detail: "connection reset".into(),
    };
    log.received(&Received {
        into: "cchc-tinh",
        trigger: Trigger::Recording,
        source: "dai-tinh",
        item_key: None,
        scheduled_at: Some(vietnam(16, 19, 0, 0)),
        at: vietnam(16, 19, 30, 2),
        file: Some(&recorded),
        sha256: Some("aa11"),
        duration_seconds: Some(1_785.5),
        receipt: Receipt::Partial(Some(&lost)),
        evidence: &ReceivedEvidence {
            bytes: 28_568_000,
            seconds_received: Some(1_785.5),
            gaps: vec![Gap {
                offset_seconds: 600.0,
                length_seconds: 14.5,
                cause: GapCause::Reconnect,
            }],
            content_type: None,
        },
    });
    let downloaded = log.audio.join("cchc-tinh").join("PCI 2026-01.mp3");
    log.received(&Received {
        into: "cchc-tinh",
        trigger: Trigger::Download,
        source: FEED,
        item_key: Some("pci-2026-01"),
        scheduled_at: Some(vietnam(18, 8, 0, 0)),
        at: vietnam(18, 8, 0, 9),
        file: Some(&downloaded),
        sha256: Some("bb22"),
        duration_seconds: Some(600.0),
        receipt: Receipt::Complete,
        evidence: &ReceivedEvidence {
            bytes: 9_600_000,
            content_type: Some("audio/mpeg".into()),
            ..ReceivedEvidence::default()
        },
    });
    let page = Reason::SourceWebPage {
        source: "https://radio.example/papi.mp3".into(),
    };
    log.received(&Received {
        into: "cchc-tinh",
        trigger: Trigger::Download,
        source: "https://radio.example/papi.mp3",
        item_key: Some("https://radio.example/papi.mp3"),
        scheduled_at: Some(vietnam(18, 8, 0, 0)),
        at: vietnam(18, 8, 0, 11),
        file: None,
        sha256: None,
        duration_seconds: None,
        receipt: Receipt::Failed(&page),
        evidence: &ReceivedEvidence {
            bytes: 5_120,
            content_type: Some("text/html".into()),
            ..ReceivedEvidence::default()
        },
    });
}

pub fn receiving_station() -> Station {
    let station = station();
    let mut log = Log::open(&station);
    write_plain(&mut log);
    write_receiving(&mut log);
    station
}
