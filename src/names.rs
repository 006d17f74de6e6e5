//! Names as wardcast compares them: file and folder names, programme ids.

use unicode_normalization::UnicodeNormalization;

/// A name in composed form (NFC), as names are compared: macOS writes names decomposed.
pub fn normalized(name: &str) -> String {
    name.nfc().collect()
}

/// The last part of a path as stored in the log or the library: what the officer calls the
/// file.
pub fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or(path)
}
