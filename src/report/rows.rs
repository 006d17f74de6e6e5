//! One airing as the export's reader sees it: the words in the export's language, the
//! station-time clock readings and the text of cells, shared by the CSV, workbook and page
//! writers.
//! It formats only; it never decides what an airing counts as (that is `summary`).

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use strum::IntoEnumIterator;

use crate::config::Config;
use crate::ids::Trigger;
use crate::ids::{DEMO_PROGRAMME, MANUAL_PROGRAMME};
use crate::ledger::{Airing, Outcome, ReceivedOutcome};
use crate::messages::report::AiringWord;
use crate::messages::{Lang, Say};
use crate::sound::{Gap, GapCause, SoundEvidence};

/// The words an export writes in airing cells, in its language: said once per export, so
/// that a million rows cost no more than one.
pub(crate) struct Words {
    pub(crate) lang: Lang,
    /// Every [`AiringWord`], in the order of its variants.
    said: Vec<String>,
    decimal_mark: &'static str,
}

impl Words {
    pub(crate) fn new(lang: Lang) -> Words {
        Words {
            lang,
            said: AiringWord::iter().map(|word| word.say(lang)).collect(),
            decimal_mark: crate::messages::report::decimal_mark(lang),
        }
    }

    /// `word` in the export's language.
    pub(crate) fn of(&self, word: AiringWord) -> &str {
        self.said.get(word as usize).map_or("", String::as_str)
    }

    /// How an airing ended.
    pub(crate) fn outcome(&self, outcome: Option<Outcome>) -> &str {
        self.of(outcome_word(outcome))
    }

    /// How a recording or a download ended.
    pub(crate) fn received(&self, outcome: ReceivedOutcome) -> &str {
        self.of(received_word(outcome))
    }

    /// What set the airing off.
    pub(crate) fn trigger(&self, trigger: Trigger) -> &str {
        self.of(match trigger {
            Trigger::Schedule => AiringWord::BySchedule,
            Trigger::Manual => AiringWord::Manual,
            Trigger::Demo => AiringWord::Demo,
            Trigger::Recording => AiringWord::ByRecording,
            Trigger::Download => AiringWord::ByDownload,
            Trigger::Console => AiringWord::ByConsole,
        })
    }

    /// Seconds as the export's language writes them, for people (the page): `120,5`.
    pub(crate) fn push_seconds(&self, out: &mut String, seconds: f64) {
        push_seconds_marked(out, seconds, self.decimal_mark);
    }

    /// A level in dBFS as the export's language writes it, for people: `-18,5`.
    pub(crate) fn push_decibels(&self, out: &mut String, decibels: f64) {
        push_decibels_marked(out, decibels, self.decimal_mark);
    }

    /// The stretches of dead air as the officer reads them: `01:23 (6,2 giây); 05:00 (5,0
    /// giây)`; `không có` when the airing was measured and had none.
    pub(crate) fn push_silences(&self, out: &mut String, evidence: &SoundEvidence) {
        if evidence.silences.is_empty() {
            out.push_str(self.of(AiringWord::NoSilence));
            return;
        }
        for (index, silence) in evidence.silences.iter().enumerate() {
            if index > 0 {
                out.push_str("; ");
            }
            self.push_stretch(out, silence.offset_seconds, silence.length_seconds);
            out.push(')');
        }
    }

    /// The stretches without sound from a source as the officer reads them, with why:
    /// `10:00 (14,5 giây, mất kết nối)`; `không có` when there were none.
    pub(crate) fn push_gaps(&self, out: &mut String, gaps: &[Gap]) {
        if gaps.is_empty() {
            out.push_str(self.of(AiringWord::NoSilence));
            return;
        }
        for (index, gap) in gaps.iter().enumerate() {
            if index > 0 {
                out.push_str("; ");
            }
            self.push_stretch(out, gap.offset_seconds, gap.length_seconds);
            out.push_str(", ");
            out.push_str(self.of(gap_word(gap.cause)));
            out.push(')');
        }
    }

    /// `mm:ss (l,l giây` of a stretch at `offset` seconds, `length` long; the caller closes
    /// the bracket.
    fn push_stretch(&self, out: &mut String, offset: f64, length: f64) {
        let offset = if offset.is_finite() {
            offset.max(0.0) as u64
        } else {
            0
        };
        push_padded(out, offset / 60, 2);
        out.push(':');
        push_padded(out, offset % 60, 2);
        out.push_str(" (");
        let tenths = if length.is_finite() {
            (length * 10.0).round() as i64
        } else {
            0
        };
        push_scaled(out, tenths, 1, false, self.decimal_mark);
        out.push(' ');
        out.push_str(self.of(AiringWord::Seconds));
    }
}

