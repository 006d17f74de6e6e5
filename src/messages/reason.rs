//! The words of each reason an airing was missed, failed, cut off or late, or a recording or
//! a download failed, as the log and the officer read them; and the reason a reception's
//! problem is logged as.

use std::time::Duration;

use super::download::DownloadProblem;
use super::player::PlayerProblem;
use super::receive::ReceiveProblem;
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

/// A table of words, one arm per reason in each language: each of the two functions is
/// that table, longer than a function should be because every reason is in it (the words
/// of a failed recording or download are in `reception_vi` and `reception_en`).
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
            Reason::RelayFallback { why } => format!(
                "không nghe được nguồn tiếp sóng ({}); đã phát file dự phòng trong thư mục",
                why.vi()
            ),
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
            Reason::SourceUnreachable { .. }
            | Reason::SourceTimedOut { .. }
            | Reason::SourceHttpStatus { .. }
            | Reason::SourceWebPage { .. }
            | Reason::SourceNotAudio { .. }
            | Reason::SourceUnsupportedCodec { .. }
            | Reason::SourceUndecodable { .. }
            | Reason::SourceStalled { .. }
            | Reason::SourceNotHttp { .. }
            | Reason::SourceEnded { .. }
            | Reason::SourceSegmentsMissed { .. }
            | Reason::SourceEncrypted { .. }
            | Reason::SourceLost { .. }
            | Reason::CaptureMissing { .. }
            | Reason::CaptureFailed { .. }
            | Reason::CaptureSilent { .. }
            | Reason::TooLarge { .. }
            | Reason::CannotSave { .. } => reception_vi(self),
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
            Reason::RelayFallback { why } => format!(
                "the relay's source could not be heard ({}); a file of the folder aired instead",
                why.en()
            ),
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
            Reason::SourceUnreachable { .. }
            | Reason::SourceTimedOut { .. }
            | Reason::SourceHttpStatus { .. }
            | Reason::SourceWebPage { .. }
            | Reason::SourceNotAudio { .. }
            | Reason::SourceUnsupportedCodec { .. }
            | Reason::SourceUndecodable { .. }
            | Reason::SourceStalled { .. }
            | Reason::SourceNotHttp { .. }
            | Reason::SourceEnded { .. }
            | Reason::SourceSegmentsMissed { .. }
            | Reason::SourceEncrypted { .. }
            | Reason::SourceLost { .. }
            | Reason::CaptureMissing { .. }
            | Reason::CaptureFailed { .. }
            | Reason::CaptureSilent { .. }
            | Reason::TooLarge { .. }
            | Reason::CannotSave { .. } => reception_en(self),
        }
    }
}

