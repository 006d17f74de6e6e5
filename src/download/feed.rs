//! A podcast feed (RSS or Atom, read by `feed-rs`, which knows both and their dialects) as
//! the items that carry a sound file, newest first. Pure: given the feed's bytes.

use std::io::Read;
use std::path::Path;

use feed_rs::model::Entry;

use super::Item;
use crate::library::AUDIO_EXTENSIONS;

/// The largest feed read into memory: a podcast feed of years of items is a few MB.
const LONGEST_FEED: u64 = 32 * 1024 * 1024;

/// What a feed offers.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// Its items with a sound file, newest first, each key once.
    pub items: Vec<Item>,
    /// How many items it has in all, with a sound file or not.
    pub entries: usize,
}

/// The feed in the file at `path`, fetched from `address`; None when the file is not one.
pub fn read(path: &Path, address: &str) -> Option<Feed> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut head = [0u8; 512];
    let length = file.read(&mut head).ok()?;
    if !might_be_feed(&head[..length]) || file.metadata().ok()?.len() > LONGEST_FEED {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    parse(&bytes, address)
}

/// Whether the bytes start as an XML or JSON document does (after a byte-order mark and
/// blank space): only then is the rest worth reading as a feed.
pub fn might_be_feed(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| DOCUMENT_STARTS.contains(byte))
}

/// The first character of an XML document (a less-than sign) and of a JSON one (an opening
/// brace).
const DOCUMENT_STARTS: [u8; 2] = [b'<', 0x7B];

/// The feed in `bytes`, fetched from `address` (against which relative addresses in it are
/// read); None when the bytes are not a feed.
pub fn parse(bytes: &[u8], address: &str) -> Option<Feed> {
    let parsed = feed_rs::parser::Builder::new()
        .base_uri(Some(address))
        // An item without an id is known by its file's address, not by an id made up on
        // each reading.
        .id_generator(|_, _, _| String::new())
        .build()
        .parse(bytes)
        .ok()?;
    let base = url::Url::parse(address).ok();
    let mut items: Vec<Item> = Vec::new();
    for entry in &parsed.entries {
        if let Some(item) = item_of(entry, base.as_ref()) {
            if !items.iter().any(|known| known.key == item.key) {
                items.push(item);
            }
        }
    }
    // Newest first; undated items after dated ones, in the feed's order.
    items.sort_by_key(|item| std::cmp::Reverse(item.published));
    Some(Feed {
        items,
        entries: parsed.entries.len(),
    })
}

fn item_of(entry: &Entry, base: Option<&url::Url>) -> Option<Item> {
    let (url, _) = enclosures(entry, base)
        .into_iter()
        .find(|(url, kind)| is_audio(url, kind.as_deref()))?;
    let id = entry.id.trim();
    Some(Item {
        key: if id.is_empty() {
            url.clone()
        } else {
            id.to_string()
        },
        url,
        title: entry
            .title
            .as_ref()
            .map(|title| title.content.trim().to_string())
            .filter(|title| !title.is_empty()),
        published: entry.published.or(entry.updated),
    })
}

/// The files an entry carries, with the type it states for each: RSS enclosures and media
/// contents, Atom `enclosure` links.
fn enclosures(entry: &Entry, base: Option<&url::Url>) -> Vec<(String, Option<String>)> {
    let media = entry.media.iter().flat_map(|media| &media.content);
    let mut found: Vec<(String, Option<String>)> = media
        .filter_map(|content| {
            let url = content.url.as_ref()?.to_string();
            Some((
                url,
                content.content_type.as_ref().map(|kind| kind.to_string()),
            ))
        })
        .collect();
    let links = entry
        .links
        .iter()
        .filter(|link| link.rel.as_deref() == Some("enclosure"));
    for link in links {
        let url = match base {
            Some(base) => base.join(&link.href).map(String::from).ok(),
            None => url::Url::parse(&link.href).map(String::from).ok(),
        };
        if let Some(url) = url {
            found.push((url, link.media_type.clone()));
        }
    }
    found
}

