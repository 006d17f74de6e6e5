use super::*;
use crate::messages::{Lang, Say};
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

fn pending(programme: &str, when: DateTime<Tz>, cause: Option<LateCause>) -> Pending {
    Pending {
        slot: Slot {
            programme: crate::ids::ProgrammeId::new(programme),
            at: when,
        },
        cause,
    }
}

/// A decision as the log would word it (in English), to compare with the words it has
/// always had.
fn worded(decision: &Decision) -> (&'static str, Option<String>) {
    match decision {
        Decision::Air { note, .. } => ("air", note.as_ref().map(|note| note.say(Lang::En))),
        Decision::Miss { reason } => ("miss", Some(reason.say(Lang::En))),
        Decision::Drop => ("drop", None),
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
        pending("normal", at(7, 6, 0), None),
        pending("urgent", at(7, 6, 5), None),
        pending("normal", at(7, 5, 59), None),
        pending("alarm", at(7, 6, 10), None),
        pending("urgent", at(7, 6, 1), None),
    ];
    order(&config, &mut queue);
    let served: Vec<(&str, u32)> = queue
        .iter()
        .map(|p| {
            (
                p.slot.programme.as_str(),
                chrono::Timelike::minute(&p.slot.at),
            )
        })
        .collect();
    assert_eq!(
        served,
        [
            ("alarm", 10),
            ("urgent", 1),
            ("urgent", 5),
            ("normal", 59),
            ("normal", 0)
        ]
    );
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
    let skipped = decide(
        &config,
        &now,
        &pending("skip", at(7, 6, 0), Some(down.clone())),
    );
    assert_eq!(
        worded(&skipped),
        (
            "miss",
            Some("wardcast was not running from 07/12 05:58:00 to 07/12 07:12:00".into())
        )
    );
    let late = decide(
        &config,
        &now,
        &pending("late", at(7, 6, 0), Some(down.clone())),
    );
    assert!(matches!(late, Decision::Air { start_at, .. } if start_at == now));
    assert_eq!(
        worded(&late),
        (
            "air",
            Some(
                "played 72 min late: wardcast was not running from 07/12 05:58:00 to 07/12 07:12:00"
                    .into()
            )
        )
    );
    assert_eq!(
        late,
        Decision::Air {
            start_at: now,
            note: Some(Reason::PlayedLate {
                late_ms: 72 * 60_000,
                why: Box::new(down.reason()),
            }),
        }
    );
    // Past late_within, even `late` gives up.
    let much_later = at(7, 8, 30);
    assert!(matches!(
        decide(
            &config,
            &much_later,
            &pending("late", at(7, 6, 0), Some(down))
        ),
        Decision::Miss {
            reason: Reason::DaemonDown { .. }
        }
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
        &pending("news", at(7, 6, 0), overlap.clone()),
    );
    assert!(
        matches!(worded(&waited), ("air", Some(note)) if note.contains("CCHC was still on air")),
        "{waited:?}"
    );
    let too_late = decide(
        &config,
        &at(7, 6, 11),
        &pending("news", at(7, 6, 0), overlap),
    );
    assert_eq!(
        too_late,
        Decision::Miss {
            reason: Reason::Overlap {
                on_air: "CCHC".into(),
                max_delay_ms: 600_000
            }
        }
    );
    assert!(
        matches!(worded(&too_late), ("miss", Some(reason)) if reason.starts_with("overlap: CCHC was still on air")),
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
        on_time("normal", at(7, 6, 0)),
        Decision::Air { note: None, .. }
    ));
    assert_eq!(
        worded(&on_time("normal", at(7, 12, 0))),
        (
            "miss",
            Some("outside the allowed hours (05:00-07:00, 16:30-18:30)".into())
        )
    );
    // Emergencies are not bound by the hours.
    assert!(matches!(
        on_time("alarm", at(7, 12, 0)),
        Decision::Air { .. }
    ));
    assert_eq!(
        worded(&on_time("alarm", at(25, 6, 0))),
        (
            "miss",
            Some("blackout (Giáng sinh: 24/12–25/12/2026)".into())
        )
    );
    let normal = &config.programmes[0];
    assert!(
        runs_past_window(&config, normal, &at(7, 6, 55), Duration::from_secs(600)).is_some_and(
            |reason| reason
                .say(Lang::En)
                .contains("past the end of the allowed hours at 07:00")
        )
    );
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
        worded(&decide(&config, &at(7, 6, 10), &pending("late", at(7, 6, 0), lost))),
        ("miss", Some(reason)) if reason.contains("could not be written")
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
        why: Reason::Crash { played_ms: None },
    });
    assert_eq!(
        decide(
            &config,
            &at(7, 6, 10),
            &pending("skip", at(7, 6, 0), cut.clone())
        ),
        Decision::Drop
    );
    assert!(matches!(
        worded(&decide(&config, &at(7, 6, 10), &pending("replay", at(7, 6, 0), cut.clone()))),
        ("air", Some(note)) if note.starts_with("replayed after an interruption (wardcast stopped during")
    ));
    assert_eq!(
        decide(&config, &at(7, 6, 45), &pending("replay", at(7, 6, 0), cut)),
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
                let index = slot
                    .programme_index(&config.programmes)
                    .expect("configured");
                busy_until = start_at + chrono::Duration::from_std(lengths[index]).expect("length");
                on_air = slot.programme.to_string();
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

#[test]
fn a_slot_of_a_programme_no_longer_configured_is_dropped_and_served_last() {
    let (_dir, config) = config(&programme("news", "a", ""), "", "");
    let gone = pending("removed", at(7, 6, 0), None);
    assert_eq!(decide(&config, &at(7, 6, 0), &gone), Decision::Drop);
    let mut queue = vec![gone, pending("news", at(7, 6, 0), None)];
    order(&config, &mut queue);
    assert_eq!(queue[0].slot.programme.as_str(), "news");
}

fn span(title: &str, from: DateTime<Tz>, until: DateTime<Tz>) -> OnAirSpan {
    OnAirSpan {
        title: title.into(),
        from,
        until,
    }
}

#[test]
fn a_slot_come_due_under_the_airing_last_on_air_waited_for_it() {
    let cchc = span("CCHC", at(7, 6, 30), at(7, 6, 42));
    let overlap = Some(LateCause::Overlap {
        on_air: "CCHC".into(),
    });
    assert_eq!(
        cause_for_due(&at(7, 6, 35), &at(7, 6, 42), Some(&cchc)),
        overlap
    );
    // The airing's own edges count as on air.
    assert_eq!(
        cause_for_due(&at(7, 6, 42), &at(7, 6, 42), Some(&cchc)),
        overlap
    );
    // Outside the airing, a slot seen late passed unseen: the clock jumped.
    assert_eq!(
        cause_for_due(&at(7, 6, 50), &at(7, 7, 0), Some(&cchc)),
        Some(LateCause::ClockJump)
    );
    assert_eq!(
        cause_for_due(&at(7, 6, 50), &at(7, 7, 0), None),
        Some(LateCause::ClockJump)
    );
    // Seen within a second of its time, or before it: on time.
    let slot = at(7, 7, 0);
    let within = slot + chrono::Duration::milliseconds(900);
    assert_eq!(cause_for_due(&slot, &within, None), None);
    assert_eq!(cause_for_due(&slot, &at(7, 6, 59), Some(&cchc)), None);
}

#[test]
fn slots_due_while_on_air_are_marked_as_waiting_for_it_and_no_others() {
    let down = LateCause::Down {
        since: at(7, 5, 0),
        until: at(7, 6, 0),
    };
    let mut queue = vec![
        pending("a", at(7, 6, 35), None),
        pending("b", at(7, 6, 35), Some(down.clone())),
        pending("c", at(7, 6, 50), None),
    ];
    mark_overlapped(&mut queue, "CCHC", &at(7, 6, 42));
    let overlap = Some(LateCause::Overlap {
        on_air: "CCHC".into(),
    });
    assert_eq!(queue[0].cause, overlap);
    assert_eq!(queue[1].cause, Some(down), "a cause already known stays");
    assert_eq!(queue[2].cause, None, "due after the airing ended");
}

#[test]
fn a_slot_passed_while_down_is_unrecorded_only_when_its_record_may_have_been_lost() {
    let down = Downtime {
        alive: at(7, 6, 10),
        unrecorded_from: Some(at(7, 6, 0)),
        restarted: at(7, 7, 0),
    };
    assert_eq!(
        downtime_cause(&at(7, 6, 5), &down),
        LateCause::Unrecorded {
            stopped: at(7, 6, 10)
        }
    );
    let plain = LateCause::Down {
        since: at(7, 6, 10),
        until: at(7, 7, 0),
    };
    assert_eq!(downtime_cause(&at(7, 6, 30), &down), plain);
    assert_eq!(downtime_cause(&at(7, 5, 55), &down), plain);
    let all_written = Downtime {
        unrecorded_from: None,
        ..down
    };
    assert_eq!(downtime_cause(&at(7, 6, 5), &all_written), plain);
}

#[test]
fn the_log_accounts_up_to_just_before_the_earliest_slot_still_open() {
    let cursor = at(7, 7, 0);
    assert_eq!(accounted_until(&cursor, &[], None), cursor);
    let queue = vec![
        pending("a", at(7, 6, 40), None),
        pending("b", at(7, 6, 30), None),
    ];
    let just_before = |at: DateTime<Tz>| at - chrono::Duration::milliseconds(1);
    assert_eq!(
        accounted_until(&cursor, &queue, None),
        just_before(at(7, 6, 30))
    );
    assert_eq!(
        accounted_until(&cursor, &queue, Some(&at(7, 6, 20))),
        just_before(at(7, 6, 20))
    );
    // Slots past the cursor were not collected yet: the cursor bounds it.
    let ahead = vec![pending("a", at(7, 8, 0), None)];
    assert_eq!(accounted_until(&cursor, &ahead, None), cursor);
}

#[test]
fn each_late_cause_is_given_as_its_reason() {
    let cases = [
        (
            LateCause::Overlap {
                on_air: "CCHC".into(),
            },
            "still_on_air",
        ),
        (LateCause::ClockJump, "clock_jump"),
        (
            LateCause::Down {
                since: at(7, 5, 0),
                until: at(7, 6, 0),
            },
            "daemon_down",
        ),
        (
            LateCause::Unrecorded {
                stopped: at(7, 6, 0),
            },
            "unrecorded",
        ),
        (
            LateCause::Interrupted {
                why: Reason::CutInByAnnouncement,
            },
            "cut_in_by_announcement",
        ),
    ];
    for (cause, code) in cases {
        assert_eq!(cause.reason().code(), code, "{cause:?}");
    }
}
