//! The player's words: why an airing could not go out on the sound card.

use std::path::PathBuf;

use super::{shown, shown_path, Lang, Say};

/// The language the player's errors are written in as plain text (their `Display`): English,
/// as the daemon's own log and the reasons in the airing log have always kept them.
pub const ERROR_TEXT: Lang = Lang::En;

/// Why the player could not air a file, or stopped before its first sample.
#[derive(Debug, Clone, PartialEq, Eq, Default, strum::EnumIter)]
pub enum PlayerProblem {
    /// No sound card of this name.
    NoSuchDevice { device: String },
    /// The sound card is there and would not open (or failed before the first sample).
    DeviceOpen { device: String, detail: String },
    /// The file could not be opened or read.
    FileOpen { file: PathBuf, detail: String },
    /// The file is larger than what is read into memory for an airing; `why` is the
    /// library's sentence for such a file, in the language this message is said in.
    TooLarge { file: PathBuf, why: String },
    /// The file's sound could not be decoded.
    Decode { file: PathBuf, detail: String },
    /// The audio thread is gone.
    #[default]
    ThreadGone,
    /// Stopped before its first sample (shutdown or a cut-in): nothing went out.
    Cancelled { reason: String },
}

impl Say for PlayerProblem {
    fn vi(&self) -> String {
        match self {
            PlayerProblem::NoSuchDevice { device } => format!(
                "không tìm thấy card âm thanh tên \"{}\"; hãy chạy `wardcast devices` để xem các \
                 card wardcast dùng được, rồi ghi một trong các tên đó vào device trong [output] \
                 của file cấu hình",
                shown(device)
            ),
            PlayerProblem::DeviceOpen { device, detail } => format!(
                "không mở được card âm thanh \"{}\": {}; hãy xem card đã cắm chưa và có chương \
                 trình nào khác đang dùng không, rồi thử `wardcast play` với một file mẫu",
                shown(device),
                shown(detail)
            ),
            PlayerProblem::FileOpen { file, detail } => {
                format!("không mở được {}: {}", shown_path(file), shown(detail))
            }
            PlayerProblem::TooLarge { file, why } => {
                format!("không phát được {}: {why}", shown_path(file))
            }
            PlayerProblem::Decode { file, detail } => {
                format!("không giải mã được {}: {}", shown_path(file), shown(detail))
            }
            PlayerProblem::ThreadGone => "luồng phát âm thanh đã dừng".to_string(),
            PlayerProblem::Cancelled { reason } => {
                format!("đã dừng trước khi bắt đầu phát ({})", shown(reason))
            }
        }
    }

    fn en(&self) -> String {
        match self {
            PlayerProblem::NoSuchDevice { device } => format!(
                "no sound card called \"{}\" was found; run `wardcast devices` to see the ones \
                 wardcast can use, and set [output] device in the configuration to one of them",
                shown(device)
            ),
            PlayerProblem::DeviceOpen { device, detail } => format!(
                "the sound card \"{}\" could not be opened: {}; check that it is plugged in and \
                 not used by another program, then try `wardcast play` with a sample file",
                shown(device),
                shown(detail)
            ),
            PlayerProblem::FileOpen { file, detail } => {
                format!("cannot open {}: {}", shown_path(file), shown(detail))
            }
            PlayerProblem::TooLarge { file, why } => {
                format!("cannot air {}: {why}", shown_path(file))
            }
            PlayerProblem::Decode { file, detail } => {
                format!("cannot decode {}: {}", shown_path(file), shown(detail))
            }
            PlayerProblem::ThreadGone => "the audio thread has stopped".to_string(),
            PlayerProblem::Cancelled { reason } => {
                format!("stopped before it started ({})", shown(reason))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_player_problem_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<PlayerProblem>();
    }

    #[test]
    fn a_device_name_from_the_configuration_cannot_break_the_line() {
        let problem = PlayerProblem::NoSuchDevice {
            device: "hw:1\n! all is well".into(),
        };
        for said in [problem.en(), problem.vi()] {
            assert!(!said.contains('\n'), "{said}");
            assert!(said.contains("\"hw:1\\n! all is well\""), "{said}");
        }
    }
}
