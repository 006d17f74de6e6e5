//! The words of the reports themselves (CSV, workbook and page): column headings, the words
//! in the cells of an airing, a recording or a download, the workbook's sheet names and
//! summary labels, and how numbers are written in each language.

use num_format::{Locale, ToFormattedString};

use super::{Lang, Say};

/// A column heading of an export's tables: the airing list (CSV, sheet and page) and the
/// summary's tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum Heading {
    #[default]
    Number,
    AiringId,
    Programme,
    ProgrammeId,
    Trigger,
    Scheduled,
    Started,
    Ended,
    File,
    Sha256,
    /// The file's length, in seconds (CSV).
    FileSeconds,
    /// What was played, in seconds (CSV).
    PlayedSeconds,
    /// The file's length as a duration (workbook).
    FileLength,
    /// What was played as a duration (workbook).
    PlayedLength,
    Outcome,
    Reason,
    /// The reason's stable code, for counting by code.
    ReasonCode,
    Rms,
    Peak,
    Silences,
    /// The page's column with the file's name over its hash.
    FileAndHash,
    /// The page's column with both lengths.
    Lengths,
    /// The page's column with both levels.
    Levels,
    /// The page's column with the reason over its code.
    ReasonAndCode,
    Planned,
    Aired,
    Interrupted,
    Missed,
    Failed,
    OnAir,
    Minutes,
    MonthsDue,
    MonthsAired,
    MonthsMissed,
    Month,
    Share,
    /// What a relay, a recording or a download received from: a `[[source]]` id or an
    /// address.
    Source,
    /// A download's item: its feed GUID, or its address.
    Item,
    /// Bytes received from the source.
    BytesReceived,
    /// Seconds of sound received from the source (CSV).
    SecondsReceived,
    /// The same as a duration (workbook).
    ReceivedLength,
    /// The stretches without sound from the source.
    Gaps,
    /// How far behind the source the relay was at its start, in seconds.
    DelayStart,
    /// And at its end.
    DelayEnd,
    /// The page's column with what was relayed, recorded or downloaded.
    Reception,
    /// Summary: airings relayed live from a source.
    Relayed,
    /// Summary: recordings and downloads kept (whole or in part).
    Received,
    /// Summary: recordings and downloads that failed.
    NotReceived,
}

impl Say for Heading {
    fn vi(&self) -> String {
        match self {
            Heading::Number => "STT",
            Heading::AiringId => "Mã lần phát",
            Heading::Programme => "Chương trình",
            Heading::ProgrammeId => "Mã chương trình",
            Heading::Trigger => "Hình thức",
            Heading::Scheduled => "Giờ theo lịch",
            Heading::Started => "Bắt đầu",
            Heading::Ended => "Kết thúc",
            Heading::File => "File",
            Heading::Sha256 => "SHA-256",
            Heading::FileSeconds => "Thời lượng file (giây)",
            Heading::PlayedSeconds => "Đã phát (giây)",
            Heading::FileLength => "Thời lượng file",
            Heading::PlayedLength => "Thời lượng đã phát",
            Heading::Outcome => "Kết quả",
            Heading::Reason => "Lý do",
            Heading::ReasonCode => "Mã lý do",
            Heading::Rms => "Mức RMS (dBFS)",
            Heading::Peak => "Đỉnh (dBFS)",
            Heading::Silences => "Khoảng lặng",
            Heading::FileAndHash => "File / SHA-256",
            Heading::Lengths => "Thời lượng file / đã phát (giây)",
            Heading::Levels => "Mức RMS / đỉnh (dBFS)",
            Heading::ReasonAndCode => "Lý do / mã lý do",
            Heading::Planned => "Số buổi theo lịch",
            Heading::Aired => "Đã phát",
            Heading::Interrupted => "Phát một phần (bị ngắt)",
            Heading::Missed => "Bỏ lỡ",
            Heading::Failed => "Lỗi",
            Heading::OnAir => "Đang phát",
            Heading::Minutes => "Số phút phát sóng",
            Heading::MonthsDue => "Số tháng có lịch",
            Heading::MonthsAired => "Số tháng đã phát",
            Heading::MonthsMissed => "Tháng không phát và lý do",
            Heading::Month => "Tháng",
            Heading::Share => "Tỉ lệ",
            Heading::Source => "Nguồn",
            Heading::Item => "Mục tải về (GUID hoặc địa chỉ)",
            Heading::BytesReceived => "Đã nhận (byte)",
            Heading::SecondsReceived => "Đã nhận (giây)",
            Heading::ReceivedLength => "Thời lượng đã nhận",
            Heading::Gaps => "Đoạn mất tín hiệu nguồn",
            Heading::DelayStart => "Độ trễ lúc đầu (giây)",
            Heading::DelayEnd => "Độ trễ lúc cuối (giây)",
            Heading::Reception => "Tiếp sóng, thu, tải về",
            Heading::Relayed => "Tiếp sóng trực tiếp",
            Heading::Received => "Đã thu hoặc tải về",
            Heading::NotReceived => "Thu, tải về bị lỗi",
        }
        .to_string()
    }

