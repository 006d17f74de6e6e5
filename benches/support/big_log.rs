//! A big airing log for the benchmarks: `build_log` fills a log with a reporting year of
//! airings (a rebroadcast every 30 s and the monthly CCHC programme, with misses, failures
//! and interruptions among them) through the same API the daemon writes with.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;
use wardcast::ledger::{
    AiringEnd, AiringStart, Ledger, NotAired, Outcome, Silence, SoundEvidence, Trigger,
};
use wardcast::reason::{Reason, Words};
use wardcast::schedule::CronLine;

/// The rebroadcasts' spacing.
pub const SLOT_SECONDS: i64 = 30;

pub fn zone() -> Tz {
    chrono_tz::Asia::Ho_Chi_Minh
}

struct Writer {
    ledger: Ledger,
    audio: PathBuf,
}

impl Writer {
    fn aired(&mut self, programme: &str, slot: DateTime<Tz>, index: u64, outcome: Outcome) {
        let file = self
            .audio
            .join(programme)
            .join(format!("bản tin {:05}.mp3", index % 5_000));
        let sha256 = format!("{:064x}", index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let id = self
            .ledger
            .record_start(&AiringStart {
                programme,
                trigger: Trigger::Schedule,
                scheduled_at: Some(slot),
                started_at: slot + chrono::Duration::milliseconds((index % 7) as i64),
                file: &file,
                sha256: Some(&sha256),
                duration_seconds: 300.0 + (index % 60) as f64,
            })
            .expect("start record");
        let (played, reason) = match outcome {
            Outcome::Interrupted => (120.5, Some(&Reason::Shutdown)),
            _ => (300.0 + (index % 60) as f64, None),
        };
        let evidence = SoundEvidence {
            frames: (played * 48_000.0) as u64,
            rms_dbfs: Some(-18.0 - (index % 10) as f64 / 10.0),
            peak_dbfs: Some(-1.0 - (index % 5) as f64 / 10.0),
            silences: (0..index % 3)
                .map(|n| Silence {
                    offset_seconds: 40.0 * (n + 1) as f64,
                    length_seconds: 5.5,
                })
                .collect(),
            stalls: Vec::new(),
            relay: None,
        };
        self.ledger
            .record_end(&AiringEnd {
                airing: id,
                programme,
                trigger: Trigger::Schedule,
                ended_at: slot + chrono::Duration::milliseconds((played * 1000.0) as i64),
                played_seconds: played,
                outcome,
                reason,
                evidence: Some(&evidence),
            })
            .expect("end record");
    }

    fn not_aired(
        &mut self,
        programme: &str,
        slot: DateTime<Tz>,
        outcome: Outcome,
        reason: &Reason,
    ) {
        self.ledger
            .record_not_aired(&NotAired {
                programme,
                trigger: Trigger::Schedule,
                scheduled_at: Some(slot),
                recorded_at: slot + chrono::Duration::seconds(1),
                file: None,
                outcome,
                reason,
            })
            .expect("not-aired record");
    }
}

/// A slot with no file to air, in the library's words.
fn no_file(folder: &str, words: &str) -> Reason {
    Reason::NoFile {
        folder: folder.into(),
        words: Words {
            vi: words.into(),
            en: words.into(),
        },
    }
}

/// Fills the log with `count` airings of the reporting year 2026 (15/12/2025 – 14/12/2026),
/// through the same API the daemon uses.
pub fn build_log(config_root: &Path, data: &Path, count: u64) -> Duration {
    let started = Instant::now();
    let mut writer = Writer {
        ledger: Ledger::open(&data.join("wardcast-ledger.sqlite3")).expect("open log"),
        audio: config_root.join("audio"),
    };
    let first = zone()
        .with_ymd_and_hms(2025, 12, 15, 0, 0, 0)
        .single()
        .expect("start");
    let mut monthly: Vec<DateTime<Tz>> = CronLine::parse("30 6 * * MON#1")
        .expect("cron")
        .occurrences_after(&first, 12);
    monthly.reverse();
    let rebroadcasts = count.saturating_sub(monthly.len() as u64);
    let report_every = (count / 10).max(1);
    let mut written = 0u64;
    for index in 0..rebroadcasts {
        let slot = first + chrono::Duration::seconds(SLOT_SECONDS * (index as i64 + 1));
        while monthly.last().is_some_and(|at| *at <= slot) && written < count {
            let at = monthly.pop().expect("a monthly slot");
            if at.format("%m").to_string() == "07" {
                writer.not_aired(
                    "cchc-monthly",
                    at,
                    Outcome::Missed,
                    &no_file("cchc-monthly", "no file for 2026-07 in cchc-monthly/"),
                );
            } else {
                writer.aired("cchc-monthly", at, index, Outcome::Aired);
            }
            written += 1;
        }
        match index % 100 {
            37 => writer.not_aired(
                "tiep-song",
                slot,
                Outcome::Missed,
                &no_file(
                    "tiep-song",
                    "no file ready in tiep-song/: every file there has aired",
                ),
            ),
            73 => writer.not_aired(
                "tiep-song",
                slot,
                Outcome::Failed,
                &Reason::Retried {
                    attempts: 3,
                    why: Box::new(Reason::DeviceError {
                        device: "default".into(),
                        detail: "device busy".into(),
                    }),
                },
            ),
            11 | 61 => writer.aired("tiep-song", slot, index, Outcome::Interrupted),
            _ => writer.aired("tiep-song", slot, index, Outcome::Aired),
        }
        written += 1;
        if written.is_multiple_of(report_every) {
            println!(
                "  log: {written} airings written ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    while let Some(at) = monthly.pop() {
        if written >= count {
            break;
        }
        writer.aired("cchc-monthly", at, written, Outcome::Aired);
        written += 1;
    }
    started.elapsed()
}
