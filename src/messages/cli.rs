//! The words of the command line's commands: refusals of what was typed, the times a
//! schedule gives, the readiness check's verdict, the words of the printed lists, playing a
//! file by hand, and failures to start.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDateTime};

use super::{shown, shown_path, Say};

mod lists;
pub use lists::ListWords;

/// A value typed on the command line (`--count`, `--from`, `--to`) that is refused, with
/// what to type instead. `text` is what was typed.
#[derive(Debug, Clone, PartialEq, strum::EnumIter)]
pub enum ValueRefusal {
    /// `--count 0`: nothing would be listed; counts go up to `max`.
    CountZero { max: usize },
    /// A count that is not a whole number from 1 to `max`.
    NotACount { text: String, max: usize },
    /// A time wardcast cannot read.
    NotATime { text: String },
    /// A local time skipped by the zone's clock change.
    NotInZone { text: String, zone: String },
    /// A time outside wardcast's calendar (`first_year` to `last_year`).
    OutsideCalendar {
        text: String,
        first_year: i32,
        last_year: i32,
    },
}

// Every variant carries what was typed or a limit, so none can be the derived default.
impl Default for ValueRefusal {
    fn default() -> Self {
        ValueRefusal::CountZero { max: 0 }
    }
}

impl Say for ValueRefusal {
    fn vi(&self) -> String {
        match self {
            ValueRefusal::CountZero { max } => format!(
                "--count 0 nghĩa là không liệt kê gì cả\n  gợi ý: cho --count một số từ 1 đến \
                 {max}, hoặc bỏ --count đi"
            ),
            ValueRefusal::NotACount { text, max } => format!(
                "--count {} không phải một số từ 1 đến {max}\n  gợi ý: ghi một số nguyên từ 1 \
                 đến {max}",
                shown(text)
            ),
            ValueRefusal::NotATime { text } => format!(
                "\"{}\" không phải thời điểm wardcast đọc được; ghi như 2026-12-01 hoặc \
                 \"2026-12-01 06:30\"",
                shown(text)
            ),
            ValueRefusal::NotInZone { text, zone } => {
                format!("{} không có trong múi giờ {zone}", shown(text))
            }
            ValueRefusal::OutsideCalendar {
                text,
                first_year,
                last_year,
            } => format!(
                "{} nằm ngoài lịch của wardcast, lịch chỉ từ 01/01/{first_year} đến \
                 31/12/{last_year}\n  gợi ý: ghi một thời điểm trong khoảng đó",
                shown(text)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ValueRefusal::CountZero { max } => format!(
                "--count 0 asks for nothing to be listed\n  hint: give --count a number from 1 \
                 to {max}, or leave it out"
            ),
            ValueRefusal::NotACount { text, max } => format!(
                "--count {} is not a number from 1 to {max}\n  hint: give a whole number from \
                 1 to {max}",
                shown(text)
            ),
            ValueRefusal::NotATime { text } => format!(
                "\"{}\" is not a time wardcast understands; write it like 2026-12-01 or \
                 \"2026-12-01 06:30\"",
                shown(text)
            ),
            ValueRefusal::NotInZone { text, zone } => {
                format!("{} does not exist in the time zone {zone}", shown(text))
            }
            ValueRefusal::OutsideCalendar {
                text,
                first_year,
                last_year,
            } => format!(
                "{} is outside wardcast's calendar, which runs from 01/01/{first_year} to \
                 31/12/{last_year}\n  hint: give a time inside it",
                shown(text)
            ),
        }
    }
}

/// What `explain` and `next` say about the times a schedule gives: the line refused, no
/// time to list, the end of wardcast's calendar (31/12 of `last_year`), and the list.
#[derive(Debug, Clone, PartialEq, strum::EnumIter)]
pub enum Upcoming {
    /// `explain` refuses `line` for `reason` (wardcast's words), with how to write one.
    Refused {
        line: String,
        reason: String,
        hint: String,
    },
    /// `line` names a day that never comes (30 February).
    NeverFires { line: String },
    /// `line`'s next time after `from` lies past the end of the calendar.
    NoTimeAfter {
        line: String,
        from: NaiveDateTime,
        last_year: i32,
    },
    /// `next` has no airing after `from` although programmes are configured.
    NothingPlanned { from: NaiveDateTime, last_year: i32 },
    /// The line under a list cut short by the end of the calendar.
    CalendarEnds { last_year: i32 },
    /// The heading of the list of times, in the station's zone.
    NextTimes { zone: String },
    /// One time of the list (`at`, station time), with its weekday.
    Time { at: NaiveDateTime },
}

// Every variant carries a line, a time or a year, so none can be the derived default.
impl Default for Upcoming {
    fn default() -> Self {
        Upcoming::CalendarEnds { last_year: 0 }
    }
}

/// A day and time as the officer reads it in a message: 31/12/2026 06:30.
fn day_and_minute(at: &NaiveDateTime) -> impl std::fmt::Display + '_ {
    at.format("%d/%m/%Y %H:%M")
}

