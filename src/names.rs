//! Names as wardcast compares them: file and folder names, programme ids.

use unicode_normalization::UnicodeNormalization;

/// A name in composed form (NFC), as names are compared: macOS writes names decomposed.
pub fn normalized(name: &str) -> String {
    name.nfc().collect()
}
