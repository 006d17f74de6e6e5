use super::*;

/// MPEG-1 layer III, 128 kb/s, 44.1 kHz, no padding: 417 bytes a frame.
fn mp3_frames(count: usize) -> Vec<u8> {
    let mut frame = vec![0u8; 417];
    frame[..4].copy_from_slice(&[0xFF, 0xFB, 0x90, 0x64]);
    frame.repeat(count)
}

/// AAC-LC in ADTS, 44.1 kHz stereo, `len` bytes a frame (header included).
fn adts_frames(count: usize, len: usize, sync: u8) -> Vec<u8> {
    let mut frame = vec![0u8; len];
    frame[..7].copy_from_slice(&[
        0xFF,
        sync,
        0x50,
        0x80 | ((len >> 11) & 0x03) as u8,
        ((len >> 3) & 0xFF) as u8,
        (((len & 0x07) << 5) as u8) | 0x1F,
        0xFC,
    ]);
    frame.repeat(count)
}

fn id3_tag(size: usize) -> Vec<u8> {
    let mut tag = b"ID3\x04\x00\x00".to_vec();
    tag.extend([
        ((size >> 21) & 0x7F) as u8,
        ((size >> 14) & 0x7F) as u8,
        ((size >> 7) & 0x7F) as u8,
        (size & 0x7F) as u8,
    ]);
    tag.extend(std::iter::repeat_n(0xFFu8, size));
    tag
}

#[test]
fn a_playlist_is_told_by_its_first_line_whatever_its_type() {
    let answer = sniff(
        Some("text/plain"),
        b"\xEF\xBB\xBF#EXTM3U\n#EXT-X-VERSION:3\n",
        true,
    );
    assert_eq!(answer, Some(Ok(Sniffed::Playlist)));
}

#[test]
fn mp3_frames_are_found_after_an_id3_tag_and_junk() {
    let mut head = id3_tag(300);
    head.extend([0x00, 0xFF, 0x12]);
    head.extend(mp3_frames(4));
    assert_eq!(
        sniff(Some("audio/mpeg"), &head, false),
        Some(Ok(Sniffed::Mp3 { offset: 313 }))
    );
}

#[test]
fn adts_frames_are_aac_whatever_the_name_says() {
    let head = adts_frames(4, 300, 0xF1);
    assert_eq!(
        sniff(Some("audio/mpeg"), &head, false),
        Some(Ok(Sniffed::Aac { offset: 0 }))
    );
}

#[test]
fn adts_with_a_crc_or_an_mpeg2_id_is_said_unsupported() {
    for sync in [0xF0, 0xF9] {
        let head = adts_frames(4, 300, sync);
        assert!(matches!(
            sniff(Some("audio/aac"), &head, false),
            Some(Err(ReceiveProblem::UnsupportedCodec { .. }))
        ));
    }
}

#[test]
fn a_web_page_is_a_web_page_even_served_as_audio() {
    let page = b"\n  <!DOCTYPE html><html><body>Stream offline</body></html>";
    assert_eq!(
        sniff(Some("audio/mpeg"), page, true),
        Some(Err(ReceiveProblem::WebPage))
    );
    assert_eq!(
        sniff(Some("text/html; charset=utf-8"), b"<p>404</p>", true),
        Some(Err(ReceiveProblem::WebPage))
    );
}

#[test]
fn ogg_and_unknown_bytes_are_said_plainly() {
    assert_eq!(
        sniff(Some("application/ogg"), b"OggS\x00\x02rest", true),
        Some(Err(ReceiveProblem::UnsupportedCodec {
            codec: "Ogg (Vorbis/Opus)".to_string()
        }))
    );
    assert_eq!(
        sniff(Some("application/json"), b"{\"status\":\"ok\"}", true),
        Some(Err(ReceiveProblem::NotAudio {
            content_type: "application/json".to_string()
        }))
    );
    assert_eq!(
        sniff(Some("audio/x-unknown"), &[0x11; 5000], false),
        Some(Err(ReceiveProblem::UnsupportedCodec {
            codec: "audio/x-unknown".to_string()
        }))
    );
}

#[test]
fn a_few_bytes_are_not_enough_to_tell() {
    assert_eq!(
        sniff(Some("audio/mpeg"), &mp3_frames(2)[..500], false),
        None
    );
    assert_eq!(sniff(None, &id3_tag(5000)[..100], false), None);
}

#[test]
fn id3_tags_are_measured_and_stripped() {
    let mut segment = id3_tag(20);
    segment.extend(id3_tag(5));
    segment.extend(b"frames");
    assert_eq!(id3_len(&segment), Some(45));
    assert_eq!(strip_id3(&segment), b"frames");
    assert_eq!(id3_len(b"ID3\x04"), None);
    assert_eq!(strip_id3(b"frames"), b"frames");
}

#[test]
fn frame_lengths_follow_the_headers() {
    assert_eq!(
        frame_at(&mp3_frames(1)),
        Some(Frame::Mpeg { layer: 3, len: 417 })
    );
    // MPEG-2 layer III, 64 kb/s, 22.05 kHz, padded: 72 * 64000 / 22050 + 1.
    assert_eq!(
        frame_at(&[0xFF, 0xF3, 0x82, 0x00, 0, 0, 0]),
        Some(Frame::Mpeg { layer: 3, len: 209 })
    );
    assert_eq!(
        frame_at(&adts_frames(1, 371, 0xF1)),
        Some(Frame::Adts {
            profile: 1,
            plain: true,
            len: 371
        })
    );
    assert_eq!(frame_at(&[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0]), None);
}

#[test]
fn media_types_lose_their_parameters_and_case() {
    assert_eq!(media_type(" Audio/MPEG ; charset=x"), "audio/mpeg");
}