impl Say for Upcoming {
    fn vi(&self) -> String {
        match self {
            Upcoming::Refused { line, reason, hint } => format!(
                "\"{}\" không phải dòng lịch wardcast dùng được: {reason}\n  gợi ý: {hint}",
                shown(line)
            ),
            Upcoming::NeverFires { line } => format!(
                "\"{}\" không bao giờ phát: dòng lịch ghi một ngày không có thật (như ngày 30 \
                 tháng 2)\n  gợi ý: xem lại trường ngày và tháng theo lịch",
                shown(line)
            ),
            Upcoming::NoTimeAfter {
                line,
                from,
                last_year,
            } => format!(
                "\"{}\" không còn lần phát nào sau {} trong lịch của wardcast (lịch kết thúc \
                 ngày 31/12/{last_year})\n  gợi ý: ghi --from sớm hơn",
                shown(line),
                day_and_minute(from)
            ),
            Upcoming::NothingPlanned { from, last_year } => format!(
                "Không có lần phát nào sau {} trong lịch của wardcast (lịch kết thúc ngày \
                 31/12/{last_year}).\n  gợi ý: ghi --from sớm hơn, hoặc kiểm tra lịch phát bằng \
                 `wardcast explain`",
                day_and_minute(from)
            ),
            Upcoming::CalendarEnds { last_year } => format!(
                "(lịch của wardcast kết thúc ngày 31/12/{last_year}: không có lần nào sau đó)"
            ),
            Upcoming::NextTimes { zone } => format!("Các lần tới (múi giờ {zone}):"),
            Upcoming::Time { at } => {
                let day = super::time::weekday_first(at.weekday(), super::Lang::Vi);
                format!("{day} {}", at.format("%d/%m/%Y %H:%M:%S"))
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Upcoming::Refused { line, reason, hint } => format!(
                "\"{}\" is not a crontab line wardcast accepts: {reason}\n  hint: {hint}",
                shown(line)
            ),
            Upcoming::NeverFires { line } => format!(
                "\"{}\" never fires: it names a day that does not exist (such as 30 \
                 February)\n  hint: check the day-of-month and month fields with the calendar",
                shown(line)
            ),
            Upcoming::NoTimeAfter {
                line,
                from,
                last_year,
            } => format!(
                "\"{}\" has no time after {} in wardcast's calendar, which ends on \
                 31/12/{last_year}\n  hint: give an earlier --from",
                shown(line),
                day_and_minute(from)
            ),
            Upcoming::NothingPlanned { from, last_year } => format!(
                "No airing is due after {} in wardcast's calendar, which ends on \
                 31/12/{last_year}.\n  hint: give an earlier --from, or check the schedules \
                 with `wardcast explain`",
                day_and_minute(from)
            ),
            Upcoming::CalendarEnds { last_year } => {
                format!("(wardcast's calendar ends on 31/12/{last_year}: no later times)")
            }
            Upcoming::NextTimes { zone } => format!("Next times ({zone}):"),
            Upcoming::Time { at } => at.format("%a %Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// The sentences of `wardcast check` beyond the lists it shares with `next`.
#[derive(Debug, Clone, PartialEq, Default, strum::EnumIter)]
pub enum Readiness {
    /// The configuration file read without error.
    ConfigValid {
        config: PathBuf,
        programmes: usize,
        zone: String,
    },
    /// `programme`'s schedule fires outside the allowed `hours`, e.g. `at`.
    OutsideHours {
        programme: String,
        hours: String,
        at: NaiveDateTime,
    },
    /// `programme`'s schedule has no time left in the calendar.
    NeverAgain { programme: String },
    /// The source `title` (`id`), needed at `at`, cannot be heard now, for `problem`.
    SourceNotHeard {
        title: String,
        id: String,
        at: NaiveDateTime,
        problem: super::receive::ReceiveProblem,
    },
    /// Nothing needs doing.
    #[default]
    AllReady,
    /// Something printed above needs doing.
    NeedsAttention,
}

impl Say for Readiness {
    fn vi(&self) -> String {
        match self {
            Readiness::ConfigValid {
                config,
                programmes,
                zone,
            } => format!(
                "Cấu hình {} hợp lệ: {programmes} chương trình, múi giờ {zone}.",
                shown_path(config)
            ),
            Readiness::OutsideHours {
                programme,
                hours,
                at,
            } => format!(
                "Lịch của {} phát ngoài giờ được phép ({hours}), ví dụ lúc {}: hãy sửa lịch \
                 trong cấu hình",
                shown(programme),
                day_and_minute(at)
            ),
            Readiness::NeverAgain { programme } => {
                format!("{}: lịch phát không còn lần nào nữa.", shown(programme))
            }
            Readiness::SourceNotHeard {
                title,
                id,
                at,
                problem,
            } => format!(
                "Chưa nghe được nguồn {} ({}), cần lúc {}: {}. Chạy `wardcast sources` để \
                 kiểm tra lại.",
                shown(title),
                shown(id),
                day_and_minute(at),
                problem.vi()
            ),
            Readiness::AllReady => "Tất cả đã sẵn sàng.".to_string(),
            Readiness::NeedsAttention => "Có việc cần xử lý (xem các dòng ở trên).".to_string(),
        }
    }

    fn en(&self) -> String {
        match self {
            Readiness::ConfigValid {
                config,
                programmes,
                zone,
            } => format!(
                "Configuration {} is valid: {programmes} programme(s), time zone {zone}.",
                shown_path(config)
            ),
            Readiness::OutsideHours {
                programme,
                hours,
                at,
            } => format!(
                "The schedule of {} fires outside the allowed hours ({hours}), e.g. at {}: \
                 correct it in the configuration",
                shown(programme),
                day_and_minute(at)
            ),
            Readiness::NeverAgain { programme } => {
                format!("{}: its schedule never fires again.", shown(programme))
            }
            Readiness::SourceNotHeard {
                title,
                id,
                at,
                problem,
            } => format!(
                "The source {} ({}), needed at {}, cannot be heard now: {}. Run `wardcast \
                 sources` to try it again.",
                shown(title),
                shown(id),
                day_and_minute(at),
                problem.en()
            ),
            Readiness::AllReady => "All ready.".to_string(),
            Readiness::NeedsAttention => "Something needs attention (see above).".to_string(),
        }
    }
}

/// What `wardcast play` says: the file cannot be played, it is playing, how it ended, and
/// (with `--now`) why the running daemon could not be asked.
#[derive(Debug, Clone, PartialEq, Default, strum::EnumIter)]
pub enum PlayWords {
    /// `file` cannot be played, for `reason`.
    CannotBePlayed { file: PathBuf, reason: String },
    /// `file` (as the probe describes it) is playing on `device`.
    Playing {
        file: PathBuf,
        probe: String,
        device: String,
    },
    /// The file played to its end.
    #[default]
    PlayedToEnd,
    /// The airing ended early with `outcome` (the log's word), for `reason`.
    NotPlayedToEnd { outcome: String, reason: String },
    /// No daemon listens on the data folder `data`.
    NotRunning { data: PathBuf },
    /// The daemon could not be reached or answered, for `reason` (the system's words).
    TalkFailed { reason: String },
    /// The daemon's answer could not be read.
    Unexpected { what: String },
}

impl Say for PlayWords {
    fn vi(&self) -> String {
        match self {
            PlayWords::CannotBePlayed { file, reason } => {
                format!("{} không phát được: {reason}", shown_path(file))
            }
            PlayWords::Playing {
                file,
                probe,
                device,
            } => format!(
                "Đang phát {} ({probe}) trên \"{}\"…",
                shown_path(file),
                shown(device)
            ),
            PlayWords::PlayedToEnd => {
                "Đã phát hết; đã ghi vào nhật ký là một lần phát thủ công.".to_string()
            }
            PlayWords::NotPlayedToEnd { outcome, reason } => {
                format!("Không phát hết ({outcome}): {}", shown(reason))
            }
            PlayWords::NotRunning { data } => format!(
                "không có wardcast nào đang chạy với thư mục dữ liệu này ({}); hãy khởi động \
                 bằng `wardcast run`, hoặc phát file mà không dùng --now",
                shown_path(data)
            ),
            PlayWords::TalkFailed { reason } => {
                format!("không trao đổi được với wardcast đang chạy: {reason}")
            }
            PlayWords::Unexpected { what } => format!(
                "wardcast đang chạy trả lời một điều không đọc được: {}",
                shown(what)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            PlayWords::CannotBePlayed { file, reason } => {
                format!("{} cannot be played: {reason}", shown_path(file))
            }
            PlayWords::Playing {
                file,
                probe,
                device,
            } => format!(
                "Playing {} ({probe}) on \"{}\"…",
                shown_path(file),
                shown(device)
            ),
            PlayWords::PlayedToEnd => "Played to the end; logged as a manual airing.".to_string(),
            PlayWords::NotPlayedToEnd { outcome, reason } => {
                format!("Not played to the end ({outcome}): {}", shown(reason))
            }
            PlayWords::NotRunning { data } => format!(
                "no wardcast is running on this data folder ({}); start it with `wardcast \
                 run`, or play the file without --now",
                shown_path(data)
            ),
            PlayWords::TalkFailed { reason } => {
                format!("talking to the running wardcast failed: {reason}")
            }
            PlayWords::Unexpected { what } => format!(
                "the running wardcast answered something unexpected: {}",
                shown(what)
            ),
        }
    }
}

/// What keeps a command from starting at all.
#[derive(Debug, Clone, PartialEq, Default, strum::EnumIter)]
pub enum StartupFailure {
    /// The threads that carry out the airings cannot be started.
    #[default]
    Runtime,
    /// The Windows service cannot find its configuration file.
    ServiceConfig,
    /// The Windows service manager refused to start wardcast.
    Service,
}

impl Say for StartupFailure {
    fn vi(&self) -> String {
        match self {
            StartupFailure::Runtime => "không khởi động được bộ chạy nền của wardcast",
            StartupFailure::ServiceConfig => "không tìm thấy file cấu hình cho dịch vụ",
            StartupFailure::Service => "không chạy được như một dịch vụ Windows",
        }
        .to_string()
    }

    fn en(&self) -> String {
        match self {
            StartupFailure::Runtime => "cannot start the async runtime",
            StartupFailure::ServiceConfig => "cannot find the configuration file for the service",
            StartupFailure::Service => "cannot start as a Windows service",
        }
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{assert_said_in_both, Lang};

    #[test]
    fn every_command_line_message_is_said_in_both_languages() {
        assert_said_in_both::<ValueRefusal>();
        assert_said_in_both::<Upcoming>();
        assert_said_in_both::<Readiness>();
        assert_said_in_both::<ListWords>();
        assert_said_in_both::<PlayWords>();
        assert_said_in_both::<StartupFailure>();
    }

    #[test]
    fn a_time_of_the_list_names_its_weekday() {
        let monday = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|day| day.and_hms_opt(6, 30, 0))
            .expect("a time");
        let sunday = monday + chrono::Duration::days(6);
        let said = |at| Upcoming::Time { at }.say(Lang::Vi);
        assert_eq!(said(monday), "Thứ Hai 07/12/2026 06:30:00");
        assert_eq!(said(sunday), "Chủ nhật 13/12/2026 06:30:00");
        assert_eq!(
            Upcoming::Time { at: monday }.say(Lang::En),
            "Mon 2026-12-07 06:30:00"
        );
    }

    #[test]
    fn outside_text_is_escaped_where_it_is_said() {
        let refused = ValueRefusal::NotATime {
            text: "mai\nwardcast: forged".to_string(),
        };
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(refused.say(lang).lines().count(), 1, "{lang:?}");
        }
        let playing = PlayWords::Playing {
            file: PathBuf::from("/a/b\u{202e}c.mp3"),
            probe: "mp3".to_string(),
            device: "default".to_string(),
        };
        assert!(playing.say(Lang::Vi).contains("b\\u{202e}c.mp3"));
    }
}
