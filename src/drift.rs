//! Absorbing the clock drift between a sender and the sound card during a relay.
//!
//! The sender makes sound by its own clock and the card plays it by another; a crystal is off
//! by up to about 100 ppm, so over hours the sound waiting between them (the fill) grows or
//! shrinks until the buffer overruns or runs dry. The relay resamples what it receives by a
//! ratio slightly off the nominal one; this controller says by how much, from the fill it is
//! shown over time. Pure: it is told the fill and where in the relay it was measured (seconds
//! of the card's audio), and reads no clock.
//!
//! What it follows is the least fill over a window of [`WINDOW_SECONDS`], not each reading: an
//! HLS source delivers a segment of 2–6 s at once, so the fill is a sawtooth whose troughs, not
//! its peaks, say how much is in hand; a steady (Icecast) source gives a nearly flat line and
//! its least is its level. The median of the last three windows is taken, so a single late
//! segment does not move it. The level of the first windows after the relay starts (or after
//! a gap) is the one held: the delay the relay starts with is the delay it keeps.
//!
//! The control is proportional-integral: the integral learns the drift itself (a sender 0.1 %
//! fast needs a correction of -0.1 % for ever, which a proportional term alone would hold only
//! with a standing error), the proportional term brings the level back. Both are critically
//! damped, so the level does not oscillate. The response is [`RESPONSE_SECONDS`] when the
//! level is quiet (a drift of 0.1 % from the start moves it by about 30 ms before it is taken
//! back, within two minutes), and slower as the arrival is noisier, up to
//! [`SLOWEST_RESPONSE_SECONDS`]: the correction then follows the drift, not the jitter of the
//! segments.

/// The largest correction, either way: 0.5 %. Five times the largest drift the relay is
/// built for (0.1 %, itself ten times a poor crystal), which leaves room to work off the
/// excess left by a stall of the output; and a pitch change of 8.6 cents at most, below what
/// a listener notices on speech or music from loudspeakers.
pub const MAX_CORRECTION: f64 = 0.005;

/// How long a window the least fill is taken over: longer than the longest HLS segment (6 s)
/// with room for a late one, so every window holds at least one trough.
pub const WINDOW_SECONDS: f64 = 10.0;

/// How fast a quiet level is brought back: the time constant of the critically damped loop.
/// Four windows: shorter, the lag of the windows and their median makes it ring (30 s
/// overshoots); longer, a drift moves the level further before it is absorbed.
pub const RESPONSE_SECONDS: f64 = 40.0;

/// A level that moves less than this from window to window (seconds) is quiet: the loop
/// answers at [`RESPONSE_SECONDS`]. A sender's drift moves it by about 10 ms a window.
const QUIET: f64 = 0.02;

/// The slowest response, for the noisiest arrival. Slower, a drift of 0.1 % would move the
/// level by more than a fifth of a second before it is absorbed.
pub const SLOWEST_RESPONSE_SECONDS: f64 = 600.0;

/// The largest error (seconds) one window may feed the loop. Drift moves the level by a few
/// ms a window; a larger step is an outage or a burst the relay deals with otherwise, and
/// must not wind the learnt drift up to its bound.
const MAX_ERROR: f64 = 0.5;

/// How many window levels the median is taken over.
const LEVELS: usize = 3;

/// How much of each window's change in level goes into the measure of the noise.
const NOISE_WEIGHT: f64 = 0.25;

/// The drift controller of one relay.
#[derive(Debug, Clone, Default)]
pub struct DriftControl {
    /// When the current window began (seconds of audio), and the least fill seen in it.
    window: Option<(f64, f64)>,
    /// The last window levels, newest last; `count` of them are valid.
    levels: [f64; LEVELS],
    count: usize,
    /// How much the level moves from window to window when nothing is done about it: the
    /// noise of the arrival (seconds), which slows the loop down so it follows the drift
    /// rather than the noise.
    noise: f64,
    /// The level held: that of the first windows after the start (or a gap).
    setpoint: Option<f64>,
    /// The level held is the median of the first three windows.
    settled: bool,
    /// The drift learnt so far (the integral term), as a correction.
    learnt: f64,
    correction: f64,
    /// The delay at the start (the first level held) and now, for the relay's evidence.
    first_level: Option<f64>,
    /// The first level is the median of the relay's first three windows.
    first_settled: bool,
    last_level: Option<f64>,
}

