use std::time::Duration;

use rtrb::{Producer, RingBuffer};

use super::*;
use crate::player::live::{live_link, LiveFeed, LiveInput};

/// A rate that makes frames read as milliseconds.
const RATE: u32 = 1000;
const BUFFER: usize = 20;

struct Bench {
    relay: Relay,
    ring: Producer<f32>,
    feed: LiveFeed,
    /// Kept: dropping it ends the relay's link.
    _input: LiveInput,
    /// Frames pushed so far, numbered from 1 (0 is silence).
    pushed: u32,
    written: Frame,
    measure: Measure,
}

impl Bench {
    /// A stereo relay of `length` frames keeping `target` in hand, starting on `start`.
    fn new(target: u64, length: u64, start: Frame) -> Bench {
        let (feed, input) = live_link(Duration::from_secs(1));
        let (ring, consumer) = RingBuffer::new(10_000 * 2);
        let mut relay = Relay::new(
            consumer,
            (RATE, 2),
            (target, length),
            Arc::clone(&input.link),
        );
        assert_eq!(relay.anchor(start), start + length);
        Bench {
            relay,
            ring,
            feed,
            _input: input,
            pushed: 0,
            written: 0,
            measure: Measure::new(RATE, Duration::from_secs(60)),
        }
    }

    /// Pushes `frames` numbered frames into the ring, as the feed would.
    fn push(&mut self, frames: u32) {
        for _ in 0..frames {
            self.pushed += 1;
            let value = self.pushed as f32 / 100_000.0;
            self.ring.push(value).expect("room");
            self.ring.push(-value).expect("room");
        }
    }

    /// Fills `buffers` device buffers; returns the frame numbers the card got (0: silence).
    fn run(&mut self, buffers: usize, stopping: bool) -> Vec<u32> {
        let mut heard = Vec::new();
        for _ in 0..buffers {
            let mut data = [1.0f32; BUFFER * 2];
            let filled =
                self.relay
                    .fill(&mut data, self.written, stopping, Some(&mut self.measure));
            self.written += BUFFER as u64;
            let frames: Vec<u32> = data
                .chunks(2)
                .map(|frame| {
                    assert_eq!(frame[0], -frame[1], "a frame's two sides stay together");
                    (frame[0] * 100_000.0).round() as u32
                })
                .collect();
            let given = frames.iter().filter(|frame| **frame != 0).count() as u64;
            assert_eq!(filled.handed, given);
            heard.extend(frames);
        }
        heard
    }
}

#[test]
fn the_first_frame_from_the_source_is_heard_on_the_start_frame_at_the_live_edge() {
    let mut bench = Bench::new(100, 1000, 50);
    bench.push(300);
    let heard = bench.run(5, false);
    assert!(heard[..50].iter().all(|frame| *frame == 0), "{heard:?}");
    // Cut back to the target (the newest 100 of 300) before the start.
    assert_eq!(heard[50], 201);
    assert_eq!(heard[50..100], (201..251).collect::<Vec<_>>()[..]);
    assert!(bench.relay.link.on_air.load(Ordering::Acquire));
}

#[test]
fn the_relay_ends_exactly_on_its_length_and_measures_what_it_played() {
    let mut bench = Bench::new(200, 130, 10);
    bench.push(1000);
    let heard = bench.run(10, false);
    let sound: Vec<usize> = (0..heard.len()).filter(|at| heard[*at] != 0).collect();
    assert_eq!((sound[0], *sound.last().expect("sound")), (10, 139));
    assert_eq!(sound.len(), 130);
    assert!(!bench.relay.link.on_air.load(Ordering::Acquire));
    let evidence = bench.measure.finish();
    assert_eq!(evidence.frames, 130);
    let relay = bench.relay.evidence("tinh");
    assert_eq!(relay.source, "tinh");
    assert_eq!((relay.bytes, relay.copy.clone()), (0, None));
    assert!(relay.gaps.is_empty(), "{relay:?}");
}

