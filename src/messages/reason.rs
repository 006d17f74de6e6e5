//! The words of each reason an airing was missed, failed, cut off or late, as the log and
//! the officer read them.

use std::time::Duration;

use super::player::PlayerProblem;
use super::time::spoken_duration;
use super::{Lang, Say};
use crate::reason::{At, Reason, Urgency, Words};

/// Another part's words about a problem, taken in both languages from `say`.
pub fn in_both(say: impl Fn(Lang) -> String) -> Words {
    Words {
        vi: say(Lang::Vi),
        en: say(Lang::En),
    }
}

fn clock(at: &At) -> String {
    at.format("%d/%m %H:%M:%S").to_string()
}

fn spoken_ms(millis: u64, lang: Lang) -> String {
    spoken_duration(Duration::from_millis(millis), lang)
}

fn urgency_vi(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Normal => "thường",
        Urgency::Priority => "ưu tiên",
        Urgency::Emergency => "khẩn cấp",
    }
}

/// A table of words, one arm per reason in each language.
impl Say for Reason {
    fn vi(&self) -> String {
        let lang = Lang::Vi;
        match self {
            Reason::ClockJump => {
                "khung giờ đã qua khi wardcast đang chờ (đồng hồ bị chỉnh tiến hoặc máy ngủ)".into()
            }
            Reason::DaemonDown { since, until } => {
                format!(
                    "wardcast không chạy từ {} đến {}",
                    clock(since),
                    clock(until)
                )
            }
            Reason::Unrecorded { stopped } => format!(
                "không ghi được nhật ký của khung giờ này (ổ dữ liệu đầy hoặc chỉ đọc) trước khi \
                 wardcast dừng lúc {}: không rõ đã phát hay chưa",
                clock(stopped)
            ),
            Reason::StillOnAir { on_air } => format!("{on_air} vẫn đang phát"),
            Reason::Overlap {
                on_air,
                max_delay_ms,
            } => format!(
                "trùng giờ: {on_air} vẫn đang phát, trễ quá {} cho phép",
                spoken_ms(*max_delay_ms, lang)
            ),
            Reason::Blackout { name, from, to } => format!(
                "ngày nghỉ phát sóng ({name}: {}–{})",
                from.format("%d/%m"),
                to.format("%d/%m/%Y")
            ),
            Reason::OutsideHours { hours } => format!("ngoài giờ được phép phát ({hours})"),
            Reason::RunsPastWindow {
                length_ms,
                window_end,
            } => format!(
                "file dài {}, sẽ phát quá giờ được phép ({})",
                spoken_ms(*length_ms, lang),
                window_end.format("%H:%M")
            ),
            Reason::PlayedLate { late_ms, why } => {
                format!("phát trễ {}: {}", spoken_ms(*late_ms, lang), why.vi())
            }
            Reason::Replayed { why } => format!("phát lại sau khi bị ngắt ({})", why.vi()),
            Reason::Announcement { urgency } => format!("thông báo ({})", urgency_vi(*urgency)),
            Reason::NoFile { words, .. } => words.vi.clone(),
            Reason::FilesKeptChanging => {
                "các file của chương trình liên tục thay đổi trong lúc chuẩn bị phát".into()
            }
            Reason::FileUnreadable { file, words } => {
                format!("không phát được {file}: {}", words.vi)
            }
            Reason::NoSuchDevice { .. } | Reason::DeviceError { .. } => device_problem(self).vi(),
            Reason::DeviceLost { detail } => format!("card âm thanh bị lỗi: {detail}"),
            Reason::PlayerGone => "phần phát âm thanh của wardcast đã ngừng".into(),
            Reason::Retried { attempts, why } => format!("{} (đã thử {attempts} lần)", why.vi()),
            Reason::Shutdown => "wardcast dừng".into(),
            Reason::CutIn { title } => format!("bị ngắt để phát tin khẩn \"{title}\""),
            Reason::CutInByAnnouncement => "bị ngắt để phát thông báo khẩn".into(),
            Reason::NotStarted { why } => format!("dừng trước khi kịp phát: {}", why.vi()),
            Reason::StoppedWhileWaiting => "wardcast dừng trước khi thông báo này kịp phát".into(),
            Reason::Crash {
                played_ms: Some(played),
            } => format!(
                "wardcast dừng giữa lúc đang phát (mất điện hoặc lỗi) sau khoảng {}",
                spoken_ms(*played, lang)
            ),
            Reason::Crash { played_ms: None } => {
                "wardcast dừng giữa lúc đang phát (mất điện hoặc lỗi); không rõ đã phát được bao \
                 lâu"
                .into()
            }
        }
    }

