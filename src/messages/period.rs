//! What is said when a reporting period (`--period`) cannot be read.

use super::{shown, Say};

/// Why a reporting period was refused, with the text the officer wrote.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum PeriodProblem {
    /// Not a form wardcast reads.
    Unknown { text: String },
    /// A year outside wardcast's calendar, which runs from `first_year` to `last_year`.
    OutsideCalendar {
        text: String,
        first_year: i32,
        last_year: i32,
    },
    /// Two dates further apart than `max_days`.
    TooLong { text: String, max_days: i64 },
}

impl Say for PeriodProblem {
    fn vi(&self) -> String {
        match self {
            PeriodProblem::Unknown { text } => format!(
                "\"{}\" không phải kỳ báo cáo wardcast biết; ghi một tháng (2026-12), một quý \
                 (2026-Q3), nửa năm (2026-H1), một năm (2026) hoặc hai ngày \
                 (2026-01-01..2026-03-31)",
                shown(text)
            ),
            PeriodProblem::OutsideCalendar {
                text,
                first_year,
                last_year,
            } => format!(
                "\"{}\" nằm ngoài lịch của wardcast; kỳ báo cáo phải nằm trong các năm từ \
                 {first_year} đến {last_year}",
                shown(text)
            ),
            PeriodProblem::TooLong { text, max_days } => format!(
                "\"{}\" dài hơn 5 năm ({max_days} ngày); hãy ghi khoảng ngắn hơn, hoặc \
                 làm mỗi năm một báo cáo",
                shown(text)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            PeriodProblem::Unknown { text } => format!(
                "\"{}\" is not a period wardcast knows; write a month (2026-12), a quarter \
                 (2026-Q3), a half year (2026-H1), a year (2026) or two dates \
                 (2026-01-01..2026-03-31)",
                shown(text)
            ),
            PeriodProblem::OutsideCalendar {
                text,
                first_year,
                last_year,
            } => format!(
                "\"{}\" is outside wardcast's calendar; periods lie in the years {first_year} \
                 to {last_year}",
                shown(text)
            ),
            PeriodProblem::TooLong { text, max_days } => format!(
                "\"{}\" covers more than 5 years ({max_days} days); give a shorter \
                 stretch, or one report per year",
                shown(text)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_period_problem_is_said_in_both_languages() {
        super::super::assert_said_in_both::<PeriodProblem>();
    }
}
