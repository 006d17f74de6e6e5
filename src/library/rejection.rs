//! Why a file will not air, as the library index keeps it; `messages::library` says it to
//! the officer, with what to do.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::open::{FileKind, OpenError};
use crate::messages::library::{FileProblem, HeaderProblem, Reason, RuleProblem};
use crate::messages::{Lang, Say};

/// Why a file will not air. Rendered in the officer's language by `describe`; kept in the
/// library index as JSON, so variants are only ever added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Rejection {
    Unreadable(String),
    /// A pipe, a device or a folder with an audio name: never opened for reading.
    NotRegular(FileKind),
    Empty,
    NotAudio {
        looks_like: Option<String>,
    },
    /// The file holds less than its header announces (milliseconds held, announced).
    Truncated {
        announced: Option<(u64, u64)>,
    },
    /// The coding's name in words ("Opus", "AC-3 (Dolby Digital)").
    UnsupportedCodec(String),
    /// The header states something no real recording has.
    BadHeader(HeaderFault),
    /// The decoder could not make sound of it, or gave up on it.
    Damaged,
    /// Reading it took longer than the probe allows (the time limit in seconds).
    TooSlow {
        limit_s: u64,
    },
    NoSound,
    TooShort {
        duration_ms: u64,
        min_ms: u64,
    },
    TooLong {
        duration_ms: u64,
        max_ms: u64,
    },
    NoMonthInName,
    LinkOutside {
        target: String,
    },
    /// Larger (bytes) than what is read whole into memory for an airing (the limit, bytes).
    TooLargeToAir {
        bytes: u64,
        limit: u64,
    },
}

/// A header value that cannot be right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum HeaderFault {
    /// Samples per second: 0, or beyond any recorder.
    SampleRate(u64),
    /// Sound channels: 0, or more than any programme has.
    Channels(u64),
    /// The length announced or counted, in milliseconds: beyond any programme.
    Length(u64),
}

impl From<OpenError> for Rejection {
    fn from(error: OpenError) -> Rejection {
        match error {
            OpenError::NotRegular(kind) => Rejection::NotRegular(kind),
            OpenError::Io(error) => Rejection::Unreadable(error.to_string()),
        }
    }
}

impl Rejection {
    pub fn describe(&self, lang: Lang) -> String {
        self.words().say(lang)
    }

    /// The reason as the catalogue says it.
    pub fn words(&self) -> Reason {
        let millis = |millis: &u64| Duration::from_millis(*millis);
        let file = match self {
            Rejection::TooShort {
                duration_ms,
                min_ms,
            } => {
                return Reason::Rule(RuleProblem::TooShort {
                    length: millis(duration_ms),
                    min: millis(min_ms),
                })
            }
            Rejection::TooLong {
                duration_ms,
                max_ms,
            } => {
                return Reason::Rule(RuleProblem::TooLong {
                    length: millis(duration_ms),
                    max: millis(max_ms),
                })
            }
            Rejection::NoMonthInName => return Reason::Rule(RuleProblem::NoMonthInName),
            Rejection::LinkOutside { target } => {
                let target = target.clone();
                return Reason::Rule(RuleProblem::LinkOutside { target });
            }
            Rejection::Unreadable(detail) => FileProblem::Unreadable {
                detail: detail.clone(),
            },
            Rejection::NotRegular(kind) => FileProblem::NotRegular(kind.words()),
            Rejection::Empty => FileProblem::Empty,
            Rejection::NotAudio { looks_like } => FileProblem::NotAudio {
                looks_like: looks_like.clone(),
            },
            Rejection::Truncated { announced } => FileProblem::Truncated {
                lengths: announced.map(|(held, announced)| (millis(&held), millis(&announced))),
            },
            Rejection::UnsupportedCodec(codec) => FileProblem::UnsupportedCodec(codec.clone()),
            Rejection::BadHeader(fault) => FileProblem::BadHeader(fault.words()),
            Rejection::Damaged => FileProblem::Damaged,
            Rejection::TooSlow { limit_s } => FileProblem::TooSlow {
                limit: Duration::from_secs(*limit_s),
            },
            Rejection::NoSound => FileProblem::NoSound,
            Rejection::TooLargeToAir { bytes, limit } => FileProblem::TooLargeToAir {
                bytes: *bytes,
                limit: *limit,
            },
        };
        Reason::File(file)
    }
}

impl HeaderFault {
    /// The fault as the catalogue says it.
    pub fn words(self) -> HeaderProblem {
        match self {
            HeaderFault::SampleRate(rate) => HeaderProblem::SampleRate(rate),
            HeaderFault::Channels(count) => HeaderProblem::Channels(count),
            HeaderFault::Length(millis) => HeaderProblem::Length(Duration::from_millis(millis)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_rejection_says_what_to_do_in_both_languages() {
        let rejections = [
            Rejection::Unreadable("Permission denied (os error 13)".into()),
            Rejection::NotRegular(FileKind::NamedPipe),
            Rejection::NotAudio { looks_like: None },
            Rejection::NotAudio {
                looks_like: Some("PNG image".into()),
            },
            Rejection::UnsupportedCodec("Opus".into()),
            Rejection::BadHeader(HeaderFault::SampleRate(0)),
            Rejection::BadHeader(HeaderFault::Channels(0)),
            Rejection::BadHeader(HeaderFault::Length(90 * 24 * 3_600_000)),
            Rejection::Damaged,
            Rejection::TooSlow { limit_s: 20 },
            Rejection::NoSound,
            Rejection::TooLargeToAir {
                bytes: 1_500_000_000,
                limit: 1 << 30,
            },
        ];
        for rejection in &rejections {
            let english = rejection.describe(Lang::En);
            let vietnamese = rejection.describe(Lang::Vi);
            let action = ["copy", "convert", "export"];
            assert!(
                action.iter().any(|word| english.contains(word)),
                "{english}"
            );
            let actions_vi = ["chép", "chuyển sang", "xuất lại"];
            assert!(
                actions_vi.iter().any(|word| vietnamese.contains(word)),
                "{vietnamese}"
            );
            assert_ne!(english, vietnamese);
        }
        assert_eq!(
            Rejection::BadHeader(HeaderFault::SampleRate(0))
                .describe(Lang::En)
                .split(';')
                .next(),
            Some("the file's header gives a sample rate of 0 Hz, which no recording has: the file is damaged")
        );
        assert_eq!(
            Rejection::TooLargeToAir {
                bytes: 1_500_000_000,
                limit: 1 << 30,
            }
            .describe(Lang::En)
            .split(';')
            .next(),
            Some("it is 1500 MB, larger than the 1073 MB wardcast reads into memory to air a file")
        );
        assert!(Rejection::NotRegular(FileKind::NamedPipe)
            .describe(Lang::En)
            .starts_with("not a regular file: a named pipe (FIFO)"));
    }

    #[test]
    fn rejections_read_back_from_the_index_as_written() {
        for rejection in [
            Rejection::NotRegular(FileKind::Device),
            Rejection::BadHeader(HeaderFault::Channels(65_535)),
            Rejection::TooSlow { limit_s: 20 },
            Rejection::Damaged,
        ] {
            let text = serde_json::to_string(&rejection).expect("json");
            let back: Rejection = serde_json::from_str(&text).expect("read back");
            assert_eq!(back, rejection, "{text}");
        }
    }
}
