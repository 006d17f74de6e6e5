//! The words of the printable report page. Each renders as a piece of HTML: the words
//! with their emphasis, and any text from outside wardcast (the period as written, the
//! station's and programmes' names, the log check's words) escaped.

use std::borrow::Cow;

use super::report::count;
use super::{Lang, Say};

/// Text escaped for HTML content and attribute values.
pub fn escaped(text: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(text)
}

/// Appends `text` to `out`, escaped as [`escaped`] does.
pub fn push_escaped(text: &str, out: &mut String) {
    html_escape::encode_quoted_attribute_to_string(text, out);
}

/// The words of the report page.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum PageWords {
    /// The page's `lang` attribute.
    #[default]
    LanguageCode,
    /// The page's `<title>`.
    DocumentTitle {
        label: String,
        station: String,
    },
    Heading,
    /// The period under the heading: `first` and `last` written `dd/mm/yyyy`.
    PeriodLine {
        label: String,
        first: String,
        last: String,
        zone: String,
    },
    Programmes,
    Monthly,
    NoMonthly,
    /// A monthly programme's months: `aired` of the `due` ones.
    AiredIn {
        title: String,
        aired: usize,
        due: usize,
    },
    NoMonthMissed,
    MonthsNotAired,
    Months,
    ChartLabel,
    ChartPlanned,
    Check,
    LastRecord {
        records: u64,
    },
    LastIntactHash,
    HowToCompare {
        records: u64,
    },
    NotInFull,
    NotInFullNote,
    List {
        airings: u64,
    },
    /// The list's heading when the period received anything: its airings, then its
    /// recordings and downloads.
    ListWithReceived {
        airings: u64,
        received: u64,
    },
    NoRows,
    /// The closing note: when the page was made, `dd/mm/yyyy hh:mm:ss`.
    Made {
        at: String,
        zone: String,
    },
}

impl Say for PageWords {
    fn vi(&self) -> String {
        let lang = Lang::Vi;
        match self {
            PageWords::LanguageCode => "vi".to_string(),
            PageWords::DocumentTitle { label, station } => format!(
                "Báo cáo kết quả phát sóng {} – {}",
                escaped(label),
                escaped(station)
            ),
            PageWords::Heading => "Báo cáo kết quả phát sóng".to_string(),
            PageWords::PeriodLine {
                label,
                first,
                last,
                zone,
            } => format!(
                "Kỳ báo cáo <b>{}</b>: từ ngày <b>{first}</b> đến ngày <b>{last}</b> \
                 (giờ {zone})",
                escaped(label)
            ),
            PageWords::Programmes => "1. Tổng hợp theo chương trình".to_string(),
            PageWords::Monthly => "2. Chuyên mục phát hằng tháng (Cải cách hành chính)".to_string(),
            PageWords::NoMonthly => "Cấu hình của đài không có chương trình phát theo tháng \
                                     (pick = \"month\")."
                .to_string(),
            PageWords::AiredIn { title, aired, due } => format!(
                "<b>{}</b>: phát trong <b>{aired}/{due}</b> tháng của kỳ",
                escaped(title)
            ),
            PageWords::NoMonthMissed => "Không tháng nào bị bỏ lỡ.".to_string(),
            PageWords::MonthsNotAired => "Tháng không phát:".to_string(),
            PageWords::Months => "3. Theo tháng: số buổi theo lịch và số buổi đã phát".to_string(),
            PageWords::ChartLabel => "Số buổi theo lịch và số buổi đã phát theo tháng".to_string(),
            PageWords::ChartPlanned => "Theo lịch".to_string(),
            PageWords::Check => "4. Xác thực nhật ký phát sóng".to_string(),
            PageWords::LastRecord { records } => {
                format!("Mã kiểm tra (SHA-256) của bản ghi cuối (bản ghi số {records}):")
            }
            PageWords::LastIntactHash => {
                "mã kiểm tra của bản ghi nguyên vẹn cuối cùng:".to_string()
            }
            PageWords::HowToCompare { records } => format!(
                "Cách đối chiếu: mỗi bản ghi của nhật ký mang mã của bản ghi trước nó. \
                 Trên máy của đài, lệnh <code>wardcast verify --record {records}</code> phải \
                 báo nhật ký nguyên vẹn và in đúng mã trên cho bản ghi số đó; nếu một lần phát \
                 trong báo cáo này bị sửa hay xoá sau khi lập báo cáo, mã sẽ không còn khớp."
            ),
            PageWords::NotInFull => "5. Các buổi không phát trọn vẹn".to_string(),
            PageWords::NotInFullNote => {
                "Buổi bị bỏ lỡ, bị lỗi, bị ngắt hoặc chưa ghi nhận kết thúc, kèm lý do.".to_string()
            }
            PageWords::List { airings } => {
                format!("6. Danh sách các lần phát ({} lần)", count(*airings, lang))
            }
            PageWords::ListWithReceived { airings, received } => format!(
                "6. Danh sách các lần phát ({} lần) và các lần thu, tải về ({} lần)",
                count(*airings, lang),
                count(*received, lang)
            ),
            PageWords::NoRows => "Không có.".to_string(),
            PageWords::Made { at, zone } => format!(
                "Lập bằng wardcast lúc {at} từ nhật ký phát sóng của đài. Số buổi theo lịch \
                 tính từ lịch phát trong cấu hình hiện tại; mọi thời điểm theo giờ {zone}."
            ),
        }
    }

