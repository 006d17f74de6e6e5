//! Turning a source's sound into the sound card's: its channels mixed to the card's, its rate
//! resampled to the card's times the drift correction.
//!
//! rubato's asynchronous resampler takes a ratio that may change between chunks and ramps
//! to it across the chunk, so a new correction never clicks. Its polynomial mode (no sinc
//! filter) is used: converting 44.1 or 48 kHz speech and music up to a card's rate, or between
//! equal rates with a correction of under 0.5 %, leaves next to nothing for an anti-aliasing
//! filter to remove, and it costs a fraction of the sinc mode's CPU (benches/relay.rs
//! measures both).

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Adjustable, Async, FixedAsync, PolynomialDegree, Resampler};

use crate::drift::MAX_CORRECTION;

/// Frames of the source taken per resampling step: about 20 ms, the device's own period.
const CHUNK: usize = 1024;

/// The widest rate conversion taken, either way: 8 kHz telephone sound to a 48 kHz card is
/// 6. A source claiming a rate far off that is broken, and its buffers would be huge.
const MAX_RATIO: f64 = 8.0;

/// How far from the nominal ratio the resampler may be moved: above the drift correction's
/// bound, as rubato asks for a margin.
const MAX_RELATIVE: f64 = 1.0 + 2.0 * MAX_CORRECTION;

/// How the resampler is built; the relay uses [`Quality::Polynomial`], the benchmark
/// compares it with the sinc mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quality {
    Polynomial,
    Sinc,
}

/// The conversion of one source format into the card's.
pub struct Converter {
    from_rate: u32,
    from_channels: u16,
    to_channels: usize,
    resampler: Async<f32>,
    /// The correction the resampler is set to.
    applied: f64,
    /// Mixed frames (the card's channels, interleaved) waiting for a whole chunk.
    staged: Vec<f32>,
    out: Vec<f32>,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Converter")
            .field("from_rate", &self.from_rate)
            .field("from_channels", &self.from_channels)
            .field("to_channels", &self.to_channels)
            .finish()
    }
}

impl Converter {
    /// A converter from `from_rate`/`from_channels` to `to_rate`/`to_channels`; `None` when
    /// a rate or a channel count is 0 or the rates are more than [`MAX_RATIO`] apart.
    pub fn new(
        (from_rate, from_channels): (u32, u16),
        (to_rate, to_channels): (u32, u16),
        quality: Quality,
    ) -> Option<Converter> {
        if from_rate == 0 || from_channels == 0 || to_rate == 0 || to_channels == 0 {
            return None;
        }
        let ratio = f64::from(to_rate) / f64::from(from_rate);
        if !(1.0 / MAX_RATIO..=MAX_RATIO).contains(&ratio) {
            return None;
        }
        let channels = usize::from(to_channels);
        let fixed = FixedAsync::Input;
        let resampler = match quality {
            Quality::Polynomial => Async::new_poly(
                ratio,
                MAX_RELATIVE,
                PolynomialDegree::Cubic,
                CHUNK,
                channels,
                fixed,
            ),
            Quality::Sinc => Async::new_sinc(
                ratio,
                MAX_RELATIVE,
                &rubato::SincInterpolationParameters::new(64, rubato::WindowFunction::Hann2),
                CHUNK,
                channels,
                fixed,
            ),
        }
        .ok()?;
        let out = vec![0.0; resampler.output_frames_max() * channels];
        Some(Converter {
            from_rate,
            from_channels,
            to_channels: channels,
            resampler,
            applied: 0.0,
            staged: Vec::with_capacity(2 * CHUNK * channels),
            out,
        })
    }

    /// Whether sound in this format is what the converter takes.
    pub fn takes(&self, rate: u32, channels: u16) -> bool {
        self.from_rate == rate && self.from_channels == channels
    }

    /// Converts `samples` (interleaved, the source's format; a partial frame at the end is
    /// dropped) with the ratio corrected by `correction`, handing each converted stretch to
    /// `emit`. What is short of a whole chunk waits for the next call.
    pub fn convert(&mut self, samples: &[f32], correction: f64, mut emit: impl FnMut(&[f32])) {
        mix(
            samples,
            usize::from(self.from_channels),
            self.to_channels,
            &mut self.staged,
        );
        let channels = self.to_channels;
        let correction = correction.clamp(-MAX_CORRECTION, MAX_CORRECTION);
        let mut taken = 0;
        while self.staged.len() - taken >= CHUNK * channels {
            if correction != self.applied
                && self
                    .resampler
                    .set_resample_ratio_relative(1.0 + correction, true)
                    .is_ok()
            {
                self.applied = correction;
            }
            let chunk = &self.staged[taken..taken + CHUNK * channels];
            let out_frames = self.out.len() / channels;
            let (Ok(input), Ok(mut output)) = (
                InterleavedSlice::new(chunk, channels, CHUNK),
                InterleavedSlice::new_mut(&mut self.out, channels, out_frames),
            ) else {
                break;
            };
            taken += CHUNK * channels;
            if let Ok((_, written)) = self
                .resampler
                .process_into_buffer(&input, &mut output, None)
            {
                emit(&self.out[..written * channels]);
            }
        }
        self.staged.drain(..taken);
    }
}