    fn en(&self) -> String {
        let lang = Lang::En;
        match self {
            Reason::ClockJump => "the slot passed while wardcast waited (the clock was set \
                                  forward or the computer slept)"
                .into(),
            Reason::DaemonDown { since, until } => format!(
                "wardcast was not running from {} to {}",
                clock(since),
                clock(until)
            ),
            Reason::Unrecorded { stopped } => format!(
                "the record of this slot could not be written (the data disk was full or \
                 read-only) before wardcast stopped at {}: whether it aired is not known",
                clock(stopped)
            ),
            Reason::StillOnAir { on_air } => format!("{on_air} was still on air"),
            Reason::Overlap {
                on_air,
                max_delay_ms,
            } => format!(
                "overlap: {on_air} was still on air, more than the {} it may wait",
                spoken_ms(*max_delay_ms, lang)
            ),
            Reason::Blackout { name, from, to } => format!(
                "blackout ({name}: {}–{})",
                from.format("%d/%m"),
                to.format("%d/%m/%Y")
            ),
            Reason::OutsideHours { hours } => format!("outside the allowed hours ({hours})"),
            Reason::RunsPastWindow {
                length_ms,
                window_end,
            } => format!(
                "the file ({}) would run past the end of the allowed hours at {}",
                spoken_ms(*length_ms, lang),
                window_end.format("%H:%M")
            ),
            Reason::PlayedLate { late_ms, why } => {
                format!("played {} late: {}", spoken_ms(*late_ms, lang), why.en())
            }
            Reason::Replayed { why } => format!("replayed after an interruption ({})", why.en()),
            Reason::Announcement { urgency } => format!("announcement ({})", urgency.as_str()),
            Reason::NoFile { words, .. } => words.en.clone(),
            Reason::FilesKeptChanging => {
                "the programme's files kept changing while the airing was prepared".into()
            }
            Reason::FileUnreadable { file, words } => format!("cannot air {file}: {}", words.en),
            Reason::NoSuchDevice { .. } | Reason::DeviceError { .. } => device_problem(self).en(),
            Reason::DeviceLost { detail } => format!("the sound card failed: {detail}"),
            Reason::PlayerGone => "the audio thread has stopped".into(),
            Reason::Retried { attempts, why } => format!("{} (tried {attempts} times)", why.en()),
            Reason::Shutdown => "shutdown".into(),
            Reason::CutIn { title } => format!("cut off by the emergency broadcast \"{title}\""),
            Reason::CutInByAnnouncement => "cut off by an emergency announcement".into(),
            Reason::NotStarted { why } => format!("stopped before it started: {}", why.en()),
            Reason::StoppedWhileWaiting => {
                "shutdown: wardcast stopped before this announcement could air".into()
            }
            Reason::Crash {
                played_ms: Some(played),
            } => format!(
                "wardcast stopped during this airing (power cut or crash) after about {}",
                spoken_ms(*played, lang)
            ),
            Reason::Crash { played_ms: None } => "wardcast stopped during this airing (power cut \
                                                  or crash); how far it got is not known"
                .into(),
        }
    }
}

/// A sound card that could not be used is said as the player says it.
fn device_problem(reason: &Reason) -> PlayerProblem {
    match reason {
        Reason::NoSuchDevice { device } => PlayerProblem::NoSuchDevice {
            device: device.clone(),
        },
        Reason::DeviceError { device, detail } => PlayerProblem::DeviceOpen {
            device: device.clone(),
            detail: detail.clone(),
        },
        _ => PlayerProblem::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, NaiveTime};

    #[test]
    fn every_reason_is_said_in_both_languages() {
        super::super::assert_said_in_both::<Reason>();
    }

    #[test]
    fn reasons_carrying_another_part_s_words_say_them_in_the_language_asked() {
        let words = in_both(|lang| match lang {
            Lang::Vi => "chưa có file âm thanh nào trong tin-tuc/".into(),
            Lang::En => "no audio file in tin-tuc/".into(),
        });
        let no_file = Reason::NoFile {
            folder: "tin-tuc".into(),
            words: words.clone(),
        };
        assert_eq!(
            no_file.say(Lang::Vi),
            "chưa có file âm thanh nào trong tin-tuc/"
        );
        assert_eq!(no_file.say(Lang::En), "no audio file in tin-tuc/");
        let unreadable = Reason::FileUnreadable {
            file: "/a/b.mp3".into(),
            words,
        };
        assert_eq!(
            unreadable.say(Lang::Vi),
            "không phát được /a/b.mp3: chưa có file âm thanh nào trong tin-tuc/"
        );
        assert_eq!(
            unreadable.say(Lang::En),
            "cannot air /a/b.mp3: no audio file in tin-tuc/"
        );
    }

    #[test]
    fn the_words_of_the_slot_reasons_are_the_ones_the_log_has_always_kept() {
        let at = |text| DateTime::parse_from_rfc3339(text).expect("time");
        let down = Reason::DaemonDown {
            since: at("2026-12-07T05:58:00+07:00"),
            until: at("2026-12-07T07:12:00+07:00"),
        };
        assert_eq!(
            down.say(Lang::En),
            "wardcast was not running from 07/12 05:58:00 to 07/12 07:12:00"
        );
        assert_eq!(
            down.say(Lang::Vi),
            "wardcast không chạy từ 07/12 05:58:00 đến 07/12 07:12:00"
        );
        let late = Reason::PlayedLate {
            late_ms: 72 * 60_000,
            why: Box::new(down),
        };
        assert_eq!(
            late.say(Lang::Vi),
            "phát trễ 72 phút: wardcast không chạy từ 07/12 05:58:00 đến 07/12 07:12:00"
        );
        let blackout = Reason::Blackout {
            name: "Giáng sinh".into(),
            from: NaiveDate::from_ymd_opt(2026, 12, 24).expect("date"),
            to: NaiveDate::from_ymd_opt(2026, 12, 25).expect("date"),
        };
        assert_eq!(
            blackout.say(Lang::En),
            "blackout (Giáng sinh: 24/12–25/12/2026)"
        );
        let past = Reason::RunsPastWindow {
            length_ms: 600_000,
            window_end: NaiveTime::from_hms_opt(7, 0, 0).expect("time"),
        };
        assert_eq!(
            past.say(Lang::Vi),
            "file dài 10 phút, sẽ phát quá giờ được phép (07:00)"
        );
        let retried = Reason::Retried {
            attempts: 3,
            why: Box::new(Reason::DeviceLost {
                detail: "unplugged".into(),
            }),
        };
        assert_eq!(
            retried.say(Lang::En),
            "the sound card failed: unplugged (tried 3 times)"
        );
        assert_eq!(
            Reason::Announcement {
                urgency: Urgency::Emergency
            }
            .say(Lang::En),
            "announcement (emergency)"
        );
    }
}