/// A file is sound when its type says `audio/…`; a file of no type, or of a type that says
/// nothing (`application/octet-stream`), is judged by the ending of its name.
fn is_audio(url: &str, kind: Option<&str>) -> bool {
    let kind = kind.map(|kind| kind.trim().to_ascii_lowercase());
    match kind.as_deref() {
        Some(kind) if kind.starts_with("audio/") => true,
        Some(kind)
            if ["video/", "image/", "text/"]
                .iter()
                .any(|prefix| kind.starts_with(prefix)) =>
        {
            false
        }
        _ => url::Url::parse(url)
            .ok()
            .and_then(|url| {
                let segment = url.path_segments()?.next_back()?.to_string();
                let (_, extension) = segment.rsplit_once('.')?;
                Some(AUDIO_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()))
            })
            .unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Đài tỉnh</title>
<item><title>Số 1</title><guid>cchc-1</guid><pubDate>Fri, 04 Dec 2026 19:00:00 +0700</pubDate>
  <enclosure url="http://dai.vn/1.mp3" type="audio/mpeg" length="100"/></item>
<item><title>Số 3</title><guid>cchc-3</guid><pubDate>Fri, 18 Dec 2026 19:00:00 +0700</pubDate>
  <enclosure url="files/3.m4a" length="100"/></item>
<item><title>Ảnh</title><guid>photo</guid>
  <enclosure url="http://dai.vn/a.jpg" type="image/jpeg"/></item>
<item><title>Số 2</title><pubDate>Fri, 11 Dec 2026 19:00:00 +0700</pubDate>
  <enclosure url="http://dai.vn/2.bin" type="audio/mp4"/></item>
<item><title>Số 1 lần nữa</title><guid>cchc-1</guid>
  <enclosure url="http://dai.vn/1b.mp3" type="audio/mpeg"/></item>
</channel></rss>"#;

    #[test]
    fn a_feed_gives_its_sound_items_newest_first() {
        let feed = parse(RSS.as_bytes(), "http://dai.vn/feed.xml").expect("a feed");
        assert_eq!(feed.entries, 5);
        let keys: Vec<_> = feed.items.iter().map(|item| item.key.as_str()).collect();
        // No guid: the file's address is the key. The photo is not sound.
        assert_eq!(keys, ["cchc-3", "http://dai.vn/2.bin", "cchc-1"]);
        assert_eq!(feed.items[0].url, "http://dai.vn/files/3.m4a");
        assert_eq!(feed.items[0].title.as_deref(), Some("Số 3"));
        assert_eq!(feed.items[2].url, "http://dai.vn/1.mp3");
        // Read again, the keys are the same.
        let again = parse(RSS.as_bytes(), "http://dai.vn/feed.xml").expect("a feed");
        assert_eq!(again, feed);
    }

    #[test]
    fn an_atom_feed_gives_its_enclosure_links() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>t</title><id>urn:feed</id><updated>2026-12-01T00:00:00Z</updated>
<entry><title>A</title><id>urn:a</id><updated>2026-12-01T00:00:00Z</updated>
<link rel="enclosure" href="/a.ogg"/><link href="http://dai.vn/a.html"/></entry>
<entry><title>B</title><id>urn:b</id><updated>2026-12-02T00:00:00Z</updated>
<link rel="alternate" href="http://dai.vn/b.mp3"/></entry></feed>"#;
        let feed = parse(atom.as_bytes(), "http://dai.vn/atom").expect("atom");
        assert_eq!(feed.entries, 2);
        assert_eq!(
            feed.items.len(),
            1,
            "only enclosures count: {:?}",
            feed.items
        );
        assert_eq!(feed.items[0].key, "urn:a");
        assert_eq!(feed.items[0].url, "http://dai.vn/a.ogg");
    }

    #[test]
    fn pages_and_sound_are_not_feeds() {
        assert!(parse(b"<!DOCTYPE html><html><body>404</body></html>", "http://h/").is_none());
        assert!(parse(b"ID3\x04\x00\x00\x00", "http://h/").is_none());
        assert!(might_be_feed(b"\xEF\xBB\xBF\n  <?xml"));
        assert!(might_be_feed(b" {\"version\": 1}"));
        assert!(!might_be_feed(b"ID3\x04"));
        assert!(!might_be_feed(b""));
    }

    #[test]
    fn sound_is_told_by_type_then_by_name() {
        assert!(is_audio("http://h/x", Some("audio/mpeg")));
        assert!(is_audio("http://h/x.MP3", None));
        assert!(is_audio(
            "http://h/x.mp3?token=1",
            Some("application/octet-stream")
        ));
        assert!(!is_audio("http://h/x.mp4", Some("video/mp4")));
        assert!(!is_audio("http://h/x.html", None));
        assert!(!is_audio("http://h/", None));
    }
}