/// The words of a reason why a recording or a download failed, in Vietnamese: what
/// happened, with the source named (its id, or a download's address).
fn reception_vi(reason: &Reason) -> String {
    let (source, what) = match reason {
        Reason::SourceUnreachable { source } => (source, "không kết nối được".to_string()),
        Reason::SourceTimedOut { source } => (source, "không trả lời kịp".to_string()),
        Reason::SourceHttpStatus { source, status } => {
            (source, format!("máy chủ báo lỗi HTTP {status}"))
        }
        Reason::SourceWebPage { source } => (
            source,
            "trả về một trang web, không phải âm thanh".to_string(),
        ),
        Reason::SourceNotAudio {
            source,
            content_type,
        } => (
            source,
            format!("trả về nội dung không phải âm thanh ({content_type})"),
        ),
        Reason::SourceUnsupportedCodec { source, codec } => (
            source,
            format!("phát bằng định dạng {codec} mà wardcast chưa giải mã được"),
        ),
        Reason::SourceUndecodable { source, detail } => {
            (source, format!("không giải mã được âm thanh ({detail})"))
        }
        Reason::SourceStalled { source } => (
            source,
            "danh sách phát trực tiếp không có đoạn mới".to_string(),
        ),
        Reason::SourceNotHttp { source } => (
            source,
            "địa chỉ không bắt đầu bằng http:// hoặc https://".to_string(),
        ),
        Reason::SourceEnded { source } => (
            source,
            "máy chủ ngừng luồng phát và không phát lại kịp".to_string(),
        ),
        Reason::SourceSegmentsMissed { source, count } => (
            source,
            format!("{count} đoạn của danh sách phát bị mất trước khi tải kịp"),
        ),
        Reason::SourceEncrypted { source, method } => (
            source,
            format!("danh sách phát bị mã hoá ({method}), wardcast không phát được"),
        ),
        Reason::SourceLost { source, detail } => (
            source,
            format!("mất kết nối và không nối lại kịp ({detail})"),
        ),
        Reason::CaptureMissing { device } => {
            return format!("không tìm thấy thiết bị thu âm \"{device}\"")
        }
        Reason::CaptureFailed { device, detail } => {
            return format!("thiết bị thu âm \"{device}\" bị lỗi: {detail}")
        }
        Reason::CaptureSilent { device, seconds } => {
            return format!("thiết bị thu âm \"{device}\" không có âm thanh trong {seconds} giây")
        }
        Reason::TooLarge { max_bytes } => {
            let most = super::report::count(*max_bytes, Lang::Vi);
            return format!("file tải về lớn hơn mức cho phép ({most} byte)");
        }
        Reason::CannotSave { folder, detail } => {
            return format!("không ghi được file vào thư mục {folder}: {detail}")
        }
        other => return other.code().to_string(),
    };
    format!("nguồn {source}: {what}")
}

/// The same in English.
fn reception_en(reason: &Reason) -> String {
    let (source, what) = match reason {
        Reason::SourceUnreachable { source } => (source, "cannot be reached".to_string()),
        Reason::SourceTimedOut { source } => (source, "did not answer in time".to_string()),
        Reason::SourceHttpStatus { source, status } => {
            (source, format!("the server answered HTTP error {status}"))
        }
        Reason::SourceWebPage { source } => (source, "gave a web page, not sound".to_string()),
        Reason::SourceNotAudio {
            source,
            content_type,
        } => (
            source,
            format!("gave something that is not sound ({content_type})"),
        ),
        Reason::SourceUnsupportedCodec { source, codec } => (
            source,
            format!("sends {codec}, which wardcast cannot decode"),
        ),
        Reason::SourceUndecodable { source, detail } => {
            (source, format!("its sound could not be decoded ({detail})"))
        }
        Reason::SourceStalled { source } => {
            (source, "its live playlist has no new segments".to_string())
        }
        Reason::SourceNotHttp { source } => (
            source,
            "its address does not start with http:// or https://".to_string(),
        ),
        Reason::SourceEnded { source } => (
            source,
            "the server ended the stream and it did not come back in time".to_string(),
        ),
        Reason::SourceSegmentsMissed { source, count } => (
            source,
            format!("{count} segments left its live playlist before they could be fetched"),
        ),
        Reason::SourceEncrypted { source, method } => (
            source,
            format!("its live playlist is encrypted ({method}), which wardcast cannot play"),
        ),
        Reason::SourceLost { source, detail } => (
            source,
            format!("the connection dropped and did not come back in time ({detail})"),
        ),
        Reason::CaptureMissing { device } => return format!("no capture device \"{device}\""),
        Reason::CaptureFailed { device, detail } => {
            return format!("the capture device \"{device}\" failed: {detail}")
        }
        Reason::CaptureSilent { device, seconds } => {
            return format!("the capture device \"{device}\" gave no sound for {seconds} s")
        }
        Reason::TooLarge { max_bytes } => {
            let most = super::report::count(*max_bytes, Lang::En);
            return format!("the download is larger than it may be ({most} bytes)");
        }
        Reason::CannotSave { folder, detail } => {
            return format!("cannot write the file into the folder {folder}: {detail}")
        }
        other => return other.code().to_string(),
    };
    format!("source {source}: {what}")
}

