//! What a source sends, told from its answer and not from its name: the first bytes (an HLS
//! playlist, MP3 or ADTS frames that follow one another, a web page, an Ogg stream) and,
//! when they say nothing, the Content-Type. Pure: it is given the bytes.

use crate::messages::receive::ReceiveProblem;

/// What the first bytes of an answer are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// An HLS playlist (`#EXTM3U`).
    Playlist,
    /// MPEG audio layer III frames, the first at this offset (after any ID3 tag).
    Mp3 { offset: usize },
    /// AAC in ADTS frames, the first at this offset.
    Aac { offset: usize },
}

/// How many bytes are enough to tell, and the most read before deciding anyway.
pub const ENOUGH: usize = 4096;
pub const MOST: usize = 64 * 1024;

/// Frames are believed once this many follow one another.
const FRAMES_IN_A_ROW: usize = 3;

/// What `head` (the first bytes of the answer; `complete` when there are no more) is, or
/// why it is not something wardcast can play. `None`: more bytes are needed to tell.
pub fn sniff(
    content_type: Option<&str>,
    head: &[u8],
    complete: bool,
) -> Option<Result<Sniffed, ReceiveProblem>> {
    let media_type = content_type.map(media_type).unwrap_or_default();
    let text = trim_start(head);
    if text.starts_with(b"#EXTM3U") {
        return Some(Ok(Sniffed::Playlist));
    }
    if is_web_page(text) || (media_type == "text/html" && text.starts_with(b"<")) {
        return Some(Err(ReceiveProblem::WebPage));
    }
    if let Some(codec) = other_container(head) {
        return Some(Err(ReceiveProblem::UnsupportedCodec {
            codec: codec.to_string(),
        }));
    }
    let start = id3_len(head);
    if start.is_none_or(|start| start > head.len()) {
        // Inside a leading ID3 tag (or not yet sure there is one).
        return (complete || head.len() >= MOST).then(|| Err(not_audio(&media_type)));
    }
    let start = start.unwrap_or_default();
    match find_frames(&head[start..], complete || head.len() >= MOST) {
        Found::Frames(offset, frame) => Some(accept(frame, start + offset)),
        Found::NotYet if !complete && head.len() < MOST => None,
        _ if media_type == "text/html" => Some(Err(ReceiveProblem::WebPage)),
        _ => Some(Err(not_audio(&media_type))),
    }
}

/// What to say of an answer that is no sound wardcast knows.
fn not_audio(media_type: &str) -> ReceiveProblem {
    if media_type.starts_with("audio/") {
        ReceiveProblem::UnsupportedCodec {
            codec: media_type.to_string(),
        }
    } else {
        ReceiveProblem::NotAudio {
            content_type: media_type.to_string(),
        }
    }
}

/// Frames wardcast can decode, or why not.
fn accept(frame: Frame, offset: usize) -> Result<Sniffed, ReceiveProblem> {
    let unsupported = |codec: &str| ReceiveProblem::UnsupportedCodec {
        codec: codec.to_string(),
    };
    match frame {
        Frame::Mpeg { layer: 3, .. } => Ok(Sniffed::Mp3 { offset }),
        Frame::Mpeg { layer, .. } => Err(unsupported(&format!("MPEG layer {layer} (MP{layer})"))),
        // symphonia's ADTS reader syncs on the MPEG-4, no-CRC header only (0xFFF1) and its
        // decoder is AAC-LC; HE-AAC is signalled as LC in ADTS and decodes its LC core.
        Frame::Adts { profile, plain, .. } if profile == 1 && plain => Ok(Sniffed::Aac { offset }),
        Frame::Adts { profile, .. } if profile != 1 => Err(unsupported("AAC Main/SSR/LTP")),
        Frame::Adts { .. } => Err(unsupported("AAC (ADTS MPEG-2 / CRC)")),
    }
}

/// The media type of a Content-Type value, lower case, without its parameters.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// An HTML document (an error page, a login or a player page).
fn is_web_page(text: &[u8]) -> bool {
    let head: Vec<u8> = text.iter().take(512).map(u8::to_ascii_lowercase).collect();
    head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || (head.starts_with(b"<") && contains(&head, b"<html"))
        || (head.starts_with(b"<") && contains(&head, b"<body"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Containers of sound wardcast does not decode from a stream.
fn other_container(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"OggS") {
        Some("Ogg (Vorbis/Opus)")
    } else if head.starts_with(b"fLaC") {
        Some("FLAC")
    } else if head.get(4..8) == Some(b"ftyp") {
        Some("MP4")
    } else {
        None
    }
}

/// The length of the ID3v2 tags at the start of `bytes` (0 when there is none); `None` when
/// too few bytes are there to read a tag's header.
pub fn id3_len(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = &bytes[at.min(bytes.len())..];
        if !b"ID3".starts_with(&rest[..rest.len().min(3)]) || rest.is_empty() {
            return Some(at);
        }
        let header = rest.get(..10)?;
        let size = header[6..10]
            .iter()
            .fold(0usize, |size, byte| (size << 7) | usize::from(byte & 0x7F));
        let footer = if header[5] & 0x10 != 0 { 10 } else { 0 };
        at += 10 + size + footer;
    }
}

/// `bytes` without the ID3v2 tags at its start (a packed-audio HLS segment starts with one
/// carrying its timestamp).
pub fn strip_id3(bytes: &[u8]) -> &[u8] {
    let skip = id3_len(bytes).unwrap_or(bytes.len());
    &bytes[skip.min(bytes.len())..]
}

/// A frame header of either kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Mpeg {
        layer: u8,
        len: usize,
    },
    /// `plain`: MPEG-4 ID and no CRC (a 0xFFF1 header).
    Adts {
        profile: u8,
        plain: bool,
        len: usize,
    },
}

