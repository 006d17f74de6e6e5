use super::*;

const SOURCE_RATE: u32 = 44_100;
const CARD_RATE: u32 = 48_000;

/// `seconds` of a stereo tone at `rate` (or mono), handed to the feed in pieces of 1152
/// frames as an MP3 decoder gives them.
fn push_tone(feed: &mut LiveFeed, seconds: f64, rate: u32, channels: u16) {
    let frames = (seconds * f64::from(rate)).round() as usize;
    let samples: Vec<f32> = (0..frames)
        .flat_map(|frame| {
            let value = 0.5 * (frame as f32 * 440.0 / rate as f32 * std::f32::consts::TAU).sin();
            std::iter::repeat_n(value, usize::from(channels))
        })
        .collect();
    for piece in samples.chunks(1152 * usize::from(channels)) {
        feed.sound(piece, rate, channels);
    }
}

/// Frames of the card that `seconds` of sound make, less what the converter may still hold
/// (a chunk of the source short of its 1024 frames) and its own delay.
fn about(seconds: f64, source_rate: u32) -> std::ops::RangeInclusive<u64> {
    let full = (seconds * f64::from(CARD_RATE)) as u64;
    let held = 1024 * u64::from(CARD_RATE) / u64::from(source_rate) + 8;
    full - held..=full
}

#[test]
fn before_the_device_opens_the_feed_keeps_only_the_live_edge() {
    let (mut feed, input) = live_link(Duration::from_secs(1));
    push_tone(&mut feed, 3.0, SOURCE_RATE, 2);
    let relay = input.open(CARD_RATE, 2, Duration::from_secs(10));
    let in_hand = relay.in_hand();
    assert!(about(1.0, SOURCE_RATE).contains(&in_hand), "{in_hand}");
    assert_eq!(feed.overrun_frames(), 0);
}

#[test]
fn sound_in_a_new_format_replaces_the_edge_kept() {
    let (mut feed, input) = live_link(Duration::from_secs(1));
    push_tone(&mut feed, 3.0, SOURCE_RATE, 2);
    // Reconnected, and the stream is now mono at 22.05 kHz.
    push_tone(&mut feed, 0.5, 22_050, 1);
    let in_hand = input.open(CARD_RATE, 2, Duration::from_secs(10)).in_hand();
    assert!(about(0.5, 22_050).contains(&in_hand), "{in_hand}");
}

#[test]
fn once_the_device_is_open_the_feed_converts_into_the_ring() {
    let (mut feed, input) = live_link(Duration::from_secs(1));
    let relay = input.open(CARD_RATE, 2, Duration::from_secs(10));
    assert_eq!(relay.in_hand(), 0);
    push_tone(&mut feed, 0.5, SOURCE_RATE, 2);
    assert!(about(0.5, SOURCE_RATE).contains(&relay.in_hand()));
    let before = relay.in_hand();
    // Mono now: a new conversion, the old one's last part chunk let go.
    push_tone(&mut feed, 0.5, SOURCE_RATE, 1);
    let added = relay.in_hand() - before;
    assert!(about(0.5, SOURCE_RATE).contains(&added), "{added}");
}

#[test]
fn seconds_received_count_only_while_the_relay_is_on_air() {
    let (mut feed, input) = live_link(Duration::from_secs(1));
    push_tone(&mut feed, 2.0, SOURCE_RATE, 2);
    assert_eq!(feed.seconds_received(), 0.0);
    input.link.on_air.store(true, Ordering::Release);
    push_tone(&mut feed, 1.5, SOURCE_RATE, 2);
    assert!((feed.seconds_received() - 1.5).abs() < 1e-9);
    drop(input);
    push_tone(&mut feed, 1.0, SOURCE_RATE, 2);
    assert!((feed.seconds_received() - 1.5).abs() < 1e-9);
}

#[test]
fn a_loss_is_forgotten_once_the_target_has_come_again() {
    let (mut feed, input) = live_link(Duration::from_secs(1));
    feed.lost(GapCause::Reconnect);
    push_tone(&mut feed, 0.5, SOURCE_RATE, 2);
    assert_eq!(input.link.cause.load(Ordering::Acquire), 1);
    push_tone(&mut feed, 0.6, SOURCE_RATE, 2);
    assert_eq!(input.link.take_cause(), None);
    feed.lost(GapCause::Stall);
    assert_eq!(input.link.take_cause(), Some(GapCause::Stall));
    assert_eq!(input.link.take_cause(), None);
}

#[test]
fn a_relay_over_closes_the_feed_which_then_takes_nothing() {
    let (mut feed, input) = live_link(Duration::from_secs(1));
    let relay = input.open(CARD_RATE, 2, Duration::from_secs(10));
    assert!(!feed.is_closed());
    drop(input);
    assert!(feed.is_closed());
    push_tone(&mut feed, 0.5, SOURCE_RATE, 2);
    assert_eq!(relay.in_hand(), 0);
}

#[test]
fn what_the_ring_has_no_room_for_is_counted_as_overrun() {
    let (mut feed, input) = live_link(Duration::from_millis(100));
    let relay = input.open(CARD_RATE, 2, Duration::from_secs(10));
    push_tone(&mut feed, 3.0, SOURCE_RATE, 2);
    // The ring holds twice the target and a second, with room for the largest correction.
    let ring = (1.2 * f64::from(CARD_RATE) * (1.0 + 2.0 * MAX_CORRECTION)).ceil() as u64;
    assert_eq!(relay.in_hand(), ring);
    let overrun = feed.overrun_frames();
    assert!(
        about(3.0, SOURCE_RATE).contains(&(overrun + ring)),
        "{overrun}"
    );
}

#[test]
fn sound_that_cannot_be_converted_is_ignored() {
    let (mut feed, input) = live_link(Duration::from_secs(1));
    let relay = input.open(CARD_RATE, 2, Duration::from_secs(10));
    feed.sound(&[0.5; 4096], 0, 2);
    feed.sound(&[0.5; 4096], SOURCE_RATE, 0);
    feed.sound(&[0.5; 4096], 1, 2);
    assert_eq!(relay.in_hand(), 0);
    push_tone(&mut feed, 0.5, SOURCE_RATE, 2);
    assert!(relay.in_hand() > 0);
}

#[test]
fn the_target_is_held_between_its_bounds() {
    let (_, input) = live_link(Duration::ZERO);
    assert_eq!(input.link.target, MIN_TARGET);
    let (_, input) = live_link(Duration::from_secs(3600));
    assert_eq!(input.link.target, MAX_TARGET);
    assert_eq!(format!("{input:?}"), "LiveInput { target: 20s }");
}
