//! The audio folder's messages: why a file will not air and what to do about it, why a slot
//! has no file, and a file's standing as `wardcast library` lists it.

use std::time::Duration;

use serde::Serialize;

use super::time::SpokenDuration;
use super::Say;

/// What a path with an audio name is when it is not a regular file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum SpecialFile {
    NamedPipe,
    Device,
    Folder,
    Socket,
    #[default]
    Other,
}

impl Say for SpecialFile {
    fn vi(&self) -> String {
        match self {
            SpecialFile::NamedPipe => "một đường ống (FIFO)",
            SpecialFile::Device => "một thiết bị",
            SpecialFile::Folder => "một thư mục",
            SpecialFile::Socket => "một socket",
            SpecialFile::Other => "một file đặc biệt",
        }
        .to_string()
    }

    fn en(&self) -> String {
        match self {
            SpecialFile::NamedPipe => "a named pipe (FIFO)",
            SpecialFile::Device => "a device",
            SpecialFile::Folder => "a folder",
            SpecialFile::Socket => "a socket",
            SpecialFile::Other => "a special file",
        }
        .to_string()
    }
}

/// A header value no real recording has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum HeaderProblem {
    SampleRate(u64),
    Channels(u64),
    Length(Duration),
}

impl Say for HeaderProblem {
    fn vi(&self) -> String {
        match self {
            HeaderProblem::SampleRate(rate) => format!(
                "phần đầu file ghi tần số lấy mẫu {rate} Hz, không bản ghi nào có: file bị hỏng"
            ),
            HeaderProblem::Channels(count) => format!(
                "phần đầu file ghi {count} kênh âm thanh, không bản ghi nào có: file bị hỏng"
            ),
            HeaderProblem::Length(length) => format!(
                "phần đầu file ghi độ dài {}, không chương trình nào dài như vậy: file bị hỏng",
                SpokenDuration(*length).vi()
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            HeaderProblem::SampleRate(rate) => format!(
                "the file's header gives a sample rate of {rate} Hz, which no recording has: the \
                 file is damaged"
            ),
            HeaderProblem::Channels(count) => format!(
                "the file's header gives {count} sound channels, which no recording has: the \
                 file is damaged"
            ),
            HeaderProblem::Length(length) => format!(
                "the file's header gives a length of {}, which no programme has: the file is \
                 damaged",
                SpokenDuration(*length).en()
            ),
        }
    }
}

impl Default for HeaderProblem {
    fn default() -> HeaderProblem {
        HeaderProblem::SampleRate(0)
    }
}

/// What is wrong with a file itself, with what to do about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum FileProblem {
    Unreadable {
        detail: String,
    },
    NotRegular(SpecialFile),
    #[default]
    Empty,
    /// Another kind of file; `looks_like` names it in English ("PNG image") when known.
    NotAudio {
        looks_like: Option<String>,
    },
    /// Shorter than its header announces: (held, announced) when the header says.
    Truncated {
        lengths: Option<(Duration, Duration)>,
    },
    /// The coding's name ("Opus", "AC-3 (Dolby Digital)").
    UnsupportedCodec(String),
    BadHeader(HeaderProblem),
    Damaged,
    TooSlow {
        limit: Duration,
    },
    NoSound,
    /// Larger than what is read whole into memory for an airing (both in bytes).
    TooLargeToAir {
        bytes: u64,
        limit: u64,
    },
}

