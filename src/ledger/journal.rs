//! The journal of records that wait: while the log cannot be written (its disk is full),
//! each record that waits in memory is also appended to a small file on the spare disk, so
//! that a restart before space returns loses nothing. At the next start the journal's
//! records that the log does not hold yet are written, in order, with their own times.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use chrono::DateTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::record::{LoggedReason, ReceivedOutcome, ReceivedPart};
use super::{timestamp, Outcome, ReceivedEvidence, Record, SoundEvidence, Trigger};

/// The journal's name in the spare folder.
pub const FILE_NAME: &str = "wardcast-waiting.jsonl";

/// One waiting record as the journal keeps it: its number and its columns as text.
#[derive(Debug, Serialize, Deserialize)]
struct Line {
    number: i64,
    airing: Option<i64>,
    kind: String,
    programme: String,
    trigger: String,
    scheduled_at: Option<String>,
    at: String,
    file: Option<PathBuf>,
    sha256: Option<String>,
    duration_seconds: Option<f64>,
    played_seconds: Option<f64>,
    outcome: Option<String>,
    reason: Option<String>,
    /// The reason's code and parameters (JSON text); absent from lines written before codes
    /// were kept.
    #[serde(default)]
    reason_code: Option<String>,
    #[serde(default)]
    reason_params: Option<String>,
    evidence: Option<SoundEvidence>,
    /// A received record's source, item and evidence (a console record's user is its
    /// source); absent from every other line (so those read as they always did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    item_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    received: Option<ReceivedEvidence>,
}

impl Line {
    fn of(number: i64, record: &Record) -> Line {
        Line {
            number,
            airing: record.airing,
            kind: record.kind.to_string(),
            programme: record.programme.clone(),
            trigger: record.trigger.as_str().to_string(),
            scheduled_at: record.scheduled_at.as_ref().map(timestamp),
            at: timestamp(&record.at),
            file: record.file.clone(),
            sha256: record.sha256.clone(),
            duration_seconds: record.duration_seconds,
            played_seconds: record.played_seconds,
            outcome: record.outcome_text().map(str::to_string),
            reason: record.reason.words.clone(),
            reason_code: record.reason.code.clone(),
            reason_params: record.reason.params.clone(),
            evidence: record.evidence.clone(),
            source: record.source().map(str::to_string),
            item_key: record
                .received
                .as_ref()
                .and_then(|part| part.item_key.clone()),
            received: record.received.as_ref().map(|part| part.evidence.clone()),
        }
    }

    /// The record again, its times in the station's zone (so they are written exactly as
    /// they would have been).
    fn record(self, zone: Tz) -> Option<(i64, Record)> {
        let time = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|at| at.with_timezone(&zone))
        };
        let kind = match self.kind.as_str() {
            "start" => "start",
            "end" => "end",
            "not_aired" => "not_aired",
            "received" => "received",
            "console" => "console",
            _ => return None,
        };
        let scheduled_at = match &self.scheduled_at {
            Some(text) => Some(time(text)?),
            None => None,
        };
        let user = match kind {
            "console" => Some(self.source.clone()?),
            _ => None,
        };
        let (outcome, received) = if kind == "received" {
            let part = ReceivedPart {
                source: self.source?,
                item_key: self.item_key,
                outcome: ReceivedOutcome::parse(self.outcome.as_deref()?)?,
                evidence: self.received.unwrap_or_default(),
            };
            (None, Some(part))
        } else {
            match &self.outcome {
                Some(text) => (Some(Outcome::parse(text)?), None),
                None => (None, None),
            }
        };
        Some((
            self.number,
            Record {
                airing: self.airing,
                kind,
                programme: self.programme,
                trigger: Trigger::parse(&self.trigger),
                scheduled_at,
                at: time(&self.at)?,
                file: self.file,
                sha256: self.sha256,
                duration_seconds: self.duration_seconds,
                played_seconds: self.played_seconds,
                outcome,
                reason: LoggedReason {
                    words: self.reason,
                    code: self.reason_code,
                    params: self.reason_params,
                },
                evidence: self.evidence,
                received,
                user,
            },
        ))
    }
}

