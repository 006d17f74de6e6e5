//! The running station's words: its answers to `wardcast play --now`, and the sentences of
//! its log that tell the officer what is wrong or what it does about it. (The log's short
//! event labels, such as "on air" or "file picked", are fixed English keys that scripts
//! look for, and its field names stay as they are.)

use std::path::PathBuf;

use super::{shown, shown_path, Say};
use crate::reason::Urgency;

/// The station's answer to an announcement handed in by `wardcast play --now`.
#[derive(Debug, Clone, Default, PartialEq, strum::EnumIter)]
pub enum Reply {
    /// Accepted: when it will air.
    WillAir { name: String, urgency: Urgency },
    /// Refused: wardcast is stopping.
    #[default]
    Stopping,
    /// Refused: as many announcements as may wait are waiting.
    Full { waiting: usize },
    /// Refused: the file cannot be aired, for `why`.
    CannotPlay { file: PathBuf, why: String },
    /// Refused: checking the file failed inside wardcast.
    CheckFailed { detail: String },
    /// The station went away before it answered.
    Gone,
    /// The request was not one wardcast reads.
    NotUnderstood { detail: String },
}

impl Say for Reply {
    fn vi(&self) -> String {
        match self {
            Reply::WillAir { name, urgency } => format!(
                "{} sẽ phát {}",
                shown(name),
                match urgency {
                    Urgency::Emergency => "ngay, ngắt chương trình đang phát",
                    Urgency::Priority => "ngay khi chương trình đang phát kết thúc",
                    Urgency::Normal => "khi không có chương trình nào khác đến giờ",
                }
            ),
            Reply::Stopping => "wardcast đang dừng nên không nhận thêm thông báo; hãy gửi lại \
                                khi wardcast chạy"
                .into(),
            Reply::Full { waiting } => format!(
                "đã có {waiting} thông báo đang chờ phát; hãy gửi lại thông báo này khi chúng \
                 đã phát xong"
            ),
            Reply::CannotPlay { file, why } => {
                format!("{} không phát được: {why}", shown_path(file))
            }
            Reply::CheckFailed { detail } => format!("không kiểm tra được file: {detail}"),
            Reply::Gone => "wardcast đang dừng".into(),
            Reply::NotUnderstood { detail } => {
                format!("wardcast không hiểu yêu cầu này: {detail}")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Reply::WillAir { name, urgency } => format!(
                "{} will air {}",
                shown(name),
                match urgency {
                    Urgency::Emergency => "now, cutting in",
                    Urgency::Priority => "as soon as the airing on air ends",
                    Urgency::Normal => "when nothing else is due",
                }
            ),
            Reply::Stopping => "wardcast is stopping and takes no more announcements; send it \
                                again once wardcast runs"
                .into(),
            Reply::Full { waiting } => format!(
                "{waiting} announcements are already waiting to air; send this one again when \
                 they have aired"
            ),
            Reply::CannotPlay { file, why } => {
                format!("{} cannot be played: {why}", shown_path(file))
            }
            Reply::CheckFailed { detail } => format!("the file could not be checked: {detail}"),
            Reply::Gone => "wardcast is stopping".into(),
            Reply::NotUnderstood { detail } => {
                format!("not a request wardcast understands: {detail}")
            }
        }
    }
}

/// A sentence of the station's log: a problem and what wardcast does about it, or what the
/// officer can do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum Note {
    #[default]
    SoundCardRetry,
    SoundCardBack,
    FileChanged,
    FileLeftOut,
    IndexNotUpdated,
    NewFile,
    WarningsUnchecked,
    FoldersUnwatched,
    OnAirNoteUnwritten,
    AliveNoteUnwritten,
    SpareUnusable,
    WitnessBehind,
    LogUnreadable,
    AnnouncementsUnreceivable,
    AnnouncementNotAired,
    ConfigKept,
    ConfigUnwatched,
    /// The console could not listen where `[web] listen` says.
    ConsoleUnavailable,
    /// The console is open to other machines without HTTPS.
    ConsoleInTheClear,
}

