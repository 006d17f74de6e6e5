//! The checks of single values: numbers against their documented ranges, durations,
//! dates and windows of hours.

use std::ops::RangeInclusive;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use toml::Spanned;

use super::check::Checker;
use super::*;
use crate::messages::shown;

impl Checker<'_> {
    pub(super) fn blackout(&self, blackout: &FileBlackout) -> Result<Blackout, ConfigError> {
        let from = self.date(&blackout.from)?;
        let to = self.date(&blackout.to)?;
        if to < from {
            return Err(self.error(
                blackout.to.span().start,
                self.say(
                    "ngày kết thúc của khoảng nghỉ phát này trước ngày bắt đầu",
                    "this blackout ends before it starts",
                ),
                self.say(
                    "ghi ngày đầu vào `from` và ngày cuối vào `to`",
                    "put the first day in `from` and the last day in `to`",
                ),
            ));
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
        let text = shown(text);
        Err(self.error(
            value.span().start,
            self.say(
                format!("`{text}` không phải một ngày từ năm {first} đến năm {last}"),
                format!("`{text}` is not a date from the year {first} to {last}"),
            ),
            self.say(
                "ghi ngày dạng NĂM-THÁNG-NGÀY, ví dụ from = \"2027-02-05\"",
                "write dates as YYYY-MM-DD, e.g. from = \"2027-02-05\"",
            ),
        ))
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
                        let text = shown(window.get_ref());
                        Err(self.error(
                            window.span().start,
                            self.say(
                                format!("`{text}` không phải một khung giờ"),
                                format!("`{text}` is not a window of hours"),
                            ),
                            self.say(
                                "ghi như \"05:00-07:00\" (giờ bắt đầu trước giờ kết thúc, trong \
                                 cùng một ngày, giờ từ 00 đến 23, phút từ 00 đến 59)",
                                "write it like \"05:00-07:00\" (start before end, within one \
                                 day, hours 00 to 23, minutes 00 to 59)",
                            ),
                        ))
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
            self.say(
                "ngày mà tháng nào cũng có: 15 cho năm báo cáo của Bộ Nội vụ (15/12 đến \
                 14/12), 1 cho kỳ theo lịch",
                "a day every month has: 15 for the Home Affairs reporting year (15/12 to \
                 14/12), 1 for calendar periods",
            ),
        )?;
        Ok(crate::periods::ReportingCalendar { cutoff_day: day })
    }

    pub(super) fn warn_days(&self, value: Option<&Spanned<i64>>) -> Result<u32, ConfigError> {
        let Some(value) = value else {
            return Ok(DEFAULT_WARN_DAYS);
        };
        self.whole_number(
            value,
            "warn_days",
            &WARN_DAYS_RANGE,
            self.say(
                "số ngày báo trước khi một lần phát chưa có file, ví dụ warn_days = 7",
                "the days ahead to warn of a slot with no file, e.g. warn_days = 7",
            ),
        )
    }

    /// A whole number inside `range`; what it is for goes in the hint.
    fn whole_number(
        &self,
        value: &Spanned<i64>,
        key: &str,
        range: &RangeInclusive<u32>,
        what: String,
    ) -> Result<u32, ConfigError> {
        let number = *value.get_ref();
        if let Some(inside) = u32::try_from(number).ok().filter(|n| range.contains(n)) {
            return Ok(inside);
        }
        let (low, high) = (range.start(), range.end());
        Err(self.error(
            value.span().start,
            self.say(
                format!("{key} = {number} nằm ngoài khoảng cho phép, từ {low} đến {high}"),
                format!("{key} = {number} is outside its range, {low} to {high}"),
            ),
            self.say(
                format!("ghi một số nguyên từ {low} đến {high}: {what}"),
                format!("write a whole number from {low} to {high}: {what}"),
            ),
        ))
    }

    /// A duration such as "10m" inside `range`. Very long values ("99999999999h") are
    /// refused here, so no later arithmetic on them can overflow.
    pub(super) fn duration(
        &self,
        value: Option<&Spanned<String>>,
        key: &str,
        range: &RangeInclusive<Duration>,
    ) -> Result<Option<Duration>, ConfigError> {
        let Some(value) = value else {
            return Ok(None);
        };
        let text = shown(value.get_ref());
        let (low, high) = (limit_text(*range.start()), limit_text(*range.end()));
        let parsed = humantime::parse_duration(value.get_ref().trim());
        let message = match parsed {
            Ok(duration) if range.contains(&duration) => return Ok(Some(duration)),
            Ok(_) | Err(humantime::DurationError::NumberOverflow) => self.say(
                format!(
                    "{key} = \"{text}\" nằm ngoài khoảng cho phép, từ \"{low}\" đến \"{high}\""
                ),
                format!("{key} = \"{text}\" is outside its range, \"{low}\" to \"{high}\""),
            ),
            Err(_) => self.say(
                format!("`{text}` không phải một khoảng thời gian"),
                format!("`{text}` is not a duration"),
            ),
        };
        Err(self.error(
            value.span().start,
            message,
            self.say(
                format!(
                    "ghi như \"10m\", \"15m\", \"90s\" hoặc \"1h 30m\" (s giây, m phút, h giờ, d \
                     ngày), từ \"{low}\" đến \"{high}\""
                ),
                format!(
                    "write it like \"10m\", \"15m\", \"90s\" or \"1h 30m\", from \"{low}\" to \
                     \"{high}\""
                ),
            ),
        ))
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
