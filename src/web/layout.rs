//! The layout of every page of the menu: the station's name, the menu with the page marked,
//! the signed-in user and the sign-out button, around the page's body (the document itself
//! is `frame`'s). Pages give only their body; everything outside text is escaped by the
//! template.

use maud::{html, Markup};

use crate::messages::web::{Frame, Nav};
use crate::messages::Say;

use super::frame::document;
use super::guard::SignedIn;
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
