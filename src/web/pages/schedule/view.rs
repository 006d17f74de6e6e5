//! The schedule page's markup: the programmes, the station's hours and blackouts, and the
//! month's calendar. On a phone the calendar's grid becomes a list of days (the style sheet
//! does it; the markup is the same).

use chrono::{DateTime, Datelike, NaiveTime, Timelike};
use chrono_tz::Tz;
use maud::{html, Markup};

use super::month::{Day, DaySlot, Month};
use crate::config::{Config, PickRule, Priority, Programme};
use crate::dispatch;
use crate::messages::web::schedule::{PickWords, PriorityWords, ScheduleWords};
use crate::messages::{Lang, Say, Upcoming};
use crate::reason::Reason;
use crate::schedule::YearMonth;

/// The whole page body.
pub fn body(config: &Config, now: &DateTime<Tz>, month: &Month, lang: Lang) -> Markup {
    html! {
        h1 { (ScheduleWords::Heading.say(lang)) }
        section.card #programmes {
            h2 { (ScheduleWords::ProgrammesHeading.say(lang)) }
            div.grid {
                @for programme in &config.programmes {
                    (programme_card(programme, now, lang))
                }
            }
        }
        (station(config, lang))
        (calendar(config, month, lang))
    }
}

fn programme_card(programme: &Programme, now: &DateTime<Tz>, lang: Lang) -> Markup {
    let next = match programme.schedule.next_after(now) {
        Some(at) => ScheduleWords::NextAiring {
            at: Upcoming::Time {
                at: at.naive_local(),
            }
            .say(lang),
        },
        None => ScheduleWords::NoNextAiring,
    };
    let how = match &programme.relay {
        Some(relay) => ScheduleWords::Relay {
            source: relay.source.to_string(),
            length: relay.duration,
        },
        None => ScheduleWords::Pick(pick_words(programme.pick)),
    };
    let lengths = ScheduleWords::Lengths {
        min: programme.duration_bounds.min,
        max: programme.duration_bounds.max,
    };
    html! {
        article.programme data-programme=(programme.id) {
            h3 {
                (programme.title) " "
                span.muted { "(" (ScheduleWords::Id { id: programme.id.clone() }.say(lang)) ")" }
            }
            p { (ScheduleWords::LinesHeading.say(lang)) }
            ul.lines {
                @for line in programme.schedule.iter() {
                    li { code { (line.text()) } ": " (line.describe(lang)) }
                }
            }
            ul {
                li { (how.say(lang)) }
                li { (ScheduleWords::Priority(priority_words(programme.priority)).say(lang)) }
                li { (lengths.say(lang)) }
            }
            p.next { strong { (next.say(lang)) } }
        }
    }
}

fn pick_words(pick: PickRule) -> PickWords {
    match pick {
        PickRule::Month => PickWords::Month,
        PickRule::Newest => PickWords::Newest,
        PickRule::Unaired => PickWords::Unaired,
    }
}

fn priority_words(priority: Priority) -> PriorityWords {
    match priority {
        Priority::Normal => PriorityWords::Normal,
        Priority::Priority => PriorityWords::Priority,
        Priority::Emergency => PriorityWords::Emergency,
    }
}

fn station(config: &Config, lang: Lang) -> Markup {
    let hours = if config.station.allowed_hours.is_empty() {
        ScheduleWords::AnyHours
    } else {
        ScheduleWords::AllowedHours {
            hours: dispatch::hours_list(config),
        }
    };
    html! {
        section.card #station {
            h2 { (ScheduleWords::StationHeading.say(lang)) }
            p { (hours.say(lang)) }
            h3 { (ScheduleWords::BlackoutsHeading.say(lang)) }
            @if config.blackouts.is_empty() {
                p.muted { (ScheduleWords::NoBlackouts.say(lang)) }
            } @else {
                ul.blackouts {
                    @for blackout in &config.blackouts {
                        li {
                            (ScheduleWords::Blackout {
                                from: blackout.from.format("%d/%m/%Y").to_string(),
                                to: blackout.to.format("%d/%m/%Y").to_string(),
                                reason: blackout.reason.clone(),
                            }.say(lang))
                        }
                    }
                }
            }
        }
    }
}

