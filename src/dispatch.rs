//! What to do with slots that are due: air them on time, air them late, or log them missed
//! with the reason, in priority order. Pure: it decides from the configuration, the time and
//! what is pending; it reads no clock, plays nothing and writes nothing.

use std::time::Duration;

use chrono::{DateTime, NaiveTime};
use chrono_tz::Tz;

use crate::config::{Config, IfInterrupted, IfMissed, Priority, Programme};
use crate::messages::time::spoken_duration;
use crate::messages::Lang;
use crate::schedule::Slot;

/// A slot decided within this of its time is on time: picking the file and opening the
/// device can take a moment. Later than this, the log says why it was late.
pub const ON_TIME: Duration = Duration::from_secs(1);

/// Why a slot is being looked at after its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LateCause {
    /// wardcast was not running between these instants.
    Down {
        since: DateTime<Tz>,
        until: DateTime<Tz>,
    },
    /// Another airing was on air at the slot's time.
    Overlap { on_air: String },
    /// The slot passed while wardcast waited: the clock was set forward, or the PC slept.
    ClockJump,
    /// The airing of this slot was cut off part-way; this is its replay.
    Interrupted { why: String },
    /// The slot's record could not be written (the data disk was full) before wardcast
    /// stopped at `stopped`: it may have aired; it is never aired again.
    Unrecorded { stopped: DateTime<Tz> },
}

/// A slot waiting to be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub slot: Slot,
    pub cause: Option<LateCause>,
}

/// What to do with a pending slot now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Air it, starting at `start_at`; `note` says why it is late, when it is.
    Air {
        start_at: DateTime<Tz>,
        note: Option<String>,
    },
    /// Log it as missed with the reason.
    Miss { reason: String },
    /// Nothing to do or log: an interrupted airing whose programme does not replay (its
    /// interruption is already in the log).
    Drop,
}

/// The order pending slots are served in: emergency, then priority, then normal; within a
/// class, earliest slot first, then configuration order. The same input always gives the
/// same order.
pub fn order(config: &Config, pending: &mut [Pending]) {
    pending.sort_by(|a, b| {
        let rank = |p: &Pending| {
            std::cmp::Reverse(
                config
                    .programmes
                    .get(p.slot.programme)
                    .map_or(Priority::Normal, |programme| programme.priority),
            )
        };
        rank(a)
            .cmp(&rank(b))
            .then(a.slot.at.cmp(&b.slot.at))
            .then(a.slot.programme.cmp(&b.slot.programme))
    });
}

/// The blackout a day falls in, if any.
pub fn blackout_on<'a>(
    config: &'a Config,
    at: &DateTime<Tz>,
) -> Option<&'a crate::config::Blackout> {
    let day = at.date_naive();
    config
        .blackouts
        .iter()
        .find(|blackout| blackout.from <= day && day <= blackout.to)
}

/// The end of the allowed window `at` falls in; `None` when it is outside every window.
/// With no windows configured, any time is allowed and the day has no end.
pub fn window_end(config: &Config, at: &DateTime<Tz>) -> Option<Option<NaiveTime>> {
    if config.station.allowed_hours.is_empty() {
        return Some(None);
    }
    let time = at.time();
    config
        .station
        .allowed_hours
        .iter()
        .find(|window| window.start <= time && time < window.end)
        .map(|window| Some(window.end))
}

/// Programmes (emergencies aside) whose schedule fires outside the allowed hours, each with
/// its first such slot among the next `look_ahead`: `wardcast check` refuses them.
pub fn slots_outside_hours(
    config: &Config,
    from: &DateTime<Tz>,
    look_ahead: usize,
) -> Vec<(usize, DateTime<Tz>)> {
    if config.station.allowed_hours.is_empty() {
        return Vec::new();
    }
    config
        .programmes
        .iter()
        .enumerate()
        .filter(|(_, programme)| programme.priority != Priority::Emergency)
        .filter_map(|(index, programme)| {
            let mut cursor = *from;
            for _ in 0..look_ahead {
                let at = programme
                    .schedule
                    .iter()
                    .filter_map(|line| line.next_after(&cursor))
                    .min()?;
                if window_end(config, &at).is_none() {
                    return Some((index, at));
                }
                cursor = at;
            }
            None
        })
        .collect()
}

