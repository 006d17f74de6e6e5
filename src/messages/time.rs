//! Time in words: the one table of weekday names and the one way a length of time is
//! spoken, for every message that names a day or says how long something lasts.

use std::time::Duration;

use super::{Lang, Say};

/// A day of the week, named as it stands inside a sentence ("thứ Hai", "Monday").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum Day {
    #[default]
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Day {
    /// The Vietnamese name, borrowed for as long as the program runs (croner's describer
    /// takes its table that way).
    pub fn vi_name(self) -> &'static str {
        match self {
            Day::Monday => "thứ Hai",
            Day::Tuesday => "thứ Ba",
            Day::Wednesday => "thứ Tư",
            Day::Thursday => "thứ Năm",
            Day::Friday => "thứ Sáu",
            Day::Saturday => "thứ Bảy",
            Day::Sunday => "Chủ nhật",
        }
    }

    fn en_name(self) -> &'static str {
        match self {
            Day::Monday => "Monday",
            Day::Tuesday => "Tuesday",
            Day::Wednesday => "Wednesday",
            Day::Thursday => "Thursday",
            Day::Friday => "Friday",
            Day::Saturday => "Saturday",
            Day::Sunday => "Sunday",
        }
    }
}

impl From<chrono::Weekday> for Day {
    fn from(day: chrono::Weekday) -> Day {
        match day {
            chrono::Weekday::Mon => Day::Monday,
            chrono::Weekday::Tue => Day::Tuesday,
            chrono::Weekday::Wed => Day::Wednesday,
            chrono::Weekday::Thu => Day::Thursday,
            chrono::Weekday::Fri => Day::Friday,
            chrono::Weekday::Sat => Day::Saturday,
            chrono::Weekday::Sun => Day::Sunday,
        }
    }
}

impl Say for Day {
    fn vi(&self) -> String {
        self.vi_name().to_string()
    }

    fn en(&self) -> String {
        self.en_name().to_string()
    }
}

/// The weekday's name inside a sentence: "thứ Hai", "Monday".
pub fn weekday(day: chrono::Weekday, lang: Lang) -> String {
    Day::from(day).say(lang)
}

/// The weekday's name as the first word of a line: "Thứ Hai", "Monday".
pub fn weekday_first(day: chrono::Weekday, lang: Lang) -> String {
    let name = weekday(day, lang);
    let mut letters = name.chars();
    letters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(letters).collect()
    })
}

/// A length of time as people say it: "9 min 12 s" / "9 phút 12 giây", to the second.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpokenDuration(pub Duration);

impl SpokenDuration {
    /// Whole minutes and the seconds left over, rounded to the nearest second.
    fn parts(self) -> (u64, u64) {
        let seconds = self.0.as_secs_f64().round() as u64;
        (seconds / 60, seconds % 60)
    }

    fn with(self, minute_word: &str, second_word: &str) -> String {
        match self.parts() {
            (0, s) => format!("{s} {second_word}"),
            (m, 0) => format!("{m} {minute_word}"),
            (m, s) => format!("{m} {minute_word} {s} {second_word}"),
        }
    }
}

impl Say for SpokenDuration {
    fn vi(&self) -> String {
        self.with("phút", "giây")
    }

    fn en(&self) -> String {
        self.with("min", "s")
    }
}

/// A length of time as people say it, in `lang`.
pub fn spoken_duration(duration: Duration, lang: Lang) -> String {
    SpokenDuration(duration).say(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_is_named_in_both_languages() {
        super::super::assert_said_in_both::<Day>();
    }

    #[test]
    fn days_are_named_from_chronos_weekdays() {
        assert_eq!(weekday(chrono::Weekday::Mon, Lang::Vi), "thứ Hai");
        assert_eq!(weekday(chrono::Weekday::Sun, Lang::Vi), "Chủ nhật");
        assert_eq!(weekday(chrono::Weekday::Sat, Lang::En), "Saturday");
        assert_eq!(weekday_first(chrono::Weekday::Wed, Lang::Vi), "Thứ Tư");
        assert_eq!(weekday_first(chrono::Weekday::Sun, Lang::Vi), "Chủ nhật");
        assert_eq!(weekday_first(chrono::Weekday::Fri, Lang::En), "Friday");
    }

    #[test]
    fn durations_are_spoken_plainly_in_both_languages() {
        let short = Duration::from_secs(552);
        assert_eq!(spoken_duration(short, Lang::En), "9 min 12 s");
        assert_eq!(spoken_duration(short, Lang::Vi), "9 phút 12 giây");
        assert_eq!(
            spoken_duration(Duration::from_secs(600), Lang::En),
            "10 min"
        );
        assert_eq!(spoken_duration(Duration::from_secs(45), Lang::En), "45 s");
        assert_eq!(
            spoken_duration(Duration::from_millis(89_500), Lang::Vi),
            "1 phút 30 giây"
        );
        assert_eq!(spoken_duration(Duration::ZERO, Lang::Vi), "0 giây");
    }
}
