//! The log page's words, and what a user did in the console as the airing log words it (the
//! `reason` of a `console` record, in the station's language).

use crate::messages::Say;
use crate::reason::Urgency;

/// What a user did in the console, in words: the `reason` of its record in the log. The
/// fields are outside text, as they are (the page's template and `shown` escape them where
/// they are printed).
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum ConsoleDone {
    SignedIn {
        user: String,
        /// The address the request came from.
        from: Option<String>,
    },
    SignedOut {
        user: String,
        from: Option<String>,
    },
    Uploaded {
        user: String,
        /// The file's name.
        file: String,
        programme: String,
    },
    Withdrew {
        user: String,
        file: String,
        programme: String,
        /// Where the file was moved to.
        moved_to: Option<String>,
    },
    Announced {
        user: String,
        file: String,
        urgency: Option<Urgency>,
    },
}

impl Default for ConsoleDone {
    fn default() -> ConsoleDone {
        ConsoleDone::SignedIn {
            user: String::new(),
            from: None,
        }
    }
}

fn from_words(from: &Option<String>, word: &str) -> String {
    from.as_deref()
        .map(|from| format!(" {word} {from}"))
        .unwrap_or_default()
}

impl Say for ConsoleDone {
    fn vi(&self) -> String {
        match self {
            ConsoleDone::SignedIn { user, from } => {
                format!("{user} đăng nhập{}", from_words(from, "từ"))
            }
            ConsoleDone::SignedOut { user, from } => {
                format!("{user} đăng xuất{}", from_words(from, "từ"))
            }
            ConsoleDone::Uploaded {
                user,
                file,
                programme,
            } => format!("{user} tải lên file {file} vào chương trình {programme}"),
            ConsoleDone::Withdrew {
                user,
                file,
                programme,
                moved_to,
            } => {
                let moved = moved_to
                    .as_deref()
                    .map(|to| format!(" (chuyển vào {to})"))
                    .unwrap_or_default();
                format!("{user} rút file {file} khỏi chương trình {programme}{moved}")
            }
            ConsoleDone::Announced {
                user,
                file,
                urgency,
            } => {
                let urgency = match urgency {
                    Some(Urgency::Emergency) => " (khẩn cấp)",
                    Some(Urgency::Priority) => " (ưu tiên)",
                    Some(Urgency::Normal) => " (thường)",
                    None => "",
                };
                format!("{user} yêu cầu phát khẩn {file}{urgency}")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            ConsoleDone::SignedIn { user, from } => {
                format!("{user} signed in{}", from_words(from, "from"))
            }
            ConsoleDone::SignedOut { user, from } => {
                format!("{user} signed out{}", from_words(from, "from"))
            }
            ConsoleDone::Uploaded {
                user,
                file,
                programme,
            } => format!("{user} uploaded the file {file} into the programme {programme}"),
            ConsoleDone::Withdrew {
                user,
                file,
                programme,
                moved_to,
            } => {
                let moved = moved_to
                    .as_deref()
                    .map(|to| format!(" (moved to {to})"))
                    .unwrap_or_default();
                format!("{user} withdrew the file {file} from the programme {programme}{moved}")
            }
            ConsoleDone::Announced {
                user,
                file,
                urgency,
            } => {
                let urgency = match urgency {
                    Some(Urgency::Emergency) => " (emergency)",
                    Some(Urgency::Priority) => " (priority)",
                    Some(Urgency::Normal) => " (normal)",
                    None => "",
                };
                format!("{user} asked to announce {file} now{urgency}")
            }
        }
    }
}

/// The log page's own words (and the heading `wardcast log` puts above the console's
/// records).
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum LogWords {
    /// The heading of the console's records.
    #[default]
    ConsoleHeading,
}

impl Say for LogWords {
    fn vi(&self) -> String {
        match self {
            LogWords::ConsoleHeading => "Việc làm trên bảng điều khiển web".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            LogWords::ConsoleHeading => "Done in the web console".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn what_a_user_did_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<ConsoleDone>();
        crate::messages::assert_said_in_both::<LogWords>();
        let withdrew = ConsoleDone::Withdrew {
            user: "nguyenvana".into(),
            file: "tin.mp3".into(),
            programme: "news".into(),
            moved_to: Some("/var/lib/wardcast/withdrawn/tin.mp3".into()),
        };
        assert_eq!(
            withdrew.say(Lang::Vi),
            "nguyenvana rút file tin.mp3 khỏi chương trình news \
             (chuyển vào /var/lib/wardcast/withdrawn/tin.mp3)"
        );
        let signed_in = ConsoleDone::SignedIn {
            user: "nguyenvana".into(),
            from: Some("192.168.1.20".into()),
        };
        assert_eq!(
            signed_in.say(Lang::Vi),
            "nguyenvana đăng nhập từ 192.168.1.20"
        );
    }
}