/// The allowed hours as the officer wrote them: "05:00-07:00, 16:30-18:30".
pub fn hours_list(config: &Config) -> String {
    config
        .station
        .allowed_hours
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether an airing of `length` starting at `start` would run past the end of its allowed
/// window; the reason when it would. Emergencies may.
pub fn runs_past_window(
    config: &Config,
    programme: &Programme,
    start: &DateTime<Tz>,
    length: Duration,
) -> Option<String> {
    if programme.priority == Priority::Emergency {
        return None;
    }
    let end = window_end(config, start)??;
    let finish = *start + chrono::Duration::from_std(length).unwrap_or_default();
    let window_close = start.date_naive().and_time(end);
    (finish.naive_local() > window_close).then(|| match config.station.lang {
        Lang::Vi => format!(
            "file dài {}, sẽ phát quá giờ được phép ({})",
            spoken_duration(length, Lang::Vi),
            end.format("%H:%M")
        ),
        Lang::En => format!(
            "the file ({}) would run past the end of the allowed hours at {}",
            spoken_duration(length, Lang::En),
            end.format("%H:%M")
        ),
    })
}

fn describe_cause(cause: &LateCause, lang: Lang) -> String {
    let clock = |at: &DateTime<Tz>| at.format("%d/%m %H:%M:%S").to_string();
    match (cause, lang) {
        (LateCause::Down { since, until }, Lang::En) => format!(
            "wardcast was not running from {} to {}",
            clock(since),
            clock(until)
        ),
        (LateCause::Down { since, until }, Lang::Vi) => format!(
            "wardcast không chạy từ {} đến {}",
            clock(since),
            clock(until)
        ),
        (LateCause::Overlap { on_air }, Lang::En) => format!("{on_air} was still on air"),
        (LateCause::Overlap { on_air }, Lang::Vi) => format!("{on_air} vẫn đang phát"),
        (LateCause::ClockJump, Lang::En) => {
            "the slot passed while wardcast waited (the clock was set forward or the computer slept)"
                .to_string()
        }
        (LateCause::ClockJump, Lang::Vi) => {
            "khung giờ đã qua khi wardcast đang chờ (đồng hồ bị chỉnh tiến hoặc máy ngủ)".to_string()
        }
        (LateCause::Interrupted { why }, _) => why.clone(),
        (LateCause::Unrecorded { stopped }, Lang::En) => format!(
            "the record of this slot could not be written (the data disk was full or \
             read-only) before wardcast stopped at {}: whether it aired is not known",
            clock(stopped)
        ),
        (LateCause::Unrecorded { stopped }, Lang::Vi) => format!(
            "không ghi được nhật ký của khung giờ này (ổ dữ liệu đầy hoặc chỉ đọc) trước khi \
             wardcast dừng lúc {}: không rõ đã phát hay chưa",
            clock(stopped)
        ),
    }
}

/// Decides what to do with one pending slot at `now`.
pub fn decide(config: &Config, now: &DateTime<Tz>, pending: &Pending) -> Decision {
    let lang = config.station.lang;
    let Some(programme) = config.programmes.get(pending.slot.programme) else {
        return Decision::Drop;
    };
    let at = pending.slot.at;
    if let Some(blackout) = blackout_on(config, &at) {
        let days = format!(
            "{}–{}",
            blackout.from.format("%d/%m"),
            blackout.to.format("%d/%m/%Y")
        );
        return Decision::Miss {
            reason: match lang {
                Lang::Vi => format!("ngày nghỉ phát sóng ({}: {days})", blackout.reason),
                Lang::En => format!("blackout ({}: {days})", blackout.reason),
            },
        };
    }
    if programme.priority != Priority::Emergency && window_end(config, &at).is_none() {
        return Decision::Miss {
            reason: match lang {
                Lang::Vi => format!("ngoài giờ được phép phát ({})", hours_list(config)),
                Lang::En => format!("outside the allowed hours ({})", hours_list(config)),
            },
        };
    }
    let late = (*now - at).to_std().unwrap_or_default();
    let start_at = if at > *now { at } else { *now };
    let late_words = spoken_duration(late, lang);
    match &pending.cause {
        Some(cause @ LateCause::Unrecorded { .. }) => Decision::Miss {
            reason: describe_cause(cause, lang),
        },
        Some(LateCause::Interrupted { why }) => {
            if programme.if_interrupted == IfInterrupted::Replay && late <= programme.late_within {
                Decision::Air {
                    start_at,
                    note: Some(match lang {
                        Lang::Vi => format!("phát lại sau khi bị ngắt ({why})"),
                        Lang::En => format!("replayed after an interruption ({why})"),
                    }),
                }
            } else {
                Decision::Drop
            }
        }
        _ if late <= ON_TIME => Decision::Air {
            start_at,
            note: None,
        },
        Some(cause @ LateCause::Overlap { .. }) => {
            let why = describe_cause(cause, lang);
            if late <= programme.max_delay {
                Decision::Air {
                    start_at,
                    note: Some(match lang {
                        Lang::Vi => format!("phát trễ {late_words}: {why}"),
                        Lang::En => format!("played {late_words} late: {why}"),
                    }),
                }
            } else {
                Decision::Miss {
                    reason: match lang {
                        Lang::Vi => format!(
                            "trùng giờ: {why}, trễ quá {} cho phép",
                            spoken_duration(programme.max_delay, lang)
                        ),
                        Lang::En => format!(
                            "overlap: {why}, more than the {} it may wait",
                            spoken_duration(programme.max_delay, lang)
                        ),
                    },
                }
            }
        }
        cause => {
            let why = cause.as_ref().map_or_else(
                || describe_cause(&LateCause::ClockJump, lang),
                |cause| describe_cause(cause, lang),
            );
            if programme.if_missed == IfMissed::Late && late <= programme.late_within {
                Decision::Air {
                    start_at,
                    note: Some(match lang {
                        Lang::Vi => format!("phát trễ {late_words}: {why}"),
                        Lang::En => format!("played {late_words} late: {why}"),
                    }),
                }
            } else {
                Decision::Miss { reason: why }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn config(programmes: &str, station_extra: &str, tail: &str) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().expect("temp dir");
        for folder in ["a", "b", "c"] {
            std::fs::create_dir_all(dir.path().join("audio").join(folder)).expect("mkdir");
        }
        let text = format!(
            "[station]\nname = \"x\"\nlang = \"en\"\n{station_extra}\n[paths]\naudio = \"audio\"\n\
             data = \"data\"\n{programmes}\n{tail}"
        );
        let config = Config::parse(&dir.path().join("wardcast.toml"), &text).expect("config");
        (dir, config)
    }

    fn programme(id: &str, folder: &str, extra: &str) -> String {
        format!(
            "[[programme]]\nid = \"{id}\"\ntitle = \"{id}\"\nfolder = \"{folder}\"\n\
             schedule = [\"0 6 * * *\"]\npick = \"newest\"\n{extra}\n"
        )
    }

    fn at(day: u32, h: u32, m: u32) -> DateTime<Tz> {
        chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(2026, 12, day, h, m, 0)
            .single()
            .expect("valid")
    }

    fn pending(programme: usize, when: DateTime<Tz>, cause: Option<LateCause>) -> Pending {
        Pending {
            slot: Slot {
                programme,
                at: when,
            },
            cause,
        }
    }

    #[test]
    fn emergency_then_priority_then_normal_then_time_then_config_order() {
        let (_dir, config) = config(
            &[
                programme("normal", "a", ""),
                programme("urgent", "b", "priority = \"priority\""),
                programme("alarm", "c", "priority = \"emergency\""),
            ]
            .concat(),
            "",
            "",
        );
        let mut queue = vec![
            pending(0, at(7, 6, 0), None),
            pending(1, at(7, 6, 5), None),
            pending(0, at(7, 5, 59), None),
            pending(2, at(7, 6, 10), None),
            pending(1, at(7, 6, 1), None),
        ];
        order(&config, &mut queue);
        let served: Vec<(usize, u32)> = queue
            .iter()
            .map(|p| (p.slot.programme, chrono::Timelike::minute(&p.slot.at)))
            .collect();
        assert_eq!(served, [(2, 10), (1, 1), (1, 5), (0, 59), (0, 0)]);
    }

    #[test]
    fn a_slot_missed_while_down_is_skipped_or_played_late_by_policy() {
        let (_dir, config) = config(
            &[
                programme("skip", "a", ""),
                programme("late", "b", "if_missed = \"late\"\nlate_within = \"2h\""),
            ]
            .concat(),
            "",
            "",
        );
        let down = LateCause::Down {
            since: at(7, 5, 58),
            until: at(7, 7, 12),
        };
        let now = at(7, 7, 12);
        assert_eq!(
            decide(&config, &now, &pending(0, at(7, 6, 0), Some(down.clone()))),
            Decision::Miss {
                reason: "wardcast was not running from 07/12 05:58:00 to 07/12 07:12:00".into()
            }
        );
        assert_eq!(
            decide(&config, &now, &pending(1, at(7, 6, 0), Some(down.clone()))),
            Decision::Air {
                start_at: now,
                note: Some(
                    "played 1 h 12 min late: wardcast was not running from 07/12 05:58:00 to 07/12 07:12:00"
                        .replace("1 h 12 min", &spoken_duration(Duration::from_secs(72 * 60), Lang::En))
                ),
            }
        );
        // Past late_within, even `late` gives up.
        let much_later = at(7, 8, 30);
        assert!(matches!(
            decide(&config, &much_later, &pending(1, at(7, 6, 0), Some(down))),
            Decision::Miss { .. }
        ));
    }

    #[test]
    fn an_overlap_waits_up_to_max_delay() {
        let (_dir, config) = config(&programme("news", "a", "max_delay = \"10m\""), "", "");
        let overlap = Some(LateCause::Overlap {
            on_air: "CCHC".into(),
        });
        let waited = decide(
            &config,
            &at(7, 6, 9),
            &pending(0, at(7, 6, 0), overlap.clone()),
        );
        assert!(
            matches!(&waited, Decision::Air { note: Some(note), .. } if note.contains("CCHC was still on air")),
            "{waited:?}"
        );
        let too_late = decide(&config, &at(7, 6, 11), &pending(0, at(7, 6, 0), overlap));
        assert!(
            matches!(&too_late, Decision::Miss { reason } if reason.starts_with("overlap: CCHC was still on air")),
            "{too_late:?}"
        );
    }

    #[test]
    fn blackouts_and_allowed_hours() {
        let (_dir, config) = config(
            &[
                programme("normal", "a", ""),
                programme("alarm", "b", "priority = \"emergency\""),
            ]
            .concat(),
            "allowed_hours = [\"05:00-07:00\", \"16:30-18:30\"]",
            "[[blackout]]\nfrom = \"2026-12-24\"\nto = \"2026-12-25\"\nreason = \"Giáng sinh\"\n",
        );
        let on_time = |programme, when| decide(&config, &when, &pending(programme, when, None));
        assert!(matches!(
            on_time(0, at(7, 6, 0)),
            Decision::Air { note: None, .. }
        ));
        assert_eq!(
            on_time(0, at(7, 12, 0)),
            Decision::Miss {
                reason: "outside the allowed hours (05:00-07:00, 16:30-18:30)".into()
            }
        );
        // Emergencies are not bound by the hours.
        assert!(matches!(on_time(1, at(7, 12, 0)), Decision::Air { .. }));
        assert_eq!(
            on_time(1, at(25, 6, 0)),
            Decision::Miss {
                reason: "blackout (Giáng sinh: 24/12–25/12/2026)".into()
            }
        );
        let normal = &config.programmes[0];
        assert!(runs_past_window(&config, normal, &at(7, 6, 55), Duration::from_secs(600))
            .is_some_and(|reason| reason.contains("past the end of the allowed hours at 07:00")));
        assert_eq!(
            runs_past_window(&config, normal, &at(7, 6, 40), Duration::from_secs(600)),
            None
        );
    }

    #[test]
    fn a_slot_whose_record_was_lost_is_never_aired_again() {
        let (_dir, config) = config(
            &programme("late", "a", "if_missed = \"late\"\nlate_within = \"2h\""),
            "",
            "",
        );
        let lost = Some(LateCause::Unrecorded {
            stopped: at(7, 6, 5),
        });
        assert!(matches!(
            decide(&config, &at(7, 6, 10), &pending(0, at(7, 6, 0), lost)),
            Decision::Miss { reason } if reason.contains("could not be written")
        ));
    }

    #[test]
    fn an_interrupted_airing_is_replayed_only_when_asked_and_in_time() {
        let (_dir, config) = config(
            &[
                programme("skip", "a", ""),
                programme(
                    "replay",
                    "b",
                    "if_interrupted = \"replay\"\nlate_within = \"30m\"",
                ),
            ]
            .concat(),
            "",
            "",
        );
        let cut = Some(LateCause::Interrupted {
            why: "power cut".into(),
        });
        assert_eq!(
            decide(
                &config,
                &at(7, 6, 10),
                &pending(0, at(7, 6, 0), cut.clone())
            ),
            Decision::Drop
        );
        assert!(matches!(
            decide(&config, &at(7, 6, 10), &pending(1, at(7, 6, 0), cut.clone())),
            Decision::Air { note: Some(note), .. } if note.contains("replayed after an interruption")
        ));
        assert_eq!(
            decide(&config, &at(7, 6, 45), &pending(1, at(7, 6, 0), cut)),
            Decision::Drop
        );
    }

    #[test]
    fn a_simulated_year_accounts_for_every_slot_once_in_milliseconds() {
        let (_dir, config) = config(
            &[
                // The monthly CCHC programme, 12 minutes, first Monday 06:30.
                "[[programme]]\nid = \"cchc\"\ntitle = \"cchc\"\nfolder = \"a\"\n\
                 schedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n",
                // A daily 06:35 bulletin that collides with it once a month.
                "[[programme]]\nid = \"daily\"\ntitle = \"daily\"\nfolder = \"b\"\n\
                 schedule = [\"35 6 * * *\"]\npick = \"newest\"\nmax_delay = \"10m\"\n",
                // Weekly rebroadcasts with priority, Wednesday 17:00.
                "[[programme]]\nid = \"tiep-song\"\ntitle = \"tiep-song\"\nfolder = \"c\"\n\
                 schedule = [\"0 17 * * WED\"]\npick = \"unaired\"\npriority = \"priority\"\n",
            ]
            .concat(),
            "allowed_hours = [\"05:00-07:00\", \"16:30-18:30\"]",
            "[[blackout]]\nfrom = \"2027-02-05\"\nto = \"2027-02-12\"\nreason = \"Tết\"\n",
        );
        let lengths = [
            Duration::from_secs(12 * 60),
            Duration::from_secs(180),
            Duration::from_secs(300),
        ];
        let started = std::time::Instant::now();
        let from = at(1, 0, 0);
        let until = from + chrono::Duration::days(365);
        let slots = crate::schedule::slots_between(&config.programmes, &from, &until);
        let mut busy_until = from;
        let mut on_air = String::new();
        let (mut aired, mut late, mut missed) = (0, 0, 0);
        for slot in &slots {
            let now = if busy_until > slot.at {
                busy_until
            } else {
                slot.at
            };
            let cause = (busy_until > slot.at).then(|| LateCause::Overlap {
                on_air: on_air.clone(),
            });
            match decide(
                &config,
                &now,
                &Pending {
                    slot: slot.clone(),
                    cause,
                },
            ) {
                Decision::Air { start_at, note } => {
                    aired += 1;
                    late += usize::from(note.is_some());
                    busy_until = start_at
                        + chrono::Duration::from_std(lengths[slot.programme]).expect("length");
                    on_air = config.programmes[slot.programme].id.clone();
                }
                Decision::Miss { .. } => missed += 1,
                Decision::Drop => panic!("nothing was interrupted"),
            }
        }
        let took = started.elapsed();
        // 12 monthly + 365 daily + 52 weekly slots; 8 days of Tết black out 8 dailies and
        // one Wednesday; every first Monday the daily waits 7 minutes for CCHC.
        assert_eq!(slots.len(), 12 + 365 + 52, "{}", slots.len());
        assert_eq!(aired + missed, slots.len());
        assert_eq!(missed, 9, "the Tết blackout");
        assert_eq!(late, 12, "the daily waits once a month");
        assert!(
            took < Duration::from_secs(1),
            "a simulated year took {took:?}"
        );
    }
}
