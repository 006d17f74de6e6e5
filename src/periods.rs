//! Reporting periods: the quarters, halves and years of the CCHC reporting calendar (with
//! its cut-off day), months and date ranges, as the officer writes them. Pure date
//! arithmetic, shared by the configuration, the reports and the command line.

use std::fmt;

use chrono::{Datelike, Duration as Days, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::messages::period::PeriodProblem;
use crate::messages::{Lang, Say};

/// How the reporting year is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingCalendar {
    /// The day of the month a reporting quarter, half or year starts on (in the month
    /// before its first calendar month). 15 is the Home Affairs cut-off: the year runs from
    /// 15/12 to 14/12. 1 means plain calendar periods.
    pub cutoff_day: u32,
}

/// The Home Affairs cut-off used when `[reports] cutoff_day` is left out.
pub const DEFAULT_CUTOFF_DAY: u32 = 15;

impl Default for ReportingCalendar {
    fn default() -> Self {
        ReportingCalendar {
            cutoff_day: DEFAULT_CUTOFF_DAY,
        }
    }
}

/// A stretch of days a report covers, both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// As the officer wrote it: `2026-Q3`, `2026`, `2026-12`, `2026-01-01..2026-03-31`.
    pub label: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// The longest stretch two dates may cover: a five-year term.
pub const MAX_PERIOD_DAYS: i64 = 5 * 365 + 2;

/// Why a reporting period was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// Not a form wardcast reads.
    Unknown(String),
    /// A year outside wardcast's calendar.
    OutsideCalendar(String),
    /// Two dates further apart than [`MAX_PERIOD_DAYS`].
    TooLong(String),
}

impl PeriodError {
    /// The message in the officer's language.
    pub fn describe(&self, lang: Lang) -> String {
        self.message().say(lang)
    }

    /// What is said of it, in either language.
    pub fn message(&self) -> PeriodProblem {
        match self {
            PeriodError::Unknown(text) => PeriodProblem::Unknown { text: text.clone() },
            PeriodError::OutsideCalendar(text) => PeriodProblem::OutsideCalendar {
                text: text.clone(),
                first_year: crate::schedule::FIRST_YEAR,
                last_year: crate::schedule::LAST_YEAR,
            },
            PeriodError::TooLong(text) => PeriodProblem::TooLong {
                text: text.clone(),
                max_days: MAX_PERIOD_DAYS,
            },
        }
    }
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en())
    }
}

impl std::error::Error for PeriodError {}

/// Whether `year` lies in wardcast's calendar.
fn in_calendar(year: i32) -> bool {
    (crate::schedule::FIRST_YEAR..=crate::schedule::LAST_YEAR).contains(&year)
}

impl ReportingCalendar {
    /// The first day of the reporting stretch that begins with calendar month `month` of
    /// `year` (its first month, counted 1–12; 13 is January of the next year).
    fn start_of(&self, year: i32, month: u32) -> Option<NaiveDate> {
        let (year, month) = if month > 12 {
            (year + 1, month - 12)
        } else {
            (year, month)
        };
        if self.cutoff_day <= 1 {
            NaiveDate::from_ymd_opt(year, month, 1)
        } else if month == 1 {
            NaiveDate::from_ymd_opt(year - 1, 12, self.cutoff_day)
        } else {
            NaiveDate::from_ymd_opt(year, month - 1, self.cutoff_day)
        }
    }

    /// The period spanning calendar months `first..=last` of `year`, cut at the cut-off.
    fn span(&self, label: &str, year: i32, first: u32, last: u32) -> Option<Period> {
        let first_day = self.start_of(year, first)?;
        let last_day = self.start_of(year, last + 1)? - Days::days(1);
        Some(Period {
            label: label.to_string(),
            first_day,
            last_day,
        })
    }

