use super::*;
use crate::library::Rejection;
use chrono::TimeZone;

fn row(name: &str, state: FileState, seconds: Option<f64>) -> FileRow {
    FileRow {
        name: name.into(),
        state,
        seconds,
        next_airing: None,
    }
}

fn view() -> LibraryView {
    let zone = chrono_tz::Asia::Ho_Chi_Minh;
    let six = zone.with_ymd_and_hms(2026, 12, 7, 6, 0, 0).single();
    let ready = FileRow {
        next_airing: six,
        ..row("bản tin & thời sự.wav", FileState::Ready, Some(125.4))
    };
    LibraryView {
        programmes: vec![ProgrammeFiles {
            id: "tin-tuc".into(),
            title: "Tin tức".into(),
            folder: "audio/tin-tuc/".into(),
            total: 4,
            files: vec![
                ready,
                row("chép dở.mp3", FileState::Waiting, None),
                row(
                    "2026.mp3",
                    FileState::Rejected(Rejection::NoMonthInName),
                    Some(3.0),
                ),
            ],
        }],
    }
}

#[test]
fn each_file_shows_its_standing_reason_length_and_next_airing() {
    let html = files_part(&view(), Lang::En, chrono_tz::Asia::Ho_Chi_Minh).into_string();
    assert!(html.contains("Tin tức (id tin-tuc)"), "{html}");
    assert!(html.contains("Folder: audio/tin-tuc/"));
    assert!(
        html.contains("<td>bản tin &amp; thời sự.wav</td>"),
        "{html}"
    );
    assert!(html.contains("class=\"badge ok\" data-state=\"ready\">ready<"));
    assert!(html.contains("2:05") && html.contains("2026-12-07 06:00"));
    assert!(html.contains("data-state=\"waiting\""));
    assert!(html.contains(&PlanNotice::StillCopying.say(Lang::En)));
    let reason = html! { span.reason { (Rejection::NoMonthInName.describe(Lang::En)) } };
    assert!(html.contains(&reason.into_string()), "{html}");
    assert!(html.contains("class=\"badge bad\" data-state=\"rejected\""));
    assert!(html.contains("/library/withdraw?programme=tin%2Dtuc&amp;file=2026%2Emp3"));
    assert!(html.contains("Showing the newest 3 of 4 files."));
    assert!(html.contains("/library?all=tin%2Dtuc#programme-tin-tuc"));
}

#[test]
fn the_words_of_the_page_follow_the_station_language() {
    let html = files_part(&view(), Lang::Vi, chrono_tz::Asia::Ho_Chi_Minh).into_string();
    assert!(html.contains("Tin tức (mã tin-tuc)"));
    assert!(html.contains(">sẵn sàng<") && html.contains("Rút file"));
    let reason = html! { (Rejection::NoMonthInName.describe(Lang::Vi)) };
    assert!(html.contains(&reason.into_string()));
}

#[test]
fn an_outcome_address_encodes_what_it_carries() {
    let address = outcome_address("tin-tuc", &[("uploaded", "a&b c.mp3"), ("more", "0")]);
    assert_eq!(
        address,
        "/library?programme=tin%2Dtuc&uploaded=a%26b%20c%2Emp3&more=0"
    );
}
