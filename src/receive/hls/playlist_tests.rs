use super::*;

fn media(text: &str) -> MediaPlaylist {
    m3u8_rs::parse_media_playlist_res(text.as_bytes()).expect("a media playlist")
}

fn master(text: &str) -> MasterPlaylist {
    m3u8_rs::parse_master_playlist_res(text.as_bytes()).expect("a master playlist")
}

fn live(first: u64, count: u64) -> MediaPlaylist {
    let mut text = format!(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:{first}\n"
    );
    for sequence in first..first + count {
        text.push_str(&format!("#EXTINF:2.0,\nseg{sequence:05}.ts\n"));
    }
    media(&text)
}

fn sequences(step: &Step) -> Vec<u64> {
    step.segments
        .iter()
        .map(|segment| segment.sequence)
        .collect()
}

#[test]
fn a_reception_starts_three_segments_from_the_live_edge() {
    let step = step(&live(10, 5), None).expect("a step");
    assert_eq!(sequences(&step), [12, 13, 14]);
    assert_eq!(step.segments[0].uri, "seg00012.ts");
    assert_eq!(step.missed, 0);
    let short = super::step(&live(0, 2), None).expect("a step");
    assert_eq!(sequences(&short), [0, 1]);
}

#[test]
fn each_segment_is_fetched_once_in_order() {
    let step = step(&live(11, 5), Some(15)).expect("a step");
    assert_eq!(sequences(&step), [15]);
    let none = super::step(&live(11, 5), Some(16)).expect("a step");
    assert!(none.segments.is_empty());
}

#[test]
fn segments_that_left_the_playlist_are_counted_missed() {
    let step = step(&live(20, 5), Some(17)).expect("a step");
    assert_eq!(step.missed, 3);
    assert_eq!(sequences(&step), [20, 21, 22, 23, 24]);
}

#[test]
fn a_sequence_that_went_back_starts_again_at_the_live_edge() {
    let step = step(&live(0, 4), Some(300)).expect("a step");
    assert_eq!(sequences(&step), [1, 2, 3]);
    assert_eq!(step.missed, 0);
}

#[test]
fn encrypted_and_fmp4_segments_are_refused() {
    let encrypted = media(
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n\
         #EXTINF:2,\na.ts\n#EXTINF:2,\nb.ts\n",
    );
    assert_eq!(
        step(&encrypted, None),
        Err(ReceiveProblem::Encrypted {
            method: "AES-128".to_string()
        })
    );
    let fmp4 =
        media("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"i.mp4\"\n#EXTINF:2,\na.m4s\n");
    assert!(matches!(
        step(&fmp4, None),
        Err(ReceiveProblem::UnsupportedCodec { .. })
    ));
    let clear =
        media("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:2,\na.ts\n");
    assert_eq!(sequences(&step(&clear, None).expect("a step")), [0]);
}

#[test]
fn the_sound_only_lc_variant_with_the_most_bits_is_chosen() {
    let playlist = master(
        "#EXTM3U\n\
         #EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS=\"avc1.42e01e,mp4a.40.2\",RESOLUTION=640x360\nvideo.m3u8\n\
         #EXT-X-STREAM-INF:BANDWIDTH=48000,CODECS=\"mp4a.40.5\"\nhe.m3u8\n\
         #EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS=\"mp4a.40.2\"\nlow.m3u8\n\
         #EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\nhigh.m3u8\n",
    );
    assert_eq!(
        choose_variant(&playlist),
        Some(Variant {
            uri: "high.m3u8".to_string(),
            bandwidth: 128_000
        })
    );
}

#[test]
fn a_variant_with_an_audio_rendition_is_heard_from_the_rendition() {
    let playlist = master(
        "#EXTM3U\n\
         #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"en\",URI=\"en.m3u8\"\n\
         #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"vi\",DEFAULT=YES,URI=\"vi.m3u8\"\n\
         #EXT-X-STREAM-INF:BANDWIDTH=96000,AUDIO=\"aud\"\nmain.m3u8\n",
    );
    assert_eq!(
        choose_variant(&playlist).map(|variant| variant.uri),
        Some("vi.m3u8".to_string())
    );
}

#[test]
fn the_playlist_is_read_again_each_target_duration_and_stalls_after_three() {
    let target = target(&live(0, 3));
    assert_eq!(target, Duration::from_secs(2));
    assert_eq!(reload_wait(target, true), Duration::from_secs(2));
    assert_eq!(reload_wait(target, false), Duration::from_secs(1));
    assert!(!stalled(Duration::from_millis(5_900), target));
    assert!(stalled(Duration::from_secs(6), target));
}
