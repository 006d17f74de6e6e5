//! What the plan tells the officer: a slot coming up with nothing to play, and a file that
//! is not ready yet because it is still being copied.

use chrono::NaiveDateTime;

use super::library::SlotProblem;
use super::Say;

#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum PlanNotice {
    /// A file in the library still being copied.
    #[default]
    StillCopying,
    /// A slot within the warning horizon with nothing to play, at `at` station time, with
    /// why when that helps (files that will not air, or all aired). `for_month`: the
    /// programme picks by month, so the month is named rather than the slot.
    NoFileYet {
        title: String,
        folder: String,
        at: NaiveDateTime,
        for_month: bool,
        detail: Option<SlotProblem>,
    },
}

impl Say for PlanNotice {
    fn vi(&self) -> String {
        match self {
            PlanNotice::StillCopying => "đang chép dở, chờ chép xong".to_string(),
            PlanNotice::NoFileYet {
                title,
                folder,
                at,
                for_month,
                detail,
            } => {
                let when = at.format("%d/%m %H:%M");
                let head = if *for_month {
                    format!("Chưa có file cho {title} tháng {}", at.format("%m/%Y"))
                } else {
                    format!("Chưa có file cho {title} lúc {when}")
                };
                let detail = detail
                    .as_ref()
                    .map(|problem| format!(" ({})", problem.vi()))
                    .unwrap_or_default();
                format!("{head}: hãy chép vào {folder} trước {when}{detail}")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            PlanNotice::StillCopying => "still being copied".to_string(),
            PlanNotice::NoFileYet {
                title,
                folder,
                at,
                for_month,
                detail,
            } => {
                let when = at.format("%d/%m %H:%M");
                let head = if *for_month {
                    format!("No file yet for {title} of {}", at.format("%m/%Y"))
                } else {
                    format!("No file yet for {title} at {when}")
                };
                let detail = detail
                    .as_ref()
                    .map(|problem| format!(" ({})", problem.en()))
                    .unwrap_or_default();
                format!("{head}: copy it into {folder} before {when}{detail}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plan_notice_is_said_in_both_languages() {
        super::super::assert_said_in_both::<PlanNotice>();
    }

    #[test]
    fn a_month_programme_is_warned_of_by_its_month() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|day| day.and_hms_opt(6, 30, 0))
            .expect("a time");
        let notice = PlanNotice::NoFileYet {
            title: "CCHC".into(),
            folder: "audio/cchc/".into(),
            at,
            for_month: true,
            detail: None,
        };
        assert_eq!(
            notice.vi(),
            "Chưa có file cho CCHC tháng 12/2026: hãy chép vào audio/cchc/ trước 07/12 06:30"
        );
        assert_eq!(
            notice.en(),
            "No file yet for CCHC of 12/2026: copy it into audio/cchc/ before 07/12 06:30"
        );
    }
}
