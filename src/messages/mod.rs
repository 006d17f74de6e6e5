//! The officer's words: every message wardcast shows a person, in Vietnamese (the default)
//! and English, and the helpers that make outside text safe to show.
//!
//! The rule this module keeps: a message is a value of a typed enum, and each language
//! renders it in one exhaustive `match`, here; no other module branches on the language.

mod io;
mod text;

use serde::Deserialize;

pub use io::io_words;
pub use text::{shown, shown_path};

/// The language of officer-facing messages: Vietnamese unless set otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}
