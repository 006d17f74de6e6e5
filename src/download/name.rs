//! The name a downloaded file is saved under in its programme folder. Pure: the name comes
//! from the file's address (its last path segment) or the item's title, made safe for any
//! disk (no path separators, NUL or control characters, no name Windows refuses), composed
//! (NFC) as the library compares names, short enough for every file system, and ending in
//! the extension of what the file holds.

use crate::library::{AUDIO_EXTENSIONS, REFUSED_AUDIO_EXTENSIONS};
use crate::names::normalized;

/// The longest stem in bytes: a name may have 255, and " (999)" and ".flac" must still fit,
/// with room to spare for file systems that count in UTF-16.
const LONGEST_STEM: usize = 150;

/// The stem when neither the address nor the title gives one.
const FALLBACK: &str = "download";

/// Names Windows keeps for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The stem of the file's name (no number, no extension): the last segment of `url`'s path,
/// percent-decoded, else `title`, else "download".
pub fn stem(url: &str, title: Option<&str>) -> String {
    [file_name_in(url), title.map(str::to_string)]
        .into_iter()
        .flatten()
        .map(|text| clean(&text))
        .find(|stem| !stem.is_empty())
        .unwrap_or_else(|| FALLBACK.to_string())
}

/// The last segment of the address's path, percent-decoded (lossily: a name, not a key).
fn file_name_in(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let segment = parsed.path_segments()?.next_back()?;
    Some(
        percent_encoding::percent_decode_str(segment)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// `text` as a safe stem: only what follows its last `/` or `\`; control characters as
/// spaces, characters Windows refuses as `_`, bidi controls dropped; runs of space as one;
/// no leading dot or `~` (hidden, or an office lock file, to the library); no audio
/// extension (the content gives it); cut to `LONGEST_STEM` bytes; a device name prefixed.
pub fn clean(text: &str) -> String {
    let text = normalized(text);
    let last = text.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut kept = String::with_capacity(last.len());
    for c in last.chars() {
        match c {
            c if c.is_control() => kept.push(' '),
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => kept.push('_'),
            '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => {}
            c => kept.push(c),
        }
    }
    let spaced = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut stem = trimmed(without_audio_extension(&spaced)).to_string();
    if stem.len() > LONGEST_STEM {
        let mut end = LONGEST_STEM;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem = trimmed(&stem[..end]).to_string();
    }
    let device = stem.split('.').next().unwrap_or_default();
    if RESERVED
        .iter()
        .any(|name| name.eq_ignore_ascii_case(device))
    {
        stem.insert(0, '_');
    }
    stem
}

/// Without leading dots, `~` and spaces, and trailing dots and spaces (Windows drops those).
fn trimmed(text: &str) -> &str {
    text.trim_start_matches(['.', '~', ' '])
        .trim_end_matches(['.', ' '])
}

fn without_audio_extension(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, extension))
            if AUDIO_EXTENSIONS.contains(&extension.to_lowercase().as_str())
                || REFUSED_AUDIO_EXTENSIONS.contains(&extension.to_lowercase().as_str()) =>
        {
            stem
        }
        _ => name,
    }
}

/// The `number`th name tried for a file: the same rule as a recording's.
pub use crate::recording::numbered;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::is_candidate_name;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn the_name_comes_from_the_address_then_the_title() {
        assert_eq!(
            stem("http://dai.vn/media/2026-12%20CCHC.mp3?x=1#t", Some("Tin")),
            "2026-12 CCHC"
        );
        assert_eq!(
            stem("http://dai.vn/podcast/", Some("Chuyên mục: CCHC")),
            "Chuyên mục_ CCHC"
        );
        assert_eq!(stem("http://dai.vn/", None), "download");
        assert_eq!(stem("http://dai.vn/.mp3", Some("  ")), "download");
    }

    #[test]
    fn hostile_names_stay_one_plain_name() {
        assert_eq!(stem("http://h/a/..%2F..%2Fx.mp3", None), "x");
        assert_eq!(stem("http://h/a/..%5C..%5Cx.mp3", None), "x");
        assert_eq!(stem("http://h/a%00b.mp3", None), "a b");
        assert_eq!(clean("..\u{1b}[31mred\n.mp3"), "[31mred");
        assert_eq!(clean("\u{202e}3pm.exe"), "3pm.exe");
        assert_eq!(clean("con.mp3"), "_con");
        assert_eq!(clean("~$lock"), "$lock");
        assert_eq!(clean("..."), "");
        let long = format!("{}.mp3", "ấ".repeat(400));
        let cut = clean(&long);
        assert!(
            cut.len() <= LONGEST_STEM && cut.chars().all(|c| c == 'ấ'),
            "{cut}"
        );
        for stem in [cut, clean("..\u{0}.."), clean("a/b\\c")] {
            let name = numbered(&stem, 999, "flac");
            assert!(name.len() < 255);
            assert!(!name.contains(['/', '\\', '\0']));
        }
    }

    #[test]
    fn names_are_composed_and_taken_by_the_library() {
        let decomposed: String = "Bản tin.MP3".nfd().collect();
        let stem = clean(&decomposed);
        assert_eq!(stem, "Bản tin");
        assert_eq!(numbered(&stem, 1, "mp3"), "Bản tin.mp3");
        assert_eq!(numbered(&stem, 2, "m4a"), "Bản tin (2).m4a");
        assert!(is_candidate_name(&numbered(&stem, 3, "aac")));
        // An extension that is not audio stays part of the name.
        assert_eq!(clean("episode.php"), "episode.php");
    }
}
