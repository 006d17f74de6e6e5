//! Crontab lines in words: a line explained, and why a line was refused. croner's own
//! messages name its internals ("Nth specifier out of bounds", "Component error") in
//! English; the officer is told instead which field is wrong, what it holds and what would
//! work.

mod vietnamese;

use super::{shown, Say};

/// One field of a crontab line, by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum CronField {
    Second,
    #[default]
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl Say for CronField {
    fn vi(&self) -> String {
        match self {
            CronField::Second => "giây",
            CronField::Minute => "phút",
            CronField::Hour => "giờ",
            CronField::DayOfMonth => "ngày trong tháng",
            CronField::Month => "tháng",
            CronField::DayOfWeek => "thứ trong tuần",
        }
        .to_string()
    }

    fn en(&self) -> String {
        match self {
            CronField::Second => "second",
            CronField::Minute => "minute",
            CronField::Hour => "hour",
            CronField::DayOfMonth => "day-of-month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day-of-week",
        }
        .to_string()
    }
}

/// Why a crontab line was refused. `low` and `high` are the plain numbers the field takes.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum CronRefusal {
    #[default]
    Empty,
    /// Neither 5 nor 6 fields.
    FieldCount(usize),
    /// `@reboot`: not a time at all.
    Reboot,
    /// An `@word` that is not one of the known shorthands.
    Shorthand(String),
    /// A character no crontab field holds.
    Character { field: CronField, ch: char },
    /// A plain number outside the field's values.
    OutOfRange {
        field: CronField,
        value: String,
        low: u32,
        high: u32,
    },
    /// `MON#6`: no month has a sixth Monday.
    NthOutOfRange { field: CronField, text: String },
    /// `*/0`.
    StepZero { field: CronField, text: String },
    /// `5/15`: a step needs `*` or a range before it.
    StepStart { field: CronField, text: String },
    /// `L` or `#` in a field that does not take it.
    NotHere { field: CronField, text: String },
    /// Anything else croner cannot read in one field.
    Unreadable {
        field: CronField,
        text: String,
        low: u32,
        high: u32,
    },
    /// The fields each read alone, but not together.
    Line,
}

impl Say for CronRefusal {
    fn vi(&self) -> String {
        match self {
            CronRefusal::Empty => "dòng lịch để trống".to_string(),
            CronRefusal::FieldCount(count) => format!(
                "dòng có {count} trường; cần 5 trường (phút giờ ngày tháng thứ) hoặc 6 trường \
                 (giây đứng đầu)"
            ),
            CronRefusal::Reboot => {
                "@reboot nghĩa là \"lúc máy tính khởi động\", không phải giờ phát sóng; hãy ghi \
                 giờ phát bằng 5 trường"
                    .to_string()
            }
            CronRefusal::Shorthand(word) => format!(
                "wardcast không biết cách viết tắt {}; dùng @yearly, @monthly, @weekly, @daily \
                 hoặc @hourly, hoặc ghi giờ phát bằng 5 trường",
                shown(word)
            ),
            CronRefusal::Character { field, ch } => format!(
                "trường {} có ký tự {}, ký tự này không dùng được trong dòng lịch",
                field.vi(),
                char_text(*ch)
            ),
            CronRefusal::OutOfRange {
                field,
                value,
                low,
                high,
            } => {
                let name = field.vi();
                format!("trường {name} có giá trị {value}, nhưng {name} chỉ từ {low} đến {high}")
            }
            CronRefusal::NthOutOfRange { field, text } => format!(
                "trường {} ghi “{}”, nhưng một tháng có nhiều nhất 5 ngày cùng thứ; dùng #1 đến \
                 #5, hoặc #L cho lần cuối cùng trong tháng",
                field.vi(),
                shown(text)
            ),
            CronRefusal::StepZero { field, text } => format!(
                "trường {} có bước nhảy 0 (“{}”), lịch sẽ không bao giờ tiến lên; dùng bước từ 1 \
                 trở lên, ví dụ */15",
                field.vi(),
                shown(text)
            ),
            CronRefusal::StepStart { field, text } => format!(
                "trường {} ghi “{}”: trước dấu / phải là * hoặc một khoảng, ví dụ */15 hoặc 0-30/15",
                field.vi(),
                shown(text)
            ),
            CronRefusal::NotHere { field, text } => format!(
                "trường {} không dùng được “{}”: L chỉ dùng ở trường ngày trong tháng hoặc thứ \
                 trong tuần, # chỉ dùng ở trường thứ trong tuần",
                field.vi(),
                shown(text)
            ),
            CronRefusal::Unreadable {
                field,
                text,
                low,
                high,
            } => {
                let forms = match field {
                    CronField::Month => format!("số từ {low} đến {high} hoặc JAN-DEC"),
                    CronField::DayOfWeek => format!(
                        "số từ {low} đến {high} (0 và 7 là Chủ nhật) hoặc SUN-SAT, MON#1, FRI#L"
                    ),
                    CronField::DayOfMonth => format!("số từ {low} đến {high} hoặc L"),
                    _ => format!("số từ {low} đến {high}"),
                };
                format!(
                    "không đọc được trường {} “{}”; trường này nhận {forms}, cùng các dấu * , - và /",
                    field.vi(),
                    shown(text),
                )
            }
            CronRefusal::Line => "các trường không ghép được thành một dòng lịch".to_string(),
        }
    }