    fn en(&self) -> String {
        match self {
            Heading::Number => "No.",
            Heading::AiringId => "Airing ID",
            Heading::Programme => "Programme",
            Heading::ProgrammeId => "Programme ID",
            Heading::Trigger => "Started by",
            Heading::Scheduled => "Scheduled for",
            Heading::Started => "Started",
            Heading::Ended => "Ended",
            Heading::File => "File name",
            Heading::Sha256 => "SHA-256 checksum",
            Heading::FileSeconds => "File length (s)",
            Heading::PlayedSeconds => "Played (s)",
            Heading::FileLength => "File length",
            Heading::PlayedLength => "Length played",
            Heading::Outcome => "Outcome",
            Heading::Reason => "Reason",
            Heading::ReasonCode => "Reason code",
            Heading::Rms => "RMS level (dBFS)",
            Heading::Peak => "Peak (dBFS)",
            Heading::Silences => "Silences",
            Heading::FileAndHash => "File name / SHA-256 checksum",
            Heading::Lengths => "File length / played (s)",
            Heading::Levels => "RMS level / peak (dBFS)",
            Heading::ReasonAndCode => "Reason / reason code",
            Heading::Planned => "Scheduled slots",
            Heading::Aired => "Aired",
            Heading::Interrupted => "Aired in part (cut off)",
            Heading::Missed => "Missed",
            Heading::Failed => "Failed",
            Heading::OnAir => "On air",
            Heading::Minutes => "Minutes on air",
            Heading::MonthsDue => "Months scheduled",
            Heading::MonthsAired => "Months aired",
            Heading::MonthsMissed => "Months not aired, and why",
            Heading::Month => "Month",
            Heading::Share => "Share",
            Heading::Source => "Source",
            Heading::Item => "Download item (GUID or address)",
            Heading::BytesReceived => "Received (bytes)",
            Heading::SecondsReceived => "Received (s)",
            Heading::ReceivedLength => "Length received",
            Heading::Gaps => "Gaps in the source",
            Heading::DelayStart => "Delay at start (s)",
            Heading::DelayEnd => "Delay at end (s)",
            Heading::Reception => "Relayed, recorded, downloaded",
            Heading::Relayed => "Relayed live",
            Heading::Received => "Recorded or downloaded",
            Heading::NotReceived => "Recordings and downloads failed",
        }
        .to_string()
    }
}

/// The words in an airing's cells, and the names a report gives wardcast's own programmes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum AiringWord {
    /// Played to its end.
    #[default]
    Aired,
    Interrupted,
    Failed,
    Missed,
    /// No end record yet: on air now, or cut off by a crash the daemon has not closed.
    OnAir,
    BySchedule,
    Manual,
    Demo,
    /// An airing measured and found without silence.
    NoSilence,
    /// The unit after a silence's length.
    Seconds,
    /// The title of `wardcast play`'s airings.
    ManualTitle,
    /// The title of the demo's airings.
    DemoTitle,
    /// The summary's last row.
    Total,
    /// A recording of a source brought the file in.
    ByRecording,
    /// A download brought the file in.
    ByDownload,
    ByConsole,
    /// A recording or a download kept whole.
    Complete,
    /// A recording kept with part of its time missing (its gaps say where).
    Partial,
    /// A gap: the connection to the source was lost and wardcast connected again.
    GapReconnect,
    /// A gap: the source stayed connected but sent nothing in time.
    GapStall,
    /// A gap: the source could not be reached.
    GapUnreachable,
}

impl Say for AiringWord {
    fn vi(&self) -> String {
        match self {
            AiringWord::Aired => "đã phát",
            AiringWord::Interrupted => "bị ngắt",
            AiringWord::Failed => "lỗi",
            AiringWord::Missed => "bỏ lỡ",
            AiringWord::OnAir => "đang phát",
            AiringWord::BySchedule => "theo lịch",
            AiringWord::Manual => "phát thử",
            AiringWord::Demo => "phát mẫu",
            AiringWord::NoSilence => "không có",
            AiringWord::Seconds => "giây",
            AiringWord::ManualTitle => "Phát thử (wardcast play)",
            AiringWord::DemoTitle => "Bản ghi mẫu (wardcast run --demo)",
            AiringWord::Total => "Tổng cộng",
            AiringWord::ByRecording => "thu âm",
            AiringWord::ByDownload => "tải về",
            AiringWord::ByConsole => "trang quản lý",
            AiringWord::Complete => "hoàn tất",
            AiringWord::Partial => "thiếu một phần",
            AiringWord::GapReconnect => "mất kết nối",
            AiringWord::GapStall => "nguồn ngừng gửi",
            AiringWord::GapUnreachable => "không kết nối được",
        }
        .to_string()
    }

