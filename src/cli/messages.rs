//! Sentences `explain` and `next` print when there is nothing to list or the line cannot
//! be read, in the officer's language.

use chrono::DateTime;
use chrono_tz::Tz;

use super::shown;
use crate::config::Lang;
use crate::schedule::{line_hint, CronLineError, LAST_YEAR};

/// Why `explain` refuses `line`, with what to write instead.
pub fn explain_refusal(line: &str, error: &CronLineError, lang: Lang) -> String {
    let (line, reason, hint) = (shown(line), error.describe(lang), line_hint(lang));
    match lang {
        Lang::En => {
            format!("\"{line}\" is not a crontab line wardcast accepts: {reason}\n  hint: {hint}")
        }
        Lang::Vi => {
            format!("\"{line}\" không phải dòng lịch wardcast dùng được: {reason}\n  gợi ý: {hint}")
        }
    }
}

/// Why `explain` lists nothing after `from`: the line names a day that never comes (30
/// February), or its next time lies past the end of wardcast's calendar.
pub fn no_times_after(line: &str, from: &DateTime<Tz>, fires_at_all: bool, lang: Lang) -> String {
    let (line, from) = (shown(line), from.format("%d/%m/%Y %H:%M"));
    match (fires_at_all, lang) {
        (false, Lang::En) => format!(
            "\"{line}\" never fires: it names a day that does not exist (such as 30 February)\n  \
             hint: check the day-of-month and month fields with the calendar"
        ),
        (false, Lang::Vi) => format!(
            "\"{line}\" không bao giờ phát: dòng lịch ghi một ngày không có thật (như ngày 30 \
             tháng 2)\n  gợi ý: xem lại trường ngày và tháng theo lịch"
        ),
        (true, Lang::En) => format!(
            "\"{line}\" has no time after {from} in wardcast's calendar, which ends on \
             31/12/{LAST_YEAR}\n  hint: give an earlier --from"
        ),
        (true, Lang::Vi) => format!(
            "\"{line}\" không còn lần phát nào sau {from} trong lịch của wardcast (lịch kết thúc \
             ngày 31/12/{LAST_YEAR})\n  gợi ý: ghi --from sớm hơn"
        ),
    }
}

/// The line under a list cut short by the end of wardcast's calendar.
pub fn calendar_ends(lang: Lang) -> String {
    match lang {
        Lang::En => format!("(wardcast's calendar ends on 31/12/{LAST_YEAR}: no later times)"),
        Lang::Vi => {
            format!("(lịch của wardcast kết thúc ngày 31/12/{LAST_YEAR}: không có lần nào sau đó)")
        }
    }
}

/// Why `next` lists nothing after `from` although programmes are configured.
pub fn nothing_planned(from: &DateTime<Tz>, lang: Lang) -> String {
    let from = from.format("%d/%m/%Y %H:%M");
    match lang {
        Lang::En => format!(
            "No airing is due after {from} in wardcast's calendar, which ends on \
             31/12/{LAST_YEAR}.\n  hint: give an earlier --from, or check the schedules with \
             `wardcast explain`"
        ),
        Lang::Vi => format!(
            "Không có lần phát nào sau {from} trong lịch của wardcast (lịch kết thúc ngày \
             31/12/{LAST_YEAR}).\n  gợi ý: ghi --from sớm hơn, hoặc kiểm tra lịch phát bằng \
             `wardcast explain`"
        ),
    }
}