/// Why a gap had no sound, as the catalogue names it.
fn gap_word(cause: GapCause) -> AiringWord {
    match cause {
        GapCause::Reconnect => AiringWord::GapReconnect,
        GapCause::Stall => AiringWord::GapStall,
        GapCause::Unreachable => AiringWord::GapUnreachable,
    }
}

/// How an airing ended, as the catalogue names it.
pub(crate) fn outcome_word(outcome: Option<Outcome>) -> AiringWord {
    match outcome {
        Some(Outcome::Aired) => AiringWord::Aired,
        Some(Outcome::Interrupted) => AiringWord::Interrupted,
        Some(Outcome::Failed) => AiringWord::Failed,
        Some(Outcome::Missed) => AiringWord::Missed,
        // No end record yet: on air now, or cut off by a crash the daemon has not closed.
        None => AiringWord::OnAir,
    }
}

/// How a recording or a download ended, as the catalogue names it.
pub(crate) fn received_word(outcome: ReceivedOutcome) -> AiringWord {
    match outcome {
        ReceivedOutcome::Complete => AiringWord::Complete,
        ReceivedOutcome::Partial => AiringWord::Partial,
        ReceivedOutcome::Failed => AiringWord::Failed,
    }
}

/// Programme titles by id: the configured ones, and names for the ids wardcast itself
/// logs under. An id no longer configured keeps its id as its title.
pub(crate) struct Titles(HashMap<String, String>);

impl Titles {
    pub(crate) fn new(config: &Config, lang: Lang) -> Titles {
        let mut titles: HashMap<String, String> = config
            .programmes
            .iter()
            .map(|programme| (programme.id.clone(), programme.title.clone()))
            .collect();
        titles
            .entry(MANUAL_PROGRAMME.to_string())
            .or_insert_with(|| AiringWord::ManualTitle.say(lang));
        titles
            .entry(DEMO_PROGRAMME.to_string())
            .or_insert_with(|| AiringWord::DemoTitle.say(lang));
        Titles(titles)
    }

    pub(crate) fn of<'a>(&'a self, id: &'a str) -> &'a str {
        self.0.get(id).map_or(id, String::as_str)
    }
}

/// A logged instant as a wall-clock reading in the station's zone: reports are read
/// against the station's own clock, whatever offset the record was written with.
pub(crate) fn station_time(text: &str, zone: Tz) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&zone).naive_local())
}

/// The instant an airing is filed under: its slot, else its start, else its end.
pub(crate) fn slot_time(airing: &Airing, zone: Tz) -> Option<NaiveDateTime> {
    airing
        .scheduled_at
        .as_deref()
        .or(airing.started_at.as_deref())
        .or(airing.ended_at.as_deref())
        .and_then(|text| station_time(text, zone))
}

/// The last part of a logged path: the name the officer gave the file.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

// The writers below build cell text by hand rather than through `format!`: they run for
// every airing of a year's log, and float formatting with a fixed precision is the
// slowest part of the standard library's formatter.

/// Appends the decimal digits of `value`.
pub(crate) fn push_u64(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    if let Ok(text) = std::str::from_utf8(&digits[start..]) {
        out.push_str(text);
    }
}

/// Appends `value` with at least `width` digits, zeros in front.
fn push_padded(out: &mut String, value: u64, width: usize) {
    let mut digits = 1;
    let mut rest = value / 10;
    while rest > 0 {
        digits += 1;
        rest /= 10;
    }
    for _ in digits..width {
        out.push('0');
    }
    push_u64(out, value);
}

/// Appends `value / 10^decimals` with up to `decimals` decimals, dropping trailing zeros
/// when `trim` is set; `separator` is the decimal mark.
fn push_scaled(out: &mut String, value: i64, decimals: u32, trim: bool, separator: &str) {
    if value < 0 {
        out.push('-');
    }
    let scale = 10u64.pow(decimals);
    let magnitude = value.unsigned_abs();
    push_u64(out, magnitude / scale);
    let mut fraction = magnitude % scale;
    let mut width = decimals as usize;
    if trim {
        while width > 0 && fraction.is_multiple_of(10) {
            fraction /= 10;
            width -= 1;
        }
    }
    if width > 0 {
        out.push_str(separator);
        push_padded(out, fraction, width);
    }
}