    fn en(&self) -> String {
        match self {
            AiringWord::Aired => "aired",
            AiringWord::Interrupted => "cut off",
            AiringWord::Failed => "failed",
            AiringWord::Missed => "missed",
            AiringWord::OnAir => "on air",
            AiringWord::BySchedule => "schedule",
            AiringWord::Manual => "sound check",
            AiringWord::Demo => "demo",
            AiringWord::NoSilence => "none",
            AiringWord::Seconds => "s",
            AiringWord::ManualTitle => "Sound check (wardcast play)",
            AiringWord::DemoTitle => "Demo recording (wardcast run --demo)",
            AiringWord::Total => "Total",
            AiringWord::ByRecording => "recording",
            AiringWord::ByDownload => "download",
            AiringWord::ByConsole => "web console",
            AiringWord::Complete => "complete",
            AiringWord::Partial => "partial",
            AiringWord::GapReconnect => "connection lost",
            AiringWord::GapStall => "source stalled",
            AiringWord::GapUnreachable => "unreachable",
        }
        .to_string()
    }
}

/// Why a monthly programme did not air in a month it was due.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum MonthNotAired {
    /// The log holds nothing for its slots.
    #[default]
    NoRecord,
    /// The first airing that went wrong that month: how it ended, and the logged reason.
    Airing {
        outcome: AiringWord,
        reason: Option<String>,
    },
}

impl Say for MonthNotAired {
    fn vi(&self) -> String {
        match self {
            MonthNotAired::NoRecord => "nhật ký không có bản ghi nào cho buổi phát theo lịch \
                                        (wardcast không chạy vào giờ phát?)"
                .to_string(),
            MonthNotAired::Airing { outcome, reason } => with_reason(outcome.vi(), reason),
        }
    }

    fn en(&self) -> String {
        match self {
            MonthNotAired::NoRecord => "the log holds no record of the scheduled airing \
                                        (was wardcast not running at the time?)"
                .to_string(),
            MonthNotAired::Airing { outcome, reason } => with_reason(outcome.en(), reason),
        }
    }
}

fn with_reason(words: String, reason: &Option<String>) -> String {
    match reason {
        Some(reason) => format!("{words}: {reason}"),
        None => words,
    }
}

/// The workbook's sheet names and the words of its summary sheet. Texts are plain: a cell
/// shows them as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum SheetWords {
    #[default]
    LogSheet,
    SummarySheet,
    Title,
    /// The period under the title: `first` and `last` written `dd/mm/yyyy`.
    PeriodLine {
        label: String,
        first: String,
        last: String,
    },
    Period,
    FirstDay,
    LastDay,
    Zone,
    Airings,
    /// Recordings and downloads in the period.
    Received,
    Log,
    HeadHash,
    Made,
    ByProgramme,
    Monthly,
    NoMonthly,
    AiredInMonths {
        aired: usize,
        due: usize,
    },
    NoMonthMissed,
    ByMonth,
    Note {
        zone: String,
    },
}

