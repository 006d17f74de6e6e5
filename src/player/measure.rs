//! Measuring what the file put on the device while it plays: its level, its dead air, and
//! the stalls of the output, kept as the airing's evidence.

use std::time::Duration;

use crate::sound::{Silence, SoundEvidence};

/// A frame quieter than this on every channel (-60 dBFS) counts as silence.
const SILENCE_LEVEL: f32 = 0.001;

/// Level and silence of what the file put on the device, measured as it was handed over.
pub(super) struct Measure {
    rate: f64,
    dead_air_frames: u64,
    frames: u64,
    sum_of_squares: f64,
    samples: u64,
    peak: f32,
    /// The loudest sample since the last `take_recent_peak`, for the live level.
    recent_peak: f32,
    silent_run: u64,
    silences: Vec<Silence>,
    stalls: Vec<Silence>,
}

impl Measure {
    pub(super) fn new(rate: u32, dead_air: Duration) -> Measure {
        Measure {
            rate: f64::from(rate.max(1)),
            dead_air_frames: (dead_air.as_secs_f64() * f64::from(rate)) as u64,
            frames: 0,
            sum_of_squares: 0.0,
            samples: 0,
            peak: 0.0,
            recent_peak: 0.0,
            silent_run: 0,
            silences: Vec::new(),
            stalls: Vec::new(),
        }
    }

    pub(super) fn add_stall(&mut self, length: Duration) {
        self.stalls.push(Silence {
            offset_seconds: self.frames as f64 / self.rate,
            length_seconds: length.as_secs_f64(),
        });
    }

    pub(super) fn add_frame(&mut self, frame: &[f32]) {
        let mut loudest = 0.0f32;
        for sample in frame {
            let magnitude = sample.abs();
            loudest = loudest.max(magnitude);
            self.sum_of_squares += f64::from(*sample) * f64::from(*sample);
        }
        self.samples += frame.len() as u64;
        self.peak = self.peak.max(loudest);
        self.recent_peak = self.recent_peak.max(loudest);
        if loudest < SILENCE_LEVEL {
            self.silent_run += 1;
        } else {
            self.close_silence();
        }
        self.frames += 1;
    }

    fn close_silence(&mut self) {
        if self.silent_run > 0 && self.silent_run >= self.dead_air_frames {
            self.silences.push(Silence {
                offset_seconds: (self.frames - self.silent_run) as f64 / self.rate,
                length_seconds: self.silent_run as f64 / self.rate,
            });
        }
        self.silent_run = 0;
    }

    /// The loudest sample since this was last asked, in dBFS (`None` for none or silence),
    /// and a new window begun.
    pub(super) fn take_recent_peak(&mut self) -> Option<f32> {
        let peak = std::mem::take(&mut self.recent_peak);
        (peak > 0.0).then(|| 20.0 * peak.log10())
    }

    pub(super) fn finish(&mut self) -> SoundEvidence {
        self.close_silence();
        let to_dbfs = |level: f64| (level > 0.0).then(|| 20.0 * level.log10());
        let rms = (self.samples > 0).then(|| (self.sum_of_squares / self.samples as f64).sqrt());
        SoundEvidence {
            frames: self.frames,
            rms_dbfs: rms.and_then(to_dbfs),
            peak_dbfs: (self.frames > 0)
                .then(|| to_dbfs(f64::from(self.peak)))
                .flatten(),
            silences: std::mem::take(&mut self.silences),
            stalls: std::mem::take(&mut self.stalls),
            relay: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 1000;

    fn feed(measure: &mut Measure, level: f32, frames: usize) {
        for _ in 0..frames {
            measure.add_frame(&[level, -level]);
        }
    }

    #[test]
    fn the_level_is_measured_over_every_sample_and_nothing_played_has_none() {
        let mut measure = Measure::new(RATE, Duration::from_secs(2));
        feed(&mut measure, 0.5, 1000);
        let evidence = measure.finish();
        assert_eq!(evidence.frames, 1000);
        let half = 20.0 * 0.5f64.log10();
        assert!((evidence.rms_dbfs.expect("rms") - half).abs() < 1e-9);
        assert!((evidence.peak_dbfs.expect("peak") - half).abs() < 1e-9);

        let evidence = Measure::new(RATE, Duration::from_secs(2)).finish();
        assert_eq!((evidence.frames, evidence.rms_dbfs), (0, None));
        assert_eq!(evidence.peak_dbfs, None);
    }

    #[test]
    fn only_silence_as_long_as_the_dead_air_limit_is_kept_where_it_fell() {
        let mut measure = Measure::new(RATE, Duration::from_secs(2));
        feed(&mut measure, 0.5, 1000);
        feed(&mut measure, 0.0, 1999); // just short of the limit
        feed(&mut measure, 0.5, 500);
        feed(&mut measure, 0.0005, 2500); // below -60 dBFS: silence all the same
        feed(&mut measure, 0.5, 500);
        feed(&mut measure, 0.0, 3000); // still silent at the end
        let evidence = measure.finish();
        assert_eq!(
            evidence.silences,
            vec![
                Silence {
                    offset_seconds: 3.499,
                    length_seconds: 2.5
                },
                Silence {
                    offset_seconds: 6.499,
                    length_seconds: 3.0
                },
            ]
        );
        assert!(evidence.stalls.is_empty());
    }

    #[test]
    fn a_stall_is_placed_at_the_frames_handed_over_before_it() {
        let mut measure = Measure::new(RATE, Duration::from_secs(2));
        feed(&mut measure, 0.5, 1500);
        measure.add_stall(Duration::from_millis(250));
        let evidence = measure.finish();
        assert_eq!(
            evidence.stalls,
            vec![Silence {
                offset_seconds: 1.5,
                length_seconds: 0.25
            }]
        );
    }
}
