//! Programmes and single values the configuration gets wrong.

use super::{en_told, vi_told};
use crate::messages::schedule::{CronRefusal, LineHint};
use crate::messages::{shown, Say};

/// A programme that cannot be aired as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum ProgrammeProblem {
    #[default]
    MaxBelowMin,
    IdUnusable {
        id: String,
    },
    IdTwice {
        id: String,
    },
    EmptySchedule {
        id: String,
    },
    BadLine {
        line: String,
        reason: CronRefusal,
    },
}

impl Say for ProgrammeProblem {
    fn vi(&self) -> String {
        match self {
            ProgrammeProblem::MaxBelowMin => vi_told(
                "max_duration ngắn hơn min_duration",
                "cho max_duration dài bằng hoặc hơn min_duration",
            ),
            ProgrammeProblem::IdUnusable { id } => vi_told(
                format!("mã chương trình `{}` không dùng được", shown(id)),
                "chỉ dùng chữ cái không dấu, chữ số, '-' và '_' (ví dụ \"cchc-monthly\")",
            ),
            ProgrammeProblem::IdTwice { id } => vi_told(
                format!("mã chương trình `{}` bị dùng hai lần", shown(id)),
                "mỗi [[programme]] cần một mã riêng",
            ),
            ProgrammeProblem::EmptySchedule { id } => vi_told(
                format!("chương trình `{}` chưa có lịch phát", shown(id)),
                "ghi ít nhất một dòng lịch, ví dụ schedule = [\"30 6 * * MON#1\"]",
            ),
            ProgrammeProblem::BadLine { line, reason } => vi_told(
                format!("dòng lịch \"{}\" sai: {}", shown(line), reason.vi()),
                format!(
                    "{}; thử dòng lịch bằng `wardcast explain '<dòng lịch>'`",
                    LineHint.vi()
                ),
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ProgrammeProblem::MaxBelowMin => en_told(
                "max_duration is shorter than min_duration",
                "make max_duration at least as long as min_duration",
            ),
            ProgrammeProblem::IdUnusable { id } => en_told(
                format!("programme id `{}` is not usable", shown(id)),
                "use plain letters, digits, '-' and '_' (for example \"cchc-monthly\")",
            ),
            ProgrammeProblem::IdTwice { id } => en_told(
                format!("programme id `{}` is used twice", shown(id)),
                "give each [[programme]] its own id",
            ),
            ProgrammeProblem::EmptySchedule { id } => en_told(
                format!("programme `{}` has an empty schedule", shown(id)),
                "give at least one crontab line, e.g. schedule = [\"30 6 * * MON#1\"]",
            ),
            ProgrammeProblem::BadLine { line, reason } => en_told(
                format!("bad crontab line \"{}\": {}", shown(line), reason.en()),
                format!(
                    "write {}; try it with `wardcast explain '<line>'`",
                    LineHint.en()
                ),
            ),
        }
    }
}

/// What a whole-number setting is for, said in the hint under a number out of its range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NumberUse {
    #[default]
    WarnDays,
    CutoffDay,
    DownloadMegabytes,
    UploadMegabytes,
}

/// A single value outside what its setting takes. `low` and `high` are the limits as
/// they would be written in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum ValueProblem {
    /// The built-in time zone is missing from the time zone table.
    #[default]
    DefaultZoneUnknown,
    NotTimeZone {
        name: String,
    },
    BlackoutBackwards,
    NotDate {
        text: String,
        first: i32,
        last: i32,
    },
    NotHours {
        text: String,
    },
    NumberOutOfRange {
        key: &'static str,
        number: i64,
        low: u32,
        high: u32,
        used_for: NumberUse,
    },
    DurationOutOfRange {
        key: &'static str,
        text: String,
        low: String,
        high: String,
    },
    NotDuration {
        text: String,
        low: String,
        high: String,
    },
}

