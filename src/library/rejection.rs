//! Why a file will not air, and how the officer is told: what is wrong and what to do.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::open::{FileKind, OpenError};
use super::spoken_duration;
use crate::messages::Lang;

/// Why a file will not air. Rendered in the officer's language by `describe`; kept in the
/// library index as JSON, so variants are only ever added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Rejection {
    Unreadable(String),
    /// A pipe, a device or a folder with an audio name: never opened for reading.
    NotRegular(FileKind),
    Empty,
    NotAudio {
        looks_like: Option<String>,
    },
    /// The file holds less than its header announces (milliseconds held, announced).
    Truncated {
        announced: Option<(u64, u64)>,
    },
    /// The coding's name in words ("Opus", "AC-3 (Dolby Digital)").
    UnsupportedCodec(String),
    /// The header states something no real recording has.
    BadHeader(HeaderFault),
    /// The decoder could not make sound of it, or gave up on it.
    Damaged,
    /// Reading it took longer than the probe allows (the time limit in seconds).
    TooSlow {
        limit_s: u64,
    },
    NoSound,
    TooShort {
        duration_ms: u64,
        min_ms: u64,
    },
    TooLong {
        duration_ms: u64,
        max_ms: u64,
    },
    NoMonthInName,
    LinkOutside {
        target: String,
    },
    /// Larger (bytes) than what is read whole into memory for an airing (the limit, bytes).
    TooLargeToAir {
        bytes: u64,
        limit: u64,
    },
}

/// A header value that cannot be right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum HeaderFault {
    /// Samples per second: 0, or beyond any recorder.
    SampleRate(u64),
    /// Sound channels: 0, or more than any programme has.
    Channels(u64),
    /// The length announced or counted, in milliseconds: beyond any programme.
    Length(u64),
}

impl From<OpenError> for Rejection {
    fn from(error: OpenError) -> Rejection {
        match error {
            OpenError::NotRegular(kind) => Rejection::NotRegular(kind),
            OpenError::Io(error) => Rejection::Unreadable(error.to_string()),
        }
    }
}

/// What to do with a file wardcast cannot play, in the officer's language.
fn convert(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "convert it to MP3 (e.g. ffmpeg -i \"file\" -b:a 128k \"file.mp3\")",
        Lang::Vi => "chuyển sang MP3 (ví dụ: ffmpeg -i \"tên file\" -b:a 128k \"tên file.mp3\")",
    }
}

/// What to do with a damaged file.
fn export_again(lang: Lang) -> String {
    match lang {
        Lang::En => format!("export it again from the original, or {}", convert(lang)),
        Lang::Vi => format!("hãy xuất lại từ bản gốc, hoặc {}", convert(lang)),
    }
}

impl Rejection {
    pub fn describe(&self, lang: Lang) -> String {
        self.file_reason(lang)
            .or_else(|| self.rule_reason(lang))
            .unwrap_or_default()
    }

