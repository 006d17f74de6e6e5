//! Why an airing was missed, failed, was cut off or went out late, and why a recording or a
//! download failed or came out partial: one typed cause per variant, its parameters as
//! data. Pure and a leaf: the words are in `messages::reason`, and each reason has a stable
//! code (`code`) and its parameters (`params`), which the log keeps beside the words (the
//! README lists the codes), so a tool can count by code and a reason can be rebuilt from
//! them (`from_parts`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An instant as the station's clock read it (its offset kept, so it is shown as the
/// officer saw it).
pub type At = DateTime<FixedOffset>;

/// Why something happened to a slot or an airing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Reason {
    /// The slot passed while wardcast waited: the clock was set forward, or the PC slept.
    #[default]
    ClockJump,
    /// wardcast was not running between these instants.
    DaemonDown { since: At, until: At },
    /// The slot's record could not be written before wardcast stopped at `stopped`: it may
    /// have aired; it is never aired again.
    Unrecorded { stopped: At },
    /// Another airing was still on air at the slot's time.
    StillOnAir { on_air: String },
    /// Another airing was on air for longer than the slot may wait.
    Overlap { on_air: String, max_delay_ms: u64 },
    /// The day is in a blackout.
    Blackout {
        name: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// The slot is outside the allowed hours (as the officer wrote them).
    OutsideHours { hours: String },
    /// The file would run past the end of the allowed window.
    RunsPastWindow {
        length_ms: u64,
        window_end: NaiveTime,
    },
    /// Aired late, by `late_ms`, for `why`.
    PlayedLate { late_ms: u64, why: Box<Reason> },
    /// Aired again after it was cut off for `why`.
    Replayed { why: Box<Reason> },
    /// An announcement handed in by `wardcast play --now`, at its urgency.
    Announcement { urgency: Urgency },
    /// A file of the folder aired in place of a relay whose source could not be heard, for
    /// `why`.
    RelayFallback { why: Box<Reason> },
    /// No file of the programme's folder may air; the library's own words say why.
    #[strum(disabled)]
    NoFile { folder: String, words: Words },
    /// The programme's files kept changing while the airing was prepared.
    FilesKeptChanging,
    /// The file could not be read or decoded for airing; the library's words say why.
    FileUnreadable { file: String, words: Words },
    /// No sound card of that name.
    NoSuchDevice { device: String },
    /// The sound card could not be opened.
    DeviceError { device: String, detail: String },
    /// The sound card failed in the middle of the airing.
    DeviceLost { detail: String },
    /// wardcast's own audio thread is gone.
    PlayerGone,
    /// `why`, after this many attempts.
    Retried { attempts: u32, why: Box<Reason> },
    /// wardcast was stopped.
    Shutdown,
    /// Cut off for the emergency programme titled `title`.
    CutIn { title: String },
    /// Cut off for an emergency announcement.
    CutInByAnnouncement,
    /// Stopped before its first sample, for `why`.
    NotStarted { why: Box<Reason> },
    /// An accepted announcement that was still waiting when wardcast stopped.
    StoppedWhileWaiting,
    /// wardcast stopped during the airing (power cut or crash); how far it got, if known.
    Crash { played_ms: Option<u64> },
    /// The source (a `[[source]]` id, or a download's address) did not answer.
    SourceUnreachable { source: String },
    /// The source took longer to answer than wardcast waits.
    SourceTimedOut { source: String },
    /// The source's server answered with an HTTP error status.
    SourceHttpStatus { source: String, status: u16 },
    /// The source sent a web page (an error or a login page), not sound.
    SourceWebPage { source: String },
    /// The source sent something that is not sound, of this content type.
    SourceNotAudio {
        source: String,
        content_type: String,
    },
    /// The source's sound is in a coding wardcast cannot decode.
    SourceUnsupportedCodec { source: String, codec: String },
    /// The source's sound could not be decoded.
    SourceUndecodable { source: String, detail: String },
    /// The source's live playlist stopped getting new segments.
    SourceStalled { source: String },
    /// The source's address is not one wardcast can fetch (not http or https).
    SourceNotHttp { source: String },
    /// The source ended its stream (the server closed it) and did not come back in time.
    SourceEnded { source: String },
    /// Segments of the source's live playlist left it before they could be fetched.
    SourceSegmentsMissed { source: String, count: u64 },
    /// The source's live playlist is encrypted (`method`).
    SourceEncrypted { source: String, method: String },
    /// The connection to the source dropped and did not come back in time.
    SourceLost { source: String, detail: String },
    /// The capture device of a source is not there.
    CaptureMissing { device: String },
    /// The capture device could not be opened or failed while recording.
    CaptureFailed { device: String, detail: String },
    /// The capture device stayed open but gave no sound for `seconds`.
    CaptureSilent { device: String, seconds: u64 },
    /// A download was larger than the most it may be, in bytes.
    TooLarge { max_bytes: u64 },
    /// What was received could not be written into the programme's folder.
    CannotSave { folder: String, detail: String },
}

