//! The officer's language for configuration messages: which one the file asks for, and
//! what the TOML reader's English refusal is about.

use crate::messages::config::{Expected, TomlProblem};
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
    asked
        .and_then(|name| <Lang as clap::ValueEnum>::from_str(&name, false).ok())
        .unwrap_or_default()
}

/// What the TOML reader's English `message` says is wrong.
pub(super) fn toml_problem(message: &str) -> TomlProblem {
    let said = message.trim().to_string();
    let quoted = |after: &str| -> Option<String> {
        let rest = said.strip_prefix(after)?;
        Some(rest.split('`').next().unwrap_or_default().to_string())
    };
    let expected = said
        .split_once("expected ")
        .map(|(_, list)| list.trim().trim_start_matches("one of ").to_string())
        .unwrap_or_default();
    if let Some(key) = quoted("unknown field `") {
        return TomlProblem::UnknownKey { key, said };
    }
    if let Some(key) = quoted("missing field `") {
        return TomlProblem::MissingKey { key, said };
    }
    if let Some(value) = quoted("unknown variant `") {
        return TomlProblem::UnknownValue {
            value,
            expected,
            said,
        };
    }
    // The reader holds a number too large for any setting as a 128-bit one.
    if said.starts_with("invalid type: integer") && said.contains("i128") {
        return TomlProblem::NumberTooLarge;
    }
    if said.starts_with("invalid type") {
        return TomlProblem::WrongType {
            expected: expected_kind(&expected),
            said,
        };
    }
    if said.starts_with("duplicate key") {
        return TomlProblem::DuplicateKey;
    }
    TomlProblem::Syntax { said }
}

/// The kind of value serde's `expected` names.
fn expected_kind(expected: &str) -> Expected {
    if expected.contains("string") {
        Expected::Text
    } else if expected.contains("sequence") {
        Expected::List
    } else if expected.contains("i64") || expected.contains("integer") {
        Expected::WholeNumber
    } else if expected.contains("bool") {
        Expected::TrueOrFalse
    } else {
        Expected::Table
    }
}