    /// What is wrong with the file itself.
    fn file_reason(&self, lang: Lang) -> Option<String> {
        let ms = |millis: &u64| spoken_duration(Duration::from_millis(*millis), lang);
        let reason = match (self, lang) {
            (Rejection::Unreadable(detail), Lang::En) => format!(
                "cannot read it: {detail}; check that it opens on this computer, or copy it again"
            ),
            (Rejection::Unreadable(detail), Lang::Vi) => format!(
                "không đọc được file: {detail}; hãy xem file có mở được trên máy này không, hoặc chép lại"
            ),
            (Rejection::NotRegular(kind), Lang::En) => format!(
                "not a regular file: {}; copy the audio file itself here",
                kind.describe(lang)
            ),
            (Rejection::NotRegular(kind), Lang::Vi) => format!(
                "không phải file thông thường: đây là {}; hãy chép chính file âm thanh vào đây",
                kind.describe(lang)
            ),
            (Rejection::Empty, Lang::En) => "the file is empty (0 bytes); copy it again".into(),
            (Rejection::Empty, Lang::Vi) => "file rỗng (0 byte); hãy chép lại".into(),
            (Rejection::NotAudio { looks_like: Some(kind) }, Lang::En) => {
                format!("this is a {kind}, not audio; copy the audio file here instead")
            }
            (Rejection::NotAudio { looks_like: Some(kind) }, Lang::Vi) => format!(
                "đây là {}, không phải file âm thanh; hãy chép đúng file âm thanh vào",
                kind_vi(kind)
            ),
            (Rejection::NotAudio { looks_like: None }, Lang::En) => format!(
                "not an audio file (wardcast plays mp3, wav, flac, ogg, m4a); if it plays on a computer, {}",
                convert(lang)
            ),
            (Rejection::NotAudio { looks_like: None }, Lang::Vi) => format!(
                "không phải file âm thanh (wardcast phát mp3, wav, flac, ogg, m4a); nếu máy tính vẫn mở được, hãy {}",
                convert(lang)
            ),
            (Rejection::Truncated { announced: Some((held, announced)) }, Lang::En) => format!(
                "the file is cut short: it holds {} of the {} it announces; copy it again",
                ms(held),
                ms(announced)
            ),
            (Rejection::Truncated { announced: Some((held, announced)) }, Lang::Vi) => format!(
                "file bị thiếu: chỉ có {} trên {} ghi trong file; hãy chép lại",
                ms(held),
                ms(announced)
            ),
            (Rejection::Truncated { announced: None }, Lang::En) => {
                "the file ends too early (cut short while copying?); copy it again".into()
            }
            (Rejection::Truncated { announced: None }, Lang::Vi) => {
                "file bị cắt cụt (chép chưa xong?); hãy chép lại".into()
            }
            (Rejection::UnsupportedCodec(codec), Lang::En) => format!(
                "the sound inside is coded as {codec}, which wardcast cannot play; {}",
                convert(lang)
            ),
            (Rejection::UnsupportedCodec(codec), Lang::Vi) => format!(
                "âm thanh trong file mã hoá kiểu {codec}, wardcast không phát được; hãy {}",
                convert(lang)
            ),
            (Rejection::BadHeader(fault), _) => {
                format!("{}; {}", fault.describe(lang), export_again(lang))
            }
            (Rejection::Damaged, Lang::En) => format!(
                "the file is damaged: its sound cannot be decoded; {}",
                export_again(lang)
            ),
            (Rejection::Damaged, Lang::Vi) => format!(
                "file bị hỏng: không giải mã được âm thanh; {}",
                export_again(lang)
            ),
            (Rejection::TooSlow { limit_s }, Lang::En) => format!(
                "reading the file took longer than {}, so it is probably damaged; {}",
                spoken_duration(Duration::from_secs(*limit_s), lang),
                export_again(lang)
            ),
            (Rejection::TooSlow { limit_s }, Lang::Vi) => format!(
                "đọc file mất hơn {}, có lẽ file bị hỏng; {}",
                spoken_duration(Duration::from_secs(*limit_s), lang),
                export_again(lang)
            ),
            (Rejection::NoSound, Lang::En) => {
                "the file holds no sound; check the recording and export it again".into()
            }
            (Rejection::NoSound, Lang::Vi) => {
                "file không có âm thanh; hãy kiểm tra bản ghi và xuất lại".into()
            }
            (Rejection::TooLargeToAir { bytes, limit }, Lang::En) => format!(
                "it is {} MB, larger than the {} MB wardcast reads into memory to air a file; {}",
                bytes.div_ceil(1_000_000),
                limit / 1_000_000,
                convert(lang)
            ),
            (Rejection::TooLargeToAir { bytes, limit }, Lang::Vi) => format!(
                "file nặng {} MB, lớn hơn mức {} MB mà wardcast đọc vào bộ nhớ để phát; hãy {}",
                bytes.div_ceil(1_000_000),
                limit / 1_000_000,
                convert(lang)
            ),
            _ => return None,
        };
        Some(reason)
    }

    /// Which of the programme's rules the file breaks.
    fn rule_reason(&self, lang: Lang) -> Option<String> {
        let ms = |millis: &u64| spoken_duration(Duration::from_millis(*millis), lang);
        let reason = match (self, lang) {
            (Rejection::TooShort { duration_ms, min_ms }, Lang::En) => format!(
                "{}, shorter than the {} this programme needs",
                ms(duration_ms),
                ms(min_ms)
            ),
            (Rejection::TooShort { duration_ms, min_ms }, Lang::Vi) => format!(
                "dài {}, ngắn hơn {} mà chương trình này cần",
                ms(duration_ms),
                ms(min_ms)
            ),
            (Rejection::TooLong { duration_ms, max_ms }, Lang::En) => format!(
                "{}, longer than the {} this programme allows",
                ms(duration_ms),
                ms(max_ms)
            ),
            (Rejection::TooLong { duration_ms, max_ms }, Lang::Vi) => format!(
                "dài {}, vượt quá {} cho phép của chương trình này",
                ms(duration_ms),
                ms(max_ms)
            ),
            (Rejection::NoMonthInName, Lang::En) => {
                "the name carries no month: name it like \"2026-12 Chuyên mục CCHC.mp3\" (YYYY-MM)"
                    .into()
            }
            (Rejection::NoMonthInName, Lang::Vi) => {
                "tên file không có tháng: hãy đặt tên như \"2026-12 Chuyên mục CCHC.mp3\" (NĂM-THÁNG)"
                    .into()
            }
            (Rejection::LinkOutside { target }, Lang::En) => {
                format!("a link to {target}, outside the audio folder; copy the file in instead")
            }
            (Rejection::LinkOutside { target }, Lang::Vi) => format!(
                "là đường tắt tới {target}, nằm ngoài thư mục audio; hãy chép file vào thay vì tạo đường tắt"
            ),
            _ => return None,
        };
        Some(reason)
    }
}