    fn en(&self) -> String {
        let lang = Lang::En;
        match self {
            PageWords::LanguageCode => "en".to_string(),
            PageWords::DocumentTitle { label, station } => {
                format!("Broadcast report {} – {}", escaped(label), escaped(station))
            }
            PageWords::Heading => "Broadcast report".to_string(),
            PageWords::PeriodLine {
                label,
                first,
                last,
                zone,
            } => format!(
                "Reporting period <b>{}</b>: <b>{first}</b> to <b>{last}</b> inclusive \
                 ({zone} time)",
                escaped(label)
            ),
            PageWords::Programmes => "1. By programme".to_string(),
            PageWords::Monthly => "2. Monthly programmes (administrative reform)".to_string(),
            PageWords::NoMonthly => "The station's configuration has no monthly programme \
                                     (pick = \"month\")."
                .to_string(),
            PageWords::AiredIn { title, aired, due } => format!(
                "<b>{}</b>: aired in <b>{aired}</b> of the <b>{due}</b> months it was due",
                escaped(title)
            ),
            PageWords::NoMonthMissed => "No month was missed.".to_string(),
            PageWords::MonthsNotAired => "Months not aired:".to_string(),
            PageWords::Months => "3. By month: scheduled and aired".to_string(),
            PageWords::ChartLabel => "Scheduled and aired slots by month".to_string(),
            PageWords::ChartPlanned => "Scheduled".to_string(),
            PageWords::Check => "4. Check of the airing log".to_string(),
            PageWords::LastRecord { records } => {
                format!("SHA-256 of the last record (record {records}):")
            }
            PageWords::LastIntactHash => "SHA-256 of the last intact record:".to_string(),
            PageWords::HowToCompare { records } => format!(
                "How to check: each record of the log carries the hash of the one before it. \
                 On the station's computer, <code>wardcast verify --record {records}</code> \
                 must say the log is intact and print the hash above for that record; if an \
                 airing in this report is changed or deleted after the report was made, the \
                 hash no longer matches."
            ),
            PageWords::NotInFull => "5. Airings that did not air in full".to_string(),
            PageWords::NotInFullNote => "Airings missed, failed, cut off or with no end \
                                         recorded yet, with the reason."
                .to_string(),
            PageWords::List { airings } => {
                format!("6. Every airing ({} airings)", count(*airings, lang))
            }
            PageWords::ListWithReceived { airings, received } => format!(
                "6. Every airing ({} airings), recording and download ({})",
                count(*airings, lang),
                count(*received, lang)
            ),
            PageWords::NoRows => "None.".to_string(),
            PageWords::Made { at, zone } => format!(
                "Made by wardcast at {at} from the station's airing log. Scheduled slots are \
                 counted from the station's current schedule; all times are {zone} time."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_word_is_said_in_both_languages() {
        super::super::assert_said_in_both::<PageWords>();
    }

    #[test]
    fn outside_text_is_escaped_for_the_page() {
        assert_eq!(
            escaped("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        let title = PageWords::AiredIn {
            title: "<i>CCHC</i>".to_string(),
            aired: 2,
            due: 3,
        };
        assert_eq!(
            title.vi(),
            "<b>&lt;i&gt;CCHC&lt;/i&gt;</b>: phát trong <b>2/3</b> tháng của kỳ"
        );
    }
}