impl Say for FileProblem {
    fn vi(&self) -> String {
        let convert = "chuyển sang MP3 (ví dụ: ffmpeg -i \"tên file\" -b:a 128k \"tên file.mp3\")";
        let export_again = format!("hãy xuất lại từ bản gốc, hoặc {convert}");
        match self {
            FileProblem::Unreadable { detail } => format!(
                "không đọc được file: {detail}; hãy xem file có mở được trên máy này không, hoặc \
                 chép lại"
            ),
            FileProblem::NotRegular(kind) => format!(
                "không phải file thông thường: đây là {}; hãy chép chính file âm thanh vào đây",
                kind.vi()
            ),
            FileProblem::Empty => "file rỗng (0 byte); hãy chép lại".into(),
            FileProblem::NotAudio {
                looks_like: Some(kind),
            } => format!(
                "đây là {}, không phải file âm thanh; hãy chép đúng file âm thanh vào",
                kind_vi(kind)
            ),
            FileProblem::NotAudio { looks_like: None } => format!(
                "không phải file âm thanh (wardcast phát mp3, wav, flac, ogg, m4a); nếu máy tính \
                 vẫn mở được, hãy {convert}"
            ),
            FileProblem::Truncated {
                lengths: Some((held, announced)),
            } => format!(
                "file bị thiếu: chỉ có {} trên {} ghi trong file; hãy chép lại",
                SpokenDuration(*held).vi(),
                SpokenDuration(*announced).vi()
            ),
            FileProblem::Truncated { lengths: None } => {
                "file bị cắt cụt (chép chưa xong?); hãy chép lại".into()
            }
            FileProblem::UnsupportedCodec(codec) => format!(
                "âm thanh trong file mã hoá kiểu {codec}, wardcast không phát được; hãy {convert}"
            ),
            FileProblem::BadHeader(problem) => format!("{}; {export_again}", problem.vi()),
            FileProblem::Damaged => {
                format!("file bị hỏng: không giải mã được âm thanh; {export_again}")
            }
            FileProblem::TooSlow { limit } => format!(
                "đọc file mất hơn {}, có lẽ file bị hỏng; {export_again}",
                SpokenDuration(*limit).vi()
            ),
            FileProblem::NoSound => {
                "file không có âm thanh; hãy kiểm tra bản ghi và xuất lại".into()
            }
            FileProblem::TooLargeToAir { bytes, limit } => format!(
                "file nặng {} MB, lớn hơn mức {} MB mà wardcast đọc vào bộ nhớ để phát; hãy \
                 {convert}",
                bytes.div_ceil(1_000_000),
                limit / 1_000_000
            ),
        }
    }

    fn en(&self) -> String {
        let convert = "convert it to MP3 (e.g. ffmpeg -i \"file\" -b:a 128k \"file.mp3\")";
        let export_again = format!("export it again from the original, or {convert}");
        match self {
            FileProblem::Unreadable { detail } => format!(
                "cannot read it: {detail}; check that it opens on this computer, or copy it again"
            ),
            FileProblem::NotRegular(kind) => format!(
                "not a regular file: {}; copy the audio file itself here",
                kind.en()
            ),
            FileProblem::Empty => "the file is empty (0 bytes); copy it again".into(),
            FileProblem::NotAudio {
                looks_like: Some(kind),
            } => format!("this is a {kind}, not audio; copy the audio file here instead"),
            FileProblem::NotAudio { looks_like: None } => format!(
                "not an audio file (wardcast plays mp3, wav, flac, ogg, m4a); if it plays on a \
                 computer, {convert}"
            ),
            FileProblem::Truncated {
                lengths: Some((held, announced)),
            } => format!(
                "the file is cut short: it holds {} of the {} it announces; copy it again",
                SpokenDuration(*held).en(),
                SpokenDuration(*announced).en()
            ),
            FileProblem::Truncated { lengths: None } => {
                "the file ends too early (cut short while copying?); copy it again".into()
            }
            FileProblem::UnsupportedCodec(codec) => format!(
                "the sound inside is coded as {codec}, which wardcast cannot play; {convert}"
            ),
            FileProblem::BadHeader(problem) => format!("{}; {export_again}", problem.en()),
            FileProblem::Damaged => {
                format!("the file is damaged: its sound cannot be decoded; {export_again}")
            }
            FileProblem::TooSlow { limit } => format!(
                "reading the file took longer than {}, so it is probably damaged; {export_again}",
                SpokenDuration(*limit).en()
            ),
            FileProblem::NoSound => {
                "the file holds no sound; check the recording and export it again".into()
            }
            FileProblem::TooLargeToAir { bytes, limit } => format!(
                "it is {} MB, larger than the {} MB wardcast reads into memory to air a file; \
                 {convert}",
                bytes.div_ceil(1_000_000),
                limit / 1_000_000
            ),
        }
    }
}