impl HeaderFault {
    fn describe(self, lang: Lang) -> String {
        match (self, lang) {
            (HeaderFault::SampleRate(rate), Lang::En) => format!(
                "the file's header gives a sample rate of {rate} Hz, which no recording has: the file is damaged"
            ),
            (HeaderFault::SampleRate(rate), Lang::Vi) => format!(
                "phần đầu file ghi tần số lấy mẫu {rate} Hz, không bản ghi nào có: file bị hỏng"
            ),
            (HeaderFault::Channels(count), Lang::En) => format!(
                "the file's header gives {count} sound channels, which no recording has: the file is damaged"
            ),
            (HeaderFault::Channels(count), Lang::Vi) => format!(
                "phần đầu file ghi {count} kênh âm thanh, không bản ghi nào có: file bị hỏng"
            ),
            (HeaderFault::Length(millis), Lang::En) => format!(
                "the file's header gives a length of {}, which no programme has: the file is damaged",
                spoken_duration(Duration::from_millis(millis), lang)
            ),
            (HeaderFault::Length(millis), Lang::Vi) => format!(
                "phần đầu file ghi độ dài {}, không chương trình nào dài như vậy: file bị hỏng",
                spoken_duration(Duration::from_millis(millis), lang)
            ),
        }
    }
}

fn kind_vi(kind: &str) -> &str {
    match kind {
        "PNG image" | "JPEG image" | "GIF image" => "file ảnh",
        "PDF document" => "file PDF",
        "ZIP archive or Office document" | "Office document" => "file văn bản/nén",
        "Windows program" | "program" => "file chương trình",
        "text file" => "file chữ",
        "video" => "file video",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_rejection_says_what_to_do_in_both_languages() {
        let rejections = [
            Rejection::Unreadable("Permission denied (os error 13)".into()),
            Rejection::NotRegular(FileKind::NamedPipe),
            Rejection::NotAudio { looks_like: None },
            Rejection::NotAudio {
                looks_like: Some("PNG image".into()),
            },
            Rejection::UnsupportedCodec("Opus".into()),
            Rejection::BadHeader(HeaderFault::SampleRate(0)),
            Rejection::BadHeader(HeaderFault::Channels(0)),
            Rejection::BadHeader(HeaderFault::Length(90 * 24 * 3_600_000)),
            Rejection::Damaged,
            Rejection::TooSlow { limit_s: 20 },
            Rejection::NoSound,
            Rejection::TooLargeToAir {
                bytes: 1_500_000_000,
                limit: 1 << 30,
            },
        ];
        for rejection in &rejections {
            let english = rejection.describe(Lang::En);
            let vietnamese = rejection.describe(Lang::Vi);
            let action = ["copy", "convert", "export"];
            assert!(
                action.iter().any(|word| english.contains(word)),
                "{english}"
            );
            let actions_vi = ["chép", "chuyển sang", "xuất lại"];
            assert!(
                actions_vi.iter().any(|word| vietnamese.contains(word)),
                "{vietnamese}"
            );
            assert_ne!(english, vietnamese);
        }
        assert_eq!(
            Rejection::BadHeader(HeaderFault::SampleRate(0))
                .describe(Lang::En)
                .split(';')
                .next(),
            Some("the file's header gives a sample rate of 0 Hz, which no recording has: the file is damaged")
        );
        assert_eq!(
            Rejection::TooLargeToAir {
                bytes: 1_500_000_000,
                limit: 1 << 30,
            }
            .describe(Lang::En)
            .split(';')
            .next(),
            Some("it is 1500 MB, larger than the 1073 MB wardcast reads into memory to air a file")
        );
        assert!(Rejection::NotRegular(FileKind::NamedPipe)
            .describe(Lang::En)
            .starts_with("not a regular file: a named pipe (FIFO)"));
    }

    #[test]
    fn rejections_read_back_from_the_index_as_written() {
        for rejection in [
            Rejection::NotRegular(FileKind::Device),
            Rejection::BadHeader(HeaderFault::Channels(65_535)),
            Rejection::TooSlow { limit_s: 20 },
            Rejection::Damaged,
        ] {
            let text = serde_json::to_string(&rejection).expect("json");
            let back: Rejection = serde_json::from_str(&text).expect("read back");
            assert_eq!(back, rejection, "{text}");
        }
    }
}