/// Writes `2026-12-07 06:30:00`: a form Excel reads as a date in any locale.
pub(crate) fn push_time(out: &mut String, at: &NaiveDateTime) {
    use chrono::Datelike;
    push_padded(out, u64::try_from(at.year()).unwrap_or(0), 4);
    out.push('-');
    push_padded(out, u64::from(at.month()), 2);
    out.push('-');
    push_padded(out, u64::from(at.day()), 2);
    out.push(' ');
    push_clock(out, at);
}

/// Writes `07/12/2026`, as dates are written in Vietnamese documents.
pub(crate) fn push_day(out: &mut String, at: &NaiveDateTime) {
    use chrono::Datelike;
    push_padded(out, u64::from(at.day()), 2);
    out.push('/');
    push_padded(out, u64::from(at.month()), 2);
    out.push('/');
    push_padded(out, u64::try_from(at.year()).unwrap_or(0), 4);
}

/// Writes `06:30:00`.
pub(crate) fn push_clock(out: &mut String, at: &NaiveDateTime) {
    use chrono::Timelike;
    push_padded(out, u64::from(at.hour()), 2);
    out.push(':');
    push_padded(out, u64::from(at.minute()), 2);
    out.push(':');
    push_padded(out, u64::from(at.second()), 2);
}

/// Seconds with at most three decimals and no trailing zeros: `600`, `599.25`.
pub(crate) fn push_seconds(out: &mut String, seconds: f64) {
    push_seconds_marked(out, seconds, ".");
}

fn push_seconds_marked(out: &mut String, seconds: f64, mark: &str) {
    if !seconds.is_finite() {
        let _ = write!(out, "{seconds}");
        return;
    }
    push_scaled(out, (seconds * 1000.0).round() as i64, 3, true, mark);
}

/// A level in dBFS with one decimal: `-18.5`.
pub(crate) fn push_decibels(out: &mut String, decibels: f64) {
    push_decibels_marked(out, decibels, ".");
}

fn push_decibels_marked(out: &mut String, decibels: f64, mark: &str) {
    if !decibels.is_finite() {
        let _ = write!(out, "{decibels}");
        return;
    }
    push_scaled(out, (decibels * 10.0).round() as i64, 1, false, mark);
}