/// The kind of file the sniffer named in English, in Vietnamese.
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

/// Which of the programme's rules a file breaks.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum RuleProblem {
    TooShort {
        length: Duration,
        min: Duration,
    },
    TooLong {
        length: Duration,
        max: Duration,
    },
    #[default]
    NoMonthInName,
    LinkOutside {
        target: String,
    },
}

impl Say for RuleProblem {
    fn vi(&self) -> String {
        match self {
            RuleProblem::TooShort { length, min } => format!(
                "dài {}, ngắn hơn {} mà chương trình này cần",
                SpokenDuration(*length).vi(),
                SpokenDuration(*min).vi()
            ),
            RuleProblem::TooLong { length, max } => format!(
                "dài {}, vượt quá {} cho phép của chương trình này",
                SpokenDuration(*length).vi(),
                SpokenDuration(*max).vi()
            ),
            RuleProblem::NoMonthInName => "tên file không có tháng: hãy đặt tên như \"2026-12 \
                                           Chuyên mục CCHC.mp3\" (NĂM-THÁNG)"
                .into(),
            RuleProblem::LinkOutside { target } => format!(
                "là đường tắt tới {target}, nằm ngoài thư mục audio; hãy chép file vào thay vì \
                 tạo đường tắt"
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            RuleProblem::TooShort { length, min } => format!(
                "{}, shorter than the {} this programme needs",
                SpokenDuration(*length).en(),
                SpokenDuration(*min).en()
            ),
            RuleProblem::TooLong { length, max } => format!(
                "{}, longer than the {} this programme allows",
                SpokenDuration(*length).en(),
                SpokenDuration(*max).en()
            ),
            RuleProblem::NoMonthInName => "the name carries no month: name it like \"2026-12 \
                                           Chuyên mục CCHC.mp3\" (YYYY-MM)"
                .into(),
            RuleProblem::LinkOutside { target } => {
                format!("a link to {target}, outside the audio folder; copy the file in instead")
            }
        }
    }
}

/// Why a file will not air: something about the file, or a rule of its programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    File(FileProblem),
    Rule(RuleProblem),
}

impl Say for Reason {
    fn vi(&self) -> String {
        match self {
            Reason::File(problem) => problem.vi(),
            Reason::Rule(problem) => problem.vi(),
        }
    }

    fn en(&self) -> String {
        match self {
            Reason::File(problem) => problem.en(),
            Reason::Rule(problem) => problem.en(),
        }
    }
}

/// Why a slot has no file. `folder` is the programme folder as written in the configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum SlotProblem {
    /// `month`: no ready file carries the slot's month.
    NoFileForMonth {
        year: i32,
        month: u32,
        folder: String,
    },
    EmptyFolder {
        folder: String,
    },
    /// `unaired`: every ready file has aired.
    AllAired {
        folder: String,
    },
    /// Files are there but none may air: each file's name with its reason, and the names
    /// of the files still being copied.
    NoneFit {
        folder: String,
        rejected: Vec<(String, Reason)>,
        waiting: Vec<String>,
    },
    #[default]
    NotConfigured,
    FilesKeptChanging,
}

