//! The sign-in page's words, and why the console could not be served over HTTPS.

use std::path::PathBuf;

use crate::messages::{shown_path, Say};

/// What the sign-in page says.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum SignInWords {
    #[default]
    Title,
    Name,
    Password,
    Submit,
    /// No user exists yet: how to create the first.
    NoUsers,
    /// The name or the password is wrong (which one is not said).
    Wrong,
    /// The users file cannot be read: nobody can sign in until it is repaired.
    UsersUnreadable {
        detail: String,
    },
}

impl Say for SignInWords {
    fn vi(&self) -> String {
        match self {
            SignInWords::Title => "Đăng nhập".into(),
            SignInWords::Name => "Tên đăng nhập".into(),
            SignInWords::Password => "Mật khẩu".into(),
            SignInWords::Submit => "Đăng nhập".into(),
            SignInWords::NoUsers => "Chưa có tài khoản nào. Trên máy tính của đài, mở cửa sổ \
                                     lệnh và gõ: wardcast user add TÊN (ví dụ: wardcast user \
                                     add nguyenvana), nhập mật khẩu hai lần, rồi đăng nhập ở \
                                     đây."
                .into(),
            SignInWords::Wrong => "Tên đăng nhập hoặc mật khẩu không đúng.".into(),
            SignInWords::UsersUnreadable { detail } => {
                format!("Chưa đăng nhập được: {detail}")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            SignInWords::Title => "Sign in".into(),
            SignInWords::Name => "User name".into(),
            SignInWords::Password => "Password".into(),
            SignInWords::Submit => "Sign in".into(),
            SignInWords::NoUsers => "There is no account yet. On the station PC, open a \
                                     command window and type: wardcast user add NAME (for \
                                     example: wardcast user add nguyenvana), type the \
                                     password twice, then sign in here."
                .into(),
            SignInWords::Wrong => "The user name or the password is wrong.".into(),
            SignInWords::UsersUnreadable { detail } => {
                format!("Nobody can sign in yet: {detail}")
            }
        }
    }
}

/// Why the console could not be served over HTTPS (in the daemon's log).
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum HttpsProblem {
    /// The certificate or the key cannot be read or used.
    #[default]
    Unusable,
    UnusableFiles {
        cert: PathBuf,
        key: PathBuf,
        detail: String,
    },
}

impl Say for HttpsProblem {
    fn vi(&self) -> String {
        match self {
            HttpsProblem::Unusable => "Trang quản lý không chạy vì không bật được HTTPS; đài \
                                       vẫn phát bình thường."
                .into(),
            HttpsProblem::UnusableFiles { cert, key, detail } => format!(
                "{} Không dùng được chứng chỉ {} và khoá {} ({detail}): hãy kiểm tra tls_cert \
                 và tls_key trong mục [web] của cấu hình (hai file PEM, khoá phải đúng với \
                 chứng chỉ) rồi khởi động lại wardcast.",
                HttpsProblem::Unusable.vi(),
                shown_path(cert),
                shown_path(key)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            HttpsProblem::Unusable => "The web console is not running: HTTPS could not be \
                                       set up; the station airs as usual."
                .into(),
            HttpsProblem::UnusableFiles { cert, key, detail } => format!(
                "{} The certificate {} and key {} cannot be used ({detail}): check tls_cert \
                 and tls_key in the configuration's [web] (two PEM files, the key matching \
                 the certificate), then restart wardcast.",
                HttpsProblem::Unusable.en(),
                shown_path(cert),
                shown_path(key)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sign_in_words_are_said_in_both_languages() {
        crate::messages::assert_said_in_both::<super::SignInWords>();
        crate::messages::assert_said_in_both::<super::HttpsProblem>();
    }
}
