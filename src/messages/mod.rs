//! The officer's words: every message wardcast shows a person, in Vietnamese (the default)
//! and English, and the helpers that make outside text safe to show.
//!
//! The rule this module keeps: a message is a value of a typed enum, and each language
//! renders it in one exhaustive `match`, here; no other module branches on the language.

pub mod cli;
pub mod config;
mod data_folder;
pub mod download;
pub mod export;
mod io;
pub mod library;
pub mod log_check;
pub mod page;
pub mod period;
pub mod plan;
pub mod player;
pub mod reason;
pub mod receive;
pub mod received;
pub mod recording;
pub mod report;
pub mod schedule;
pub mod sources;
pub mod station;
pub mod storage;
mod text;
pub mod time;
pub mod users;
pub mod web;

use serde::{Deserialize, Serialize};

pub use cli::{ListWords, PlayWords, Readiness, StartupFailure, Upcoming, ValueRefusal};
pub use data_folder::DataFolderProblem;
pub use io::{io_words, IoProblem};
pub use log_check::LogCheck;
pub use text::{shown, shown_path};

/// The language of officer-facing messages: Vietnamese unless set otherwise.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    strum::EnumIter,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// Something wardcast says to a person. Each area's messages are one enum in its own file
/// here, with one exhaustive `match` per language: [`Say::vi`] and [`Say::en`] are the only
/// places its words are chosen.
pub trait Say {
    /// The message in Vietnamese.
    fn vi(&self) -> String;
    /// The message in English.
    fn en(&self) -> String;
    /// The message in `lang`.
    fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => self.vi(),
            Lang::En => self.en(),
        }
    }
}

/// Checks every variant of a catalogue enum (made with `strum::EnumIter`, fields at their
/// defaults) is said in both languages: neither is empty, and the Vietnamese is not the
/// English left untranslated.
#[cfg(test)]
pub(crate) fn assert_said_in_both<M>()
where
    M: Say + strum::IntoEnumIterator + std::fmt::Debug,
{
    let mut count = 0;
    for message in M::iter() {
        let (vi, en) = (message.vi(), message.en());
        assert!(!vi.trim().is_empty(), "{message:?} has no Vietnamese words");
        assert!(!en.trim().is_empty(), "{message:?} has no English words");
        assert_ne!(vi, en, "{message:?} is not translated");
        count += 1;
    }
    assert!(count > 0, "the catalogue enum has no variants");
}