impl DriftControl {
    pub fn new() -> DriftControl {
        DriftControl::default()
    }

    /// Takes the fill (seconds of sound waiting) measured `at` seconds into the relay, and
    /// returns the relative correction of the resampling ratio to apply from now on: above 0
    /// makes more of the card's frames from each of the sender's (the fill rises), below 0
    /// fewer. Readings that are not numbers are ignored.
    pub fn observe(&mut self, at: f64, fill: f64) -> f64 {
        if !at.is_finite() || !fill.is_finite() {
            return self.correction;
        }
        match self.window {
            Some((began, least)) if at >= began && at - began < WINDOW_SECONDS => {
                self.window = Some((began, least.min(fill)));
            }
            Some((began, least)) if at >= began => {
                self.window = Some((at, fill));
                self.close_window(least, at - began);
            }
            _ => self.window = Some((at, fill)),
        }
        self.correction
    }

    /// The correction in force.
    pub fn correction(&self) -> f64 {
        self.correction
    }

    /// After a gap the relay starts again at its live edge: the level is taken anew from the
    /// next windows. The drift learnt is kept: the sender's clock has not changed.
    pub fn relock(&mut self) {
        self.window = None;
        self.count = 0;
        self.setpoint = None;
        self.settled = false;
        self.correction = self.learnt;
    }

    /// The delay the relay started with (the level it holds, the median of its first three
    /// windows; until then its first window's) and the delay it has now (the median of the
    /// last three, or of those so far), in seconds. Before a window has closed, the least fill
    /// seen so far stands for both.
    pub fn delays(&self) -> (Option<f64>, Option<f64>) {
        let now = match self.count {
            0 => self.window.map(|(_, least)| least),
            count => Some(median(&self.levels[..count])),
        };
        let now = now.or(self.last_level);
        (self.first_level.or(now), now)
    }

    fn close_window(&mut self, level: f64, length: f64) {
        if self.count > 0 {
            let moved = (level - self.levels[self.count - 1]).abs();
            self.noise += NOISE_WEIGHT * (moved.min(MAX_ERROR) - self.noise);
        }
        if self.count == LEVELS {
            self.levels.rotate_left(1);
            self.count -= 1;
        }
        self.levels[self.count] = level;
        self.count += 1;
        let level = median(&self.levels[..self.count]);
        self.last_level = Some(level);
        // Held from the first window, so the loop acts early; settled on the median of the
        // first three once they are in, so one odd window does not set the level for good.
        let Some(setpoint) = self.setpoint else {
            self.setpoint = Some(level);
            if !self.first_settled {
                self.first_level = Some(level);
            }
            return;
        };
        let setpoint = if self.count == LEVELS && !self.settled {
            self.settled = true;
            self.setpoint = Some(level);
            if !self.first_settled {
                self.first_level = Some(level);
                self.first_settled = true;
            }
            level
        } else {
            setpoint
        };
        // Critically damped: proportional 2/τ, integral 1/τ², τ longer as the arrival is
        // noisier so the correction stays as steady as the drift it follows.
        let response =
            (RESPONSE_SECONDS * (self.noise / QUIET).max(1.0)).min(SLOWEST_RESPONSE_SECONDS);
        let error = (level - setpoint).clamp(-MAX_ERROR, MAX_ERROR);
        let integral = error * length / (response * response);
        self.learnt = (self.learnt - integral).clamp(-MAX_CORRECTION, MAX_CORRECTION);
        self.correction =
            (self.learnt - 2.0 * error / response).clamp(-MAX_CORRECTION, MAX_CORRECTION);
    }
}

/// The median of up to three numbers (the mean of the middle two of an even count).
fn median(values: &[f64]) -> f64 {
    let mut sorted = [0.0; LEVELS];
    let sorted = &mut sorted[..values.len().min(LEVELS)];
    sorted.copy_from_slice(&values[..sorted.len()]);
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests;
