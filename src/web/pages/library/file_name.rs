//! The name an uploaded file is given in its programme's folder, from the name the browser
//! sent: only its last part, composed (NFC), refused when it could not be a plain audio
//! file of the folder. Pure: the folder is never looked at here.

use std::path::Path;

use crate::library::{is_candidate_name, AUDIO_EXTENSIONS};
use crate::messages::web::library::FileRefusal;
use crate::names::normalized;

/// The longest file name most file systems take, in bytes.
pub const MOST_NAME_BYTES: usize = 255;

/// The audio endings an upload may have, as the officer reads them.
pub fn taken_endings() -> String {
    AUDIO_EXTENSIONS.join(", ")
}

/// A name fit for a programme folder: one plain component, with an audio ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadName {
    /// The name before its ending.
    pub stem: String,
    /// The ending, without the dot, as sent.
    pub extension: String,
}

#[cfg(test)]
impl UploadName {
    pub fn whole(&self) -> String {
        format!("{}.{}", self.stem, self.extension)
    }
}

/// The name to give a file the browser named `sent`. Old browsers send the whole path
/// (`C:\Users\…\tin.mp3`): only what follows the last separator is kept, so no name can
/// reach outside the folder.
pub fn upload_name(sent: &str) -> Result<UploadName, FileRefusal> {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or(sent);
    let name = normalized(last);
    if name.is_empty() {
        return Err(FileRefusal::EmptyName);
    }
    if name.chars().any(char::is_control) {
        return Err(FileRefusal::ControlCharacter);
    }
    if name == "." || name == ".." || name.contains(['/', '\\']) {
        return Err(FileRefusal::DotName);
    }
    if name.len() > MOST_NAME_BYTES {
        return Err(FileRefusal::TooLong { bytes: name.len() });
    }
    let path = Path::new(&name);
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem.is_empty() || !AUDIO_EXTENSIONS.contains(&extension.to_lowercase().as_str()) {
        return Err(FileRefusal::NotAudio {
            name: name.clone(),
            taken: taken_endings(),
        });
    }
    if !is_candidate_name(&name) {
        // Audio by its ending, yet a name the library passes over (hidden, a lock file).
        return Err(FileRefusal::Hidden);
    }
    Ok(UploadName {
        stem: stem.to_string(),
        extension: extension.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(sent: &str) -> String {
        upload_name(sent).expect(sent).whole()
    }

    #[test]
    fn only_the_last_part_of_a_sent_name_is_kept() {
        assert_eq!(name("tin.mp3"), "tin.mp3");
        assert_eq!(name("../../x.mp3"), "x.mp3");
        assert_eq!(name("..\\..\\x.mp3"), "x.mp3");
        assert_eq!(name("/etc/x.mp3"), "x.mp3");
        assert_eq!(
            name("C:\\Users\\Cán bộ\\2026-12 CCHC.WAV"),
            "2026-12 CCHC.WAV"
        );
    }

    #[test]
    fn names_are_composed() {
        let decomposed = "Chuye\u{302}n mu\u{323}c.mp3";
        assert_eq!(name(decomposed), "Chuyên mục.mp3");
    }

    #[test]
    fn names_that_cannot_be_plain_audio_files_are_refused() {
        assert_eq!(upload_name(""), Err(FileRefusal::EmptyName));
        assert_eq!(upload_name("dir/"), Err(FileRefusal::EmptyName));
        assert_eq!(upload_name("x\0.mp3"), Err(FileRefusal::ControlCharacter));
        assert_eq!(upload_name("a\nb.mp3"), Err(FileRefusal::ControlCharacter));
        assert_eq!(upload_name(".."), Err(FileRefusal::DotName));
        assert_eq!(upload_name("a/.."), Err(FileRefusal::DotName));
        assert_eq!(upload_name("."), Err(FileRefusal::DotName));
        let long = format!("{}.mp3", "ệ".repeat(100));
        assert_eq!(
            upload_name(&long),
            Err(FileRefusal::TooLong { bytes: long.len() })
        );
        assert_eq!(upload_name(".hidden.mp3"), Err(FileRefusal::Hidden));
        assert_eq!(upload_name("~$lock.mp3"), Err(FileRefusal::Hidden));
        for refused in ["notes.txt", "tin.wma", "tin", ".mp3", "tin.mp3.part"] {
            assert!(
                matches!(upload_name(refused), Err(FileRefusal::NotAudio { .. })),
                "{refused}"
            );
        }
    }

    #[test]
    fn a_refused_ending_names_the_endings_taken() {
        let Err(FileRefusal::NotAudio { taken, .. }) = upload_name("x.txt") else {
            panic!("not refused");
        };
        assert!(taken.contains("mp3") && taken.contains("wav"), "{taken}");
    }
}