/// The reason a recording or a download of `source` failed (or came out partial) for,
/// from what the reception said: the log keeps it with its own code.
pub fn of_receive_problem(source: &str, problem: &ReceiveProblem) -> Reason {
    let source = source.to_string();
    match problem.clone() {
        ReceiveProblem::Unreachable => Reason::SourceUnreachable { source },
        ReceiveProblem::TimedOut => Reason::SourceTimedOut { source },
        ReceiveProblem::HttpStatus { status } => Reason::SourceHttpStatus { source, status },
        ReceiveProblem::WebPage => Reason::SourceWebPage { source },
        ReceiveProblem::NotAudio { content_type } => Reason::SourceNotAudio {
            source,
            content_type,
        },
        ReceiveProblem::UnsupportedCodec { codec } => {
            Reason::SourceUnsupportedCodec { source, codec }
        }
        ReceiveProblem::Undecodable { detail } => Reason::SourceUndecodable { source, detail },
        ReceiveProblem::PlaylistStalled => Reason::SourceStalled { source },
        ReceiveProblem::NotHttp => Reason::SourceNotHttp { source },
        ReceiveProblem::StreamEnded => Reason::SourceEnded { source },
        ReceiveProblem::SegmentsMissed { count } => Reason::SourceSegmentsMissed { source, count },
        ReceiveProblem::Encrypted { method } => Reason::SourceEncrypted { source, method },
        ReceiveProblem::ConnectionLost { detail } => Reason::SourceLost { source, detail },
        ReceiveProblem::CaptureMissing { device } => Reason::CaptureMissing { device },
        ReceiveProblem::CaptureFailed { device, detail } => {
            Reason::CaptureFailed { device, detail }
        }
        ReceiveProblem::CaptureStalled { device, seconds } => {
            Reason::CaptureSilent { device, seconds }
        }
    }
}

/// The reason a download from `address` into `folder` was refused for: the log keeps it with
/// the code of the same fault met by a reception, or of the file the library would not take.
pub fn of_download_problem(address: &str, folder: &str, problem: &DownloadProblem) -> Reason {
    let source = address.to_string();
    match problem.clone() {
        DownloadProblem::ConnectionFailed { tries, detail } => Reason::SourceLost {
            source,
            detail: format!("{tries} × {detail}"),
        },
        DownloadProblem::BadAddress { .. } => Reason::SourceUnreachable { source },
        DownloadProblem::HttpStatus { status } => Reason::SourceHttpStatus { source, status },
        DownloadProblem::WebPage => Reason::SourceWebPage { source },
        DownloadProblem::Feed | DownloadProblem::NoAudioInFeed => Reason::SourceNotAudio {
            source,
            content_type: "application/rss+xml".to_string(),
        },
        DownloadProblem::TooLarge { limit, .. } => Reason::TooLarge { max_bytes: limit },
        DownloadProblem::Unplayable(_) => Reason::FileUnreadable {
            file: source,
            words: in_both(|lang| problem.say(lang)),
        },
        DownloadProblem::Storage { detail, .. } => Reason::CannotSave {
            folder: folder.to_string(),
            detail,
        },
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
    fn each_problem_of_a_reception_is_logged_under_its_own_code_and_named_source() {
        use strum::IntoEnumIterator;
        let mut codes: Vec<&str> = ReceiveProblem::iter()
            .map(|problem| of_receive_problem("dai-tinh", &problem).code())
            .collect();
        let all = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all, "two problems share a code: {codes:?}");
        let page = of_receive_problem("https://radio.example/a.mp3", &ReceiveProblem::WebPage);
        assert_eq!(
            page.say(Lang::Vi),
            "nguồn https://radio.example/a.mp3: trả về một trang web, không phải âm thanh"
        );
        assert_eq!(
            page.say(Lang::En),
            "source https://radio.example/a.mp3: gave a web page, not sound"
        );
        let status = of_receive_problem("dai-tinh", &ReceiveProblem::HttpStatus { status: 404 });
        assert_eq!(
            status.say(Lang::En),
            "source dai-tinh: the server answered HTTP error 404"
        );
        assert_eq!(
            Reason::TooLarge {
                max_bytes: 200_000_000
            }
            .say(Lang::Vi),
            "file tải về lớn hơn mức cho phép (200.000.000 byte)"
        );
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
