//! Why a scheduled download was not saved, in the officer's words: each says what happened
//! and what to do. A refused download leaves nothing in the programme folder.

use super::io::IoProblem;
use super::library::FileProblem;
use super::{shown, Say};

/// Why a file (or a feed) at a `[[download]]` address was not saved.
#[derive(Debug, Clone, PartialEq, Eq, Default, strum::EnumIter)]
pub enum DownloadProblem {
    /// No connection, or it kept dropping, through every try.
    ConnectionFailed { tries: u32, detail: String },
    /// The address cannot be fetched at all (not http(s), no host).
    BadAddress { detail: String },
    /// The server answered with an HTTP error status.
    HttpStatus { status: u16 },
    /// The server sent a web page (an error or a login page) where a file was expected.
    #[default]
    WebPage,
    /// The file is itself a feed, not sound.
    Feed,
    /// The address is a feed whose items carry no sound file.
    NoAudioInFeed,
    /// Larger than the download allows: `stated` is the size the server announced; None
    /// when it announced none and the download was stopped at the limit.
    TooLarge { limit: u64, stated: Option<u64> },
    /// The file came whole but is not sound the library plays, for the library's reason.
    Unplayable(FileProblem),
    /// The file could not be written aside or moved into the folder.
    Storage {
        problem: Option<IoProblem>,
        detail: String,
    },
}

/// A size in the largest unit that keeps it a whole number worth reading; `up` rounds a
/// file's size up (never shown smaller than it is), a limit is rounded down.
fn size(bytes: u64, up: bool) -> String {
    let (unit, name) = if bytes >= 1_000_000 {
        (1_000_000, "MB")
    } else {
        (1_000, "KB")
    };
    let whole = if up {
        bytes.div_ceil(unit)
    } else {
        bytes / unit
    };
    format!("{whole} {name}")
}

