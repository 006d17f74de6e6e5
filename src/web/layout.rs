//! The frame of every console page: the document head (title, the one style sheet, the
//! script), the menu with the signed-in user, and a short page for problems. Pages give only
//! their body; everything outside text is escaped by the template.

use maud::{html, Markup, DOCTYPE};

use crate::messages::page::PageWords;
use crate::messages::web::{ConsoleProblem, Frame, Nav};
use crate::messages::{Lang, Say};

use super::auth::SignedIn;
use super::state::AppState;

/// A console page: the menu with `current` marked, then `body`.
pub fn page(state: &AppState, signed: &SignedIn, current: Nav, body: Markup) -> Markup {
    let lang = state.lang();
    let config = state.config();
    let title = format!("{} – {}", current.say(lang), config.station.name);
    let user = Frame::SignedInAs {
        user: signed.user.clone(),
        officer: signed.is_officer(),
    };
    document(
        lang,
        &title,
        html! {
            header.top {
                div.station { (config.station.name) }
                nav {
                    ul {
                        @for item in Nav::ALL {
                            li {
                                a href=(item.path())
                                    aria-current=[(item == current).then_some("page")] {
                                    (item.say(lang))
                                }
                            }
                        }
                    }
                }
                form.signout method="post" action="/logout" {
                    span.user { (user.say(lang)) }
                    input type="hidden" name="csrf" value=(signed.csrf);
                    button type="submit" { (Frame::SignOut.say(lang)) }
                }
            }
            noscript { p.note { (Frame::NoScript.say(lang)) } }
            p #disconnected .warning hidden { (Frame::Disconnected.say(lang)) }
            main #page data-page=(current.path()) { (body) }
        },
    )
}

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

fn document(lang: Lang, title: &str, body: Markup) -> Markup {
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
