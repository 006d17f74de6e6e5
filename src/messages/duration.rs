//! Durations as people say them.

use std::time::Duration;

use super::Lang;

/// A duration as people say it: "9 min 12 s" / "9 phút 12 giây".
pub fn spoken_duration(duration: Duration, lang: Lang) -> String {
    let seconds = duration.as_secs_f64().round() as u64;
    let (minutes, seconds) = (seconds / 60, seconds % 60);
    let (minute_word, second_word) = match lang {
        Lang::En => ("min", "s"),
        Lang::Vi => ("phút", "giây"),
    };
    match (minutes, seconds) {
        (0, s) => format!("{s} {second_word}"),
        (m, 0) => format!("{m} {minute_word}"),
        (m, s) => format!("{m} {minute_word} {s} {second_word}"),
    }
}
