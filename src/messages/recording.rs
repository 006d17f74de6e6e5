//! The recorder's words: a recording saved (whole or with holes), and why one could not be
//! made or put in its programme folder, with what to do.

use std::io;
use std::path::PathBuf;

use super::receive::ReceiveProblem;
use super::{shown, shown_path, IoProblem, Lang, Say};

/// The language the recorder's errors are written in as plain text (their `Display`):
/// English, as the daemon's own log keeps the player's.
pub const ERROR_TEXT: Lang = Lang::En;

/// An I/O failure as the officer is told it: in plain words when it is one they can act
/// on, else in the system's own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IoCause {
    pub problem: Option<IoProblem>,
    pub detail: String,
}

impl From<&io::Error> for IoCause {
    fn from(error: &io::Error) -> IoCause {
        IoCause {
            problem: IoProblem::of(error),
            detail: error.to_string(),
        }
    }
}

impl Say for IoCause {
    fn vi(&self) -> String {
        self.problem
            .map_or_else(|| shown(&self.detail).into_owned(), |problem| problem.vi())
    }

    fn en(&self) -> String {
        self.problem
            .map_or_else(|| shown(&self.detail).into_owned(), |problem| problem.en())
    }
}

/// Why a recording could not be made, finished or put in its programme folder.
#[derive(Debug, Clone, PartialEq, strum::EnumIter)]
pub enum RecordingProblem {
    /// The folder where recordings are written (in the data folder) cannot be made or
    /// written in: nothing is recorded.
    CannotStart { folder: PathBuf, reason: IoCause },
    /// Writing failed part-way (a full disk): what was recorded is kept at `kept`.
    WriteFailed { kept: PathBuf, reason: IoCause },
    /// The finished recording could not be put in the programme folder; it is kept whole.
    CannotPlace {
        folder: PathBuf,
        kept: PathBuf,
        reason: IoCause,
    },
    /// Nothing was received from the source; `why` is the last thing the source did wrong.
    NothingReceived { why: Option<ReceiveProblem> },
    /// A recording cut off when wardcast stopped, found and kept aside at `kept`.
    Interrupted { kept: PathBuf },
}

// Every variant carries data, so none can be the derived default.
impl Default for RecordingProblem {
    fn default() -> Self {
        RecordingProblem::NothingReceived { why: None }
    }
}