impl Say for Note {
    fn vi(&self) -> String {
        match self {
            Note::SoundCardRetry => "không dùng được card âm thanh; đang thử lại",
            Note::SoundCardBack => "card âm thanh đã dùng lại được",
            Note::FileChanged => "file đã thay đổi sau khi được kiểm tra; đang kiểm tra lại",
            Note::FileLeftOut => "không đọc được file để phát; khung giờ này sẽ không dùng file đó",
            Note::IndexNotUpdated => "không cập nhật được danh mục file âm thanh",
            Note::NewFile => "có file mới, đang chờ chép xong",
            Note::WarningsUnchecked => "không đọc được nhật ký để kiểm tra các khung giờ sắp tới",
            Note::FoldersUnwatched => {
                "không theo dõi được các thư mục âm thanh; sẽ đọc lại chúng mỗi 5 giây"
            }
            Note::OnAirNoteUnwritten => "không ghi được ghi chú về chương trình đang phát",
            Note::AliveNoteUnwritten => "không ghi được ghi chú wardcast đang chạy",
            Note::SpareUnusable => {
                "chưa dùng được thư mục dự phòng: chưa có bản sao tệp đối chứng và chưa ghi \
                 tạm các bản ghi đang chờ cho đến khi dùng được; hãy kiểm tra ổ đĩa của nó đã \
                 được cắm"
            }
            Note::WitnessBehind => {
                "chưa cập nhật được tệp đối chứng của nhật ký phát sóng; sẽ cập nhật ở bản ghi \
                 tiếp theo ghi được"
            }
            Note::LogUnreadable => "không đọc được nhật ký phát sóng; hãy chạy `wardcast verify`",
            Note::AnnouncementsUnreceivable => {
                "không nhận được thông báo gửi bằng `wardcast play --now`"
            }
            Note::AnnouncementNotAired => "thông báo không được phát: wardcast đang dừng",
            Note::ConfigKept => "file cấu hình vừa sửa có lỗi; vẫn dùng cấu hình đang chạy",
            Note::ConfigUnwatched => {
                "sẽ không nhận ra khi file cấu hình thay đổi; hãy gửi SIGHUP để nạp lại"
            }
            Note::ConsoleUnavailable => {
                "không mở được trang quản lý trên web ở địa chỉ này (cổng đã có chương trình \
                 khác dùng?); wardcast vẫn phát bình thường. Hãy đổi listen trong mục [web] \
                 của cấu hình sang cổng khác, ví dụ \"127.0.0.1:8081\""
            }
            Note::ConsoleInTheClear => {
                "trang quản lý đang mở cho các máy khác trong mạng mà không có HTTPS: mật khẩu \
                 và phiên đăng nhập đi qua mạng không mã hoá. Hãy ghi tls_cert và tls_key \
                 trong mục [web], hoặc chỉ mở cho máy này (listen = \"127.0.0.1:8080\")"
            }
        }
        .to_string()
    }

    fn en(&self) -> String {
        match self {
            Note::SoundCardRetry => "the sound card cannot be used; trying again",
            Note::SoundCardBack => "the sound card is back",
            Note::FileChanged => "the file changed after it was checked; checking it again",
            Note::FileLeftOut => "the file cannot be read for airing; it is left out of this slot",
            Note::IndexNotUpdated => "the library index could not be updated",
            Note::NewFile => "new file, waiting until it is completely copied",
            Note::WarningsUnchecked => "cannot read the log to check the coming slots",
            Note::FoldersUnwatched => {
                "the audio folders cannot be watched; reading them every 5 s instead"
            }
            Note::OnAirNoteUnwritten => "cannot write the on-air note",
            Note::AliveNoteUnwritten => "cannot write the alive note",
            Note::SpareUnusable => {
                "the spare folder cannot be used now: no copy of the witness and no journal of \
                 waiting records are kept until it can; check that its disk is plugged in"
            }
            Note::WitnessBehind => {
                "the witness file of the airing log cannot be brought up to date now; it is \
                 caught up at the next record that can be written"
            }
            Note::LogUnreadable => "the airing log cannot be read; run `wardcast verify`",
            Note::AnnouncementsUnreceivable => {
                "announcements from `wardcast play --now` cannot be received"
            }
            Note::AnnouncementNotAired => "announcement not aired: wardcast is stopping",
            Note::ConfigKept => "the changed configuration has an error; the running one is kept",
            Note::ConfigUnwatched => {
                "changes to the configuration file will not be noticed; send SIGHUP to reload"
            }
            Note::ConsoleUnavailable => {
                "the web console cannot listen at this address (is another program using \
                 the port?); wardcast airs as usual. Set another port in [web] listen, e.g. \
                 \"127.0.0.1:8081\""
            }
            Note::ConsoleInTheClear => {
                "the web console is open to other machines without HTTPS: passwords and \
                 sessions cross the network unencrypted. Set tls_cert and tls_key in [web], \
                 or open it to this PC only (listen = \"127.0.0.1:8080\")"
            }
        }
        .to_string()
    }
}

