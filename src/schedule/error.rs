//! Why a crontab line was refused: croner's refusal read into which field is wrong and
//! what it holds, told in the words of `messages::schedule`.

use std::fmt;

use croner::errors::CronError;

use crate::messages::schedule::{CronField, CronRefusal, LineHint};
use crate::messages::{Lang, Say};

/// One field of a crontab line, with the values it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl Field {
    /// The fields of a line of `count` fields (5, or 6 with seconds first), in order.
    pub fn of_line(count: usize) -> &'static [Field] {
        const SIX: [Field; 6] = [
            Field::Second,
            Field::Minute,
            Field::Hour,
            Field::DayOfMonth,
            Field::Month,
            Field::DayOfWeek,
        ];
        if count == 6 {
            &SIX
        } else {
            &SIX[1..]
        }
    }

    /// The lowest and highest plain number the field takes.
    pub fn range(self) -> (u32, u32) {
        match self {
            Field::Second | Field::Minute => (0, 59),
            Field::Hour => (0, 23),
            Field::DayOfMonth => (1, 31),
            Field::Month => (1, 12),
            Field::DayOfWeek => (0, 7),
        }
    }

    /// The field's name in the catalogue.
    pub fn words(self) -> CronField {
        match self {
            Field::Second => CronField::Second,
            Field::Minute => CronField::Minute,
            Field::Hour => CronField::Hour,
            Field::DayOfMonth => CronField::DayOfMonth,
            Field::Month => CronField::Month,
            Field::DayOfWeek => CronField::DayOfWeek,
        }
    }
}

/// Why a crontab line was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CronLineError {
    Empty,
    /// Neither 5 nor 6 fields.
    FieldCount(usize),
    /// `@reboot`, or an `@word` that is not one of the known shorthands.
    Shorthand(String),
    /// A character no crontab field holds (a letter is judged by croner instead).
    Character {
        field: Field,
        ch: char,
    },
    /// A plain number outside the field's values.
    OutOfRange {
        field: Field,
        value: String,
    },
    /// `MON#6`: no month has a sixth Monday.
    NthOutOfRange {
        field: Field,
        text: String,
    },
    /// `*/0`.
    StepZero {
        field: Field,
        text: String,
    },
    /// `5/15`: a step needs `*` or a range before it.
    StepStart {
        field: Field,
        text: String,
    },
    /// `L` or `#` in a field that does not take it.
    NotHere {
        field: Field,
        text: String,
    },
    /// Anything else croner cannot read in one field.
    Unreadable {
        field: Field,
        text: String,
    },
    /// The fields each read alone, but not together.
    Line,
}

impl CronLineError {
    /// Turns croner's refusal of `text` in `field` into wardcast's words.
    pub(super) fn from_croner(error: &CronError, field: Field, text: &str) -> CronLineError {
        let text = text.to_string();
        let CronError::ComponentError(detail) = error else {
            return CronLineError::Unreadable { field, text };
        };
        // croner has one error variant for all of these; its wording is the only clue.
        if detail.contains("Step cannot be zero") {
            CronLineError::StepZero { field, text }
        } else if detail.contains("Nth specifier out of bounds") {
            CronLineError::NthOutOfRange { field, text }
        } else if detail.contains("not allowed in the current field") {
            CronLineError::NotHere { field, text }
        } else if detail.contains("single number steps") || detail.contains("starting point") {
            CronLineError::StepStart { field, text }
        } else {
            CronLineError::Unreadable { field, text }
        }
    }

    /// The reason in the officer's language.
    pub fn describe(&self, lang: Lang) -> String {
        self.words().say(lang)
    }

    /// The reason as the catalogue says it.
    pub fn words(&self) -> CronRefusal {
        match self {
            CronLineError::Empty => CronRefusal::Empty,
            CronLineError::FieldCount(count) => CronRefusal::FieldCount(*count),
            CronLineError::Shorthand(word) if word.eq_ignore_ascii_case("@reboot") => {
                CronRefusal::Reboot
            }
            CronLineError::Shorthand(word) => CronRefusal::Shorthand(word.clone()),
            CronLineError::Character { field, ch } => CronRefusal::Character {
                field: field.words(),
                ch: *ch,
            },
            CronLineError::OutOfRange { field, value } => {
                let (low, high) = field.range();
                CronRefusal::OutOfRange {
                    field: field.words(),
                    value: value.clone(),
                    low,
                    high,
                }
            }
            CronLineError::NthOutOfRange { field, text } => CronRefusal::NthOutOfRange {
                field: field.words(),
                text: text.clone(),
            },
            CronLineError::StepZero { field, text } => CronRefusal::StepZero {
                field: field.words(),
                text: text.clone(),
            },
            CronLineError::StepStart { field, text } => CronRefusal::StepStart {
                field: field.words(),
                text: text.clone(),
            },
            CronLineError::NotHere { field, text } => CronRefusal::NotHere {
                field: field.words(),
                text: text.clone(),
            },
            CronLineError::Unreadable { field, text } => {
                let (low, high) = field.range();
                CronRefusal::Unreadable {
                    field: field.words(),
                    text: text.clone(),
                    low,
                    high,
                }
            }
            CronLineError::Line => CronRefusal::Line,
        }
    }
}

impl fmt::Display for CronLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for CronLineError {}

/// The hint under a refused line.
pub fn line_hint(lang: Lang) -> String {
    LineHint.say(lang)
}