    fn en(&self) -> String {
        match self {
            CronRefusal::Empty => "the line is empty".to_string(),
            CronRefusal::FieldCount(count) => format!(
                "it has {count} fields; 5 (minute hour day month weekday) or 6 (seconds first) \
                 are needed"
            ),
            CronRefusal::Reboot => {
                "@reboot means \"when the computer starts\", which is not a time to broadcast; \
                 give the time in 5 fields"
                    .to_string()
            }
            CronRefusal::Shorthand(word) => format!(
                "{} is not a shorthand wardcast knows; use @yearly, @monthly, @weekly, @daily \
                 or @hourly, or give the time in 5 fields",
                shown(word)
            ),
            CronRefusal::Character { field, ch } => format!(
                "the {} field holds the character {}, which a crontab line cannot hold",
                field.en(),
                char_text(*ch)
            ),
            CronRefusal::OutOfRange {
                field,
                value,
                low,
                high,
            } => {
                let name = field.en();
                format!("the {name} field has {value}, but {name} values go from {low} to {high}")
            }
            CronRefusal::NthOutOfRange { field, text } => format!(
                "the {} field asks for “{}”, but a month has at most 5 of each weekday; use #1 \
                 to #5, or #L for the last one",
                field.en(),
                shown(text)
            ),
            CronRefusal::StepZero { field, text } => format!(
                "the {} field has a step of 0 (“{}”), which never moves on; use a step of 1 or \
                 more, e.g. */15",
                field.en(),
                shown(text)
            ),
            CronRefusal::StepStart { field, text } => format!(
                "the {} field has “{}”: a step needs * or a range before the /, e.g. */15 or \
                 0-30/15",
                field.en(),
                shown(text)
            ),
            CronRefusal::NotHere { field, text } => format!(
                "the {} field cannot use “{}”: L goes in the day-of-month or day-of-week field, \
                 # only in the day-of-week field",
                field.en(),
                shown(text)
            ),
            CronRefusal::Unreadable {
                field,
                text,
                low,
                high,
            } => {
                let forms = match field {
                    CronField::Month => format!("numbers {low}-{high} or JAN-DEC"),
                    CronField::DayOfWeek => format!(
                        "numbers {low}-{high} (0 and 7 are Sunday) or SUN-SAT, MON#1, FRI#L"
                    ),
                    CronField::DayOfMonth => format!("numbers {low}-{high} or L"),
                    _ => format!("numbers {low}-{high}"),
                };
                format!(
                    "the {} field “{}” cannot be read; it takes {forms}, with * , - and /",
                    field.en(),
                    shown(text),
                )
            }
            CronRefusal::Line => "the fields cannot be read together as one line".to_string(),
        }
    }
}

/// A character as the officer can see it, even an invisible one.
fn char_text(ch: char) -> String {
    let mut buffer = [0u8; 4];
    format!("“{}”", shown(ch.encode_utf8(&mut buffer)))
}

/// What a crontab line is written as, under a refused one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineHint;

impl Say for LineHint {
    fn vi(&self) -> String {
        "ghi 5 trường (phút giờ ngày-trong-tháng tháng thứ-trong-tuần), hoặc 6 trường với giây \
         đứng đầu"
            .to_string()
    }

    fn en(&self) -> String {
        "5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first".to_string()
    }
}

/// A crontab line in plain words, as `wardcast explain` prints it: croner's describer,
/// in its own English or in [`vietnamese::Vietnamese`].
#[derive(Debug, Clone, Copy)]
pub struct CronWords<'a>(pub &'a croner::Cron);

impl Say for CronWords<'_> {
    fn vi(&self) -> String {
        self.0.describe_lang(vietnamese::Vietnamese)
    }

    fn en(&self) -> String {
        self.0.describe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_refusal_is_said_in_both_languages() {
        super::super::assert_said_in_both::<CronField>();
        super::super::assert_said_in_both::<CronRefusal>();
        assert_ne!(LineHint.vi(), LineHint.en());
    }

    #[test]
    fn an_invisible_character_is_shown_as_an_escape() {
        let refusal = CronRefusal::Character {
            field: CronField::DayOfWeek,
            ch: '\u{1b}',
        };
        assert_eq!(
            refusal.en(),
            "the day-of-week field holds the character “\\u{1b}”, which a crontab line cannot hold"
        );
    }
}