    /// Reads `2026-12`, `2026-Q3`, `2026-H1`, `2026` or `FROM..TO`.
    pub fn period(&self, text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        let error = || PeriodError::Unknown(text.to_string());
        if let Some((from, to)) = text.split_once("..") {
            let first_day =
                NaiveDate::parse_from_str(from.trim(), "%Y-%m-%d").map_err(|_| error())?;
            let last_day = NaiveDate::parse_from_str(to.trim(), "%Y-%m-%d").map_err(|_| error())?;
            if last_day < first_day {
                return Err(error());
            }
            // Bounded so no date arithmetic on them can overflow and no plan is counted
            // over centuries.
            if !in_calendar(first_day.year()) || !in_calendar(last_day.year()) {
                return Err(PeriodError::OutsideCalendar(text.to_string()));
            }
            if (last_day - first_day).num_days() >= MAX_PERIOD_DAYS {
                return Err(PeriodError::TooLong(text.to_string()));
            }
            return Ok(Period {
                label: text.to_string(),
                first_day,
                last_day,
            });
        }
        let (year_text, part) = match text.split_once('-') {
            Some((year, part)) => (year, Some(part)),
            None => (text, None),
        };
        if year_text.len() != 4 {
            return Err(error());
        }
        let year: i32 = year_text.parse().map_err(|_| error())?;
        if !in_calendar(year) {
            return Err(PeriodError::OutsideCalendar(text.to_string()));
        }
        let period = match part.map(str::to_ascii_uppercase).as_deref() {
            None => self.span(text, year, 1, 12),
            Some("Q1") => self.span(text, year, 1, 3),
            Some("Q2") => self.span(text, year, 4, 6),
            Some("Q3") => self.span(text, year, 7, 9),
            Some("Q4") => self.span(text, year, 10, 12),
            Some("H1") => self.span(text, year, 1, 6),
            Some("H2") => self.span(text, year, 7, 12),
            Some(month) if month.len() == 2 => {
                let month: u32 = month.parse().map_err(|_| error())?;
                // A month is the calendar month: the cut-off only shapes quarters and years.
                let first_day = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(error)?;
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                }
                .ok_or_else(error)?;
                Some(Period {
                    label: text.to_string(),
                    first_day,
                    last_day: next - Days::days(1),
                })
            }
            Some(_) => None,
        };
        period.ok_or_else(error)
    }
}

/// The kinds of reporting period of the CCHC calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stretch {
    Quarter,
    Half,
    Year,
}

/// Which of the periods [`ReportingCalendar::offered`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offered {
    ThisQuarter,
    LastQuarter,
    ThisHalf,
    ThisYear,
}

impl Stretch {
    /// The ways the officer writes this kind of period after the year.
    fn parts(self) -> &'static [&'static str] {
        match self {
            Stretch::Quarter => &["-Q1", "-Q2", "-Q3", "-Q4"],
            Stretch::Half => &["-H1", "-H2"],
            Stretch::Year => &[""],
        }
    }
}

impl ReportingCalendar {
    /// The reporting period of kind `stretch` that `day` falls in, labelled as the officer
    /// writes it (`2027-Q1` for 20/12/2026 with the Home Affairs cut-off).
    pub fn containing(&self, day: NaiveDate, stretch: Stretch) -> Option<Period> {
        // With a cut-off, the last days of December belong to the next year's periods.
        [day.year(), day.year() + 1]
            .into_iter()
            .flat_map(|year| {
                stretch
                    .parts()
                    .iter()
                    .map(move |part| format!("{year}{part}"))
            })
            .filter_map(|label| self.period(&label).ok())
            .find(|period| period.first_day <= day && day <= period.last_day)
    }

    /// The periods a report is usually made for on `today`: this quarter, the one before
    /// it (reports are handed in once it ends), this half and this year.
    pub fn offered(&self, today: NaiveDate) -> Vec<(Offered, Period)> {
        let quarter = self.containing(today, Stretch::Quarter);
        let before = quarter
            .as_ref()
            .and_then(|quarter| quarter.first_day.pred_opt())
            .and_then(|day| self.containing(day, Stretch::Quarter));
        [
            (Offered::ThisQuarter, quarter),
            (Offered::LastQuarter, before),
            (Offered::ThisHalf, self.containing(today, Stretch::Half)),
            (Offered::ThisYear, self.containing(today, Stretch::Year)),
        ]
        .into_iter()
        .filter_map(|(which, period)| Some((which, period?)))
        .collect()
    }
}

impl Period {
    /// The period as instants in the station's zone: `[from, to)` in ms since 1970.
    pub fn bounds_ms(&self, timezone: Tz) -> (i64, i64) {
        let midnight = |day: NaiveDate| {
            day.and_hms_opt(0, 0, 0)
                .and_then(|at| timezone.from_local_datetime(&at).earliest())
                .map_or(0, |at| at.timestamp_millis())
        };
        (
            midnight(self.first_day),
            midnight(self.last_day + Days::days(1)),
        )
    }

