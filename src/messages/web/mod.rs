//! The web console's words: the frame every page shares (its menu, its title, the
//! problems any page can answer), here; each page's own words in the file named after it.
//! Pages put these in HTML through the template's escaping, so no words here are HTML.

pub mod announce;
pub mod auth;
pub mod library;
pub mod log;
pub mod overview;

use super::Say;

pub mod reports;
pub mod schedule;

/// The console's pages, as its menu names them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum Nav {
    #[default]
    Overview,
    Library,
    Schedule,
    Log,
    Reports,
    Announce,
}

impl Nav {
    /// Every page, in the menu's order.
    pub const ALL: [Nav; 6] = [
        Nav::Overview,
        Nav::Library,
        Nav::Schedule,
        Nav::Log,
        Nav::Reports,
        Nav::Announce,
    ];

    /// The page's address.
    pub const fn path(self) -> &'static str {
        match self {
            Nav::Overview => "/",
            Nav::Library => "/library",
            Nav::Schedule => "/schedule",
            Nav::Log => "/log",
            Nav::Reports => "/reports",
            Nav::Announce => "/announce",
        }
    }
}

impl Say for Nav {
    fn vi(&self) -> String {
        match self {
            Nav::Overview => "Tổng quan",
            Nav::Library => "Thư viện",
            Nav::Schedule => "Lịch",
            Nav::Log => "Nhật ký",
            Nav::Reports => "Báo cáo",
            Nav::Announce => "Phát khẩn",
        }
        .into()
    }

    fn en(&self) -> String {
        match self {
            Nav::Overview => "Overview",
            Nav::Library => "Library",
            Nav::Schedule => "Schedule",
            Nav::Log => "Log",
            Nav::Reports => "Reports",
            Nav::Announce => "Announce",
        }
        .into()
    }
}

/// Words of the frame around every page.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum Frame {
    #[default]
    Product,
    /// Who is signed in, and as what.
    SignedInAs {
        user: String,
        officer: bool,
    },
    SignOut,
    /// Shown while the page's live updates are cut off (the daemon stopped or restarted).
    Disconnected,
    /// Shown when the page is read without JavaScript: it is right as of then.
    NoScript,
}

impl Say for Frame {
    fn vi(&self) -> String {
        match self {
            Frame::Product => "wardcast – phát thanh phường".into(),
            Frame::SignedInAs { user, officer } => format!(
                "{user} ({})",
                if *officer {
                    "cán bộ phụ trách"
                } else {
                    "chỉ xem"
                }
            ),
            Frame::SignOut => "Đăng xuất".into(),
            Frame::Disconnected => {
                "Mất kết nối với wardcast: trang sẽ tự cập nhật lại khi wardcast chạy trở lại."
                    .into()
            }
            Frame::NoScript => {
                "Trình duyệt đang tắt JavaScript: trang không tự cập nhật, hãy tải lại trang \
                 để xem mới nhất."
                    .into()
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Frame::Product => "wardcast – ward radio".into(),
            Frame::SignedInAs { user, officer } => {
                format!("{user} ({})", if *officer { "officer" } else { "viewer" })
            }
            Frame::SignOut => "Sign out".into(),
            Frame::Disconnected => {
                "Lost touch with wardcast: the page updates again once wardcast is back.".into()
            }
            Frame::NoScript => "JavaScript is off: the page does not update by itself; reload \
                                it to see the latest."
                .into(),
        }
    }
}

/// What any page or action can answer instead of doing what was asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum ConsoleProblem {
    /// Not signed in (a request without a session, or one that has ended).
    #[default]
    NotSignedIn,
    /// A viewer asked for what only an officer may do.
    OfficersOnly,
    /// A form without the token of the page it came from.
    StaleForm,
    NotFound,
    /// Too many failed sign-ins from here: wait this many seconds.
    TooManyAttempts {
        seconds: u64,
    },
    /// A request the console cannot use, with why.
    BadRequest {
        why: String,
    },
    /// An upload over the limit, in MB.
    TooLarge {
        megabytes: u64,
    },
    /// The station is stopping or its library keeper is not answering.
    StationBusy,
    /// Something inside failed; what, in the words of where it failed.
    Failed {
        detail: String,
    },
    /// The heading of a page that says one of these.
    Heading,
    BackHome,
}

impl Say for ConsoleProblem {
    fn vi(&self) -> String {
        match self {
            ConsoleProblem::NotSignedIn => "Bạn chưa đăng nhập hoặc phiên làm việc đã hết: hãy \
                                            đăng nhập lại."
                .into(),
            ConsoleProblem::OfficersOnly => "Tài khoản chỉ xem không làm được việc này: hãy \
                                             đăng nhập bằng tài khoản cán bộ phụ trách."
                .into(),
            ConsoleProblem::StaleForm => "Biểu mẫu đã cũ hoặc không gửi từ trang của wardcast: \
                                          hãy tải lại trang rồi làm lại."
                .into(),
            ConsoleProblem::NotFound => "Không có trang này.".into(),
            ConsoleProblem::TooManyAttempts { seconds } => {
                format!("Đăng nhập sai quá nhiều lần: hãy chờ {seconds} giây rồi thử lại.")
            }
            ConsoleProblem::BadRequest { why } => format!("Không làm được: {why}"),
            ConsoleProblem::TooLarge { megabytes } => format!(
                "File lớn hơn {megabytes} MB nên không nhận: hãy nén lại (ví dụ MP3) hoặc sửa \
                 max_upload_megabytes trong mục [web] của cấu hình."
            ),
            ConsoleProblem::StationBusy => {
                "wardcast đang bận hoặc đang dừng: hãy thử lại sau ít phút.".into()
            }
            ConsoleProblem::Failed { detail } => format!("Có lỗi bên trong wardcast: {detail}"),
            ConsoleProblem::Heading => "Không làm được việc này".into(),
            ConsoleProblem::BackHome => "Về trang tổng quan".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            ConsoleProblem::NotSignedIn => {
                "You are not signed in, or your session has ended: sign in again.".into()
            }
            ConsoleProblem::OfficersOnly => {
                "A viewer account cannot do this: sign in with an officer's account.".into()
            }
            ConsoleProblem::StaleForm => "The form is stale or did not come from wardcast's \
                                          page: reload the page and try again."
                .into(),
            ConsoleProblem::NotFound => "There is no such page.".into(),
            ConsoleProblem::TooManyAttempts { seconds } => {
                format!("Too many wrong sign-ins: wait {seconds} seconds and try again.")
            }
            ConsoleProblem::BadRequest { why } => format!("Cannot do this: {why}"),
            ConsoleProblem::TooLarge { megabytes } => format!(
                "The file is larger than {megabytes} MB, so it was refused: compress it (as \
                 MP3, say) or raise max_upload_megabytes in the configuration's [web]."
            ),
            ConsoleProblem::StationBusy => {
                "wardcast is busy or stopping: try again in a few minutes.".into()
            }
            ConsoleProblem::Failed { detail } => {
                format!("Something failed inside wardcast: {detail}")
            }
            ConsoleProblem::Heading => "This could not be done".into(),
            ConsoleProblem::BackHome => "Back to the overview".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<Nav>();
        crate::messages::assert_said_in_both::<Frame>();
        crate::messages::assert_said_in_both::<ConsoleProblem>();
    }
}
