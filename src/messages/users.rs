//! The words of the console's users (`wardcast user`): what `add`, `list` and `remove` say,
//! and why a name, a password or the users file was refused.

use std::path::PathBuf;

use super::{shown, shown_path, Say};

/// Why a user could not be added, changed, removed or read.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum UserProblem {
    /// A name outside what is allowed.
    #[default]
    BadName,
    /// The name typed, when it is the problem (shown after `BadName`'s rule).
    BadNameWas { name: String },
    /// A password shorter than `min` characters.
    ShortPassword { min: usize },
    /// The two passwords typed differ.
    PasswordsDiffer,
    /// Standard input ended before a password.
    NoPassword,
    /// The password could not be read (the terminal, standard input).
    ReadPassword { detail: String },
    /// No user has this name.
    Unknown { name: String },
    /// The users file is not what wardcast writes: it is left as it is.
    Damaged { path: PathBuf, detail: String },
    /// The users file could not be read.
    Read { path: PathBuf, detail: String },
    /// The users file could not be written.
    Write { path: PathBuf, detail: String },
    /// The password could not be hashed (the system's random source failed).
    Hash { detail: String },
}

impl Say for UserProblem {
    fn vi(&self) -> String {
        match self {
            UserProblem::BadName => "Tên người dùng chỉ gồm 1 đến 32 ký tự: chữ thường không \
                                     dấu a–z, chữ số 0–9 và các dấu . _ - (ví dụ: nguyenvana)."
                .into(),
            UserProblem::BadNameWas { name } => format!(
                "Không dùng được tên «{}». {}",
                shown(name),
                UserProblem::BadName.vi()
            ),
            UserProblem::ShortPassword { min } => {
                format!("Mật khẩu quá ngắn: cần ít nhất {min} ký tự.")
            }
            UserProblem::PasswordsDiffer => {
                "Hai lần nhập mật khẩu không giống nhau: hãy làm lại.".into()
            }
            UserProblem::NoPassword => "Không nhận được mật khẩu: hãy gõ mật khẩu (hoặc đưa vào \
                                        dòng đầu của đầu vào chuẩn)."
                .into(),
            UserProblem::ReadPassword { detail } => {
                format!("Không đọc được mật khẩu: {detail}")
            }
            UserProblem::Unknown { name } => format!(
                "Không có người dùng «{}»: xem danh sách bằng wardcast user list.",
                shown(name)
            ),
            UserProblem::Damaged { path, detail } => format!(
                "File người dùng {} bị hỏng ({detail}). wardcast không ghi đè lên nó: hãy sửa \
                 file đó, hoặc đổi tên nó rồi tạo lại người dùng bằng wardcast user add.",
                shown_path(path)
            ),
            UserProblem::Read { path, detail } => format!(
                "Không đọc được file người dùng {}: {detail}",
                shown_path(path)
            ),
            UserProblem::Write { path, detail } => format!(
                "Không ghi được file người dùng {}: {detail}",
                shown_path(path)
            ),
            UserProblem::Hash { detail } => format!("Không mã hoá được mật khẩu: {detail}"),
        }
    }

    fn en(&self) -> String {
        match self {
            UserProblem::BadName => "A user name is 1 to 32 characters: lowercase letters a–z \
                                     without accents, digits 0–9 and . _ - (for example: \
                                     nguyenvana)."
                .into(),
            UserProblem::BadNameWas { name } => format!(
                "The name «{}» cannot be used. {}",
                shown(name),
                UserProblem::BadName.en()
            ),
            UserProblem::ShortPassword { min } => {
                format!("The password is too short: it needs at least {min} characters.")
            }
            UserProblem::PasswordsDiffer => {
                "The two passwords typed are not the same: try again.".into()
            }
            UserProblem::NoPassword => "No password was given: type one (or give it as the \
                                        first line of standard input)."
                .into(),
            UserProblem::ReadPassword { detail } => {
                format!("The password could not be read: {detail}")
            }
            UserProblem::Unknown { name } => format!(
                "There is no user «{}»: see the list with wardcast user list.",
                shown(name)
            ),
            UserProblem::Damaged { path, detail } => format!(
                "The users file {} is damaged ({detail}). wardcast does not write over it: \
                 repair it, or rename it and create the users again with wardcast user add.",
                shown_path(path)
            ),
            UserProblem::Read { path, detail } => format!(
                "The users file {} could not be read: {detail}",
                shown_path(path)
            ),
            UserProblem::Write { path, detail } => format!(
                "The users file {} could not be written: {detail}",
                shown_path(path)
            ),
            UserProblem::Hash { detail } => format!("The password could not be hashed: {detail}"),
        }
    }
}

/// What `wardcast user` says when it works.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum UserNote {
    /// The prompt for a new password.
    #[default]
    AskPassword,
    AskAgain,
    Added {
        name: String,
        officer: bool,
    },
    /// An existing user's password was set anew (and their role, when given).
    Changed {
        name: String,
        officer: bool,
    },
    Removed {
        name: String,
    },
    /// `list` with no users yet.
    NoUsers,
    /// The heading of `list`'s columns.
    ListHeading,
    /// A role as `list` shows it.
    Role {
        officer: bool,
    },
}

impl Say for UserNote {
    fn vi(&self) -> String {
        match self {
            UserNote::AskPassword => "Mật khẩu mới: ".into(),
            UserNote::AskAgain => "Nhập lại mật khẩu: ".into(),
            UserNote::Added { name, officer } => format!(
                "Đã tạo người dùng «{}» ({}). Người đó đăng nhập vào trang quản lý bằng tên \
                 và mật khẩu này.",
                shown(name),
                UserNote::Role { officer: *officer }.vi()
            ),
            UserNote::Changed { name, officer } => format!(
                "Người dùng «{}» đã có: đã đặt mật khẩu mới ({}). Các phiên đăng nhập cũ của \
                 người đó đã kết thúc.",
                shown(name),
                UserNote::Role { officer: *officer }.vi()
            ),
            UserNote::Removed { name } => format!(
                "Đã xoá người dùng «{}»: người đó không đăng nhập được nữa.",
                shown(name)
            ),
            UserNote::NoUsers => "Chưa có người dùng nào: tạo người dùng bằng wardcast user \
                                  add TÊN."
                .into(),
            UserNote::ListHeading => "Tên | Vai trò | Ngày tạo".into(),
            UserNote::Role { officer } => if *officer {
                "cán bộ phụ trách"
            } else {
                "chỉ xem"
            }
            .into(),
        }
    }

    fn en(&self) -> String {
        match self {
            UserNote::AskPassword => "New password: ".into(),
            UserNote::AskAgain => "Type the password again: ".into(),
            UserNote::Added { name, officer } => format!(
                "User «{}» created ({}). They sign in to the console with this name and \
                 password.",
                shown(name),
                UserNote::Role { officer: *officer }.en()
            ),
            UserNote::Changed { name, officer } => format!(
                "User «{}» already existed: their password was set anew ({}). Their earlier \
                 sign-ins have ended.",
                shown(name),
                UserNote::Role { officer: *officer }.en()
            ),
            UserNote::Removed { name } => format!(
                "User «{}» removed: they can no longer sign in.",
                shown(name)
            ),
            UserNote::NoUsers => "There are no users yet: create one with wardcast user add \
                                  NAME."
                .into(),
            UserNote::ListHeading => "Name | Role | Created".into(),
            UserNote::Role { officer } => if *officer { "officer" } else { "viewer" }.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_words_are_said_in_both_languages() {
        crate::messages::assert_said_in_both::<UserProblem>();
        crate::messages::assert_said_in_both::<UserNote>();
    }
}
