//! What a reception tells its sink, recorded for the tests of receiving, and the sound
//! checks they make: the frequency of a tone, and a kept file decoded again.

// Each test binary that includes this uses only part of it.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wardcast::config::{Source, SourceInput};
use wardcast::ids::SourceId;
use wardcast::messages::receive::ReceiveProblem;
use wardcast::receive::{ReceiveSink, Reception, StreamInfo};
use wardcast::sound::GapCause;

/// What a reception told its sink.
#[derive(Debug, Clone, PartialEq)]
pub enum Told {
    Connected(StreamInfo),
    Lost(GapCause, ReceiveProblem),
    /// Sound came (noted once after each `Connected`).
    Sound,
}

#[derive(Debug, Default)]
pub struct Heard {
    pub told: Vec<Told>,
    pub bytes: Vec<u8>,
    /// The first channel of everything heard.
    pub left: Vec<f32>,
    pub rate: u32,
    pub channels: u16,
}

impl Heard {
    pub fn connections(&self) -> usize {
        self.told
            .iter()
            .filter(|told| matches!(told, Told::Connected(_)))
            .count()
    }

    pub fn losses(&self) -> Vec<(GapCause, ReceiveProblem)> {
        self.told
            .iter()
            .filter_map(|told| match told {
                Told::Lost(cause, problem) => Some((*cause, problem.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn seconds(&self) -> f64 {
        self.left.len() as f64 / f64::from(self.rate.max(1))
    }
}

#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Heard>>);

impl Recorder {
    pub fn heard(&self) -> std::sync::MutexGuard<'_, Heard> {
        self.0.lock().expect("lock")
    }

    /// Waits until `done` holds of what was heard; whether it did within `timeout`.
    pub fn wait_for(&self, timeout: Duration, done: impl Fn(&Heard) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if done(&self.heard()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        done(&self.heard())
    }
}

impl ReceiveSink for Recorder {
    fn connected(&mut self, info: &StreamInfo) {
        self.heard().told.push(Told::Connected(info.clone()));
    }

    fn bytes(&mut self, data: &[u8]) {
        self.heard().bytes.extend_from_slice(data);
    }

    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        let mut heard = self.heard();
        if heard.told.last() != Some(&Told::Sound) {
            heard.told.push(Told::Sound);
        }
        heard.rate = rate;
        heard.channels = channels;
        let left: Vec<f32> = samples
            .iter()
            .step_by(usize::from(channels.max(1)))
            .copied()
            .collect();
        heard.left.extend(left);
    }

    fn lost(&mut self, cause: GapCause, problem: &ReceiveProblem) {
        self.heard().told.push(Told::Lost(cause, problem.clone()));
    }
}

pub fn source(url: &str) -> Source {
    Source {
        id: SourceId::new("dai-tinh"),
        title: "Đài tỉnh".to_string(),
        input: SourceInput::Url(url.to_string()),
    }
}

pub fn receive(url: &str) -> (Reception, Recorder) {
    let recorder = Recorder::default();
    let reception = Reception::start(&source(url), Box::new(recorder.clone()));
    (reception, recorder)
}

/// The frequency of `samples` at `rate`, from zero crossings, leaving out the decoder's
/// first half second.
pub fn frequency(samples: &[f32], rate: u32) -> f64 {
    let samples = &samples[(rate as usize / 2).min(samples.len())..];
    let crossings = samples
        .windows(2)
        .filter(|pair| (pair[0] < 0.0) != (pair[1] < 0.0))
        .count();
    crossings as f64 / 2.0 / (samples.len() as f64 / f64::from(rate))
}

/// Decodes a file with symphonia: the first channel and the rate.
pub fn decode_file(path: &std::path::Path) -> (Vec<f32>, u32) {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::probe::Hint;
    let file = std::fs::File::open(path).expect("the kept file");
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(extension) = path.extension().and_then(|extension| extension.to_str()) {
        hint.with_extension(extension);
    }
    let mut format = symphonia::default::get_probe()
        .format(&hint, stream, &Default::default(), &Default::default())
        .expect("a file symphonia knows")
        .format;
    let track = format.default_track().expect("a track").clone();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &Default::default())
        .expect("a decoder");
    let (mut left, mut rate) = (Vec::new(), 0);
    while let Ok(packet) = format.next_packet() {
        let Ok(decoded) = decoder.decode(&packet) else {
            continue;
        };
        let spec = *decoded.spec();
        rate = spec.rate;
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, spec);
        buffer.copy_interleaved_ref(decoded);
        left.extend(buffer.samples().iter().step_by(spec.channels.count()));
    }
    (left, rate)
}
