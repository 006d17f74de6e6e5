//! Why a crontab line was refused, in wardcast's own words. croner's messages name its
//! internals ("Nth specifier out of bounds", "Component error") in English; the officer
//! is told instead which field is wrong, what it holds and what would work, in Vietnamese
//! or English.

use std::fmt;

use croner::errors::CronError;

use crate::messages::shown;
use crate::messages::Lang;

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

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::Second, Lang::En) => "second",
            (Field::Minute, Lang::En) => "minute",
            (Field::Hour, Lang::En) => "hour",
            (Field::DayOfMonth, Lang::En) => "day-of-month",
            (Field::Month, Lang::En) => "month",
            (Field::DayOfWeek, Lang::En) => "day-of-week",
            (Field::Second, Lang::Vi) => "giây",
            (Field::Minute, Lang::Vi) => "phút",
            (Field::Hour, Lang::Vi) => "giờ",
            (Field::DayOfMonth, Lang::Vi) => "ngày trong tháng",
            (Field::Month, Lang::Vi) => "tháng",
            (Field::DayOfWeek, Lang::Vi) => "thứ trong tuần",
        }
    }

    /// What the field may hold, for a message about a field that could not be read.
    fn forms(self, lang: Lang) -> String {
        let (low, high) = self.range();
        match (self, lang) {
            (Field::Month, Lang::En) => format!("numbers {low}-{high} or JAN-DEC"),
            (Field::Month, Lang::Vi) => format!("số từ {low} đến {high} hoặc JAN-DEC"),
            (Field::DayOfWeek, Lang::En) => {
                format!("numbers {low}-{high} (0 and 7 are Sunday) or SUN-SAT, MON#1, FRI#L")
            }
            (Field::DayOfWeek, Lang::Vi) => {
                format!("số từ {low} đến {high} (0 và 7 là Chủ nhật) hoặc SUN-SAT, MON#1, FRI#L")
            }
            (Field::DayOfMonth, Lang::En) => format!("numbers {low}-{high} or L"),
            (Field::DayOfMonth, Lang::Vi) => format!("số từ {low} đến {high} hoặc L"),
            (_, Lang::En) => format!("numbers {low}-{high}"),
            (_, Lang::Vi) => format!("số từ {low} đến {high}"),
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
        match lang {
            Lang::En => self.english(),
            Lang::Vi => self.vietnamese(),
        }
    }

    fn english(&self) -> String {
        let en = |field: &Field| field.name(Lang::En);
        match self {
            CronLineError::Empty => "the line is empty".to_string(),
            CronLineError::FieldCount(count) => format!(
                "it has {count} fields; 5 (minute hour day month weekday) or 6 (seconds first) \
                 are needed"
            ),
            CronLineError::Shorthand(word) if word.eq_ignore_ascii_case("@reboot") => {
                "@reboot means \"when the computer starts\", which is not a time to broadcast; \
                 give the time in 5 fields"
                    .to_string()
            }
            CronLineError::Shorthand(word) => format!(
                "{} is not a shorthand wardcast knows; use @yearly, @monthly, @weekly, @daily \
                 or @hourly, or give the time in 5 fields",
                shown(word)
            ),
            CronLineError::Character { field, ch } => format!(
                "the {} field holds the character {}, which a crontab line cannot hold",
                en(field),
                char_text(*ch)
            ),
            CronLineError::OutOfRange { field, value } => {
                let (low, high) = field.range();
                let name = en(field);
                format!("the {name} field has {value}, but {name} values go from {low} to {high}")
            }
            CronLineError::NthOutOfRange { field, text } => format!(
                "the {} field asks for “{}”, but a month has at most 5 of each weekday; use #1 \
                 to #5, or #L for the last one",
                en(field),
                shown(text)
            ),
            CronLineError::StepZero { field, text } => format!(
                "the {} field has a step of 0 (“{}”), which never moves on; use a step of 1 or \
                 more, e.g. */15",
                en(field),
                shown(text)
            ),
            CronLineError::StepStart { field, text } => format!(
                "the {} field has “{}”: a step needs * or a range before the /, e.g. */15 or \
                 0-30/15",
                en(field),
                shown(text)
            ),
            CronLineError::NotHere { field, text } => format!(
                "the {} field cannot use “{}”: L goes in the day-of-month or day-of-week field, \
                 # only in the day-of-week field",
                en(field),
                shown(text)
            ),
            CronLineError::Unreadable { field, text } => format!(
                "the {} field “{}” cannot be read; it takes {}, with * , - and /",
                en(field),
                shown(text),
                field.forms(Lang::En)
            ),
            CronLineError::Line => "the fields cannot be read together as one line".to_string(),
        }
    }

    fn vietnamese(&self) -> String {
        let vi = |field: &Field| field.name(Lang::Vi);
        match self {
            CronLineError::Empty => "dòng lịch để trống".to_string(),
            CronLineError::FieldCount(count) => format!(
                "dòng có {count} trường; cần 5 trường (phút giờ ngày tháng thứ) hoặc 6 trường \
                 (giây đứng đầu)"
            ),
            CronLineError::Shorthand(word) if word.eq_ignore_ascii_case("@reboot") => {
                "@reboot nghĩa là \"lúc máy tính khởi động\", không phải giờ phát sóng; hãy ghi \
                 giờ phát bằng 5 trường"
                    .to_string()
            }
            CronLineError::Shorthand(word) => format!(
                "wardcast không biết cách viết tắt {}; dùng @yearly, @monthly, @weekly, @daily \
                 hoặc @hourly, hoặc ghi giờ phát bằng 5 trường",
                shown(word)
            ),
            CronLineError::Character { field, ch } => format!(
                "trường {} có ký tự {}, ký tự này không dùng được trong dòng lịch",
                vi(field),
                char_text(*ch)
            ),
            CronLineError::OutOfRange { field, value } => {
                let (low, high) = field.range();
                let name = vi(field);
                format!("trường {name} có giá trị {value}, nhưng {name} chỉ từ {low} đến {high}")
            }
            CronLineError::NthOutOfRange { field, text } => format!(
                "trường {} ghi “{}”, nhưng một tháng có nhiều nhất 5 ngày cùng thứ; dùng #1 đến \
                 #5, hoặc #L cho lần cuối cùng trong tháng",
                vi(field),
                shown(text)
            ),
            CronLineError::StepZero { field, text } => format!(
                "trường {} có bước nhảy 0 (“{}”), lịch sẽ không bao giờ tiến lên; dùng bước từ 1 \
                 trở lên, ví dụ */15",
                vi(field),
                shown(text)
            ),
            CronLineError::StepStart { field, text } => format!(
                "trường {} ghi “{}”: trước dấu / phải là * hoặc một khoảng, ví dụ */15 hoặc 0-30/15",
                vi(field),
                shown(text)
            ),
            CronLineError::NotHere { field, text } => format!(
                "trường {} không dùng được “{}”: L chỉ dùng ở trường ngày trong tháng hoặc thứ \
                 trong tuần, # chỉ dùng ở trường thứ trong tuần",
                vi(field),
                shown(text)
            ),
            CronLineError::Unreadable { field, text } => format!(
                "không đọc được trường {} “{}”; trường này nhận {}, cùng các dấu * , - và /",
                vi(field),
                shown(text),
                field.forms(Lang::Vi)
            ),
            CronLineError::Line => "các trường không ghép được thành một dòng lịch".to_string(),
        }
    }
}

/// A character as the officer can see it, even an invisible one.
fn char_text(ch: char) -> String {
    let mut buffer = [0u8; 4];
    format!("“{}”", shown(ch.encode_utf8(&mut buffer)))
}

impl fmt::Display for CronLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for CronLineError {}

/// The hint under a refused line.
pub fn line_hint(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            "5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first"
        }
        Lang::Vi => {
            "ghi 5 trường (phút giờ ngày-trong-tháng tháng thứ-trong-tuần), hoặc 6 trường với \
             giây đứng đầu"
        }
    }
}