/// How urgent an announcement is, as `wardcast play --now --priority` set it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    #[default]
    Normal,
    Priority,
    Emergency,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Priority => "priority",
            Urgency::Emergency => "emergency",
        }
    }
}

/// Words another part of wardcast said about a problem, in both languages, carried as they
/// are until the reason is said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    pub vi: String,
    pub en: String,
}

impl Reason {
    /// The reason's stable code: the log keeps it beside the words, so it never changes
    /// once given.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::ClockJump => "clock_jump",
            Reason::DaemonDown { .. } => "daemon_down",
            Reason::Unrecorded { .. } => "unrecorded",
            Reason::StillOnAir { .. } => "still_on_air",
            Reason::Overlap { .. } => "overlap",
            Reason::Blackout { .. } => "blackout",
            Reason::OutsideHours { .. } => "outside_hours",
            Reason::RunsPastWindow { .. } => "runs_past_window",
            Reason::PlayedLate { .. } => "played_late",
            Reason::Replayed { .. } => "replayed",
            Reason::Announcement { .. } => "announcement",
            Reason::RelayFallback { .. } => "relay_fallback",
            Reason::NoFile { .. } => "no_file",
            Reason::FilesKeptChanging => "files_kept_changing",
            Reason::FileUnreadable { .. } => "file_unreadable",
            Reason::NoSuchDevice { .. } => "no_such_device",
            Reason::DeviceError { .. } => "device_error",
            Reason::DeviceLost { .. } => "device_lost",
            Reason::PlayerGone => "player_gone",
            Reason::Retried { .. } => "retried",
            Reason::Shutdown => "shutdown",
            Reason::CutIn { .. } => "cut_in",
            Reason::CutInByAnnouncement => "cut_in_by_announcement",
            Reason::NotStarted { .. } => "not_started",
            Reason::StoppedWhileWaiting => "stopped_while_waiting",
            Reason::Crash { .. } => "crash",
            Reason::SourceUnreachable { .. } => "source_unreachable",
            Reason::SourceTimedOut { .. } => "source_timed_out",
            Reason::SourceHttpStatus { .. } => "source_http_status",
            Reason::SourceWebPage { .. } => "source_web_page",
            Reason::SourceNotAudio { .. } => "source_not_audio",
            Reason::SourceUnsupportedCodec { .. } => "source_unsupported_codec",
            Reason::SourceUndecodable { .. } => "source_undecodable",
            Reason::SourceStalled { .. } => "source_stalled",
            Reason::SourceNotHttp { .. } => "source_not_http",
            Reason::SourceEnded { .. } => "source_ended",
            Reason::SourceSegmentsMissed { .. } => "source_segments_missed",
            Reason::SourceEncrypted { .. } => "source_encrypted",
            Reason::SourceLost { .. } => "source_lost",
            Reason::CaptureMissing { .. } => "capture_missing",
            Reason::CaptureFailed { .. } => "capture_failed",
            Reason::CaptureSilent { .. } => "capture_silent",
            Reason::TooLarge { .. } => "too_large",
            Reason::CannotSave { .. } => "cannot_save",
        }
    }

    /// The reason's parameters as an object (empty for a reason that has none); a reason
    /// inside another is an object of its `code` and `params`.
    pub fn params(&self) -> Value {
        match serde_json::to_value(self) {
            Ok(Value::Object(mut whole)) => whole
                .remove("params")
                .unwrap_or_else(|| Value::Object(serde_json::Map::new())),
            _ => Value::Object(serde_json::Map::new()),
        }
    }

    /// The reason a code and its parameters stand for; `None` for a code this wardcast does
    /// not know or parameters that do not fit it.
    pub fn from_parts(code: &str, params: &Value) -> Option<Reason> {
        let mut whole = serde_json::Map::new();
        whole.insert("code".into(), Value::String(code.to_string()));
        let has_params = params.as_object().is_none_or(|object| !object.is_empty());
        if has_params {
            whole.insert("params".into(), params.clone());
        }
        serde_json::from_value(Value::Object(whole)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// Every code, as the log keeps them: a code is never changed or given to another
    /// cause.
    const CODES: &[&str] = &[
        "clock_jump",
        "daemon_down",
        "unrecorded",
        "still_on_air",
        "overlap",
        "blackout",
        "outside_hours",
        "runs_past_window",
        "played_late",
        "replayed",
        "announcement",
        "relay_fallback",
        "no_file",
        "files_kept_changing",
        "file_unreadable",
        "no_such_device",
        "device_error",
        "device_lost",
        "player_gone",
        "retried",
        "shutdown",
        "cut_in",
        "cut_in_by_announcement",
        "not_started",
        "stopped_while_waiting",
        "crash",
        "source_unreachable",
        "source_timed_out",
        "source_http_status",
        "source_web_page",
        "source_not_audio",
        "source_unsupported_codec",
        "source_undecodable",
        "source_stalled",
        "source_not_http",
        "source_ended",
        "source_segments_missed",
        "source_encrypted",
        "source_lost",
        "capture_missing",
        "capture_failed",
        "capture_silent",
        "too_large",
        "cannot_save",
    ];

    fn at(text: &str) -> At {
        DateTime::parse_from_rfc3339(text).expect("time")
    }

    /// One of each reason, with parameters that are not the defaults.
    fn samples() -> Vec<Reason> {
        let cut = Box::new(Reason::CutIn {
            title: "Báo cháy".into(),
        });
        vec![
            Reason::ClockJump,
            Reason::DaemonDown {
                since: at("2026-12-07T05:58:00+07:00"),
                until: at("2026-12-07T07:12:00+07:00"),
            },
            Reason::Unrecorded {
                stopped: at("2026-12-07T06:05:00+07:00"),
            },
            Reason::StillOnAir {
                on_air: "CCHC".into(),
            },
            Reason::Overlap {
                on_air: "CCHC".into(),
                max_delay_ms: 600_000,
            },
            Reason::Blackout {
                name: "Tết".into(),
                from: NaiveDate::from_ymd_opt(2027, 2, 5).expect("date"),
                to: NaiveDate::from_ymd_opt(2027, 2, 12).expect("date"),
            },
            Reason::OutsideHours {
                hours: "05:00-07:00, 16:30-18:30".into(),
            },
            Reason::RunsPastWindow {
                length_ms: 600_000,
                window_end: NaiveTime::from_hms_opt(7, 0, 0).expect("time"),
            },
            Reason::PlayedLate {
                late_ms: 72 * 60_000,
                why: Box::new(Reason::ClockJump),
            },
            Reason::Replayed { why: cut.clone() },
            Reason::Announcement {
                urgency: Urgency::Emergency,
            },
            Reason::RelayFallback {
                why: Box::new(Reason::SourceUnreachable {
                    source: "dai-tinh".into(),
                }),
            },
            Reason::NoFile {
                folder: "tin-tuc".into(),
                words: Words {
                    vi: "chưa có file".into(),
                    en: "no file".into(),
                },
            },
            Reason::FilesKeptChanging,
            Reason::FileUnreadable {
                file: "/audio/a.mp3".into(),
                words: Words {
                    vi: "không đọc được".into(),
                    en: "cannot read it: gone".into(),
                },
            },
            Reason::NoSuchDevice {
                device: "hw:9".into(),
            },
            Reason::DeviceError {
                device: "default".into(),
                detail: "busy".into(),
            },
            Reason::DeviceLost {
                detail: "unplugged".into(),
            },
            Reason::PlayerGone,
            Reason::Retried {
                attempts: 3,
                why: Box::new(Reason::DeviceError {
                    device: "default".into(),
                    detail: "busy".into(),
                }),
            },
            Reason::Shutdown,
            *cut.clone(),
            Reason::CutInByAnnouncement,
            Reason::NotStarted { why: cut },
            Reason::StoppedWhileWaiting,
            Reason::Crash {
                played_ms: Some(12_000),
            },
            Reason::SourceUnreachable {
                source: "dai-tinh".into(),
            },
            Reason::SourceTimedOut {
                source: "dai-tinh".into(),
            },
            Reason::SourceHttpStatus {
                source: "https://radio.example/cchc.xml".into(),
                status: 404,
            },
            Reason::SourceWebPage {
                source: "https://radio.example/cchc.mp3".into(),
            },
            Reason::SourceNotAudio {
                source: "https://radio.example/cchc.mp3".into(),
                content_type: "application/pdf".into(),
            },
            Reason::SourceUnsupportedCodec {
                source: "dai-tinh".into(),
                codec: "HE-AAC".into(),
            },
            Reason::SourceUndecodable {
                source: "dai-tinh".into(),
                detail: "bad frame".into(),
            },
            Reason::SourceStalled {
                source: "dai-tinh".into(),
            },
            Reason::SourceNotHttp {
                source: "dai-tinh".into(),
            },
            Reason::SourceEnded {
                source: "dai-tinh".into(),
            },
            Reason::SourceSegmentsMissed {
                source: "dai-tinh".into(),
                count: 3,
            },
            Reason::SourceEncrypted {
                source: "dai-tinh".into(),
                method: "AES-128".into(),
            },
            Reason::SourceLost {
                source: "dai-tinh".into(),
                detail: "reset".into(),
            },
            Reason::CaptureMissing {
                device: "hw:2".into(),
            },
            Reason::CaptureFailed {
                device: "line-in".into(),
                detail: "overrun".into(),
            },
            Reason::CaptureSilent {
                device: "line-in".into(),
                seconds: 2,
            },
            Reason::TooLarge {
                max_bytes: 200_000_000,
            },
            Reason::CannotSave {
                folder: "cchc-tinh".into(),
                detail: "no space left on device".into(),
            },
        ]
    }

    #[test]
    fn every_reason_has_its_own_code_and_the_codes_stay_as_listed() {
        let codes: Vec<&str> = samples().iter().map(Reason::code).collect();
        assert_eq!(codes, CODES);
        let mut distinct = codes.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), CODES.len(), "a code is used twice");
        // The samples hold every variant: the enumerable ones and the one carrying only
        // another part's words.
        assert_eq!(Reason::iter().count() + 1, CODES.len());
    }

    #[test]
    fn the_code_is_the_one_the_parameters_are_kept_under() {
        for reason in samples() {
            let whole = serde_json::to_value(&reason).expect("json");
            assert_eq!(whole["code"], reason.code(), "{reason:?}");
        }
    }

    #[test]
    fn a_reason_is_rebuilt_from_its_code_and_parameters() {
        for reason in samples() {
            let params = reason.params();
            assert!(params.is_object(), "{reason:?}: {params}");
            assert_eq!(
                Reason::from_parts(reason.code(), &params),
                Some(reason.clone()),
                "{params}"
            );
        }
    }

    #[test]
    fn parameters_are_plain_data() {
        let down = Reason::DaemonDown {
            since: at("2026-12-07T05:58:00+07:00"),
            until: at("2026-12-07T07:12:00+07:00"),
        };
        assert_eq!(
            down.params(),
            serde_json::json!({
                "since": "2026-12-07T05:58:00+07:00",
                "until": "2026-12-07T07:12:00+07:00"
            })
        );
        let late = Reason::PlayedLate {
            late_ms: 90_000,
            why: Box::new(Reason::StillOnAir {
                on_air: "CCHC".into(),
            }),
        };
        assert_eq!(
            late.params(),
            serde_json::json!({
                "late_ms": 90_000,
                "why": { "code": "still_on_air", "params": { "on_air": "CCHC" } }
            })
        );
        assert_eq!(Reason::Shutdown.params(), serde_json::json!({}));
    }

    #[test]
    fn unknown_codes_and_parameters_that_do_not_fit_give_nothing() {
        assert_eq!(
            Reason::from_parts("no_such_code", &serde_json::json!({})),
            None
        );
        assert_eq!(
            Reason::from_parts("overlap", &serde_json::json!({ "on_air": 5 })),
            None
        );
    }
}
