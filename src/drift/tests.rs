use super::*;

/// The card takes a buffer this long at a time, as the player's device does.
const PERIOD: f64 = 0.02;

/// Spread the same every run (xorshift64).
struct Spread(u64);

impl Spread {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How the sender's sound arrives.
#[derive(Clone, Copy, Debug)]
enum Arrival {
    /// Icecast: network reads of a quarter of a second, each up to 50 ms late.
    Steady,
    /// HLS as a player that reloads the playlist every 3 s finds them: 6 s segments, each
    /// taken at the first reload after it was made.
    Polled,
    /// HLS: segments of this many seconds (2 to 6, the same all through a stream), each whole
    /// once the sender has made it, fetched up to 300 ms later.
    Bursty(f64),
}

/// What a simulated relay came to.
#[derive(Debug)]
struct Run {
    delay_start: f64,
    delay_end: f64,
    least_fill: f64,
    most_fill: f64,
    corrections: (f64, f64),
}

/// Relays a sender whose clock runs `drift` fast (0.001 = 0.1 %) for `seconds`, starting
/// with `target` seconds in hand; the card takes a buffer every 20 ms. With `control` off,
/// the correction is worked out but not applied.
fn relay(drift: f64, arrival: Arrival, target: f64, seconds: f64, control: bool) -> Run {
    let mut spread = Spread(0x9E37_79B9_7F4A_7C15);
    let mut control_loop = DriftControl::new();
    let mut fill = target;
    // Sound the sender has made (its own seconds) and what of it has been delivered.
    let mut delivered = 0.0;
    // The next delivery: when it arrives (card seconds) and how much it holds.
    let mut next = next_delivery(arrival, &mut spread, 0.0, drift);
    let mut run = Run {
        delay_start: 0.0,
        delay_end: 0.0,
        least_fill: fill,
        most_fill: fill,
        corrections: (0.0, 0.0),
    };
    let steps = (seconds / PERIOD) as usize;
    for step in 0..steps {
        let now = step as f64 * PERIOD;
        while next.0 <= now {
            let correction = if control {
                control_loop.correction()
            } else {
                0.0
            };
            fill += next.1 * (1.0 + correction);
            delivered += next.1;
            next = next_delivery(arrival, &mut spread, delivered, drift);
        }
        run.most_fill = run.most_fill.max(fill);
        let correction = control_loop.observe(now, fill);
        run.corrections.0 = run.corrections.0.min(correction);
        run.corrections.1 = run.corrections.1.max(correction);
        fill -= PERIOD;
        run.least_fill = run.least_fill.min(fill);
    }
    let (start, end) = control_loop.delays();
    run.delay_start = start.expect("a delay at the start");
    run.delay_end = end.expect("a delay at the end");
    run
}

/// The delivery after `delivered` seconds of the sender's sound: when it arrives on the card's
/// clock, and how many of the sender's seconds it holds.
fn next_delivery(arrival: Arrival, spread: &mut Spread, delivered: f64, drift: f64) -> (f64, f64) {
    let (length, late) = match arrival {
        Arrival::Steady => (0.25, 0.05 * spread.unit()),
        Arrival::Bursty(segment) => (segment, 0.3 * spread.unit()),
        Arrival::Polled => {
            let made = (delivered + 6.0) / (1.0 + drift);
            return ((made / 3.0).ceil() * 3.0 + 0.1 * spread.unit(), 6.0);
        }
    };
    // The sender has made the whole of it once its clock has run through it.
    let made = (delivered + length) / (1.0 + drift);
    (made + late, length)
}

/// The ring a relay keeps is sized for twice its target and a second more.
fn capacity(target: f64) -> f64 {
    2.0 * target + 1.0
}

fn assert_absorbed(drift: f64, arrival: Arrival, target: f64) {
    let run = relay(drift, arrival, target, 3600.0, true);
    let moved = run.delay_end - run.delay_start;
    eprintln!(
        "ABS {drift} {arrival:?} {moved:.4} {:?} fill {:.3}..{:.3}",
        run.corrections, run.least_fill, run.most_fill
    );
    assert!(
        moved.abs() <= 0.1,
        "{drift} {arrival:?}: the delay moved by {moved:.3} s over an hour: {run:?}"
    );
    assert!(
        run.least_fill > 0.0,
        "{drift} {arrival:?}: it ran dry: {run:?}"
    );
    assert!(
        run.most_fill < capacity(target),
        "{drift} {arrival:?}: it overran: {run:?}"
    );
    let bound = MAX_CORRECTION + 1e-12;
    assert!(
        run.corrections.0 >= -bound && run.corrections.1 <= bound,
        "{run:?}"
    );
}

#[test]
fn a_sender_a_tenth_of_a_percent_fast_or_slow_keeps_its_delay_over_an_hour_arriving_steadily() {
    for drift in [0.001, -0.001] {
        assert_absorbed(drift, Arrival::Steady, 2.0);
    }
}

#[test]
fn a_sender_a_tenth_of_a_percent_fast_or_slow_keeps_its_delay_over_an_hour_arriving_in_segments() {
    for drift in [0.001, -0.001] {
        for segment in [2.0, 6.0] {
            // In hand at the start: a segment and the time it may take to come.
            assert_absorbed(drift, Arrival::Bursty(segment), segment + 2.0);
        }
    }
}

#[test]
fn a_playlist_reloaded_every_three_seconds_neither_overruns_nor_runs_dry() {
    // The reloads make the level step by 3 s when the sender's segments slip past one: the
    // step is worked off at the bounded correction, without running dry, given a segment,
    // two reloads and a second in hand.
    for drift in [0.001, -0.001] {
        let run = relay(drift, Arrival::Polled, 13.0, 3600.0, true);
        assert!(run.least_fill > 0.0, "{drift}: it ran dry: {run:?}");
        assert!(
            run.most_fill < capacity(13.0),
            "{drift}: it overran: {run:?}"
        );
        assert!(
            (run.delay_end - run.delay_start).abs() < 0.5,
            "{drift}: {run:?}"
        );
    }
}

#[test]
fn without_the_correction_the_same_senders_overrun_or_run_dry() {
    let fast = relay(0.001, Arrival::Steady, 2.0, 3600.0, false);
    assert!(fast.most_fill > capacity(2.0), "{fast:?}");
    let slow = relay(-0.001, Arrival::Bursty(6.0), 8.0, 3600.0, false);
    assert!(slow.least_fill < 0.0, "{slow:?}");
}

#[test]
fn a_sender_on_time_is_left_alone() {
    let run = relay(0.0, Arrival::Steady, 2.0, 600.0, true);
    assert!(
        run.corrections.0 > -1e-4 && run.corrections.1 < 1e-4,
        "{run:?}"
    );
    assert!((run.delay_end - run.delay_start).abs() < 0.01, "{run:?}");
}

#[test]
fn the_level_is_the_least_fill_of_each_window_and_the_first_one_is_held() {
    let mut control = DriftControl::new();
    assert_eq!(control.delays(), (None, None));
    // A sawtooth: 3 s in hand after each burst, down to 1 s before the next.
    let sawtooth = |at: f64| 3.0 - (at % 2.0);
    let mut at = 0.0;
    while at < 10.0 {
        control.observe(at, sawtooth(at));
        at += PERIOD;
    }
    // The first window has not closed: the least fill so far stands for both.
    let (start, end) = control.delays();
    assert!((start.expect("start") - 1.0).abs() < 0.03, "{start:?}");
    assert_eq!(start, end);
    while at < 60.0 {
        control.observe(at, sawtooth(at));
        at += PERIOD;
    }
    let (start, end) = control.delays();
    assert!((start.expect("start") - 1.0).abs() < 0.03, "{start:?}");
    assert!((end.expect("end") - 1.0).abs() < 0.03, "{end:?}");
    assert!(control.correction().abs() < 1e-12, "{control:?}");
}

#[test]
fn a_late_segment_now_and_then_does_not_move_the_correction() {
    let mut control = DriftControl::new();
    let mut step = 0u32;
    while step < 30_000 {
        // Troughs of 2 s, except one 1.9 s deeper every 100 s: a segment came late.
        let fill = if step % 5000 == 2600 { 0.1 } else { 2.0 };
        control.observe(f64::from(step) * PERIOD, fill);
        step += 1;
    }
    assert!(control.correction().abs() < 1e-12, "{control:?}");
}

#[test]
fn a_gap_takes_the_level_anew_and_keeps_the_drift_learnt() {
    let mut control = DriftControl::new();
    let mut at = 0.0;
    let mut fill = 2.0;
    // A sender 0.1 % fast: the fill rises by 1 ms a second unless corrected.
    while at < 600.0 {
        let correction = control.observe(at, fill);
        fill += PERIOD * (0.001 + correction);
        at += PERIOD;
    }
    let learnt = control.correction();
    assert!((learnt + 0.001).abs() < 1e-4, "{learnt}");
    control.relock();
    assert_eq!(control.correction(), control.learnt);
    // Back after the gap with 5 s in hand: that is the level held now.
    fill = 5.0;
    while at < 1200.0 {
        let correction = control.observe(at, fill);
        fill += PERIOD * (0.001 + correction);
        at += PERIOD;
    }
    assert!((fill - 5.0).abs() < 0.05, "{fill}");
    let (start, end) = control.delays();
    // Held from the first three windows, the fill having risen a little meanwhile.
    assert!((start.expect("start") - 2.0).abs() < 0.05, "{start:?}");
    assert!((end.expect("end") - 5.0).abs() < 0.05, "{end:?}");
}

#[test]
fn readings_that_are_not_numbers_or_go_back_in_time_do_no_harm() {
    let mut control = DriftControl::new();
    assert_eq!(control.observe(f64::NAN, 1.0), 0.0);
    assert_eq!(control.observe(1.0, f64::INFINITY), 0.0);
    assert_eq!(control.observe(5.0, 1.0), 0.0);
    assert_eq!(control.observe(2.0, 0.5), 0.0);
    assert_eq!(control.delays(), (Some(0.5), Some(0.5)));
}

#[test]
fn the_correction_never_passes_its_bound() {
    let mut control = DriftControl::new();
    let mut at = 0.0;
    while at < 3600.0 {
        // Rising without end, as if nothing were corrected.
        let correction = control.observe(at, 1.0 + at * 0.01);
        assert!(correction.abs() <= MAX_CORRECTION, "{correction} at {at}");
        at += PERIOD;
    }
    assert_eq!(control.correction(), -MAX_CORRECTION);
}

#[test]
fn the_median_of_up_to_three_levels() {
    assert_eq!(median(&[]), 0.0);
    assert_eq!(median(&[2.0]), 2.0);
    assert_eq!(median(&[3.0, 1.0]), 2.0);
    assert_eq!(median(&[3.0, 0.1, 2.0]), 2.0);
}
