//! What every console document is made of, whoever asks (a page, a problem, the sign-in):
//! its head (title, the one style sheet, the script) around a body, the short page of a
//! problem, and lengths as a clock shows them. Nothing here knows the station or the user.

use maud::{html, Markup, DOCTYPE};

use crate::messages::page::PageWords;
use crate::messages::web::{ConsoleProblem, Frame, Nav};
use crate::messages::{Lang, Say};

/// A page outside the menu (signing in), with `title` and `body`.
pub fn bare_page(lang: Lang, title: &str, body: Markup) -> Markup {
    document(lang, title, html! { main.bare { (body) } })
}

/// The page of a refused or failed request.
pub fn problem_page(lang: Lang, text: &str) -> Markup {
    let heading = ConsoleProblem::Heading.say(lang);
    bare_page(
        lang,
        &heading,
        html! {
            h1 { (heading) }
            p.problem { (text) }
            p { a href=(Nav::Overview.path()) { (ConsoleProblem::BackHome.say(lang)) } }
        },
    )
}

pub fn document(lang: Lang, title: &str, body: Markup) -> Markup {
    let code = PageWords::LanguageCode.say(lang);
    html! {
        (DOCTYPE)
        html lang=(code) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (Frame::Product.say(lang)) }
                link rel="stylesheet" href=(super::assets::STYLE);
                script src=(super::assets::SCRIPT) defer {}
            }
            body { (body) }
        }
    }
}

/// A number of seconds as the console shows lengths: "12:05" or "1:02:03".
pub fn clock_length(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_read_as_a_clock() {
        assert_eq!(clock_length(0.0), "0:00");
        assert_eq!(clock_length(725.4), "12:05");
        assert_eq!(clock_length(3723.0), "1:02:03");
        assert_eq!(clock_length(-3.0), "0:00");
    }
}