impl Frame {
    fn len(self) -> usize {
        match self {
            Frame::Mpeg { len, .. } | Frame::Adts { len, .. } => len,
        }
    }

    fn same_kind(self, other: Frame) -> bool {
        matches!(
            (self, other),
            (Frame::Mpeg { layer: a, .. }, Frame::Mpeg { layer: b, .. }) if a == b
        ) || matches!((self, other), (Frame::Adts { .. }, Frame::Adts { .. }))
    }
}

/// The frame whose header starts `bytes`, if it is one.
pub fn frame_at(bytes: &[u8]) -> Option<Frame> {
    let header: [u8; 7] = bytes.get(..7)?.try_into().ok()?;
    if header[0] != 0xFF || header[1] & 0xE0 != 0xE0 {
        return None;
    }
    if header[1] & 0x06 == 0 {
        adts_frame(&header)
    } else {
        mpeg_frame(&header)
    }
}

fn adts_frame(header: &[u8; 7]) -> Option<Frame> {
    if header[1] & 0xF0 != 0xF0 {
        return None;
    }
    let rate_index = (header[2] >> 2) & 0x0F;
    let len = (usize::from(header[3] & 0x03) << 11)
        | (usize::from(header[4]) << 3)
        | usize::from(header[5] >> 5);
    (rate_index < 13 && len >= 7).then_some(Frame::Adts {
        profile: header[2] >> 6,
        plain: header[1] == 0xF1,
        len,
    })
}

/// Bit rates in kb/s by index, for MPEG-1 layers I, II, III and MPEG-2/2.5 layers I and
/// II/III (a data table).
const BITRATES: [[u16; 15]; 5] = [
    [
        0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
    ],
    [
        0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
    ],
    [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ],
    [
        0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
    ],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];

fn mpeg_frame(header: &[u8; 7]) -> Option<Frame> {
    let version = (header[1] >> 3) & 0x03; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    let layer = 4 - ((header[1] >> 1) & 0x03);
    let bitrate_index = usize::from(header[2] >> 4);
    let rate_index = usize::from((header[2] >> 2) & 0x03);
    if version == 1 || bitrate_index == 0 || bitrate_index == 15 || rate_index == 3 {
        return None;
    }
    let mpeg1 = version == 3;
    let table = match (mpeg1, layer) {
        (true, layer) => usize::from(layer - 1),
        (false, 1) => 3,
        (false, _) => 4,
    };
    let bitrate = u32::from(BITRATES[table][bitrate_index]) * 1000;
    let rate = [44_100, 48_000, 32_000][rate_index] >> [2, 0, 1, 0][usize::from(version)];
    let padding = u32::from((header[2] >> 1) & 0x01);
    let len = match layer {
        1 => (12 * bitrate / rate + padding) * 4,
        3 if !mpeg1 => 72 * bitrate / rate + padding,
        _ => 144 * bitrate / rate + padding,
    };
    Some(Frame::Mpeg {
        layer,
        len: len as usize,
    })
}

enum Found {
    Frames(usize, Frame),
    NotYet,
    None,
}

/// The first place where frames of one kind follow one another, `FRAMES_IN_A_ROW` of them
/// (fewer when the bytes end first and `complete`).
fn find_frames(bytes: &[u8], complete: bool) -> Found {
    let mut waiting = false;
    for offset in 0..bytes.len() {
        let Some(first) = frame_at(&bytes[offset..]) else {
            continue;
        };
        let mut at = offset;
        let mut count = 0;
        loop {
            match bytes.get(at..).and_then(frame_at) {
                Some(frame) if frame.same_kind(first) => {
                    count += 1;
                    at += frame.len();
                }
                _ => break,
            }
            if count == FRAMES_IN_A_ROW {
                return Found::Frames(offset, first);
            }
        }
        if at + 7 > bytes.len() {
            if complete && count >= 1 {
                return Found::Frames(offset, first);
            }
            waiting = true;
            break;
        }
    }
    if waiting || (!complete && bytes.len() < ENOUGH) {
        Found::NotYet
    } else {
        Found::None
    }
}

#[cfg(test)]
#[path = "sniff_tests.rs"]
mod tests;