/// Why the station could not start or had to stop.
#[derive(Debug, Clone, Default, PartialEq, strum::EnumIter)]
pub enum StationProblem {
    /// Another wardcast (the daemon or a sound check) holds the data folder.
    AlreadyRunning { data: PathBuf },
    /// The data folder's lock could not be taken.
    Lock { path: PathBuf, detail: String },
    /// The bundled demo recording is gone.
    DemoMissing { path: PathBuf },
    /// The task keeping the audio folders stopped.
    #[default]
    KeeperStopped,
    /// The library index cannot be used.
    Index { detail: String },
}

impl Say for StationProblem {
    fn vi(&self) -> String {
        match self {
            StationProblem::AlreadyRunning { data } => format!(
                "một wardcast khác đang chạy trên thư mục dữ liệu {} (chương trình chạy nền, \
                 hoặc một lần phát thử); hãy tắt nó trước, hoặc gửi file cho chương trình đang \
                 chạy bằng `wardcast play --now`",
                shown_path(data)
            ),
            StationProblem::Lock { path, detail } => {
                format!("không khoá được {}: {}", shown_path(path), shown(detail))
            }
            StationProblem::DemoMissing { path } => format!(
                "không còn bản ghi mẫu {}; hãy lấy lại nó từ bộ cài wardcast",
                shown_path(path)
            ),
            StationProblem::KeeperStopped => {
                "phần theo dõi các thư mục âm thanh đã dừng; hãy khởi động lại wardcast".to_string()
            }
            StationProblem::Index { detail } => format!(
                "không dùng được chỉ mục thư viện: {}; hãy xoá tệp wardcast-library.sqlite3 \
                 trong thư mục dữ liệu (wardcast sẽ lập lại) rồi khởi động lại",
                shown(detail)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            StationProblem::AlreadyRunning { data } => format!(
                "another wardcast is already running on the data folder {} (the daemon, or a \
                 sound check); stop it first, or hand the file to the running daemon with \
                 `wardcast play --now`",
                shown_path(data)
            ),
            StationProblem::Lock { path, detail } => {
                format!("cannot lock {}: {}", shown_path(path), shown(detail))
            }
            StationProblem::DemoMissing { path } => format!(
                "the demo recording {} is missing; restore it from the wardcast repository",
                shown_path(path)
            ),
            StationProblem::KeeperStopped => {
                "the task keeping the audio folders has stopped; restart wardcast".to_string()
            }
            StationProblem::Index { detail } => format!(
                "the library index cannot be used: {}; delete wardcast-library.sqlite3 in the \
                 data folder (wardcast rebuilds it) and start again",
                shown(detail)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn every_reply_is_said_in_both_languages() {
        super::super::assert_said_in_both::<Reply>();
    }

    #[test]
    fn every_note_is_said_in_both_languages() {
        super::super::assert_said_in_both::<Note>();
    }

    #[test]
    fn every_station_problem_is_said_in_both_languages() {
        super::super::assert_said_in_both::<StationProblem>();
    }

    #[test]
    fn replies_keep_their_words_and_show_names_safely() {
        let will_air = Reply::WillAir {
            name: "báo cháy\n.mp3".into(),
            urgency: Urgency::Emergency,
        };
        assert_eq!(
            will_air.say(Lang::En),
            "báo cháy\\n.mp3 will air now, cutting in"
        );
        assert_eq!(
            Reply::Full { waiting: 16 }.say(Lang::En),
            "16 announcements are already waiting to air; send this one again when they have \
             aired"
        );
    }
}
