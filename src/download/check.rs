//! What a downloaded file is, read the way the library reads a file dropped into a folder
//! (its sniffing and its probe, the same code): sound the library plays, with the name
//! ending its content calls for, or why not: a web page, a feed, or the library's own
//! reason. What a server says the file is (its content type, its name) is not believed.

use std::io::Read;
use std::path::Path;

use super::feed;
use crate::library::{self, Probe, Rejection};
use crate::messages::download::DownloadProblem;
use crate::messages::library::{FileProblem, Reason};

/// How much of a file's start is read to tell a web page.
const HEAD: u64 = 1024;

/// Sound the library plays.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub probe: Probe,
    /// The name ending for what it holds (`mp3`, `m4a`…).
    pub extension: &'static str,
}

/// Checks the file at `path`, fetched from `address`.
pub fn check(path: &Path, address: &str) -> Result<Checked, DownloadProblem> {
    match library::probe(path) {
        Ok(probe) => match library::extension_of(path, &probe) {
            Some(extension) => Ok(Checked { probe, extension }),
            None => Err(DownloadProblem::Unplayable(FileProblem::NotAudio {
                looks_like: None,
            })),
        },
        Err(Rejection::NotAudio { looks_like }) => Err(not_sound(path, address, looks_like)),
        Err(rejection) => Err(DownloadProblem::Unplayable(match rejection.words() {
            Reason::File(problem) => problem,
            // The probe judges the file, never a programme's rules.
            Reason::Rule(_) => FileProblem::Damaged,
        })),
    }
}

/// What a file that is not sound is, when it is something a server sends by mistake.
fn not_sound(path: &Path, address: &str, looks_like: Option<String>) -> DownloadProblem {
    if feed::read(path, address).is_some() {
        return DownloadProblem::Feed;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| file.take(HEAD).read_to_end(&mut head));
    if read.is_ok() && is_web_page(&head) {
        return DownloadProblem::WebPage;
    }
    DownloadProblem::Unplayable(FileProblem::NotAudio { looks_like })
}

/// Whether a file's first bytes are an HTML page's.
pub fn is_web_page(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<!doctype html")
        || ["<html", "<head", "<body"]
            .iter()
            .any(|tag| text.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_pages_are_told_by_their_markup() {
        assert!(is_web_page(
            b"\xEF\xBB\xBF\n<!DOCTYPE html><title>404</title>"
        ));
        assert!(is_web_page(
            b"<?xml version=\"1.0\"?>\n<HTML><BODY>Error</BODY>"
        ));
        assert!(is_web_page(b"<head><meta http-equiv=refresh></head>"));
        assert!(!is_web_page(
            b"<?xml version=\"1.0\"?><rss version=\"2.0\">"
        ));
        assert!(!is_web_page(b"ID3\x04\x00\x00"));
        assert!(!is_web_page(b"Not Found"));
    }

    #[test]
    fn a_page_a_feed_and_text_are_each_refused_for_what_they_are() {
        let folder = tempfile::tempdir().expect("temp dir");
        let refused = |name: &str, bytes: &[u8]| {
            let path = folder.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            check(&path, "http://dai.vn/x").expect_err("refused")
        };
        assert_eq!(
            refused(
                "a.mp3",
                b"<!DOCTYPE html><html><body>Not found</body></html>"
            ),
            DownloadProblem::WebPage
        );
        assert_eq!(
            refused(
                "b.mp3",
                b"<rss version=\"2.0\"><channel><title>t</title></channel></rss>"
            ),
            DownloadProblem::Feed
        );
        assert_eq!(
            refused("c.mp3", b"Not Found"),
            DownloadProblem::Unplayable(FileProblem::NotAudio {
                looks_like: Some("text file".into())
            })
        );
        assert_eq!(
            refused("d.mp3", b"\x89PNG\r\n\x1a\n0000"),
            DownloadProblem::Unplayable(FileProblem::NotAudio {
                looks_like: Some("PNG image".into())
            })
        );
        assert_eq!(
            refused("e.mp3", b""),
            DownloadProblem::Unplayable(FileProblem::Empty)
        );
    }
}
