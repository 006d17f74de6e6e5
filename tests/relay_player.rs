//! Relays through the real player on the headless sound card: a tone pushed from a thread at
//! the pace of a sender (44.1 kHz stereo into the 48 kHz card), the card's recording of what
//! came out, and the relay's evidence.
//!
//! The player is driven directly, so this process's ALSA must point at the test card: each
//! test takes the card lock, makes its card and sets `ALSA_CONFIG_PATH` before its player
//! starts (ALSA reads the variable again at each opening). The tests take turns.

mod support;

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use support::sender::{send_tone, TONE};
use support::{millis_between, Recording, SoundCard, RATE};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use wardcast::ids::SourceId;
use wardcast::player::{
    live_link, AirRequest, AirSource, Ending, LiveAir, LiveFeed, Player, PlayerEvent,
};
use wardcast::sound::{GapCause, SoundEvidence};

static CARD: Mutex<()> = Mutex::new(());

/// A headless card this process's ALSA plays into, held for one test.
struct Card {
    // Declared first so it is dropped first, while its folder still exists.
    card: SoundCard,
    _dir: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

fn card() -> Card {
    let turn = CARD.lock().unwrap_or_else(PoisonError::into_inner);
    let dir = tempfile::tempdir().expect("temp dir");
    let card = SoundCard::start(dir.path());
    std::env::set_var("ALSA_CONFIG_PATH", &card.alsa_config);
    Card {
        card,
        _dir: dir,
        _turn: turn,
    }
}

/// How a relay went: its events' start and end, and the card's recording.
struct Relayed {
    started: SystemTime,
    how: Ending,
    evidence: SoundEvidence,
    recording: Recording,
    feed: LiveFeed,
}

/// Relays `length` of a sender (`pace`, `pause`) from a slot 3 s ahead, starting with
/// `target` in hand.
fn relay(
    card: &Card,
    target: Duration,
    length: Duration,
    pace: f64,
    pause: Option<(Duration, Duration)>,
) -> (SystemTime, Relayed) {
    let slot = SystemTime::now() + Duration::from_secs(3);
    let (feed, input) = live_link(target);
    let pause = pause.map(|(after, long)| (slot + after, long));
    let sending = send_tone(feed, pace, pause, slot + length + Duration::from_secs(1));
    let player = Player::start("default", Duration::from_secs(5)).expect("the player starts");
    let (events, mut received) = unbounded_channel();
    player
        .air(AirRequest {
            source: AirSource::Live(LiveAir {
                input,
                length,
                source: SourceId::new("dai-tinh"),
            }),
            start_at: slot,
            events,
        })
        .expect("the player takes the relay");
    let (started, how, evidence) = follow(&mut received, length + Duration::from_secs(10));
    drop(player);
    let recording = card
        .card
        .wait_for_recordings(1, Duration::from_secs(5))
        .pop()
        .expect("the card was opened");
    let feed = sending.join().expect("the sender");
    let relayed = Relayed {
        started,
        how,
        evidence,
        recording,
        feed,
    };
    (slot, relayed)
}

/// The relay's start, and how it ended with its evidence.
fn follow(
    events: &mut UnboundedReceiver<PlayerEvent>,
    limit: Duration,
) -> (SystemTime, Ending, SoundEvidence) {
    let deadline = Instant::now() + limit;
    let mut started = None;
    while Instant::now() < deadline {
        match events.try_recv() {
            Ok(PlayerEvent::Started { at }) => started = Some(at),
            Ok(PlayerEvent::Ended { how, evidence, .. }) => {
                return (started.expect("Started before Ended"), how, evidence);
            }
            Ok(PlayerEvent::Failed { error }) => panic!("the relay failed: {error}"),
            Ok(PlayerEvent::Progress { .. }) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    panic!("the relay did not end within {limit:?}");
}

fn frames(seconds: f64) -> usize {
    (seconds * f64::from(RATE)).round() as usize
}

/// The silent stretches of at least `least` between the recording's first and last sound:
/// (first frame, frames).
fn silences(recording: &Recording, least: Duration) -> Vec<(usize, usize)> {
    let (Some(first), Some(last)) = (recording.first_sound_frame(), recording.last_sound_frame())
    else {
        return Vec::new();
    };
    let quiet = |frame: usize| {
        recording.samples[frame * 2..frame * 2 + 2]
            .iter()
            .all(|sample| sample.unsigned_abs() <= support::SOUND_THRESHOLD as u16)
    };
    let mut found = Vec::new();
    let mut run_from = None;
    for frame in first..=last {
        match (quiet(frame), run_from) {
            (true, None) => run_from = Some(frame),
            (false, Some(from)) => {
                if frame - from >= frames(least.as_secs_f64()) {
                    found.push((from, frame - from));
                }
                run_from = None;
            }
            _ => {}
        }
    }
    found
}

#[test]
fn a_relay_is_heard_from_its_slot_for_exactly_its_length_then_silence() {
    let card = card();
    let (slot, relayed) = relay(
        &card,
        Duration::from_secs(1),
        Duration::from_secs(4),
        1.0,
        None,
    );
    let played = &relayed.recording;
    let first = played
        .first_sound_frame()
        .expect("the card heard the relay");
    let last = played.last_sound_frame().expect("sound");
    let lateness = millis_between(played.first_sound_at().expect("time"), slot);
    eprintln!("first relayed sound {lateness:+.2} ms from the slot");
    // A generous margin for a loaded test machine; the benchmark measures the real figure.
    assert!(
        lateness.abs() < 100.0,
        "first sound {lateness:.1} ms from the slot"
    );
    let started = millis_between(relayed.started, slot);
    assert!(
        started.abs() < 100.0,
        "Started {started:.1} ms from the slot"
    );
    // Exactly the length: a frame or two either way where the tone crosses zero.
    let heard = last + 1 - first;
    assert!(heard.abs_diff(frames(4.0)) <= 3, "heard {heard} frames");
    assert!(silences(played, Duration::from_millis(5)).is_empty());
    // The device stays open a moment after the end: silence there.
    assert!(played.frames() - last > frames(0.2), "{}", played.frames());
    let frequency = played.frequency(first + frames(0.5), frames(1.0));
    assert!((frequency - TONE).abs() < 5.0, "heard {frequency:.1} Hz");

    assert_eq!(relayed.how, Ending::Complete);
    let evidence = &relayed.evidence;
    assert_eq!(evidence.frames, frames(4.0) as u64);
    let level = evidence.rms_dbfs.expect("a level");
    assert!(
        (level - 20.0 * (0.5f64 / 2f64.sqrt()).log10()).abs() < 0.5,
        "{level}"
    );
    let relay = evidence.relay.as_ref().expect("relay evidence");
    assert_eq!(relay.source, "dai-tinh");
    assert!(relay.gaps.is_empty(), "{relay:?}");
    assert!((relay.seconds_received - 4.0).abs() < 0.1, "{relay:?}");
    assert!((relay.delay_start_seconds - 1.0).abs() < 0.1, "{relay:?}");
    assert_eq!(relayed.feed.overrun_frames(), 0);
    assert!(relayed.feed.is_closed());
}

#[test]
fn a_pause_in_the_source_is_one_gap_with_its_cause_and_the_relay_still_ends_on_the_dot() {
    let card = card();
    let pause = (Duration::from_secs(3), Duration::from_secs(2));
    let (_slot, relayed) = relay(
        &card,
        Duration::from_secs(1),
        Duration::from_secs(8),
        1.0,
        Some(pause),
    );
    let played = &relayed.recording;
    let first = played
        .first_sound_frame()
        .expect("the card heard the relay");
    let last = played.last_sound_frame().expect("sound");
    // The tone came back and lasted to the end, which is where it always was.
    let heard = last + 1 - first;
    assert!(heard.abs_diff(frames(8.0)) <= 3, "heard {heard} frames");
    let frequency = played.frequency(last - frames(1.0), frames(1.0));
    assert!((frequency - TONE).abs() < 5.0, "heard {frequency:.1} Hz");
    // Silent once the second in hand ran out (3 s + 1 s) until a second was in hand again
    // after the pause (5 s + 1 s).
    let quiet = silences(played, Duration::from_millis(500));
    assert_eq!(quiet.len(), 1, "{quiet:?}");
    let (from, long) = quiet[0];
    let (offset, length) = ((from - first) as f64 / 48e3, long as f64 / 48e3);
    assert!((offset - 4.0).abs() < 0.3, "silent from {offset:.3} s");
    assert!((length - 2.0).abs() < 0.3, "silent for {length:.3} s");

    assert_eq!(relayed.how, Ending::Complete);
    let relay = relayed.evidence.relay.as_ref().expect("relay evidence");
    assert_eq!(relay.gaps.len(), 1, "{relay:?}");
    let gap = &relay.gaps[0];
    assert_eq!(gap.cause, GapCause::Reconnect);
    assert!((gap.offset_seconds - offset).abs() < 0.05, "{gap:?}");
    assert!((gap.length_seconds - length).abs() < 0.05, "{gap:?}");
    assert!((relay.seconds_received - 6.0).abs() < 0.2, "{relay:?}");
    let played_seconds = relayed.evidence.frames as f64 / 48e3;
    assert!((played_seconds + gap.length_seconds - 8.0).abs() < 0.01);
}

#[test]
fn a_sender_a_tenth_of_a_percent_fast_neither_overruns_nor_lets_the_delay_grow() {
    let card = card();
    let seconds = 120;
    let (_slot, relayed) = relay(
        &card,
        Duration::from_secs(1),
        Duration::from_secs(seconds),
        1.001,
        None,
    );
    assert_eq!(relayed.how, Ending::Complete);
    let relay = relayed.evidence.relay.as_ref().expect("relay evidence");
    assert!(relay.gaps.is_empty(), "it ran dry: {relay:?}");
    assert_eq!(relayed.feed.overrun_frames(), 0);
    // Left alone, the delay would grow by 0.1 % of 120 s, 120 ms, and more: the test card
    // never runs fast, and on a loaded machine it runs up to 0.1 % slow (slower, the lag
    // is a stall, which the relay skips). The drift control takes the transient of 0.2 % back
    // within two minutes (about 60 ms at its height, drift.rs's simulation), but the card's
    // pace moves with the load all along: the issue's own bound of 100 ms tells the two apart.
    let grown = relay.delay_end_seconds - relay.delay_start_seconds;
    eprintln!(
        "delay {:.3} s at the start, {grown:+.3} s at the end; stalls {:?}",
        relay.delay_start_seconds, relayed.evidence.stalls
    );
    assert!(
        grown.abs() < 0.1,
        "the delay moved by {grown:.3} s: {relay:?}"
    );
    assert_eq!(relayed.evidence.frames, frames(seconds as f64) as u64);
}
