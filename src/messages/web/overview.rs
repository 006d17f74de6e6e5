//! The overview page's words: what is on air, the next airings, what needs doing, and the
//! log's check.

use chrono::NaiveDateTime;

use crate::messages::time::weekday_first;
use crate::messages::{Lang, Say};

/// A day and time as the console shows it: "Thứ Hai 07/12/2026 06:30".
pub fn when(at: &NaiveDateTime, lang: Lang) -> String {
    use chrono::Datelike;
    format!(
        "{} {}",
        weekday_first(at.weekday(), lang),
        at.format("%d/%m/%Y %H:%M")
    )
}

#[derive(Debug, Clone, Default, PartialEq, strum::EnumIter)]
pub enum OverviewWords {
    #[default]
    OnAirHeading,
    NothingOnAir,
    /// How far the airing on air has got.
    Played {
        played: String,
        length: String,
    },
    /// The loudest of the last moments; `None` for silence.
    Level {
        dbfs: Option<f32>,
    },
    StartedAt {
        at: String,
    },
    /// An announcement (not a programme) on air.
    AnnouncementOnAir,
    NextHeading,
    Programme,
    When,
    WhatAirs,
    /// A relay: the source and for how long.
    Relays {
        source: String,
        length: String,
    },
    /// A relay's file if its source cannot be heard.
    Fallback {
        file: String,
    },
    NothingPlanned,
    AttentionHeading,
    /// The log's check.
    ChainHeading,
    ChainIntact {
        records: u64,
    },
    ChainBroken {
        problem: String,
    },
    /// The head hash's label, and how to compare it.
    HeadHash,
    ChainChecked {
        at: String,
    },
    ChainNotYetChecked,
}

impl Say for OverviewWords {
    fn vi(&self) -> String {
        match self {
            OverviewWords::OnAirHeading => "Đang phát".into(),
            OverviewWords::NothingOnAir => "Hiện không phát chương trình nào.".into(),
            OverviewWords::Played { played, length } => format!("Đã phát {played} / {length}"),
            OverviewWords::Level { dbfs: Some(dbfs) } => format!("Mức âm: {dbfs:.0} dBFS"),
            OverviewWords::Level { dbfs: None } => "Mức âm: im lặng".into(),
            OverviewWords::StartedAt { at } => format!("Bắt đầu lúc {at}"),
            OverviewWords::AnnouncementOnAir => "Thông báo khẩn".into(),
            OverviewWords::NextHeading => "Lần phát tới của từng chương trình".into(),
            OverviewWords::Programme => "Chương trình".into(),
            OverviewWords::When => "Thời gian".into(),
            OverviewWords::WhatAirs => "Sẽ phát".into(),
            OverviewWords::Relays { source, length } => {
                format!("tiếp sóng trực tiếp nguồn {source} trong {length}")
            }
            OverviewWords::Fallback { file } => {
                format!("nếu không nghe được nguồn: phát file {file}")
            }
            OverviewWords::NothingPlanned => "Không chương trình nào còn lịch phát.".into(),
            OverviewWords::AttentionHeading => "Việc cần làm".into(),
            OverviewWords::ChainHeading => "Nhật ký phát sóng".into(),
            OverviewWords::ChainIntact { records } => {
                format!("Nhật ký nguyên vẹn: {records} bản ghi, không bản ghi nào bị sửa hay xoá.")
            }
            OverviewWords::ChainBroken { problem } => format!(
                "Nhật ký KHÔNG nguyên vẹn: {problem}. Chạy `wardcast verify` trên máy của đài \
                 để xem chi tiết."
            ),
            OverviewWords::HeadHash => "Mã kiểm tra (SHA-256) của bản ghi cuối:".into(),
            OverviewWords::ChainChecked { at } => format!("kiểm tra lúc {at}"),
            OverviewWords::ChainNotYetChecked => "Đang kiểm tra nhật ký…".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            OverviewWords::OnAirHeading => "On air".into(),
            OverviewWords::NothingOnAir => "Nothing is on air now.".into(),
            OverviewWords::Played { played, length } => format!("Played {played} of {length}"),
            OverviewWords::Level { dbfs: Some(dbfs) } => format!("Level: {dbfs:.0} dBFS"),
            OverviewWords::Level { dbfs: None } => "Level: silence".into(),
            OverviewWords::StartedAt { at } => format!("Started at {at}"),
            OverviewWords::AnnouncementOnAir => "Emergency announcement".into(),
            OverviewWords::NextHeading => "Next airing of each programme".into(),
            OverviewWords::Programme => "Programme".into(),
            OverviewWords::When => "When".into(),
            OverviewWords::WhatAirs => "Will play".into(),
            OverviewWords::Relays { source, length } => {
                format!("relays the source {source} live for {length}")
            }
            OverviewWords::Fallback { file } => {
                format!("if the source cannot be heard: plays {file}")
            }
            OverviewWords::NothingPlanned => "No programme has an airing left.".into(),
            OverviewWords::AttentionHeading => "To do".into(),
            OverviewWords::ChainHeading => "Airing log".into(),
            OverviewWords::ChainIntact { records } => {
                format!("The log is intact: {records} records, none changed or deleted.")
            }
            OverviewWords::ChainBroken { problem } => format!(
                "The log is NOT intact: {problem}. Run `wardcast verify` on the station PC for \
                 the details."
            ),
            OverviewWords::HeadHash => "Check code (SHA-256) of the last record:".into(),
            OverviewWords::ChainChecked { at } => format!("checked at {at}"),
            OverviewWords::ChainNotYetChecked => "Checking the log…".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overview_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<OverviewWords>();
    }

    #[test]
    fn a_time_reads_with_its_weekday() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|day| day.and_hms_opt(6, 30, 0))
            .expect("valid");
        assert_eq!(when(&at, Lang::Vi), "Thứ Hai 07/12/2026 06:30");
        assert_eq!(when(&at, Lang::En), "Monday 07/12/2026 06:30");
    }
}