impl Say for RecordingProblem {
    fn vi(&self) -> String {
        match self {
            RecordingProblem::CannotStart { folder, reason } => format!(
                "không ghi được bản thu vào thư mục {}: {}; lần thu này không được ghi lại\n  \
                 gợi ý: giải phóng chỗ trống trên ổ đĩa, hoặc cho người dùng chạy wardcast quyền \
                 ghi vào thư mục dữ liệu",
                shown_path(folder),
                reason.vi()
            ),
            RecordingProblem::WriteFailed { kept, reason } => format!(
                "ghi bản thu bị lỗi giữa chừng: {}; phần đã thu được giữ ở {} và không được \
                 đưa vào thư mục chương trình\n  gợi ý: giải phóng chỗ trống trên ổ đĩa; nghe lại \
                 phần đã thu và tự chép vào thư mục chương trình nếu muốn phát",
                reason.vi(),
                shown_path(kept)
            ),
            RecordingProblem::CannotPlace {
                folder,
                kept,
                reason,
            } => format!(
                "không đưa được bản thu vào thư mục {}: {}; bản thu đầy đủ được giữ ở {}\n  \
                 gợi ý: kiểm tra thư mục chương trình (ổ đĩa còn cắm, còn chỗ trống, ghi được), \
                 rồi tự chép bản thu vào đó",
                shown_path(folder),
                reason.vi(),
                shown_path(kept)
            ),
            RecordingProblem::NothingReceived { why } => match why {
                Some(why) => format!(
                    "không thu được chút âm thanh nào nên không có file nào được tạo: {}",
                    why.vi()
                ),
                None => {
                    "không thu được chút âm thanh nào nên không có file nào được tạo".to_string()
                }
            },
            RecordingProblem::Interrupted { kept } => format!(
                "một bản thu bị ngắt khi wardcast dừng được giữ ở {}; bản này chưa đủ nên \
                 không được đưa vào thư mục chương trình",
                shown_path(kept)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            RecordingProblem::CannotStart { folder, reason } => format!(
                "cannot write the recording into {}: {}; this recording is not made\n  what to \
                 do: free space on the disk, or let the user wardcast runs as write in the data \
                 folder",
                shown_path(folder),
                reason.en()
            ),
            RecordingProblem::WriteFailed { kept, reason } => format!(
                "writing the recording failed part-way: {}; what was recorded is kept at {} and \
                 was not put in the programme folder\n  what to do: free space on the disk; \
                 listen to the part kept and copy it into the programme folder yourself if it \
                 should air",
                reason.en(),
                shown_path(kept)
            ),
            RecordingProblem::CannotPlace {
                folder,
                kept,
                reason,
            } => format!(
                "cannot put the recording into {}: {}; the whole recording is kept at {}\n  \
                 what to do: check the programme folder (disk plugged in, space left, \
                 writable), then copy the recording into it yourself",
                shown_path(folder),
                reason.en(),
                shown_path(kept)
            ),
            RecordingProblem::NothingReceived { why } => match why {
                Some(why) => format!(
                    "nothing was received from the source, so no file was made: {}",
                    why.en()
                ),
                None => "nothing was received from the source, so no file was made".to_string(),
            },
            RecordingProblem::Interrupted { kept } => format!(
                "a recording cut off when wardcast stopped is kept at {}; it is incomplete, so \
                 it was not put in a programme folder",
                shown_path(kept)
            ),
        }
    }
}

/// A recording saved in its programme folder, as the daemon's log tells it.
#[derive(Debug, Clone, PartialEq, strum::EnumIter)]
pub enum RecordingNote {
    /// Whole: the source was heard from start to end.
    Saved { file: PathBuf, seconds: u64 },
    /// With holes: `missing_seconds` in `gaps` stretches had nothing from the source and
    /// are left out of the file.
    SavedWithGaps {
        file: PathBuf,
        seconds: u64,
        gaps: usize,
        missing_seconds: u64,
    },
}

// Every variant carries data, so none can be the derived default.
impl Default for RecordingNote {
    fn default() -> Self {
        RecordingNote::Saved {
            file: PathBuf::new(),
            seconds: 0,
        }
    }
}

impl Say for RecordingNote {
    fn vi(&self) -> String {
        match self {
            RecordingNote::Saved { file, seconds } => {
                format!("đã thu xong {} ({seconds} giây)", shown_path(file))
            }
            RecordingNote::SavedWithGaps {
                file,
                seconds,
                gaps,
                missing_seconds,
            } => format!(
                "đã thu xong {} ({seconds} giây) nhưng thiếu {missing_seconds} giây ở {gaps} \
                 chỗ vì đài nguồn bị mất tín hiệu; phần thiếu không có trong file",
                shown_path(file)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            RecordingNote::Saved { file, seconds } => {
                format!("recorded {} ({seconds} s)", shown_path(file))
            }
            RecordingNote::SavedWithGaps {
                file,
                seconds,
                gaps,
                missing_seconds,
            } => format!(
                "recorded {} ({seconds} s), missing {missing_seconds} s in {gaps} places where \
                 the source was lost; the missing parts are not in the file",
                shown_path(file)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_recording_message_is_said_in_both_languages() {
        super::super::assert_said_in_both::<RecordingProblem>();
        super::super::assert_said_in_both::<RecordingNote>();
    }

    #[test]
    fn an_io_failure_is_told_plainly_when_it_can_be() {
        let full = IoCause::from(&io::Error::from(io::ErrorKind::StorageFull));
        assert_eq!(full.say(Lang::Vi), "ổ đĩa đã đầy");
        assert_eq!(full.say(Lang::En), "the disk is full");
        let odd = IoCause::from(&io::Error::other("the cable\nlet go"));
        assert_eq!(odd.say(Lang::En), "the cable\\nlet go");
    }

    #[test]
    fn nothing_received_names_the_source_s_fault() {
        let message = RecordingProblem::NothingReceived {
            why: Some(ReceiveProblem::PlaylistStalled),
        };
        assert!(message
            .say(Lang::En)
            .ends_with("the station may have stopped"));
        assert!(message.say(Lang::Vi).contains("không có đoạn mới"));
    }
}
