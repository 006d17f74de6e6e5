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
/// records). Column headings, outcomes and reasons are the reports' and the CLI's.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum LogWords {
    /// The heading of the console's records.
    #[default]
    ConsoleHeading,
    Heading,
    /// The filters' labels.
    Period,
    /// Under the period's box: the forms it takes.
    PeriodHint,
    Everything,
    /// The label of the select of the usual periods.
    UsualPeriods,
    Programme,
    AllProgrammes,
    Outcome,
    AllOutcomes,
    Kind,
    /// Airings, recordings and downloads.
    KindAirings,
    /// What users did in the console.
    KindConsole,
    Show,
    Newer,
    Older,
    PageNumber {
        page: u64,
    },
    /// The summary of an airing's evidence, opened to read it.
    Evidence,
    /// An airing without measured sound (missed, or before it was measured).
    NoEvidence,
    /// The stretches where the sound card got nothing from wardcast.
    Stalls,
    /// What a relay, a recording or a download received.
    Received,
    When,
    User,
    Done,
    /// Nothing in the console's records for this choice.
    NothingDone,
    /// A page further back than the page lists: narrow the period.
    TooFarBack {
        pages: u64,
    },
    /// The usual periods of the select, by what they are.
    ThisMonth,
    LastMonth,
    ThisQuarter,
    LastQuarter,
    ThisYear,
    /// The chain's last check, above the list, when it found nothing wrong.
    ChainChecked {
        records: u64,
        at: String,
    },
    /// The chain's first check is still running.
    ChainChecking,
}

impl Say for LogWords {
    fn vi(&self) -> String {
        match self {
            LogWords::ConsoleHeading => "Việc làm trên bảng điều khiển web".into(),
            LogWords::Heading => "Nhật ký phát sóng".into(),
            LogWords::Period => "Khoảng thời gian".into(),
            LogWords::PeriodHint => {
                "Ví dụ: 2026-12 (tháng), 2026-Q4 (quý), 2026-H2 (6 tháng), 2026 (năm), hoặc \
                 2026-01-01..2026-03-31; để trống là xem tất cả."
                    .into()
            }
            LogWords::Everything => "Tất cả".into(),
            LogWords::UsualPeriods => "Hoặc chọn nhanh".into(),
            LogWords::Programme => "Chương trình".into(),
            LogWords::AllProgrammes => "Mọi chương trình".into(),
            LogWords::Outcome => "Kết quả".into(),
            LogWords::AllOutcomes => "Mọi kết quả".into(),
            LogWords::Kind => "Loại".into(),
            LogWords::KindAirings => "Lần phát, ghi âm, tải về".into(),
            LogWords::KindConsole => "Việc làm trên bảng điều khiển".into(),
            LogWords::Show => "Xem".into(),
            LogWords::Newer => "← Mới hơn".into(),
            LogWords::Older => "Cũ hơn →".into(),
            LogWords::PageNumber { page } => format!("Trang {page}"),
            LogWords::Evidence => "Bằng chứng".into(),
            LogWords::NoEvidence => "không có số đo âm thanh".into(),
            LogWords::Stalls => "Đoạn card âm thanh không nhận được gì".into(),
            LogWords::Received => "Đã nhận".into(),
            LogWords::When => "Lúc".into(),
            LogWords::User => "Người dùng".into(),
            LogWords::Done => "Việc đã làm".into(),
            LogWords::NothingDone => {
                "Không có việc nào trên bảng điều khiển trong khoảng thời gian này.".into()
            }
            LogWords::TooFarBack { pages } => format!(
                "Trang chỉ xem lùi được {pages} trang: hãy chọn khoảng thời gian ngắn hơn \
                 để xem các lần phát cũ hơn."
            ),
            LogWords::ThisMonth => "Tháng này".into(),
            LogWords::LastMonth => "Tháng trước".into(),
            LogWords::ThisQuarter => "Quý này".into(),
            LogWords::LastQuarter => "Quý trước".into(),
            LogWords::ThisYear => "Năm nay".into(),
            LogWords::ChainChecked { records, at } => {
                format!("Kiểm tra lúc {at}: nhật ký nguyên vẹn, {records} bản ghi.")
            }
            LogWords::ChainChecking => "Đang kiểm tra nhật ký…".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            LogWords::ConsoleHeading => "Done in the web console".into(),
            LogWords::Heading => "Airing log".into(),
            LogWords::Period => "Period".into(),
            LogWords::PeriodHint => "For example 2026-12 (a month), 2026-Q4 (a quarter), \
                                     2026-H2 (six months), 2026 (a year), or \
                                     2026-01-01..2026-03-31; empty shows everything."
                .into(),
            LogWords::Everything => "Everything".into(),
            LogWords::UsualPeriods => "Or pick one".into(),
            LogWords::Programme => "Programme".into(),
            LogWords::AllProgrammes => "All programmes".into(),
            LogWords::Outcome => "Outcome".into(),
            LogWords::AllOutcomes => "All outcomes".into(),
            LogWords::Kind => "Kind".into(),
            LogWords::KindAirings => "Airings, recordings, downloads".into(),
            LogWords::KindConsole => "Done in the console".into(),
            LogWords::Show => "Show".into(),
            LogWords::Newer => "← Newer".into(),
            LogWords::Older => "Older →".into(),
            LogWords::PageNumber { page } => format!("Page {page}"),
            LogWords::Evidence => "Evidence".into(),
            LogWords::NoEvidence => "no sound measured".into(),
            LogWords::Stalls => "Stretches the sound card got nothing".into(),
            LogWords::Received => "Received".into(),
            LogWords::When => "When".into(),
            LogWords::User => "User".into(),
            LogWords::Done => "What was done".into(),
            LogWords::NothingDone => "Nothing was done in the console in this period.".into(),
            LogWords::TooFarBack { pages } => format!(
                "The page goes back {pages} pages at most: pick a shorter period to see \
                 older airings."
            ),
            LogWords::ThisMonth => "This month".into(),
            LogWords::LastMonth => "Last month".into(),
            LogWords::ThisQuarter => "This quarter".into(),
            LogWords::LastQuarter => "Last quarter".into(),
            LogWords::ThisYear => "This year".into(),
            LogWords::ChainChecked { records, at } => {
                format!("Checked at {at}: the log is intact, {records} records.")
            }
            LogWords::ChainChecking => "Checking the log…".into(),
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