/// The journal file in a spare folder.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    pub fn in_folder(folder: &Path) -> Journal {
        Journal {
            path: folder.join(FILE_NAME),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a waiting record and makes it durable.
    pub(super) fn add(&self, number: i64, record: &Record) -> io::Result<()> {
        let text = serde_json::to_string(&Line::of(number, record)).map_err(io::Error::other)?;
        let new = !self.path.exists();
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        file.write_all(format!("{text}\n").as_bytes())?;
        file.sync_data()?;
        if new {
            // The file's name must survive a power cut too, not only its content.
            if let Some(folder) = self.path.parent() {
                File::open(folder)?.sync_all()?;
            }
        }
        Ok(())
    }

    /// Every record the journal holds, in order; lines that cannot be read (cut by a
    /// crash) are counted.
    pub(super) fn read(&self, zone: Tz) -> io::Result<(Vec<(i64, Record)>, u64)> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
            Err(error) => return Err(error),
        };
        let (mut records, mut unreadable) = (Vec::new(), 0);
        // Read as bytes: a line cut by a power cut may end inside a character, and must be
        // counted, not stop the reading.
        for line in BufReader::new(file).split(b'\n') {
            let line = line?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Line>(&line)
                .ok()
                .and_then(|line| line.record(zone))
            {
                Some(record) => records.push(record),
                None => unreadable += 1,
            }
        }
        Ok((records, unreadable))
    }

    /// Empties the journal once everything in it is in the log.
    pub fn clear(&self) -> io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;
    use crate::reason::Reason;

    #[test]
    fn a_waiting_record_keeps_its_code_and_a_line_from_before_codes_still_reads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let journal = Journal::in_folder(dir.path());
        let zone = chrono_tz::Asia::Ho_Chi_Minh;
        // A line as wardcast wrote it before reason codes were kept.
        std::fs::write(
            journal.path(),
            r#"{"number":7,"airing":null,"kind":"not_aired","programme":"news","trigger":"schedule","scheduled_at":"2026-12-07T06:30:00.000+07:00","at":"2026-12-07T06:30:01.000+07:00","file":null,"sha256":null,"duration_seconds":null,"played_seconds":null,"outcome":"missed","reason":"chưa có file","evidence":null}
"#,
        )
        .expect("old line");
        let (records, unreadable) = journal.read(zone).expect("read");
        assert_eq!(unreadable, 0);
        let (number, mut record) = records.into_iter().next().expect("the old line");
        assert_eq!(number, 7);
        assert_eq!(
            record.reason,
            LoggedReason {
                words: Some("chưa có file".into()),
                code: None,
                params: None,
            }
        );

        record.reason = LoggedReason::of(&Reason::Shutdown, Lang::En);
        journal.add(8, &record).expect("add");
        let (records, _) = journal.read(zone).expect("read");
        assert_eq!(records.len(), 2);
        assert_eq!(
            records[1].1.reason,
            LoggedReason {
                words: Some("shutdown".into()),
                code: Some("shutdown".into()),
                params: Some("{}".into()),
            }
        );
    }

    #[test]
    fn a_received_record_reads_back_from_its_line_and_other_lines_are_as_they_were() {
        use super::super::{Gap, GapCause};
        let dir = tempfile::tempdir().expect("temp dir");
        let journal = Journal::in_folder(dir.path());
        let zone = chrono_tz::Asia::Ho_Chi_Minh;
        let at = DateTime::parse_from_rfc3339("2026-12-04T19:30:00.000+07:00")
            .expect("time")
            .with_timezone(&zone);
        let missed = Record {
            airing: None,
            kind: "not_aired",
            programme: "news".into(),
            trigger: Trigger::Schedule,
            scheduled_at: Some(at),
            at,
            file: None,
            sha256: None,
            duration_seconds: None,
            played_seconds: None,
            outcome: Some(Outcome::Missed),
            reason: LoggedReason::of(&Reason::Shutdown, Lang::Vi),
            evidence: None,
            received: None,
            user: None,
        };
        let line = serde_json::to_string(&Line::of(1, &missed)).expect("line");
        assert!(
            !line.contains("source") && !line.contains("item_key") && !line.contains("received"),
            "a line of an airing's record is as it always was: {line}"
        );
        let evidence = ReceivedEvidence {
            bytes: 28_800_000,
            seconds_received: Some(1_785.5),
            gaps: vec![Gap {
                offset_seconds: 600.0,
                length_seconds: 14.5,
                cause: GapCause::Stall,
            }],
            content_type: None,
        };
        let recording = Record {
            kind: "received",
            programme: "cchc-tinh".into(),
            trigger: Trigger::Download,
            file: Some(PathBuf::from("/audio/cchc-tinh/a.mp3")),
            sha256: Some("aa".into()),
            duration_seconds: Some(1_785.5),
            outcome: None,
            received: Some(ReceivedPart {
                source: "https://radio.example/feed.xml".into(),
                item_key: Some("guid-1".into()),
                outcome: ReceivedOutcome::Partial,
                evidence: evidence.clone(),
            }),
            ..missed.clone()
        };
        journal.add(1, &missed).expect("add");
        journal.add(2, &recording).expect("add");
        // A line a newer wardcast might write, of a kind this one does not know.
        std::fs::write(
            journal.path(),
            std::fs::read_to_string(journal.path()).expect("read")
                + r#"{"number":3,"airing":null,"kind":"relayed","programme":"x","trigger":"schedule","scheduled_at":null,"at":"2026-12-04T19:30:00.000+07:00","file":null,"sha256":null,"duration_seconds":null,"played_seconds":null,"outcome":null,"reason":null,"evidence":null}"#
                + "\n",
        )
        .expect("append");
        let (records, unreadable) = journal.read(zone).expect("read");
        assert_eq!((records.len(), unreadable), (2, 1));
        let (number, back) = &records[1];
        assert_eq!(*number, 2);
        assert_eq!(back.kind, "received");
        assert_eq!(back.received, recording.received);
        assert_eq!(back.outcome_text(), Some("partial"));
        assert_eq!(back.evidence_text(), recording.evidence_text());
        assert_eq!(back.trigger, Trigger::Download);
        assert!(records[0].1.received.is_none());
    }
}