impl Say for SheetWords {
    fn vi(&self) -> String {
        match self {
            SheetWords::LogSheet | SheetWords::Log => "Nhật ký phát sóng".to_string(),
            SheetWords::SummarySheet => "Tổng hợp".to_string(),
            SheetWords::Title => "BÁO CÁO KẾT QUẢ PHÁT SÓNG".to_string(),
            SheetWords::PeriodLine { label, first, last } => {
                format!("Kỳ báo cáo {label}: từ ngày {first} đến ngày {last}")
            }
            SheetWords::Period => "Kỳ báo cáo".to_string(),
            SheetWords::FirstDay => "Từ ngày".to_string(),
            SheetWords::LastDay => "Đến ngày".to_string(),
            SheetWords::Zone => "Múi giờ".to_string(),
            SheetWords::Airings => "Số lần phát trong kỳ".to_string(),
            SheetWords::Received => "Số lần thu, tải về trong kỳ".to_string(),
            SheetWords::HeadHash => "Mã kiểm tra (SHA-256) bản ghi cuối".to_string(),
            SheetWords::Made => "Lập lúc".to_string(),
            SheetWords::ByProgramme => "1. Theo chương trình".to_string(),
            SheetWords::Monthly => {
                "2. Chuyên mục phát hằng tháng (chuyên mục Cải cách hành chính)".to_string()
            }
            SheetWords::NoMonthly => {
                "Cấu hình không có chương trình phát theo tháng (pick = \"month\").".to_string()
            }
            SheetWords::AiredInMonths { aired, due } => format!("phát trong {aired}/{due} tháng"),
            SheetWords::NoMonthMissed => "không tháng nào".to_string(),
            SheetWords::ByMonth => "3. Theo tháng".to_string(),
            SheetWords::Note { zone } => format!(
                "Ghi chú: số buổi theo lịch tính từ lịch phát trong cấu hình hiện tại của đài; \
                 mọi thời điểm theo giờ {zone}. Chi tiết từng lần phát ở trang \"{}\".",
                SheetWords::LogSheet.vi()
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            SheetWords::LogSheet | SheetWords::Log => "Airing log".to_string(),
            SheetWords::SummarySheet => "Summary".to_string(),
            SheetWords::Title => "BROADCAST REPORT".to_string(),
            SheetWords::PeriodLine { label, first, last } => {
                format!("Reporting period {label}: {first} to {last}")
            }
            SheetWords::Period => "Reporting period".to_string(),
            SheetWords::FirstDay => "From".to_string(),
            SheetWords::LastDay => "To".to_string(),
            SheetWords::Zone => "Time zone".to_string(),
            SheetWords::Airings => "Airings in the period".to_string(),
            SheetWords::Received => "Recordings and downloads in the period".to_string(),
            SheetWords::HeadHash => "SHA-256 of the last record".to_string(),
            SheetWords::Made => "Made at".to_string(),
            SheetWords::ByProgramme => "1. By programme".to_string(),
            SheetWords::Monthly => {
                "2. Monthly programmes (administrative reform, CCHC)".to_string()
            }
            SheetWords::NoMonthly => {
                "The configuration has no monthly programme (pick = \"month\").".to_string()
            }
            SheetWords::AiredInMonths { aired, due } => format!("aired in {aired} of {due} months"),
            SheetWords::NoMonthMissed => "none".to_string(),
            SheetWords::ByMonth => "3. By month".to_string(),
            SheetWords::Note { zone } => format!(
                "Note: scheduled slots are counted from the station's current schedule; \
                 all times are {zone} time. Each airing is on the sheet \"{}\".",
                SheetWords::LogSheet.en()
            ),
        }
    }
}

/// How `lang` writes numbers: `1.234.567` and `1.234,5` in Vietnamese, `1,234,567` and
/// `1,234.5` in English.
fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::Vi => Locale::vi,
        Lang::En => Locale::en,
    }
}

/// A count with the thousands grouped as `lang` writes them.
pub fn count(value: u64, lang: Lang) -> String {
    value.to_formatted_string(&locale(lang))
}

/// The mark between a number's whole part and its decimals in `lang`.
pub fn decimal_mark(lang: Lang) -> &'static str {
    locale(lang).decimal()
}

/// A number with one decimal as `lang` writes it: `1.234,5`, `1,234.5`.
pub fn one_decimal(value: f64, lang: Lang) -> String {
    let tenths = (value * 10.0).round().max(0.0) as u64;
    format!(
        "{}{}{}",
        count(tenths / 10, lang),
        decimal_mark(lang),
        tenths % 10
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_word_is_said_in_both_languages() {
        super::super::assert_said_in_both::<Heading>();
        super::super::assert_said_in_both::<AiringWord>();
        super::super::assert_said_in_both::<MonthNotAired>();
        super::super::assert_said_in_both::<SheetWords>();
    }

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        assert_eq!(count(0, Lang::Vi), "0");
        assert_eq!(count(1_234_567, Lang::Vi), "1.234.567");
        assert_eq!(count(1_234_567, Lang::En), "1,234,567");
        assert_eq!(one_decimal(1234.56, Lang::Vi), "1.234,6");
        assert_eq!(one_decimal(1234.56, Lang::En), "1,234.6");
        assert_eq!(one_decimal(-3.0, Lang::Vi), "0,0");
    }

    #[test]
    fn a_missed_month_says_how_its_first_airing_ended() {
        let cut = MonthNotAired::Airing {
            outcome: AiringWord::Interrupted,
            reason: Some("power cut".to_string()),
        };
        assert_eq!(cut.vi(), "bị ngắt: power cut");
        let failed = MonthNotAired::Airing {
            outcome: AiringWord::Failed,
            reason: None,
        };
        assert_eq!(failed.en(), "failed");
    }
}