impl Say for DownloadProblem {
    fn vi(&self) -> String {
        match self {
            DownloadProblem::ConnectionFailed { tries, detail } => format!(
                "không tải được sau {tries} lần thử ({}); kiểm tra mạng Internet và địa chỉ url \
                 trong [[download]]; wardcast sẽ thử lại vào lần tải theo lịch sau",
                shown(detail)
            ),
            DownloadProblem::BadAddress { detail } => format!(
                "địa chỉ url trong [[download]] không dùng được ({}); hãy sửa lại địa chỉ, bắt \
                 đầu bằng http:// hoặc https://",
                shown(detail)
            ),
            DownloadProblem::HttpStatus {
                status: status @ (404 | 410),
            } => format!(
                "máy chủ báo không có file ở địa chỉ này (HTTP {status}); kiểm tra lại địa chỉ \
                 url với đài"
            ),
            DownloadProblem::HttpStatus {
                status: status @ (401 | 403),
            } => format!(
                "máy chủ không cho tải (HTTP {status}); hỏi đài xem địa chỉ này có cần đăng \
                 nhập không"
            ),
            DownloadProblem::HttpStatus {
                status: status @ 500..=599,
            } => format!(
                "máy chủ của đài đang bị lỗi (HTTP {status}); wardcast sẽ thử lại vào lần tải \
                 theo lịch sau"
            ),
            DownloadProblem::HttpStatus { status } => {
                format!("máy chủ báo lỗi HTTP {status}; kiểm tra lại địa chỉ url với đài")
            }
            DownloadProblem::WebPage => "địa chỉ trả về một trang web (thường là trang báo lỗi \
                hoặc trang đăng nhập), không phải file âm thanh, nên không lưu; kiểm tra lại \
                địa chỉ url với đài"
                .to_string(),
            DownloadProblem::Feed => "file tải về là một kênh tin (RSS/Atom), không phải file \
                âm thanh; hãy ghi chính địa chỉ kênh tin này vào url của [[download]]"
                .to_string(),
            DownloadProblem::NoAudioInFeed => "kênh tin (RSS/Atom) ở địa chỉ này không có file \
                âm thanh nào; kiểm tra lại địa chỉ url với đài"
                .to_string(),
            DownloadProblem::TooLarge {
                limit,
                stated: Some(stated),
            } => format!(
                "file nặng {}, quá mức {} cho phép tải nên không tải; nếu đúng là file cần, hãy \
                 tăng giới hạn dung lượng của [[download]] này",
                size(*stated, true),
                size(*limit, false)
            ),
            DownloadProblem::TooLarge {
                limit,
                stated: None,
            } => format!(
                "file lớn hơn mức {} cho phép tải: đã dừng tải và không lưu gì; nếu đúng là file \
                 cần, hãy tăng giới hạn dung lượng của [[download]] này",
                size(*limit, false)
            ),
            DownloadProblem::Unplayable(problem) => {
                format!("file tải về không phát được: {}", problem.vi())
            }
            DownloadProblem::Storage { problem, detail } => format!(
                "không lưu được file tải về ({}); kiểm tra ổ đĩa và thư mục dữ liệu",
                problem.map_or_else(|| shown(detail).into_owned(), |problem| problem.vi())
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            DownloadProblem::ConnectionFailed { tries, detail } => format!(
                "could not download after {tries} tries ({}); check the internet connection and \
                 the url in [[download]]; wardcast tries again at the next scheduled time",
                shown(detail)
            ),
            DownloadProblem::BadAddress { detail } => format!(
                "the url in [[download]] cannot be used ({}); correct it: it starts with http:// \
                 or https://",
                shown(detail)
            ),
            DownloadProblem::HttpStatus {
                status: status @ (404 | 410),
            } => format!(
                "the server says there is no file at this address (HTTP {status}); check the url \
                 with the station"
            ),
            DownloadProblem::HttpStatus {
                status: status @ (401 | 403),
            } => format!(
                "the server refuses the download (HTTP {status}); ask the station whether the \
                 address needs a login"
            ),
            DownloadProblem::HttpStatus {
                status: status @ 500..=599,
            } => format!(
                "the station's server has a fault (HTTP {status}); wardcast tries again at the \
                 next scheduled time"
            ),
            DownloadProblem::HttpStatus { status } => {
                format!("the server answered HTTP error {status}; check the url with the station")
            }
            DownloadProblem::WebPage => "the address gives a web page (often an error or login \
                page), not a sound file, so nothing was saved; check the url with the station"
                .to_string(),
            DownloadProblem::Feed => "the file downloaded is a feed (RSS/Atom), not a sound \
                file; put the feed's own address as the url in [[download]]"
                .to_string(),
            DownloadProblem::NoAudioInFeed => "the feed (RSS/Atom) at this address holds no \
                sound files; check the url with the station"
                .to_string(),
            DownloadProblem::TooLarge {
                limit,
                stated: Some(stated),
            } => format!(
                "the file is {}, over the {} this download allows, so it was not downloaded; if \
                 it is the right file, raise the size limit of this [[download]]",
                size(*stated, true),
                size(*limit, false)
            ),
            DownloadProblem::TooLarge {
                limit,
                stated: None,
            } => format!(
                "the file is larger than the {} this download allows: the download was stopped \
                 and nothing was saved; if it is the right file, raise the size limit of this \
                 [[download]]",
                size(*limit, false)
            ),
            DownloadProblem::Unplayable(problem) => {
                format!("the file downloaded cannot be played: {}", problem.en())
            }
            DownloadProblem::Storage { problem, detail } => format!(
                "the download could not be saved ({}); check the disk and the data folder",
                problem.map_or_else(|| shown(detail).into_owned(), |problem| problem.en())
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn every_download_problem_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<DownloadProblem>();
    }

    #[test]
    fn statuses_and_sizes_are_said_plainly() {
        let missing = DownloadProblem::HttpStatus { status: 404 };
        assert_eq!(
            missing.say(Lang::En),
            "the server says there is no file at this address (HTTP 404); check the url with \
             the station"
        );
        assert!(missing
            .say(Lang::Vi)
            .contains("không có file ở địa chỉ này (HTTP 404)"));
        let fault = DownloadProblem::HttpStatus { status: 503 };
        assert!(fault.say(Lang::En).contains("has a fault (HTTP 503)"));
        let other = DownloadProblem::HttpStatus { status: 418 };
        assert!(other.say(Lang::Vi).starts_with("máy chủ báo lỗi HTTP 418"));
        let large = DownloadProblem::TooLarge {
            limit: 100_000_000,
            stated: Some(100_000_001),
        };
        assert!(large
            .say(Lang::En)
            .starts_with("the file is 101 MB, over the 100 MB"));
        let small = DownloadProblem::TooLarge {
            limit: 64_000,
            stated: None,
        };
        assert!(small
            .say(Lang::Vi)
            .starts_with("file lớn hơn mức 64 KB cho phép tải"));
    }

    #[test]
    fn outside_text_cannot_start_a_line() {
        let problem = DownloadProblem::ConnectionFailed {
            tries: 3,
            detail: "refused\nFAKE LINE".into(),
        };
        assert!(!problem.say(Lang::En).contains('\n'));
        let storage = DownloadProblem::Storage {
            problem: Some(IoProblem::DiskFull),
            detail: "No space left on device (os error 28)".into(),
        };
        assert_eq!(
            storage.say(Lang::En),
            "the download could not be saved (the disk is full); check the disk and the data \
             folder"
        );
    }
}
