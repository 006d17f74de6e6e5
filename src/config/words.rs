//! The officer's language for configuration messages: which one the file asks for, and
//! the TOML reader's English put in wardcast's words.

use crate::messages::shown;
use crate::messages::Lang;

/// The language a configuration file asks for in `[station] lang`, read even when the rest
/// of the file has errors, so the error about them is in that language.
pub(super) fn file_lang(text: &str) -> Lang {
    #[derive(serde::Deserialize)]
    struct File {
        station: Option<Station>,
    }
    #[derive(serde::Deserialize)]
    struct Station {
        lang: Option<String>,
    }
    let asked = match toml::from_str::<File>(text) {
        Ok(file) => file.station.and_then(|station| station.lang),
        // A file with a syntax error: the line that sets it, if any.
        Err(_) => text.lines().find_map(|line| {
            let (key, value) = line.split_once('=')?;
            (key.trim() == "lang").then(|| {
                value
                    .split('#')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .trim_matches('"')
                    .to_string()
            })
        }),
    };
    match asked.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    }
}

/// The TOML reader's `message` as (what is wrong, what to do) in `lang`.
pub(super) fn toml_words(message: &str, lang: Lang) -> (String, String) {
    let message = message.trim();
    let quoted = |after: &str| -> Option<String> {
        let rest = message.strip_prefix(after)?;
        Some(shown(rest.split('`').next().unwrap_or_default()).into_owned())
    };
    let expected = message
        .split_once("expected ")
        .map(|(_, list)| shown(list.trim().trim_start_matches("one of ")).into_owned())
        .unwrap_or_default();
    let shown_message = shown(message).into_owned();
    if let Some(field) = quoted("unknown field `") {
        return match lang {
            Lang::En => (
                shown_message,
                "this key is not one wardcast knows: check its spelling against the README's \
                 configuration reference, or remove it"
                    .to_string(),
            ),
            Lang::Vi => (
                format!("wardcast không biết khóa `{field}`"),
                "kiểm tra chính tả theo phần tham chiếu cấu hình trong README, hoặc xóa dòng này"
                    .to_string(),
            ),
        };
    }
    if let Some(field) = quoted("missing field `") {
        return match lang {
            Lang::En => (
                shown_message,
                format!(
                    "add `{field} = …` to this table (see the README's configuration reference)"
                ),
            ),
            Lang::Vi => (
                format!("bảng này thiếu khóa `{field}`"),
                format!(
                    "thêm `{field} = …` vào bảng này (xem phần tham chiếu cấu hình trong README)"
                ),
            ),
        };
    }
    if let Some(value) = quoted("unknown variant `") {
        return match lang {
            Lang::En => (
                shown_message,
                "use one of the values listed in the message".to_string(),
            ),
            Lang::Vi => (
                format!("giá trị `{value}` không dùng được ở đây"),
                format!("dùng một trong các giá trị: {expected}"),
            ),
        };
    }
    // The reader holds a number too large for any setting as a 128-bit one.
    if message.starts_with("invalid type: integer") && message.contains("i128") {
        return match lang {
            Lang::En => (
                "this number is far too large".to_string(),
                "write a number inside the range the README's configuration reference gives"
                    .to_string(),
            ),
            Lang::Vi => (
                "số này quá lớn".to_string(),
                "ghi một số trong khoảng cho phép ghi ở phần tham chiếu cấu hình của README"
                    .to_string(),
            ),
        };
    }
    if message.starts_with("invalid type") {
        return match lang {
            Lang::En => (
                shown_message,
                "write the value in the form the README's configuration reference shows \
                 (text in double quotes, whole numbers without quotes, lists in [ ])"
                    .to_string(),
            ),
            Lang::Vi => (
                format!("giá trị này sai dạng: cần {}", expected_words(&expected)),
                "ghi giá trị theo dạng trong phần tham chiếu cấu hình của README (chữ trong \
                 ngoặc kép, số nguyên không có ngoặc kép, danh sách trong [ ])"
                    .to_string(),
            ),
        };
    }
    if message.starts_with("duplicate key") {
        return match lang {
            Lang::En => (
                "this key is written twice".to_string(),
                "keep one of the two lines and remove the other".to_string(),
            ),
            Lang::Vi => (
                "khóa này được ghi hai lần".to_string(),
                "giữ một trong hai dòng, xóa dòng kia".to_string(),
            ),
        };
    }
    match lang {
        Lang::En => (
            shown_message,
            "fix the TOML syntax at this place (text in double quotes, one key = value a line)"
                .to_string(),
        ),
        Lang::Vi => (
            "cú pháp của file cấu hình sai ở chỗ này".to_string(),
            "sửa cú pháp ở chỗ này: chữ đặt trong ngoặc kép, mỗi dòng một khóa = giá trị, tên \
             bảng trong [ ]"
                .to_string(),
        ),
    }
}

/// serde's name for the kind of value expected, in Vietnamese.
fn expected_words(expected: &str) -> &'static str {
    if expected.contains("string") {
        "chữ trong ngoặc kép"
    } else if expected.contains("sequence") {
        "một danh sách trong [ ]"
    } else if expected.contains("i64") || expected.contains("integer") {
        "một số nguyên, không có ngoặc kép"
    } else if expected.contains("bool") {
        "true hoặc false"
    } else {
        "một bảng, như trong phần tham chiếu cấu hình của README"
    }
}
