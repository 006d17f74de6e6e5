//! The reports page's markup: the usual periods with their days and download buttons, and
//! the form for another period.

use maud::{html, Markup};

use super::download::download_link;
use super::Chosen;
use crate::config::Config;
use crate::messages::export::ExportProgress;
use crate::messages::web::reports::{FormatWords, OfferedWords, ReportsWords};
use crate::messages::{Lang, Say};
use crate::periods::{Offered, Period};
use crate::report::ExportFormat;

/// The formats offered, in the order of their buttons.
const FORMATS: [(ExportFormat, FormatWords); 3] = [
    (ExportFormat::Xlsx, FormatWords::Xlsx),
    (ExportFormat::Csv, FormatWords::Csv),
    (ExportFormat::Html, FormatWords::Html),
];

pub fn body(
    config: &Config,
    offered: &[(Offered, Period)],
    chosen: Option<&Chosen>,
    lang: Lang,
) -> Markup {
    let say = |words: ReportsWords| words.say(lang);
    html! {
        h1 { (say(ReportsWords::Heading)) }
        p { (say(ReportsWords::Intro)) }
        section.card #offered {
            h2 { (say(ReportsWords::OfferedHeading)) }
            div.table-wrap {
                table.periods {
                    thead { tr {
                        th { (say(ReportsWords::WhatColumn)) }
                        th { (say(ReportsWords::PeriodColumn)) }
                        th { (say(ReportsWords::FirstDayColumn)) }
                        th { (say(ReportsWords::LastDayColumn)) }
                        th { (say(ReportsWords::DownloadColumn)) }
                    } }
                    tbody {
                        @for (which, period) in offered {
                            tr data-period=(period.label) {
                                td { (say(ReportsWords::Offered(offered_words(*which)))) }
                                td { code { (period.label) } }
                                td data-label=(say(ReportsWords::FirstDayColumn)) {
                                    (day(period.first_day))
                                }
                                td data-label=(say(ReportsWords::LastDayColumn)) {
                                    (day(period.last_day))
                                }
                                td { (buttons(period, lang)) }
                            }
                        }
                    }
                }
            }
        }
        section.card #other {
            h2 { (say(ReportsWords::OtherHeading)) }
            (other(config, chosen, lang))
        }
    }
}

/// The form for a period of the officer's own, and what it gave. A GET form, so it carries
/// no CSRF token: it changes nothing, and the token must not end up in an address.
fn other(config: &Config, chosen: Option<&Chosen>, lang: Lang) -> Markup {
    let say = |words: ReportsWords| words.say(lang);
    let text = match chosen {
        Some(Chosen::Period(period)) => period.label.as_str(),
        Some(Chosen::Refused { text, .. }) => text.as_str(),
        None => "",
    };
    html! {
        form method="get" action="/reports#other" {
            label for="period" { (say(ReportsWords::PeriodLabel)) }
            div.row {
                input #period type="text" name="period" value=(text) placeholder="2026-Q3"
                    aria-describedby="period-hint";
                button type="submit" { (say(ReportsWords::Show)) }
            }
            p #period-hint .muted { (say(ReportsWords::PeriodHint)) }
        }
        @match chosen {
            Some(Chosen::Period(period)) => {
                p.done #chosen { (covers(config, period, lang)) }
                (buttons(period, lang))
            }
            Some(Chosen::Refused { why, .. }) => p.warning #chosen role="alert" { (why) },
            None => {}
        }
    }
}

/// The days `period` covers, in `wardcast export`'s words.
fn covers(config: &Config, period: &Period, lang: Lang) -> String {
    ExportProgress::Period {
        label: period.label.clone(),
        first: day(period.first_day),
        last: day(period.last_day),
        zone: config.station.timezone.to_string(),
    }
    .say(lang)
}

fn buttons(period: &Period, lang: Lang) -> Markup {
    html! {
        div.row.downloads {
            @for (format, words) in FORMATS {
                a.button.secondary href=(download_link(&period.label, format)) download {
                    (words.say(lang))
                }
            }
        }
    }
}

fn day(date: chrono::NaiveDate) -> String {
    crate::report::day_text(date)
}

fn offered_words(which: Offered) -> OfferedWords {
    match which {
        Offered::ThisQuarter => OfferedWords::ThisQuarter,
        Offered::LastQuarter => OfferedWords::LastQuarter,
        Offered::ThisHalf => OfferedWords::ThisHalf,
        Offered::ThisYear => OfferedWords::ThisYear,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::periods::ReportingCalendar;

    fn config(dir: &std::path::Path) -> Config {
        std::fs::create_dir_all(dir.join("audio/a")).expect("mkdir");
        let text = "[station]\nname = \"x\"\nlang = \"en\"\n[paths]\naudio = \"audio\"\n\
                    data = \"data\"\n[[programme]]\nid = \"news\"\ntitle = \"News\"\n\
                    folder = \"a\"\nschedule = [\"0 6 * * *\"]\npick = \"newest\"\n";
        Config::parse(&dir.join("wardcast.toml"), text).expect("config")
    }

    #[test]
    fn the_usual_periods_show_their_days_and_downloads() {
        let dir = tempfile::tempdir().expect("dir");
        let config = config(dir.path());
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 20).expect("day");
        let offered = ReportingCalendar::default().offered(today);
        let page = body(&config, &offered, None, Lang::En).into_string();
        for text in [
            "<tr data-period=\"2027-Q1\"><td>This quarter</td>",
            "<td data-label=\"From\">15/12/2026</td><td data-label=\"To\">14/03/2027</td>",
            "<tr data-period=\"2026-Q4\"><td>Last quarter</td>",
            "<td data-label=\"From\">15/09/2026</td><td data-label=\"To\">14/12/2026</td>",
            "<tr data-period=\"2027-H1\"><td>Six months</td>",
            "<tr data-period=\"2027\"><td>Year</td>",
            "href=\"/reports/download?period=2027%2DQ1&amp;format=xlsx\"",
            "Download CSV",
        ] {
            assert!(page.contains(text), "{text} in {page}");
        }
    }

    #[test]
    fn a_chosen_period_is_said_as_export_says_it_and_a_refused_one_with_its_words() {
        let dir = tempfile::tempdir().expect("dir");
        let config = config(dir.path());
        let period = config.reports.period("2026-Q1").expect("period");
        let chosen = Chosen::Period(period);
        let page = body(&config, &[], Some(&chosen), Lang::En).into_string();
        assert!(page.contains(
            "Reporting period 2026-Q1: 15/12/2025 to 14/03/2026 inclusive (Asia/Ho_Chi_Minh time)."
        ), "{page}");
        let error = config.reports.period("2026-Q5").expect_err("refused");
        let refused = Chosen::Refused {
            text: "2026-Q5".into(),
            why: error.describe(Lang::En),
        };
        let page = body(&config, &[], Some(&refused), Lang::En).into_string();
        // As maud escapes text: quotes too.
        let words = html_escape::encode_text(&error.describe(Lang::En)).replace('"', "&quot;");
        assert!(page.contains(&words), "{words} in {page}");
        assert!(page.contains("value=\"2026-Q5\""));
    }
}