impl Say for SlotProblem {
    fn vi(&self) -> String {
        match self {
            SlotProblem::NoFileForMonth {
                year,
                month,
                folder,
            } => format!(
                "chưa có file cho tháng {month:02}/{year} trong {folder}/ (tên file phải có \
                 {year:04}-{month:02})"
            ),
            SlotProblem::EmptyFolder { folder } => {
                format!("chưa có file âm thanh nào trong {folder}/")
            }
            SlotProblem::AllAired { folder } => {
                format!("mọi file trong {folder}/ đều đã phát; hãy chép bản tin mới vào")
            }
            SlotProblem::NoneFit {
                folder,
                rejected,
                waiting,
            } => {
                let parts: Vec<String> = rejected
                    .iter()
                    .map(|(name, reason)| format!("{name}: {}", reason.vi()))
                    .chain(waiting.iter().map(|name| format!("{name}: đang chép dở")))
                    .collect();
                format!(
                    "không có file phát được trong {folder}/ ({})",
                    parts.join("; ")
                )
            }
            SlotProblem::NotConfigured => "chương trình này không còn trong cấu hình".into(),
            SlotProblem::FilesKeptChanging => {
                "các file của chương trình thay đổi liên tục trong lúc chuẩn bị phát".into()
            }
        }
    }

    fn en(&self) -> String {
        match self {
            SlotProblem::NoFileForMonth {
                year,
                month,
                folder,
            } => {
                let month = format!("{year:04}-{month:02}");
                format!("no file for {month} in {folder}/ (its name must contain {month})")
            }
            SlotProblem::EmptyFolder { folder } => format!("no audio file in {folder}/"),
            SlotProblem::AllAired { folder } => {
                format!("no file in {folder}/ that has not aired yet")
            }
            SlotProblem::NoneFit {
                folder,
                rejected,
                waiting,
            } => {
                let parts: Vec<String> = rejected
                    .iter()
                    .map(|(name, reason)| format!("{name}: {}", reason.en()))
                    .chain(
                        waiting
                            .iter()
                            .map(|name| format!("{name}: still being copied")),
                    )
                    .collect();
                format!("no playable file in {folder}/ ({})", parts.join("; "))
            }
            SlotProblem::NotConfigured => "the programme is no longer configured".into(),
            SlotProblem::FilesKeptChanging => {
                "the programme's files kept changing while the airing was prepared".into()
            }
        }
    }
}

/// A file's standing for a programme, as `wardcast library` shows it. `--json` prints its
/// code (`ready`, `waiting`, `rejected`), which scripts may rely on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    #[default]
    Ready,
    Waiting,
    Rejected,
}

impl Standing {
    /// The code `--json` prints.
    pub fn code(self) -> &'static str {
        match self {
            Standing::Ready => "ready",
            Standing::Waiting => "waiting",
            Standing::Rejected => "rejected",
        }
    }
}

impl Say for Standing {
    fn vi(&self) -> String {
        match self {
            Standing::Ready => "sẵn sàng",
            Standing::Waiting => "đang chờ",
            Standing::Rejected => "KHÔNG PHÁT",
        }
        .to_string()
    }

    fn en(&self) -> String {
        self.code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::assert_said_in_both;

    #[test]
    fn every_library_message_is_said_in_both_languages() {
        assert_said_in_both::<SpecialFile>();
        assert_said_in_both::<HeaderProblem>();
        assert_said_in_both::<FileProblem>();
        assert_said_in_both::<RuleProblem>();
        assert_said_in_both::<SlotProblem>();
        assert_said_in_both::<Standing>();
    }

    #[test]
    fn a_standings_json_code_is_its_english_word() {
        for standing in <Standing as strum::IntoEnumIterator>::iter() {
            let json = serde_json::to_string(&standing).expect("json");
            assert_eq!(json, format!("\"{}\"", standing.code()));
            assert_eq!(standing.en(), standing.code());
        }
    }

    #[test]
    fn a_slot_without_a_fitting_file_names_each_file_and_why() {
        let problem = SlotProblem::NoneFit {
            folder: "tin".into(),
            rejected: vec![("a.mp3".into(), Reason::File(FileProblem::Empty))],
            waiting: vec!["b.mp3".into()],
        };
        assert_eq!(
            problem.en(),
            "no playable file in tin/ (a.mp3: the file is empty (0 bytes); copy it again; \
             b.mp3: still being copied)"
        );
        assert_eq!(
            problem.vi(),
            "không có file phát được trong tin/ (a.mp3: file rỗng (0 byte); hãy chép lại; \
             b.mp3: đang chép dở)"
        );
    }
}
