//! Text from the outside world (file names, reasons, paths) made safe to print on a line.

use std::borrow::Cow;

/// `text` safe to print on one line: control characters (newline, tab, escape sequences),
/// Unicode bidi controls and line separators are written as escapes (`\n`, `\t`,
/// `\u{1b}`, `\u{202e}`), so a file name or a reason cannot start a line of its own, recolour
/// the terminal, or show its letters in another order than they are stored in.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if needs_escape(c) => escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => escaped.push(c),
        }
    }
    Cow::Owned(escaped)
}

/// A path safe to print on one line, as [`shown`] makes text.
pub fn shown_path(path: &std::path::Path) -> String {
    shown(&path.display().to_string()).into_owned()
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}
