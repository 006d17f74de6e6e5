//! Telling a stall of the output from the clocks' small disagreements.
//!
//! Each device buffer says when it will be heard; the frames written before it say when it
//! should be. The difference (the lag) moves for three reasons: callback jitter (a few ms
//! either way, buffer to buffer), drift between the card's clock and the system's (tens of
//! parts per million, steady), and stalls (the process paused or starved: the card went
//! without, and everything after is heard later by that much). Stalls only ever add lag, and
//! add it much faster than drift; so the lag is compared with a baseline that follows it down
//! at once but up only at a drift's pace. Short pauses then add up against the
//! baseline until their sum passes the threshold, and jitter, which goes both ways, never
//! does.

/// Lag this far above the baseline is a stall. Jitter stays far below it.
const STALL_SECONDS: f64 = 0.1;

/// How fast the baseline may rise: seconds of lag per second of audio. A card's crystal is
/// off by up to about 100 ppm and NTP slews the system clock by up to 500 ppm, so 1000 ppm
/// follows any real drift; pauses that add lag faster than that (80 ms every few seconds is
/// tens of thousands of ppm) are counted as stalls.
const DRIFT_ALLOWANCE: f64 = 1e-3;

/// Follows the lag of each buffer and reports the stalls in it. Pure: it is told the lag
/// and where in the stream the buffer falls; whoever feeds it moves its frame clock by each
/// stall reported, so the lag after a stall is back near the baseline.
#[derive(Debug, Default)]
pub(super) struct StallDetector {
    /// The lag (seconds) the card runs at without stalls; `None` before the first buffer.
    baseline: Option<f64>,
    /// Where in the stream the last buffer fell, in seconds of audio.
    position: f64,
}

impl StallDetector {
    /// Takes the lag (seconds) of the buffer that starts `position` seconds of audio into the
    /// stream; returns the length (seconds) of a stall to record, once the lag stands more
    /// than the threshold above the baseline.
    pub(super) fn observe(&mut self, position: f64, lag: f64) -> Option<f64> {
        if !lag.is_finite() || !position.is_finite() {
            return None;
        }
        let elapsed = (position - self.position).max(0.0);
        self.position = position;
        let Some(baseline) = self.baseline else {
            self.baseline = Some(lag);
            return None;
        };
        let excess = lag - baseline;
        if excess > STALL_SECONDS {
            // The baseline stays: the frame clock moves by the stall instead.
            return Some(excess);
        }
        // Audio played, not time passed, paces the rise: a paused process plays none.
        let rise = excess.min(elapsed * DRIFT_ALLOWANCE);
        self.baseline = Some(baseline + rise);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERIOD: f64 = 0.02;

    /// Jitter spread evenly over ±`amplitude` seconds, the same every run.
    struct Jitter {
        state: u64,
        amplitude: f64,
    }

    impl Jitter {
        fn new(amplitude: f64) -> Jitter {
            Jitter {
                state: 0x9E37_79B9_7F4A_7C15,
                amplitude,
            }
        }

        fn next(&mut self) -> f64 {
            // xorshift64: uniform enough for jitter, and reproducible.
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            let unit = (self.state >> 11) as f64 / (1u64 << 53) as f64;
            (unit * 2.0 - 1.0) * self.amplitude
        }
    }

    /// Feeds `count` buffers of 20 ms whose true lag at each position is `delay(position)`
    /// plus `jitter`, moving the frame clock by every stall as the player does; returns the
    /// stalls.
    fn run(count: usize, jitter: &mut Jitter, delay: impl Fn(f64) -> f64) -> Vec<f64> {
        let mut detector = StallDetector::default();
        let mut moved = 0.0;
        let mut stalls = Vec::new();
        for index in 0..count {
            let position = index as f64 * PERIOD;
            let lag = delay(position) + jitter.next() - moved;
            if let Some(stall) = detector.observe(position, lag) {
                moved += stall;
                stalls.push(stall);
            }
        }
        stalls
    }

    fn buffers(seconds: f64) -> usize {
        (seconds / PERIOD) as usize
    }

    #[test]
    fn jitter_of_five_ms_either_way_over_ten_minutes_is_no_stall() {
        let stalls = run(buffers(600.0), &mut Jitter::new(0.005), |_| 0.0);
        assert_eq!(stalls, Vec::<f64>::new());
    }

    #[test]
    fn drift_of_fifty_ppm_over_an_hour_is_no_stall_either_way() {
        for ppm in [50e-6, -50e-6] {
            let stalls = run(buffers(3600.0), &mut Jitter::new(0.005), |at| at * ppm);
            assert_eq!(stalls, Vec::<f64>::new(), "{ppm}");
        }
    }

    #[test]
    fn twenty_five_pauses_of_80_ms_half_a_second_apart_add_up_to_stalls() {
        let pauses = |at: f64| (0..25).filter(|k| at >= 1.0 + f64::from(*k) * 0.5).count();
        let stalls = run(buffers(30.0), &mut Jitter::new(0.005), |at| {
            pauses(at) as f64 * 0.08
        });
        let total: f64 = stalls.iter().sum();
        assert!((total - 2.0).abs() <= 0.1, "{total} s in {stalls:?}");
        assert!(
            stalls.iter().all(|stall| *stall > STALL_SECONDS),
            "{stalls:?}"
        );
    }

    #[test]
    fn one_pause_of_four_seconds_is_one_stall_of_four_seconds() {
        let stalls = run(buffers(20.0), &mut Jitter::new(0.005), |at| {
            if at >= 5.0 {
                4.0
            } else {
                0.0
            }
        });
        assert_eq!(stalls.len(), 1, "{stalls:?}");
        assert!((stalls[0] - 4.0).abs() < 0.011, "{stalls:?}");
    }

    #[test]
    fn a_buffer_filling_at_the_start_does_not_hide_a_later_stall() {
        // As on the test card: the first buffers are taken at once, the lag falls by one
        // period each until the device buffer is full, then holds.
        let stalls = run(buffers(20.0), &mut Jitter::new(0.001), |at| {
            let filling = -(at.min(0.066));
            let paused = if at >= 10.0 { 0.15 } else { 0.0 };
            filling + paused
        });
        assert_eq!(stalls.len(), 1, "{stalls:?}");
        assert!((stalls[0] - 0.15).abs() < 0.005, "{stalls:?}");
    }

    #[test]
    fn lags_that_are_not_numbers_are_ignored() {
        let mut detector = StallDetector::default();
        assert_eq!(detector.observe(0.0, 0.0), None);
        assert_eq!(detector.observe(0.02, f64::NAN), None);
        assert_eq!(detector.observe(0.04, f64::INFINITY), None);
        assert_eq!(detector.observe(0.06, 0.0), None);
        assert_eq!(detector.observe(0.08, 0.2), Some(0.2));
    }
}