    /// The calendar months the period touches, in order, as (year, month).
    pub fn months(&self) -> Vec<(i32, u32)> {
        let mut months = Vec::new();
        let mut year = self.first_day.year();
        let mut month = self.first_day.month();
        while (year, month) <= (self.last_day.year(), self.last_day.month()) {
            months.push((year, month));
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        }
        months
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} – {})",
            self.label,
            self.first_day.format("%d/%m/%Y"),
            self.last_day.format("%d/%m/%Y")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(period: &Period) -> (String, String) {
        (
            period.first_day.format("%Y-%m-%d").to_string(),
            period.last_day.format("%Y-%m-%d").to_string(),
        )
    }

    fn home_affairs(text: &str) -> (String, String) {
        days(&ReportingCalendar::default().period(text).expect("period"))
    }

    fn calendar(text: &str) -> (String, String) {
        days(
            &ReportingCalendar { cutoff_day: 1 }
                .period(text)
                .expect("period"),
        )
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn the_home_affairs_year_runs_from_the_15th_of_december() {
        assert_eq!(home_affairs("2026"), pair("2025-12-15", "2026-12-14"));
        assert_eq!(home_affairs("2026-Q1"), pair("2025-12-15", "2026-03-14"));
        assert_eq!(home_affairs("2026-Q2"), pair("2026-03-15", "2026-06-14"));
        assert_eq!(home_affairs("2026-Q3"), pair("2026-06-15", "2026-09-14"));
        assert_eq!(home_affairs("2026-Q4"), pair("2026-09-15", "2026-12-14"));
        assert_eq!(home_affairs("2026-H1"), pair("2025-12-15", "2026-06-14"));
        assert_eq!(home_affairs("2026-h2"), pair("2026-06-15", "2026-12-14"));
        // Months stay calendar months, year ends included.
        assert_eq!(home_affairs("2026-12"), pair("2026-12-01", "2026-12-31"));
        assert_eq!(home_affairs("2024-02"), pair("2024-02-01", "2024-02-29"));
    }

    #[test]
    fn a_cutoff_of_one_gives_calendar_periods() {
        assert_eq!(calendar("2026"), pair("2026-01-01", "2026-12-31"));
        assert_eq!(calendar("2026-Q1"), pair("2026-01-01", "2026-03-31"));
        assert_eq!(calendar("2026-Q4"), pair("2026-10-01", "2026-12-31"));
        assert_eq!(calendar("2026-H2"), pair("2026-07-01", "2026-12-31"));
    }

    #[test]
    fn ranges_and_mistakes() {
        assert_eq!(
            home_affairs("2026-01-01..2026-01-31"),
            pair("2026-01-01", "2026-01-31")
        );
        for bad in [
            "26",
            "2026-Q5",
            "2026-13",
            "2026-02-30..2026-03-01",
            "2026-03-01..2026-02-01",
            "last year",
        ] {
            assert!(ReportingCalendar::default().period(bad).is_err(), "{bad}");
        }
        let calendar = ReportingCalendar::default();
        for far in [
            "9999",
            "1969-12",
            "2026-01-01..+262142-12-31",
            "1900-01-01..1900-02-01",
        ] {
            assert_eq!(
                calendar.period(far),
                Err(PeriodError::OutsideCalendar(far.to_string())),
                "{far}"
            );
        }
        assert_eq!(
            calendar.period("2020-01-01..2026-01-01"),
            Err(PeriodError::TooLong("2020-01-01..2026-01-01".to_string()))
        );
        assert!(
            calendar.period("2021-01-01..2025-12-31").is_ok(),
            "a five-year term"
        );
        assert!(calendar.period("4999-Q4").is_ok() && calendar.period("1970").is_ok());
    }

    #[test]
    fn the_periods_a_day_falls_in() {
        let home = ReportingCalendar::default();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("day");
        let labels = |calendar: &ReportingCalendar, today| {
            calendar
                .offered(today)
                .into_iter()
                .map(|(_, period)| period.label)
                .collect::<Vec<_>>()
        };
        // After the cut-off, December belongs to the next year's first quarter.
        assert_eq!(
            labels(&home, day(2026, 12, 20)),
            ["2027-Q1", "2026-Q4", "2027-H1", "2027"]
        );
        assert_eq!(
            labels(&home, day(2026, 12, 14)),
            ["2026-Q4", "2026-Q3", "2026-H2", "2026"]
        );
        assert_eq!(
            labels(&home, day(2026, 3, 15)),
            ["2026-Q2", "2026-Q1", "2026-H1", "2026"]
        );
        let plain = ReportingCalendar { cutoff_day: 1 };
        assert_eq!(
            labels(&plain, day(2027, 1, 1)),
            ["2027-Q1", "2026-Q4", "2027-H1", "2027"]
        );
        let year = home
            .containing(day(2026, 6, 14), Stretch::Year)
            .expect("year");
        assert_eq!(days(&year), pair("2025-12-15", "2026-12-14"));
        assert!(home.containing(day(5000, 6, 1), Stretch::Quarter).is_none());
    }

    #[test]
    fn bounds_are_station_midnights_and_months_are_listed() {
        let period = ReportingCalendar::default()
            .period("2026-Q1")
            .expect("period");
        let (from, to) = period.bounds_ms(chrono_tz::Asia::Ho_Chi_Minh);
        // 2025-12-15T00:00+07:00 and 2026-03-15T00:00+07:00.
        assert_eq!(from, 1_765_731_600_000);
        assert_eq!(to, 1_773_507_600_000);
        assert_eq!(
            period.months(),
            vec![(2025, 12), (2026, 1), (2026, 2), (2026, 3)]
        );
        assert_eq!(period.to_string(), "2026-Q1 (15/12/2025 – 14/03/2026)");
    }
}