/// The address of `month`'s calendar.
fn month_link(month: YearMonth) -> String {
    format!("/schedule?month={month}#calendar")
}

fn calendar(config: &Config, month: &Month, lang: Lang) -> Markup {
    let shown = month.month;
    let heading = ScheduleWords::CalendarHeading {
        year: shown.year,
        month: shown.month,
    };
    html! {
        section.card #calendar {
            h2 { (heading.say(lang)) }
            nav.row.months {
                @if let Some(previous) = shown.previous() {
                    a.button.secondary rel="prev" href=(month_link(previous)) {
                        (ScheduleWords::PreviousMonth.say(lang))
                    }
                }
                a.button.secondary href="/schedule#calendar" { (ScheduleWords::ThisMonth.say(lang)) }
                @if let Some(next) = shown.next() {
                    a.button.secondary rel="next" href=(month_link(next)) {
                        (ScheduleWords::NextMonth.say(lang))
                    }
                }
            }
            p.muted { (ScheduleWords::Legend.say(lang)) }
            div.calendar data-month=(shown.to_string()) {
                @for weekday in 0..7 {
                    div.head { (ScheduleWords::Weekday(weekday).say(lang)) }
                }
                @for day in month.weeks.iter().flatten() {
                    (day_cell(config, day, lang))
                }
            }
        }
    }
}

fn day_cell(config: &Config, day: &Day, lang: Lang) -> Markup {
    let blackout = day.blackout.and_then(|index| config.blackouts.get(index));
    let mut class = String::from("day");
    for (on, name) in [
        (!day.in_month, " other"),
        (blackout.is_some(), " blackout"),
        (day.today, " today"),
    ] {
        if on {
            class.push_str(name);
        }
    }
    let weekday = ScheduleWords::Weekday(day.date.weekday().num_days_from_monday());
    html! {
        div class=(class) data-date=(day.date.format("%Y-%m-%d").to_string()) {
            div.date {
                span.weekday { (weekday.say(lang)) " " }
                strong { (day.date.day()) }
                span.weekday { "/" (day.date.month()) }
                @if day.today { " " span.badge.ok { (ScheduleWords::Today.say(lang)) } }
            }
            @if let Some(blackout) = blackout {
                span.badge.bad {
                    (ScheduleWords::BlackoutDay { reason: blackout.reason.clone() }.say(lang))
                }
            }
            @for slot in &day.slots {
                (slot_line(config, slot, lang))
            }
            @if day.more.count > 0 || day.more.at_least {
                span.more.muted {
                    (ScheduleWords::More { count: day.more.count, at_least: day.more.at_least }
                        .say(lang))
                }
            }
        }
    }
}

fn slot_line(config: &Config, slot: &DaySlot, lang: Lang) -> Markup {
    let title = config
        .programmes
        .get(slot.programme)
        .map_or("", |programme| programme.title.as_str());
    let time = clock(slot.at);
    match &slot.missed {
        None => html! { span.slot { (time) " " (title) } },
        Some(reason) => {
            let (class, mark) = match reason {
                Reason::Blackout { .. } => ("slot missed blackout", ScheduleWords::Suppressed),
                _ => ("slot missed outside", ScheduleWords::OutsideHours),
            };
            html! {
                span class=(class) title=(reason.say(lang)) {
                    del { (time) " " (title) } " "
                    small { "(" (mark.say(lang)) ")" }
                }
            }
        }
    }
}

/// A slot's time: to the minute, or to the second for lines that name seconds.
fn clock(at: NaiveTime) -> String {
    if at.second() == 0 {
        at.format("%H:%M").to_string()
    } else {
        at.format("%H:%M:%S").to_string()
    }
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