#[test]
fn a_ring_run_dry_is_a_gap_filled_with_silence_that_ends_once_the_target_is_back() {
    let mut bench = Bench::new(100, 2000, 0);
    bench.push(100);
    // 100 frames in hand: five buffers, then dry.
    let heard = bench.run(8, false);
    assert_eq!(heard[99], 100);
    assert!(heard[100..].iter().all(|frame| *frame == 0));
    // Fewer than the target back: still silent.
    bench.push(60);
    assert!(bench.run(2, false).iter().all(|frame| *frame == 0));
    // The target and more: cut back to it, and the sound resumes where the buffer begins.
    bench.push(90);
    let heard = bench.run(1, false);
    assert_eq!(heard[0], 151);
    bench.run(2, false);
    let relay = bench.relay.evidence("tinh");
    assert_eq!(
        relay.gaps,
        vec![Gap {
            offset_seconds: 0.1,
            length_seconds: 0.1,
            cause: GapCause::Stall,
        }]
    );
}

#[test]
fn a_gap_carries_the_cause_the_feed_was_told_before_or_during_it() {
    let mut bench = Bench::new(20, 2000, 0);
    bench.push(20);
    bench.feed.lost(GapCause::Reconnect);
    bench.run(3, false);
    bench.push(40);
    bench.run(2, false);
    // Dry again; the reception says why only once the gap has begun.
    bench.run(2, false);
    bench.feed.lost(GapCause::Unreachable);
    bench.run(1, false);
    bench.push(40);
    bench.run(1, false);
    let causes: Vec<GapCause> = bench
        .relay
        .evidence("tinh")
        .gaps
        .iter()
        .map(|gap| gap.cause)
        .collect();
    assert_eq!(causes, [GapCause::Reconnect, GapCause::Unreachable]);
}

#[test]
fn a_relay_stopped_in_a_gap_closes_it_where_the_card_stopped() {
    let mut bench = Bench::new(20, 2000, 0);
    bench.push(30);
    bench.run(4, false);
    let stopped = bench.run(2, true);
    assert!(stopped.iter().all(|frame| *frame == 0));
    // Cut back to the target of 20 before the start: dry from frame 20 until the stop at 80.
    let relay = bench.relay.evidence("tinh");
    assert_eq!(relay.gaps.len(), 1);
    assert_eq!(relay.gaps[0].offset_seconds, 0.02);
    assert!(
        (relay.gaps[0].length_seconds - 0.06).abs() < 1e-9,
        "{relay:?}"
    );
}

#[test]
fn a_gap_open_at_the_end_ends_on_the_end_frame() {
    let mut bench = Bench::new(20, 100, 0);
    bench.push(30);
    bench.run(10, false);
    let relay = bench.relay.evidence("tinh");
    assert_eq!(relay.gaps.len(), 1);
    assert_eq!(relay.gaps[0].offset_seconds, 0.02);
    assert!(
        (relay.gaps[0].length_seconds - 0.08).abs() < 1e-9,
        "{relay:?}"
    );
}

#[test]
fn gaps_beyond_the_room_made_for_them_are_folded_into_the_last() {
    let mut bench = Bench::new(20, 1_000_000, 0);
    for _ in 0..MAX_GAPS + 10 {
        bench.push(20);
        // Twenty frames heard, then a buffer dry, then the target back.
        bench.run(2, false);
    }
    bench.run(1, false);
    let gaps = bench.relay.evidence("tinh").gaps;
    assert_eq!(gaps.len(), MAX_GAPS);
    let last = gaps.last().expect("a last gap");
    let end = last.offset_seconds + last.length_seconds;
    assert!(
        (end - bench.written as f64 / f64::from(RATE)).abs() < 1e-9,
        "{last:?}"
    );
}

#[test]
fn an_unanchored_or_stopped_relay_gives_silence() {
    let (_feed, input) = live_link(Duration::from_secs(1));
    let (mut ring, consumer) = RingBuffer::new(1000);
    ring.push(0.5).expect("room");
    ring.push(0.5).expect("room");
    let mut relay = Relay::new(consumer, (RATE, 2), (1, 100), Arc::clone(&input.link));
    let mut data = [7i16; 8];
    let filled = relay.fill(&mut data, 0, false, None);
    assert_eq!((data, filled), ([0i16; 8], Filled::default()));
    relay.anchor(0);
    let filled = relay.fill(&mut data, 0, false, None);
    assert_eq!(filled.handed, 1);
    assert_eq!(data[..2], [16384i16, 16384]);
}
