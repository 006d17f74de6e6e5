//! What `wardcast log` says under an airing relayed from another station, a recording or a
//! download: where it came from and what was received (bytes, length, gaps, the delay of a
//! relay behind its source).

use super::report::{count, decimal_mark};
use super::{shown, Lang, Say};

/// The line under a relayed airing, a recording or a download in `wardcast log`. The gaps
/// and the length received come already said in the language of the line (by the report's
/// words and `spoken_duration`).
#[derive(Debug, Clone, PartialEq, strum::EnumIter)]
pub enum ReceivedWords {
    /// An airing relayed live from `source`.
    Relayed {
        source: String,
        bytes: u64,
        received: String,
        gaps: String,
        delay_start: f64,
        delay_end: f64,
    },
    /// A recording of `source` into a programme's folder.
    Recorded {
        source: String,
        bytes: u64,
        received: String,
        gaps: String,
    },
    /// A download from the address `source`, of its item (a feed GUID or an address).
    Downloaded {
        source: String,
        item: Option<String>,
        bytes: u64,
        content_type: Option<String>,
    },
}

impl Default for ReceivedWords {
    fn default() -> Self {
        ReceivedWords::Recorded {
            source: String::new(),
            bytes: 0,
            received: String::new(),
            gaps: String::new(),
        }
    }
}

/// Seconds with two decimals, as `lang` writes them: `1,25`.
fn seconds(value: f64, lang: Lang) -> String {
    format!("{value:.2}").replace('.', decimal_mark(lang))
}

/// ` (…)` around outside text when there is some.
fn bracketed(text: &Option<String>, before: &str) -> String {
    text.as_deref()
        .map(|text| format!(" ({before}{})", shown(text)))
        .unwrap_or_default()
}

impl Say for ReceivedWords {
    fn vi(&self) -> String {
        let lang = Lang::Vi;
        match self {
            ReceivedWords::Relayed {
                source,
                bytes,
                received,
                gaps,
                delay_start,
                delay_end,
            } => format!(
                "tiếp sóng từ nguồn {}: đã nhận {} byte, {received}; mất tín hiệu: {gaps}; trễ \
                 so với nguồn {} giây lúc đầu, {} giây lúc cuối",
                shown(source),
                count(*bytes, lang),
                seconds(*delay_start, lang),
                seconds(*delay_end, lang)
            ),
            ReceivedWords::Recorded {
                source,
                bytes,
                received,
                gaps,
            } => format!(
                "thu từ nguồn {}: đã nhận {} byte, {received}; mất tín hiệu: {gaps}",
                shown(source),
                count(*bytes, lang)
            ),
            ReceivedWords::Downloaded {
                source,
                item,
                bytes,
                content_type,
            } => format!(
                "tải về từ {}{}: {} byte{}",
                shown(source),
                bracketed(item, "mục "),
                count(*bytes, lang),
                bracketed(content_type, "")
            ),
        }
    }

    fn en(&self) -> String {
        let lang = Lang::En;
        match self {
            ReceivedWords::Relayed {
                source,
                bytes,
                received,
                gaps,
                delay_start,
                delay_end,
            } => format!(
                "relayed from source {}: received {} bytes, {received}; gaps: {gaps}; {} s \
                 behind the source at the start, {} s at the end",
                shown(source),
                count(*bytes, lang),
                seconds(*delay_start, lang),
                seconds(*delay_end, lang)
            ),
            ReceivedWords::Recorded {
                source,
                bytes,
                received,
                gaps,
            } => format!(
                "recorded from source {}: received {} bytes, {received}; gaps: {gaps}",
                shown(source),
                count(*bytes, lang)
            ),
            ReceivedWords::Downloaded {
                source,
                item,
                bytes,
                content_type,
            } => format!(
                "downloaded from {}{}: {} bytes{}",
                shown(source),
                bracketed(item, "item "),
                count(*bytes, lang),
                bracketed(content_type, "")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_received_line_is_said_in_both_languages() {
        super::super::assert_said_in_both::<ReceivedWords>();
    }

    #[test]
    fn a_relay_names_its_source_and_delays_with_the_language_s_decimal_mark() {
        let relayed = ReceivedWords::Relayed {
            source: "dai-tinh".into(),
            bytes: 28_800_000,
            received: "29 phút 45 giây".into(),
            gaps: "10:00 (14,5 giây, mất kết nối)".into(),
            delay_start: 1.2,
            delay_end: 1.25,
        };
        assert_eq!(
            relayed.vi(),
            "tiếp sóng từ nguồn dai-tinh: đã nhận 28.800.000 byte, 29 phút 45 giây; mất tín \
             hiệu: 10:00 (14,5 giây, mất kết nối); trễ so với nguồn 1,20 giây lúc đầu, 1,25 \
             giây lúc cuối"
        );
        let downloaded = ReceivedWords::Downloaded {
            source: "https://radio.example/feed.xml".into(),
            item: Some("guid\n1".into()),
            bytes: 9_600_000,
            content_type: Some("audio/mpeg".into()),
        };
        assert_eq!(
            downloaded.en(),
            "downloaded from https://radio.example/feed.xml (item guid\\n1): 9,600,000 bytes \
             (audio/mpeg)"
        );
    }
}
