//! The checks of single values: numbers against their documented ranges, durations,
//! dates and windows of hours.

use std::ops::RangeInclusive;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use toml::Spanned;

use super::check::Checker;
use super::*;
use crate::messages::config::{NumberUse, ValueProblem};

impl Checker<'_> {
    pub(super) fn blackout(&self, blackout: &FileBlackout) -> Result<Blackout, ConfigError> {
        let from = self.date(&blackout.from)?;
        let to = self.date(&blackout.to)?;
        if to < from {
            return Err(self.error(blackout.to.span().start, ValueProblem::BlackoutBackwards));
        }
        Ok(Blackout {
            from,
            to,
            reason: blackout.reason.clone(),
        })
    }

    fn date(&self, value: &Spanned<String>) -> Result<NaiveDate, ConfigError> {
        let text = value.get_ref().trim();
        let (first, last) = (crate::schedule::FIRST_YEAR, crate::schedule::LAST_YEAR);
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        if let Some(date) = date.filter(|date| (first..=last).contains(&date.year())) {
            return Ok(date);
        }
        let problem = ValueProblem::NotDate {
            text: text.to_string(),
            first,
            last,
        };
        Err(self.error(value.span().start, problem))
    }

    pub(super) fn hours(
        &self,
        windows: &Spanned<Vec<Spanned<String>>>,
    ) -> Result<Vec<HoursWindow>, ConfigError> {
        windows
            .get_ref()
            .iter()
            .map(|window| {
                let parsed = window.get_ref().split_once('-').and_then(|(start, end)| {
                    let time =
                        |text: &str| chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M").ok();
                    Some(HoursWindow {
                        start: time(start)?,
                        end: time(end)?,
                    })
                });
                match parsed {
                    Some(hours) if hours.start < hours.end => Ok(hours),
                    _ => {
                        let text = window.get_ref().clone();
                        Err(self.error(window.span().start, ValueProblem::NotHours { text }))
                    }
                }
            })
            .collect()
    }

    pub(super) fn reports(
        &self,
        reports: Option<&FileReports>,
    ) -> Result<crate::periods::ReportingCalendar, ConfigError> {
        let Some(cutoff) = reports.and_then(|reports| reports.cutoff_day.as_ref()) else {
            return Ok(crate::periods::ReportingCalendar::default());
        };
        let day = self.whole_number(
            cutoff,
            "cutoff_day",
            &CUTOFF_DAY_RANGE,
            NumberUse::CutoffDay,
        )?;
        Ok(crate::periods::ReportingCalendar { cutoff_day: day })
    }

    pub(super) fn warn_days(&self, value: Option<&Spanned<i64>>) -> Result<u32, ConfigError> {
        let Some(value) = value else {
            return Ok(DEFAULT_WARN_DAYS);
        };
        self.whole_number(value, "warn_days", &WARN_DAYS_RANGE, NumberUse::WarnDays)
    }

    /// A whole number inside `range`; what it is for goes in the hint.
    pub(super) fn whole_number(
        &self,
        value: &Spanned<i64>,
        key: &'static str,
        range: &RangeInclusive<u32>,
        used_for: NumberUse,
    ) -> Result<u32, ConfigError> {
        let number = *value.get_ref();
        if let Some(inside) = u32::try_from(number).ok().filter(|n| range.contains(n)) {
            return Ok(inside);
        }
        let problem = ValueProblem::NumberOutOfRange {
            key,
            number,
            low: *range.start(),
            high: *range.end(),
            used_for,
        };
        Err(self.error(value.span().start, problem))
    }

    /// A duration such as "10m" inside `range`. Very long values ("99999999999h") are
    /// refused here, so no later arithmetic on them can overflow.
    pub(super) fn duration(
        &self,
        value: Option<&Spanned<String>>,
        key: &'static str,
        range: &RangeInclusive<Duration>,
    ) -> Result<Option<Duration>, ConfigError> {
        let Some(value) = value else {
            return Ok(None);
        };
        let text = value.get_ref().clone();
        let (low, high) = (limit_text(*range.start()), limit_text(*range.end()));
        let problem = match humantime::parse_duration(text.trim()) {
            Ok(duration) if range.contains(&duration) => return Ok(Some(duration)),
            Ok(_) | Err(humantime::DurationError::NumberOverflow) => {
                ValueProblem::DurationOutOfRange {
                    key,
                    text,
                    low,
                    high,
                }
            }
            Err(_) => ValueProblem::NotDuration { text, low, high },
        };
        Err(self.error(value.span().start, problem))
    }
}

/// A limit as it would be written in the configuration: "1s", "10m", "24h", "7d".
fn limit_text(limit: Duration) -> String {
    let seconds = limit.as_secs();
    match seconds {
        0 => "0s".to_string(),
        s if s % 86_400 == 0 && s > 86_400 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}
