//! The sign-in page's words.

use crate::messages::Say;

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

#[cfg(test)]
mod tests {
    #[test]
    fn the_sign_in_words_are_said_in_both_languages() {
        crate::messages::assert_said_in_both::<super::SignInWords>();
    }
}