impl Say for ValueProblem {
    fn vi(&self) -> String {
        match self {
            ValueProblem::DefaultZoneUnknown => vi_told(
                "múi giờ mặc định không dùng được",
                "ghi timezone = \"Asia/Ho_Chi_Minh\"",
            ),
            ValueProblem::NotTimeZone { name } => vi_told(
                format!("`{}` không phải tên múi giờ", shown(name)),
                "dùng tên múi giờ IANA, ví dụ \"Asia/Ho_Chi_Minh\"",
            ),
            ValueProblem::BlackoutBackwards => vi_told(
                "ngày kết thúc của khoảng nghỉ phát này trước ngày bắt đầu",
                "ghi ngày đầu vào `from` và ngày cuối vào `to`",
            ),
            ValueProblem::NotDate { text, first, last } => vi_told(
                format!(
                    "`{}` không phải một ngày từ năm {first} đến năm {last}",
                    shown(text)
                ),
                "ghi ngày dạng NĂM-THÁNG-NGÀY, ví dụ from = \"2027-02-05\"",
            ),
            ValueProblem::NotHours { text } => vi_told(
                format!("`{}` không phải một khung giờ", shown(text)),
                "ghi như \"05:00-07:00\" (giờ bắt đầu trước giờ kết thúc, trong cùng một ngày, \
                 giờ từ 00 đến 23, phút từ 00 đến 59)",
            ),
            ValueProblem::NumberOutOfRange {
                key,
                number,
                low,
                high,
                used_for,
            } => vi_told(
                format!("{key} = {number} nằm ngoài khoảng cho phép, từ {low} đến {high}"),
                format!(
                    "ghi một số nguyên từ {low} đến {high}: {}",
                    match used_for {
                        NumberUse::WarnDays => {
                            "số ngày báo trước khi một lần phát chưa có file, ví dụ warn_days = 7"
                        }
                        NumberUse::CutoffDay => {
                            "ngày mà tháng nào cũng có: 15 cho năm báo cáo của Bộ Nội vụ (15/12 \
                             đến 14/12), 1 cho kỳ theo lịch"
                        }
                        NumberUse::DownloadMegabytes => {
                            "dung lượng lớn nhất của một file tải về, tính bằng MB, ví dụ \
                             max_megabytes = 500"
                        }
                        NumberUse::UploadMegabytes => {
                            "dung lượng lớn nhất của một file tải lên trang quản lý, tính bằng \
                             MB, ví dụ max_upload_megabytes = 500"
                        }
                    }
                ),
            ),
            ValueProblem::DurationOutOfRange {
                key,
                text,
                low,
                high,
            } => vi_told(
                format!(
                    "{key} = \"{}\" nằm ngoài khoảng cho phép, từ \"{low}\" đến \"{high}\"",
                    shown(text)
                ),
                duration_hint_vi(low, high),
            ),
            ValueProblem::NotDuration { text, low, high } => vi_told(
                format!("`{}` không phải một khoảng thời gian", shown(text)),
                duration_hint_vi(low, high),
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ValueProblem::DefaultZoneUnknown => en_told(
                "the default time zone is unknown",
                "write timezone = \"Asia/Ho_Chi_Minh\"",
            ),
            ValueProblem::NotTimeZone { name } => en_told(
                format!("`{}` is not a time zone name", shown(name)),
                "use an IANA name such as \"Asia/Ho_Chi_Minh\"",
            ),
            ValueProblem::BlackoutBackwards => en_told(
                "this blackout ends before it starts",
                "put the first day in `from` and the last day in `to`",
            ),
            ValueProblem::NotDate { text, first, last } => en_told(
                format!(
                    "`{}` is not a date from the year {first} to {last}",
                    shown(text)
                ),
                "write dates as YYYY-MM-DD, e.g. from = \"2027-02-05\"",
            ),
            ValueProblem::NotHours { text } => en_told(
                format!("`{}` is not a window of hours", shown(text)),
                "write it like \"05:00-07:00\" (start before end, within one day, hours 00 to \
                 23, minutes 00 to 59)",
            ),
            ValueProblem::NumberOutOfRange {
                key,
                number,
                low,
                high,
                used_for,
            } => en_told(
                format!("{key} = {number} is outside its range, {low} to {high}"),
                format!(
                    "write a whole number from {low} to {high}: {}",
                    match used_for {
                        NumberUse::WarnDays => {
                            "the days ahead to warn of a slot with no file, e.g. warn_days = 7"
                        }
                        NumberUse::CutoffDay => {
                            "a day every month has: 15 for the Home Affairs reporting year \
                             (15/12 to 14/12), 1 for calendar periods"
                        }
                        NumberUse::DownloadMegabytes => {
                            "the largest file a download takes, in megabytes, e.g. \
                             max_megabytes = 500"
                        }
                        NumberUse::UploadMegabytes => {
                            "the largest file an upload to the web console takes, in \
                             megabytes, e.g. max_upload_megabytes = 500"
                        }
                    }
                ),
            ),
            ValueProblem::DurationOutOfRange {
                key,
                text,
                low,
                high,
            } => en_told(
                format!(
                    "{key} = \"{}\" is outside its range, \"{low}\" to \"{high}\"",
                    shown(text)
                ),
                duration_hint_en(low, high),
            ),
            ValueProblem::NotDuration { text, low, high } => en_told(
                format!("`{}` is not a duration", shown(text)),
                duration_hint_en(low, high),
            ),
        }
    }
}

fn duration_hint_vi(low: &str, high: &str) -> String {
    format!(
        "ghi như \"10m\", \"15m\", \"90s\" hoặc \"1h 30m\" (s giây, m phút, h giờ, d ngày), từ \
         \"{low}\" đến \"{high}\""
    )
}

fn duration_hint_en(low: &str, high: &str) -> String {
    format!("write it like \"10m\", \"15m\", \"90s\" or \"1h 30m\", from \"{low}\" to \"{high}\"")
}
