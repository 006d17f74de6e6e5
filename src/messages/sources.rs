//! The words of `wardcast sources`: whether each station the configuration can receive is
//! heard now, what it sends and how loud it is.

use super::report::{count, one_decimal};
use super::{Lang, Say};

/// What `wardcast sources` says of a source.
#[derive(Debug, Clone, PartialEq, Default, strum::EnumIter)]
pub enum SourcesWords {
    /// The configuration has no `[[source]]`.
    #[default]
    NoSources,
    /// The source answered and its sound was heard; what it is follows.
    Reachable,
    /// The source cannot be heard now; the problem follows.
    Unreachable,
    /// An internet stream (Icecast, Shoutcast, a web server).
    HttpStream,
    /// An HLS playlist.
    Hls,
    /// A capture device (line-in).
    Capture,
    /// How the sound is coded and carried.
    Sound {
        codec: String,
        bitrate_kbps: Option<u32>,
        rate: Option<u32>,
        channels: Option<u16>,
    },
    /// How loud what was heard was, over `seconds` of sound.
    Level { seconds: f64, rms: f64, peak: f64 },
    /// What was heard was silent.
    Silent { seconds: f64 },
    /// The source dropped while it was being listened to.
    Dropped { problem: String },
    /// `--listen` was not a number of seconds within the limits.
    ListenRefused { text: String, max: u32 },
}

/// A level in dBFS with one decimal, as `lang` writes it.
fn dbfs(value: f64, lang: Lang) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}{} dBFS", one_decimal(value.abs(), lang))
}

/// The parts of a `Sound` line that read the same way in both languages, in `lang`'s
/// numbers: the codec, the bit rate and the sample rate.
fn sound_parts(codec: &str, bitrate_kbps: Option<u32>, rate: Option<u32>, lang: Lang) -> String {
    let mut parts: Vec<String> = (!codec.is_empty())
        .then(|| super::shown(codec).into_owned())
        .into_iter()
        .collect();
    parts.extend(bitrate_kbps.map(|kbps| format!("{kbps} kb/s")));
    parts.extend(rate.map(|rate| format!("{} Hz", count(u64::from(rate), lang))));
    parts.join(", ")
}

impl Say for SourcesWords {
    fn vi(&self) -> String {
        let lang = Lang::Vi;
        match self {
            SourcesWords::NoSources => "Cấu hình chưa có nguồn thu nào ([[source]]). Thêm địa \
                chỉ luồng của đài tỉnh hoặc đài thành phố theo hướng dẫn trong README."
                .to_string(),
            SourcesWords::Reachable => "nghe được".to_string(),
            SourcesWords::Unreachable => "KHÔNG nghe được".to_string(),
            SourcesWords::HttpStream => "luồng trực tuyến (Icecast/HTTP)".to_string(),
            SourcesWords::Hls => "danh sách phát HLS".to_string(),
            SourcesWords::Capture => "thiết bị thu âm".to_string(),
            SourcesWords::Sound {
                codec,
                bitrate_kbps,
                rate,
                channels,
            } => {
                let mut line = sound_parts(codec, *bitrate_kbps, *rate, lang);
                match channels {
                    Some(1) => line.push_str(", 1 kênh (mono)"),
                    Some(2) => line.push_str(", 2 kênh (stereo)"),
                    Some(other) => line.push_str(&format!(", {other} kênh")),
                    None => {}
                }
                if line.is_empty() {
                    line.push_str("chưa rõ định dạng");
                }
                line.trim_start_matches(", ").to_string()
            }
            SourcesWords::Level { seconds, rms, peak } => format!(
                "mức âm thanh trong {} giây nghe thử: RMS {}, đỉnh {}",
                one_decimal(*seconds, lang),
                dbfs(*rms, lang),
                dbfs(*peak, lang)
            ),
            SourcesWords::Silent { seconds } => format!(
                "im lặng suốt {} giây nghe thử; hỏi đài xem luồng có đang phát không",
                one_decimal(*seconds, lang)
            ),
            SourcesWords::Dropped { problem } => format!("mất tín hiệu khi nghe thử: {problem}"),
            SourcesWords::ListenRefused { text, max } => format!(
                "--listen là số giây nghe thử mỗi nguồn, từ 1 đến {max} (ví dụ --listen 10); \
                 \"{}\" không dùng được",
                super::shown(text)
            ),
        }
    }

    fn en(&self) -> String {
        let lang = Lang::En;
        match self {
            SourcesWords::NoSources => "The configuration has no source to receive \
                ([[source]]). Add the provincial or city station's stream address as the \
                README shows."
                .to_string(),
            SourcesWords::Reachable => "reachable".to_string(),
            SourcesWords::Unreachable => "NOT reachable".to_string(),
            SourcesWords::HttpStream => "internet stream (Icecast/HTTP)".to_string(),
            SourcesWords::Hls => "HLS playlist".to_string(),
            SourcesWords::Capture => "capture device".to_string(),
            SourcesWords::Sound {
                codec,
                bitrate_kbps,
                rate,
                channels,
            } => {
                let mut line = sound_parts(codec, *bitrate_kbps, *rate, lang);
                match channels {
                    Some(1) => line.push_str(", mono"),
                    Some(2) => line.push_str(", stereo"),
                    Some(other) => line.push_str(&format!(", {other} channels")),
                    None => {}
                }
                if line.is_empty() {
                    line.push_str("coding not known");
                }
                line.trim_start_matches(", ").to_string()
            }
            SourcesWords::Level { seconds, rms, peak } => format!(
                "level over {} s listened: RMS {}, peak {}",
                one_decimal(*seconds, lang),
                dbfs(*rms, lang),
                dbfs(*peak, lang)
            ),
            SourcesWords::Silent { seconds } => format!(
                "silent for the {} s listened; ask the station whether the stream is on air",
                one_decimal(*seconds, lang)
            ),
            SourcesWords::Dropped { problem } => {
                format!("the source dropped while listening: {problem}")
            }
            SourcesWords::ListenRefused { text, max } => format!(
                "--listen is the seconds to listen to each source, from 1 to {max} (e.g. \
                 --listen 10); \"{}\" cannot be used",
                super::shown(text)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sources_word_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<SourcesWords>();
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        let sound = SourcesWords::Sound {
            codec: "AAC".to_string(),
            bitrate_kbps: Some(96),
            rate: Some(44_100),
            channels: Some(2),
        };
        assert_eq!(sound.vi(), "AAC, 96 kb/s, 44.100 Hz, 2 kênh (stereo)");
        assert_eq!(sound.en(), "AAC, 96 kb/s, 44,100 Hz, stereo");
        let level = SourcesWords::Level {
            seconds: 5.0,
            rms: -3.04,
            peak: -0.2,
        };
        assert_eq!(
            level.vi(),
            "mức âm thanh trong 5,0 giây nghe thử: RMS -3,0 dBFS, đỉnh -0,2 dBFS"
        );
    }
}
