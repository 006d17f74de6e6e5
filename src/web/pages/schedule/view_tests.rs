use chrono::{NaiveDate, TimeZone};

use super::*;
use crate::web::pages::schedule::fixture::{config, programme};
use crate::web::pages::schedule::month::month;

fn render(programmes: &str, station_extra: &str, tail: &str, lang: Lang) -> String {
    let (_dir, config) = config(programmes, station_extra, tail);
    let now = config
        .station
        .timezone
        .with_ymd_and_hms(2026, 12, 3, 8, 0, 0)
        .single()
        .expect("now");
    let december = YearMonth {
        year: 2026,
        month: 12,
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).expect("today");
    let shown = month(&config, december, today).expect("month");
    body(&config, &now, &shown, lang).into_string()
}

#[test]
fn a_programme_shows_its_lines_as_explain_says_them_and_its_next_airing() {
    let line = crate::schedule::CronLine::parse("30 6 * * MON#1").expect("line");
    for lang in <Lang as strum::IntoEnumIterator>::iter() {
        let page = render(&programme("news", "a", "30 6 * * MON#1"), "", "", lang);
        let words = html_escape::encode_text(&line.describe(lang)).into_owned();
        assert!(page.contains(&words), "{lang:?}: {words} in {page}");
        assert!(page.contains("<code>30 6 * * MON#1</code>"), "{page}");
        // The first Monday of December 2026 is the 7th (the 1st is a Tuesday).
        let next = Upcoming::Time {
            at: NaiveDate::from_ymd_opt(2026, 12, 7)
                .and_then(|day| day.and_hms_opt(6, 30, 0))
                .expect("time"),
        };
        let next = html_escape::encode_text(&next.say(lang)).into_owned();
        assert!(page.contains(&next), "{lang:?}: {next} in {page}");
        assert!(page.contains("data-date=\"2026-12-07\"><div class=\"date\">"));
    }
    let english = render(&programme("news", "a", "30 6 * * MON#1"), "", "", Lang::En);
    assert!(english.contains("file: the one added most recently"));
    assert!(english.contains("normal: waits its turn"));
    assert!(english.contains("length: any"));
}

#[test]
fn the_calendar_marks_blackouts_suppressed_slots_and_links_the_months_around() {
    let page = render(
        &programme("news", "a", "0 6,20 * * *"),
        "allowed_hours = [\"05:00-07:00\"]",
        "[[blackout]]\nfrom = \"2026-12-24\"\nto = \"2026-12-25\"\nreason = \"Giáng sinh\"\n",
        Lang::En,
    );
    assert!(page.contains("December 2026"));
    assert!(page.contains("href=\"/schedule?month=2026-11#calendar\""));
    assert!(page.contains("href=\"/schedule?month=2027-01#calendar\""));
    assert!(page.contains("Allowed hours: 05:00-07:00."));
    assert!(page.contains("from 24/12/2026 to 25/12/2026: Giáng sinh"));
    assert!(page.contains("class=\"day blackout\" data-date=\"2026-12-24\""));
    assert!(page.contains("class=\"day today\" data-date=\"2026-12-03\""));
    assert!(page.contains("class=\"day other\" data-date=\"2026-11-30\""));
    assert!(page.contains("<span class=\"slot\">06:00 news</span>"));
    assert!(page.contains("not aired (blackout)"));
    assert!(page.contains("not aired (outside the allowed hours)"));
    // The reason dispatch would log is the slot's tooltip.
    assert!(page.contains("title=\"outside the allowed hours (05:00-07:00)\""));
}

#[test]
fn outside_text_is_escaped() {
    let programmes = "[[programme]]\nid = \"news\"\ntitle = \"<b>Tin</b>\"\nfolder = \"a\"\n\
                      schedule = [\"0 6 * * *\"]\npick = \"newest\"\n";
    let page = render(programmes, "", "", Lang::En);
    assert!(!page.contains("<b>Tin</b>"));
    assert!(page.contains("&lt;b&gt;Tin&lt;/b&gt;"));
}
