//! The words of the console's schedule page: each programme and its crontab lines (the
//! lines themselves are said by `messages::schedule`, as `wardcast explain` says them), the
//! station's hours and blackouts, and the month's calendar.

use std::time::Duration;

use crate::messages::time::SpokenDuration;
use crate::messages::{shown, Say};

/// How a programme picks its file, as the page says it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum PickWords {
    #[default]
    Month,
    Newest,
    Unaired,
}

/// A programme's class of broadcast, as the page says it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum PriorityWords {
    #[default]
    Normal,
    Priority,
    Emergency,
}

/// The words of the schedule page.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum ScheduleWords {
    #[default]
    Heading,
    ProgrammesHeading,
    /// A programme's id, as the configuration names it.
    Id {
        id: String,
    },
    /// Above a programme's crontab lines.
    LinesHeading,
    Pick(PickWords),
    Priority(PriorityWords),
    /// The lengths a programme accepts; neither bound: any length.
    Lengths {
        min: Option<Duration>,
        max: Option<Duration>,
    },
    /// A programme that relays `source` live for `length`.
    Relay {
        source: String,
        length: Duration,
    },
    /// When the programme airs next, as the page writes times.
    NextAiring {
        at: String,
    },
    /// The schedule has no time left in wardcast's calendar.
    NoNextAiring,
    StationHeading,
    AllowedHours {
        hours: String,
    },
    AnyHours,
    BlackoutsHeading,
    NoBlackouts,
    /// A blackout: its days and why.
    Blackout {
        from: String,
        to: String,
        reason: String,
    },
    /// The calendar's month.
    CalendarHeading {
        year: i32,
        month: u32,
    },
    PreviousMonth,
    NextMonth,
    ThisMonth,
    /// A day of the week, Monday being 0.
    Weekday(u32),
    /// A day's slots beyond those shown; `at_least` when they were not all counted.
    More {
        count: usize,
        at_least: bool,
    },
    /// The mark of a blackout day, with its reason.
    BlackoutDay {
        reason: String,
    },
    /// Beside a slot a blackout suppresses.
    Suppressed,
    /// Beside a slot outside the allowed hours.
    OutsideHours,
    Today,
    /// How to read the calendar.
    Legend,
    /// A `?month=` the page cannot read.
    BadMonth {
        text: String,
    },
}

impl Say for PickWords {
    fn vi(&self) -> String {
        match self {
            PickWords::Month => "chọn file: file mang tên tháng phát (YYYY-MM)",
            PickWords::Newest => "chọn file: file mới thêm vào gần nhất",
            PickWords::Unaired => "chọn file: file cũ nhất chưa phát lần nào",
        }
        .into()
    }

    fn en(&self) -> String {
        match self {
            PickWords::Month => "file: the one named with the airing's month (YYYY-MM)",
            PickWords::Newest => "file: the one added most recently",
            PickWords::Unaired => "file: the oldest one never aired",
        }
        .into()
    }
}

impl Say for PriorityWords {
    fn vi(&self) -> String {
        match self {
            PriorityWords::Normal => "mức thường: chờ đến lượt",
            PriorityWords::Priority => "mức ưu tiên: phát trước các chương trình thường",
            PriorityWords::Emergency => "mức khẩn cấp: ngắt ngay chương trình đang phát",
        }
        .into()
    }

    fn en(&self) -> String {
        match self {
            PriorityWords::Normal => "normal: waits its turn",
            PriorityWords::Priority => "priority: goes before normal programmes",
            PriorityWords::Emergency => "emergency: cuts into whatever is on air",
        }
        .into()
    }
}

fn lengths_vi(min: Option<Duration>, max: Option<Duration>) -> String {
    let said = |length| SpokenDuration(length).vi();
    match (min, max) {
        (None, None) => "độ dài: bất kỳ".into(),
        (Some(min), None) => format!("độ dài: từ {} trở lên", said(min)),
        (None, Some(max)) => format!("độ dài: không quá {}", said(max)),
        (Some(min), Some(max)) => format!("độ dài: từ {} đến {}", said(min), said(max)),
    }
}