/// A spreadsheet would run a cell starting with one of these as a formula: file names and
/// reasons are typed by people, so such a cell gets a leading `'`, which Excel and
/// LibreOffice show as plain text.
pub(crate) fn needs_neutralising(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `15/12/2025`, as dates are written in Vietnamese documents.
pub(crate) fn day_text(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// `02/2026`.
pub(crate) fn month_text(year: i32, month: u32) -> String {
    format!("{month:02}/{year:04}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Silence;

    #[test]
    fn seconds_lose_trailing_zeros_and_times_read_in_station_time() {
        let mut text = String::new();
        push_seconds(&mut text, 600.0);
        text.push('|');
        push_seconds(&mut text, 599.25);
        text.push('|');
        push_seconds(&mut text, 0.0);
        assert_eq!(text, "600|599.25|0");
        let at = station_time(
            "2026-12-07T00:30:00.000+01:00",
            chrono_tz::Asia::Ho_Chi_Minh,
        )
        .expect("time");
        let mut text = String::new();
        push_time(&mut text, &at);
        assert_eq!(text, "2026-12-07 06:30:00");
    }

    #[test]
    fn the_page_writes_decimals_as_its_language_does_and_the_csv_keeps_the_point() {
        let said = |lang: Lang| {
            let words = Words::new(lang);
            let mut text = String::new();
            words.push_seconds(&mut text, 599.25);
            text.push('|');
            words.push_decibels(&mut text, -18.54);
            text
        };
        assert_eq!(said(Lang::Vi), "599,25|-18,5");
        assert_eq!(said(Lang::En), "599.25|-18.5");
        let mut csv = String::new();
        push_seconds(&mut csv, 599.25);
        assert_eq!(csv, "599.25");
    }

    #[test]
    fn numbers_are_written_by_hand_as_format_would() {
        let mut text = String::new();
        for (seconds, expected) in [
            (0.5, "0.5"),
            (1234.0625, "1234.063"),
            (-2.0, "-2"),
            (0.001, "0.001"),
            (59.9996, "60"),
        ] {
            text.clear();
            push_seconds(&mut text, seconds);
            assert_eq!(text, expected);
        }
        for (level, expected) in [
            (-18.54, "-18.5"),
            (-0.96, "-1.0"),
            (3.0, "3.0"),
            (-0.04, "0.0"),
        ] {
            text.clear();
            push_decibels(&mut text, level);
            assert_eq!(text, expected);
        }
        text.clear();
        push_u64(&mut text, u64::MAX);
        assert_eq!(text, u64::MAX.to_string());
        let at = NaiveDate::from_ymd_opt(2026, 3, 7)
            .and_then(|day| day.and_hms_opt(5, 4, 3))
            .expect("time");
        text.clear();
        push_day(&mut text, &at);
        text.push(' ');
        push_clock(&mut text, &at);
        assert_eq!(text, "07/03/2026 05:04:03");
    }

    #[test]
    fn silences_read_as_minutes_and_seconds() {
        let mut text = String::new();
        let evidence = SoundEvidence {
            frames: 1,
            rms_dbfs: None,
            peak_dbfs: None,
            silences: vec![
                Silence {
                    offset_seconds: 83.4,
                    length_seconds: 6.2,
                },
                Silence {
                    offset_seconds: 300.0,
                    length_seconds: 5.0,
                },
            ],
            stalls: Vec::new(),
            relay: None,
        };
        Words::new(Lang::Vi).push_silences(&mut text, &evidence);
        assert_eq!(text, "01:23 (6,2 giây); 05:00 (5,0 giây)");
        text.clear();
        Words::new(Lang::En).push_silences(&mut text, &evidence);
        assert_eq!(text, "01:23 (6.2 s); 05:00 (5.0 s)");
    }

    #[test]
    fn each_word_is_said_in_the_export_language() {
        let words = Words::new(Lang::En);
        assert_eq!(words.outcome(None), "on air");
        assert_eq!(words.outcome(Some(Outcome::Missed)), "missed");
        assert_eq!(words.trigger(Trigger::Manual), "sound check");
        let words = Words::new(Lang::Vi);
        assert_eq!(words.outcome(Some(Outcome::Interrupted)), "bị ngắt");
        assert_eq!(words.trigger(Trigger::Schedule), "theo lịch");
        assert_eq!(words.of(AiringWord::Total), "Tổng cộng");
    }

    #[test]
    fn formula_starts_are_caught_and_paths_lose_their_folders() {
        for text in ["=1+1", "+1.mp3", "-x.mp3", "@x.mp3", "\tx", "\rx"] {
            assert!(needs_neutralising(text), "{text:?}");
        }
        assert!(!needs_neutralising("2026-12 CCHC.mp3"));
        assert_eq!(file_name("/srv/audio/cchc/=A1.mp3"), "=A1.mp3");
        assert_eq!(file_name("C:\\audio\\b.mp3"), "b.mp3");
    }

    #[test]
    fn gaps_read_as_minutes_and_seconds_with_why() {
        let gaps = [
            Gap {
                offset_seconds: 600.0,
                length_seconds: 14.54,
                cause: GapCause::Reconnect,
            },
            Gap {
                offset_seconds: 3_725.0,
                length_seconds: 2.0,
                cause: GapCause::Stall,
            },
            Gap {
                offset_seconds: f64::NAN,
                length_seconds: 30.0,
                cause: GapCause::Unreachable,
            },
        ];
        let mut text = String::new();
        Words::new(Lang::Vi).push_gaps(&mut text, &gaps);
        assert_eq!(
            text,
            "10:00 (14,5 giây, mất kết nối); 62:05 (2,0 giây, nguồn ngừng gửi); 00:00 (30,0 \
             giây, không kết nối được)"
        );
        text.clear();
        Words::new(Lang::En).push_gaps(&mut text, &gaps[..1]);
        assert_eq!(text, "10:00 (14.5 s, connection lost)");
        text.clear();
        Words::new(Lang::En).push_gaps(&mut text, &[]);
        assert_eq!(text, "none");
        let words = Words::new(Lang::Vi);
        assert_eq!(words.received(ReceivedOutcome::Partial), "thiếu một phần");
        assert_eq!(words.trigger(Trigger::Download), "tải về");
        assert_eq!(
            Words::new(Lang::En).trigger(Trigger::Recording),
            "recording"
        );
    }
}