/// Appends `input` (interleaved, `from` channels) to `out` with `to` channels: a channel the
/// source lacks repeats the source's (mono to both sides), and channels the card lacks are
/// mixed into the ones it has (stereo to mono is the mean of both sides).
fn mix(input: &[f32], from: usize, to: usize, out: &mut Vec<f32>) {
    if from == 0 || to == 0 {
        return;
    }
    let frames = input.chunks_exact(from);
    if from == to {
        out.extend_from_slice(&input[..frames.len() * from]);
        return;
    }
    out.reserve(frames.len() * to);
    for frame in frames {
        for channel in 0..to {
            if from < to {
                out.push(frame[channel % from]);
            } else {
                let folded = frame.iter().skip(channel).step_by(to);
                let count = folded.clone().count().max(1);
                out.push(folded.sum::<f32>() / count as f32);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mixed(input: &[f32], from: usize, to: usize) -> Vec<f32> {
        let mut out = Vec::new();
        mix(input, from, to, &mut out);
        out
    }

    #[test]
    fn channels_are_repeated_or_folded_to_the_cards() {
        assert_eq!(
            mixed(&[0.1, 0.2, 0.3], 1, 2),
            [0.1, 0.1, 0.2, 0.2, 0.3, 0.3]
        );
        assert_eq!(mixed(&[0.2, 0.4, 0.6, 0.8], 2, 1), [0.3, 0.70000005]);
        assert_eq!(mixed(&[0.1, 0.2, 0.3, 0.4], 2, 2), [0.1, 0.2, 0.3, 0.4]);
        // A partial frame at the end is dropped.
        assert_eq!(mixed(&[0.1, 0.2, 0.3], 2, 2), [0.1, 0.2]);
        assert_eq!(mixed(&[0.1, 0.2, 0.3], 2, 1), [0.15]);
        assert_eq!(mixed(&[0.1], 0, 2), Vec::<f32>::new());
    }

    /// Converts `chunks` whole chunks of a 440 Hz stereo tone at `from` Hz into the card's
    /// 48 kHz stereo, with `correction`; returns the frames that came out.
    fn converted_frames(from: u32, chunks: usize, correction: f64, quality: Quality) -> usize {
        let mut converter = Converter::new((from, 2), (48_000, 2), quality).expect("a converter");
        let tone: Vec<f32> = (0..chunks * CHUNK)
            .flat_map(|frame| {
                let value = (frame as f32 * 440.0 / from as f32 * std::f32::consts::TAU).sin();
                [value * 0.5, value * 0.5]
            })
            .collect();
        let mut out = 0;
        // In pieces of another size, as a decoder hands them over.
        for piece in tone.chunks(2 * 1152) {
            converter.convert(piece, correction, |converted| out += converted.len() / 2);
        }
        out
    }

    #[test]
    fn a_second_of_the_source_is_a_second_of_the_card_times_the_correction() {
        let cases = [
            (Quality::Polynomial, 44_100),
            (Quality::Polynomial, 48_000),
            (Quality::Polynomial, 22_050),
            (Quality::Sinc, 44_100),
        ];
        for (quality, from) in cases {
            let chunks = 3 * from as usize / CHUNK;
            let expected = (chunks * CHUNK) as f64 * 48_000.0 / f64::from(from);
            let nominal = converted_frames(from, chunks, 0.0, quality) as f64;
            // Less the resampler's own delay, a few frames (half the sinc's length).
            assert!(
                (0.0..40.0).contains(&(expected - nominal)),
                "{from}: {nominal}"
            );
            let faster = converted_frames(from, chunks, -0.004, quality) as f64;
            assert!(
                (faster / nominal - 0.996).abs() < 3e-4,
                "{from}: {faster} against {nominal}"
            );
        }
    }

    #[test]
    fn a_correction_beyond_the_bound_is_held_to_it() {
        let bounded = converted_frames(48_000, 100, -MAX_CORRECTION, Quality::Polynomial);
        let beyond = converted_frames(48_000, 100, -0.5, Quality::Polynomial);
        assert_eq!(bounded, beyond);
    }

    #[test]
    fn formats_that_cannot_be_converted_are_refused() {
        assert!(Converter::new((0, 2), (48_000, 2), Quality::Polynomial).is_none());
        assert!(Converter::new((44_100, 0), (48_000, 2), Quality::Polynomial).is_none());
        assert!(Converter::new((44_100, 2), (48_000, 0), Quality::Polynomial).is_none());
        assert!(Converter::new((1, 2), (48_000, 2), Quality::Polynomial).is_none());
        assert!(Converter::new((4_000_000, 2), (48_000, 2), Quality::Polynomial).is_none());
        let converter = Converter::new((44_100, 2), (48_000, 2), Quality::Polynomial);
        let converter = converter.expect("a converter");
        assert!(converter.takes(44_100, 2));
        assert!(!converter.takes(48_000, 2));
        assert!(!converter.takes(44_100, 1));
    }
}