fn lengths_en(min: Option<Duration>, max: Option<Duration>) -> String {
    let said = |length| SpokenDuration(length).en();
    match (min, max) {
        (None, None) => "length: any".into(),
        (Some(min), None) => format!("length: at least {}", said(min)),
        (None, Some(max)) => format!("length: at most {}", said(max)),
        (Some(min), Some(max)) => format!("length: from {} to {}", said(min), said(max)),
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Say for ScheduleWords {
    fn vi(&self) -> String {
        match self {
            ScheduleWords::Heading => "Lịch phát sóng".into(),
            ScheduleWords::ProgrammesHeading => "Các chương trình".into(),
            ScheduleWords::Id { id } => format!("mã {}", shown(id)),
            ScheduleWords::LinesHeading => "Giờ phát (theo từng dòng lịch):".into(),
            ScheduleWords::Pick(pick) => pick.vi(),
            ScheduleWords::Priority(priority) => priority.vi(),
            ScheduleWords::Lengths { min, max } => lengths_vi(*min, *max),
            ScheduleWords::Relay { source, length } => format!(
                "tiếp sóng trực tiếp từ nguồn {}, mỗi lần {}",
                shown(source),
                SpokenDuration(*length).vi()
            ),
            ScheduleWords::NextAiring { at } => format!("Lần phát tới: {at}"),
            ScheduleWords::NoNextAiring => "Không còn lần phát nào trong lịch.".into(),
            ScheduleWords::StationHeading => "Giờ được phép phát và ngày nghỉ".into(),
            ScheduleWords::AllowedHours { hours } => format!("Giờ được phép phát: {hours}."),
            ScheduleWords::AnyHours => {
                "Được phát vào mọi giờ (cấu hình không đặt allowed_hours).".into()
            }
            ScheduleWords::BlackoutsHeading => "Ngày nghỉ phát sóng".into(),
            ScheduleWords::NoBlackouts => "Không có ngày nghỉ phát sóng nào.".into(),
            ScheduleWords::Blackout { from, to, reason } => {
                format!("từ {from} đến {to}: {}", shown(reason))
            }
            ScheduleWords::CalendarHeading { year, month } => format!("Tháng {month}/{year}"),
            ScheduleWords::PreviousMonth => "‹ Tháng trước".into(),
            ScheduleWords::NextMonth => "Tháng sau ›".into(),
            ScheduleWords::ThisMonth => "Tháng này".into(),
            ScheduleWords::Weekday(day) => match day {
                0 => "Thứ Hai",
                1 => "Thứ Ba",
                2 => "Thứ Tư",
                3 => "Thứ Năm",
                4 => "Thứ Sáu",
                5 => "Thứ Bảy",
                _ => "Chủ Nhật",
            }
            .into(),
            ScheduleWords::More { count, at_least } => {
                if *at_least {
                    format!("+{count} lần nữa trở lên")
                } else {
                    format!("+{count} lần nữa")
                }
            }
            ScheduleWords::BlackoutDay { reason } => format!("Nghỉ phát: {}", shown(reason)),
            ScheduleWords::Suppressed => "không phát (ngày nghỉ)".into(),
            ScheduleWords::OutsideHours => "không phát (ngoài giờ cho phép)".into(),
            ScheduleWords::Today => "hôm nay".into(),
            ScheduleWords::Legend => "Mỗi ngày ghi giờ phát và tên chương trình. Giờ bị gạch \
                                      là khung giờ sẽ không phát (ngày nghỉ hoặc ngoài giờ cho \
                                      phép); wardcast ghi vào nhật ký là bỏ lỡ kèm lý do."
                .into(),
            ScheduleWords::BadMonth { text } => format!(
                "không đọc được tháng “{}”: hãy ghi dạng năm-tháng, ví dụ 2026-12.",
                shown(text)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ScheduleWords::Heading => "Schedule".into(),
            ScheduleWords::ProgrammesHeading => "Programmes".into(),
            ScheduleWords::Id { id } => format!("id {}", shown(id)),
            ScheduleWords::LinesHeading => "When it airs (one crontab line each):".into(),
            ScheduleWords::Pick(pick) => pick.en(),
            ScheduleWords::Priority(priority) => priority.en(),
            ScheduleWords::Lengths { min, max } => lengths_en(*min, *max),
            ScheduleWords::Relay { source, length } => format!(
                "relays source {} live, {} each time",
                shown(source),
                SpokenDuration(*length).en()
            ),
            ScheduleWords::NextAiring { at } => format!("Next airing: {at}"),
            ScheduleWords::NoNextAiring => "No airing left in the calendar.".into(),
            ScheduleWords::StationHeading => "Allowed hours and blackouts".into(),
            ScheduleWords::AllowedHours { hours } => format!("Allowed hours: {hours}."),
            ScheduleWords::AnyHours => {
                "Airings may go out at any hour (the configuration sets no allowed_hours).".into()
            }
            ScheduleWords::BlackoutsHeading => "Blackouts".into(),
            ScheduleWords::NoBlackouts => "No blackouts.".into(),
            ScheduleWords::Blackout { from, to, reason } => {
                format!("from {from} to {to}: {}", shown(reason))
            }
            ScheduleWords::CalendarHeading { year, month } => {
                let name = usize::try_from(*month)
                    .ok()
                    .and_then(|month| MONTHS_EN.get(month.checked_sub(1)?));
                match name {
                    Some(name) => format!("{name} {year}"),
                    None => format!("Month {month}/{year}"),
                }
            }
            ScheduleWords::PreviousMonth => "‹ Previous month".into(),
            ScheduleWords::NextMonth => "Next month ›".into(),
            ScheduleWords::ThisMonth => "This month".into(),
            ScheduleWords::Weekday(day) => match day {
                0 => "Monday",
                1 => "Tuesday",
                2 => "Wednesday",
                3 => "Thursday",
                4 => "Friday",
                5 => "Saturday",
                _ => "Sunday",
            }
            .into(),
            ScheduleWords::More { count, at_least } => {
                if *at_least {
                    format!("+{count} or more")
                } else {
                    format!("+{count} more")
                }
            }
            ScheduleWords::BlackoutDay { reason } => format!("Blackout: {}", shown(reason)),
            ScheduleWords::Suppressed => "not aired (blackout)".into(),
            ScheduleWords::OutsideHours => "not aired (outside the allowed hours)".into(),
            ScheduleWords::Today => "today".into(),
            ScheduleWords::Legend => "Each day lists its airing times and programmes. A time \
                                      struck through will not air (a blackout, or outside the \
                                      allowed hours); wardcast logs it missed with the reason."
                .into(),
            ScheduleWords::BadMonth { text } => format!(
                "cannot read the month “{}”: write it as year-month, e.g. 2026-12.",
                shown(text)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_page_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<ScheduleWords>();
        crate::messages::assert_said_in_both::<PickWords>();
        crate::messages::assert_said_in_both::<PriorityWords>();
    }

    #[test]
    fn lengths_and_months_read_naturally() {
        let both = ScheduleWords::Lengths {
            min: Some(Duration::from_secs(60)),
            max: Some(Duration::from_secs(1800)),
        };
        assert!(both.en().starts_with("length: from "), "{}", both.en());
        let month = ScheduleWords::CalendarHeading {
            year: 2026,
            month: 12,
        };
        assert_eq!(month.en(), "December 2026");
        assert_eq!(month.vi(), "Tháng 12/2026");
    }
}
