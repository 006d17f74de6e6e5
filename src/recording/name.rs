//! The name a recording is saved under: the `[[recording]]` template with its date and
//! start filled in, made safe as a file name, and numbered when the name is taken. Pure.

use chrono::NaiveDateTime;

use crate::names::normalized;

/// The longest stem kept, in bytes: room is left in a file name's 255 bytes for a number
/// (" (12)") and the extension, and for the temporary name's own ending.
const LONGEST_STEM: usize = 200;

/// The file name (without extension) for a recording that started `at` (the station's
/// local time): `{date}` becomes `YYYY-MM-DD`, `{time}` becomes `HHhMM`, and the result is
/// made safe (see [`safe_stem`]). A template that leaves nothing usable gives the date and
/// time alone.
pub fn file_stem(template: &str, at: NaiveDateTime) -> String {
    let date = at.format("%Y-%m-%d").to_string();
    let time = at.format("%Hh%M").to_string();
    let filled = template.replace("{date}", &date).replace("{time}", &time);
    let stem = safe_stem(&filled);
    if stem.is_empty() {
        format!("{date} {time}")
    } else {
        stem
    }
}

/// `text` as a file name any disk takes and the library considers: composed (NFC); no
/// path separators, NUL or control characters, nor the characters FAT and NTFS disks refuse
/// (a programme folder may be on a USB stick); runs of spaces made one; no leading dot
/// (a hidden file is never aired) or `~$` (an office lock file), no trailing dot or space;
/// at most 200 bytes.
pub fn safe_stem(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in normalized(text).chars() {
        let c = match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() || c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && (cleaned.is_empty() || cleaned.ends_with(' ')) {
            continue;
        }
        cleaned.push(c);
    }
    let mut stem = unhidden(&cleaned).to_string();
    if stem.len() > LONGEST_STEM {
        let mut end = LONGEST_STEM;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem.truncate(end);
    }
    stem.trim_end_matches(['.', ' ']).to_string()
}

/// `name` without the dots, spaces and `~$` that would hide it.
fn unhidden(mut name: &str) -> &str {
    loop {
        let trimmed = name.trim_start_matches(['.', ' ']);
        match trimmed.strip_prefix("~$") {
            Some(rest) => name = rest,
            None => return trimmed,
        }
    }
}

/// The `number`th name tried for a stem: `stem.ext`, then `stem (2).ext`, `stem (3).ext`…
pub fn numbered(stem: &str, number: u32, extension: &str) -> String {
    if number <= 1 {
        format!("{stem}.{extension}")
    } else {
        format!("{stem} ({number}).{extension}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::is_candidate_name;

    fn friday_evening() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 6)
            .and_then(|day| day.and_hms_opt(19, 5, 0))
            .expect("a time")
    }

    #[test]
    fn the_template_carries_the_date_and_the_start() {
        assert_eq!(
            file_stem("{date} Chuyên mục CCHC Đài tỉnh", friday_evening()),
            "2026-03-06 Chuyên mục CCHC Đài tỉnh"
        );
        assert_eq!(
            file_stem("CCHC {date} {time}", friday_evening()),
            "CCHC 2026-03-06 19h05"
        );
        assert_eq!(file_stem("no date", friday_evening()), "no date");
    }

    #[test]
    fn a_name_is_made_safe_for_any_disk() {
        let stem = file_stem(
            "../PCI/PAPI: {date}\\\u{0}\t\n  tin *mới*?",
            friday_evening(),
        );
        assert_eq!(stem, "-PCI-PAPI- 2026-03-06- tin -mới--");
        assert!(!stem.contains(['/', '\\', '\0']));
        assert!(!stem.chars().any(char::is_control));
    }

    #[test]
    fn a_name_is_composed_whatever_the_template_s_form() {
        let decomposed = "Chuye\u{302}n mu\u{323}c {date}";
        let stem = file_stem(decomposed, friday_evening());
        assert_eq!(stem, "Chuyên mục 2026-03-06");
        assert_eq!(stem, normalized(&stem));
    }

    #[test]
    fn a_name_never_hides_itself_from_the_library() {
        for template in [".{date}", "~$tin", " . tin. ", "...", "", "\u{7}"] {
            let stem = file_stem(template, friday_evening());
            assert!(!stem.is_empty(), "{template:?}");
            let name = numbered(&stem, 1, "flac");
            assert!(is_candidate_name(&name), "{template:?} gave {name:?}");
        }
        assert_eq!(file_stem("...", friday_evening()), "2026-03-06 19h05");
        assert_eq!(file_stem(" . tin. ", friday_evening()), "tin");
    }

    #[test]
    fn a_long_name_is_cut_on_a_letter() {
        let stem = safe_stem(&"ệ".repeat(150));
        assert!(stem.len() <= LONGEST_STEM);
        assert!(stem.chars().all(|c| c == 'ệ'));
        assert!(numbered(&stem, 999, "flac").len() < 255);
    }

    #[test]
    fn names_are_numbered_from_the_second() {
        assert_eq!(numbered("tin", 1, "mp3"), "tin.mp3");
        assert_eq!(numbered("tin", 2, "mp3"), "tin (2).mp3");
        assert_eq!(numbered("tin", 10, "aac"), "tin (10).aac");
    }
}
