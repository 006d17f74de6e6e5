//! Trying a source now, as `wardcast sources` does: connect, listen for a while, and say
//! what it is and how loud it is, or why it cannot be heard.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::http::{ANSWER_WAIT, CONNECT_WAIT};
use super::{ReceiveSink, Reception, StreamInfo};
use crate::config::Source;
use crate::messages::receive::ReceiveProblem;
use crate::sound::GapCause;

/// The longest a probe waits for a source to connect and give its first sound (an HLS
/// source reads two playlists and a segment first).
const FIRST_SOUND_WAIT: Duration = Duration::from_secs(20);
const LOOK: Duration = Duration::from_millis(50);

/// What a source gave while it was listened to.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Probe {
    pub info: StreamInfo,
    /// Seconds of sound decoded while listening (an HLS source gives a few segments at once).
    pub seconds: f64,
    /// Loudness of what was heard; `None` when it was silent.
    pub rms_dbfs: Option<f64>,
    pub peak_dbfs: Option<f64>,
    /// The source dropped while it was listened to.
    #[serde(skip)]
    pub problem: Option<ReceiveProblem>,
}

/// Tries `source` now: connects and listens for `listen` of wall time after the first
/// sound; the problem when it cannot be heard.
pub fn probe(source: &Source, listen: Duration) -> Result<Probe, ReceiveProblem> {
    let heard = Arc::new(Mutex::new(Heard::default()));
    let reception = Reception::start(source, Box::new(Listener(Arc::clone(&heard))));
    let started = Instant::now();
    let first_wait = FIRST_SOUND_WAIT.max(CONNECT_WAIT + ANSWER_WAIT);
    let outcome = loop {
        std::thread::sleep(LOOK);
        let heard = match heard.lock() {
            Ok(heard) => heard,
            Err(poisoned) => poisoned.into_inner(),
        };
        match (&heard.info, heard.first_sound_at, &heard.problem) {
            (None, _, Some(problem)) => break Err(problem.clone()),
            (Some(_), Some(at), problem) if at.elapsed() >= listen || problem.is_some() => {
                break Ok(())
            }
            _ if heard.first_sound_at.is_none() && started.elapsed() > first_wait => {
                break Err(heard.problem.clone().unwrap_or(ReceiveProblem::TimedOut))
            }
            _ => {}
        }
    };
    reception.stop();
    outcome?;
    let heard = match heard.lock() {
        Ok(heard) => heard,
        Err(poisoned) => poisoned.into_inner(),
    };
    heard.probe().ok_or(ReceiveProblem::TimedOut)
}

/// What the listener has gathered.
#[derive(Debug, Default)]
struct Heard {
    info: Option<StreamInfo>,
    first_sound_at: Option<Instant>,
    problem: Option<ReceiveProblem>,
    frames: u64,
    samples: u64,
    sum_of_squares: f64,
    peak: f32,
}

impl Heard {
    fn probe(&self) -> Option<Probe> {
        let info = self.info.clone()?;
        let rate = f64::from(info.sample_rate.unwrap_or(1).max(1));
        let to_dbfs = |level: f64| (level > 0.0).then(|| 20.0 * level.log10());
        let rms = (self.samples > 0).then(|| (self.sum_of_squares / self.samples as f64).sqrt());
        Some(Probe {
            seconds: self.frames as f64 / rate,
            rms_dbfs: rms.and_then(to_dbfs),
            peak_dbfs: (self.samples > 0)
                .then(|| to_dbfs(f64::from(self.peak)))
                .flatten(),
            problem: self.problem.clone(),
            info,
        })
    }
}

struct Listener(Arc<Mutex<Heard>>);

impl Listener {
    fn with(&self, change: impl FnOnce(&mut Heard)) {
        match self.0.lock() {
            Ok(mut heard) => change(&mut heard),
            Err(poisoned) => change(&mut poisoned.into_inner()),
        }
    }
}

impl ReceiveSink for Listener {
    fn connected(&mut self, info: &StreamInfo) {
        self.with(|heard| {
            heard.info.get_or_insert_with(|| info.clone());
        });
    }

    fn bytes(&mut self, _data: &[u8]) {}

    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        self.with(|heard| {
            heard.first_sound_at.get_or_insert_with(Instant::now);
            if let Some(info) = &mut heard.info {
                info.sample_rate.get_or_insert(rate);
                info.channels.get_or_insert(channels);
            }
            heard.frames += (samples.len() / usize::from(channels.max(1))) as u64;
            heard.samples += samples.len() as u64;
            for sample in samples {
                heard.sum_of_squares += f64::from(*sample) * f64::from(*sample);
                heard.peak = heard.peak.max(sample.abs());
            }
        });
    }

    fn lost(&mut self, _cause: GapCause, problem: &ReceiveProblem) {
        self.with(|heard| {
            heard.problem.get_or_insert_with(|| problem.clone());
        });
    }
}
