//! The device callback: it ties the stream's frame 0 to the instant the device says it will
//! be heard, begins the programme (a file, or a relay's live input) on the frame that falls
//! on the slot, hands the card its samples, and notices stalls of the output. This is the hot
//! path of an airing: it runs on the device's own thread for every buffer.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rodio::cpal::traits::{DeviceTrait, StreamTrait};
use rodio::cpal::{self, FromSample, SampleFormat, SizedSample};

use super::clock::{Clocks, Progress};
use super::decode::Samples;
use super::device::DeviceConfig;
use super::live::Relay;
use super::measure::Measure;
use super::stall::StallDetector;

/// What an airing puts on the card from its start frame.
pub(super) enum Programme {
    /// A file's samples, converted to the card's channels and rate.
    File(Samples),
    /// A relay; shared with the audio thread, which reads its evidence once the stream is
    /// closed (uncontended until then).
    Live(Arc<Mutex<Relay>>),
}

/// What the device callback owns: the programme and the frame clock.
struct Transmitter {
    programme: Programme,
    channels: usize,
    rate: f64,
    clocks: Clocks,
    start_instant: Instant,
    written: u64,
    start_frame: u64,
    finished: bool,
    /// Tells stalls of the output from jitter and drift in how late the frames are heard.
    stalls: StallDetector,
    progress: Arc<Progress>,
    measure: Arc<Mutex<Measure>>,
}

impl Transmitter {
    /// Compares when this buffer will be heard with when the frames already written say it
    /// should be. Lag that has built up beyond jitter and drift is a stall: the card went
    /// without. It is recorded where it fell in the airing. A file is later by that much from
    /// here on: the frame clock is moved by it, so the end is awaited where it really is. A
    /// relay keeps to the clock instead as far as it can: as much of the source as it holds
    /// beyond its target is let go and counts as played, so after a real stall the relay
    /// stays at its delay and ends on the dot; the rest (all of a stall seen where there was
    /// none) moves the frame clock as for a file.
    fn notice_stall(&mut self, latency: Duration) {
        let anchor = self.progress.anchor_nanos.load(Ordering::Relaxed);
        let heard = (Instant::now() + latency).saturating_duration_since(self.clocks.instant);
        let position = self.written as f64 / self.rate;
        let lag = heard.as_secs_f64() - (Duration::from_nanos(anchor).as_secs_f64() + position);
        let Some(stall) = self
            .stalls
            .observe(position, lag)
            .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        else {
            return;
        };
        let on_air = self.written > self.start_frame && !self.finished;
        if let (true, Ok(mut measure)) = (on_air, self.measure.lock()) {
            measure.add_stall(stall);
        }
        let mut later = stall;
        if let Programme::Live(relay) = &self.programme {
            let missed = (stall.as_secs_f64() * self.rate).round() as u64;
            let skipped = relay.lock().map_or(0, |mut relay| relay.skip(missed));
            self.written += skipped;
            // What was not let go is later from here on, as for a file.
            later = later.saturating_sub(Duration::from_secs_f64(skipped as f64 / self.rate));
        }
        let moved = anchor.saturating_add(u64::try_from(later.as_nanos()).unwrap_or(u64::MAX));
        self.progress.anchor_nanos.store(moved, Ordering::Release);
    }

    /// Ties the stream's frame 0 to the instant the device says it will be heard, and so
    /// the programme's start to the frame that falls on the scheduled instant, whatever the
    /// callback timing. A relay's end is known from its start.
    fn anchor(&mut self, latency: Duration) {
        let heard = Instant::now() + latency;
        let anchor = heard.saturating_duration_since(self.clocks.instant);
        self.start_frame = (self
            .start_instant
            .saturating_duration_since(heard)
            .as_secs_f64()
            * self.rate)
            .round() as u64;
        if let Programme::Live(relay) = &self.programme {
            if let Ok(mut relay) = relay.lock() {
                let end = relay.anchor(self.start_frame);
                self.progress.end_frame.store(end, Ordering::Release);
            }
        }
        self.progress
            .anchor_nanos
            .store(anchor.as_nanos() as u64, Ordering::Release);
        self.progress
            .start_frame
            .store(self.start_frame, Ordering::Release);
        self.progress.anchored.store(true, Ordering::Release);
    }

    /// Fills one device buffer with silence until the start frame and the programme from it.
    fn fill<T: SizedSample + FromSample<f32>>(&mut self, data: &mut [T], latency: Duration) {
        if self.progress.anchored.load(Ordering::Relaxed) {
            self.notice_stall(latency);
        } else {
            self.anchor(latency);
        }
        let stopping = self.progress.stop.load(Ordering::Relaxed);
        // Uncontended: the audio thread reads it only after the stream is gone.
        let mut measure = self.measure.lock().ok();
        let handed = match &mut self.programme {
            Programme::File(samples) => {
                let mut file = FileTransmission {
                    samples,
                    channels: self.channels,
                    written: self.written,
                    start_frame: self.start_frame,
                    finished: self.finished,
                };
                let handed = file.fill(data, stopping, measure.as_deref_mut(), &self.progress);
                self.finished = file.finished;
                handed
            }
            Programme::Live(relay) => match relay.lock() {
                Ok(mut relay) => {
                    let filled = relay.fill(data, self.written, stopping, measure.as_deref_mut());
                    self.finished |= filled.ended;
                    filled.handed
                }
                Err(_) => {
                    data.fill(T::from_sample(0.0f32));
                    0
                }
            },
        };
        self.written += (data.len() / self.channels) as u64;
        self.progress
            .programme_frames
            .fetch_add(handed, Ordering::Release);
    }
}

/// One buffer of a file: silence until the start frame, then the file's samples until they
/// run out, which is the file's end frame.
struct FileTransmission<'a> {
    samples: &'a mut Samples,
    channels: usize,
    written: u64,
    start_frame: u64,
    finished: bool,
}

impl FileTransmission<'_> {
    /// Fills `data`; returns the frames of the file handed over.
    fn fill<T: SizedSample + FromSample<f32>>(
        &mut self,
        data: &mut [T],
        stopping: bool,
        mut measure: Option<&mut Measure>,
        progress: &Progress,
    ) -> u64 {
        let silence = T::from_sample(0.0f32);
        let mut programme_frame = [0.0f32; 8];
        let mut handed = 0u64;
        for frame in data.chunks_mut(self.channels) {
            if stopping || self.finished || self.written < self.start_frame {
                frame.fill(silence);
            } else {
                let mut complete = true;
                for (index, slot) in frame.iter_mut().enumerate() {
                    match self.samples.next() {
                        Some(sample) => {
                            if let Some(kept) = programme_frame.get_mut(index) {
                                *kept = sample;
                            }
                            *slot = T::from_sample(sample);
                        }
                        None => {
                            if index == 0 {
                                self.finished = true;
                                progress.end_frame.store(self.written, Ordering::Release);
                            }
                            complete = false;
                            *slot = silence;
                        }
                    }
                }
                if complete {
                    handed += 1;
                    if let Some(measure) = measure.as_mut() {
                        let channels = self.channels.min(programme_frame.len());
                        measure.add_frame(&programme_frame[..channels]);
                    }
                }
            }
            self.written += 1;
        }
        handed
    }
}

pub(super) fn build_stream(
    device: &cpal::Device,
    config: &DeviceConfig,
    programme: Programme,
    clocks: Clocks,
    start_instant: Instant,
    progress: &Arc<Progress>,
    measure: &Arc<Mutex<Measure>>,
) -> Result<cpal::Stream, String> {
    let transmitter = Transmitter {
        programme,
        channels: usize::from(config.stream.channels.max(1)),
        rate: f64::from(config.stream.sample_rate),
        clocks,
        start_instant,
        written: 0,
        start_frame: 0,
        finished: false,
        stalls: StallDetector::default(),
        progress: Arc::clone(progress),
        measure: Arc::clone(measure),
    };
    let stream = match config.format {
        SampleFormat::F32 => typed_stream::<f32>(device, config, transmitter, progress),
        SampleFormat::F64 => typed_stream::<f64>(device, config, transmitter, progress),
        SampleFormat::I16 => typed_stream::<i16>(device, config, transmitter, progress),
        SampleFormat::I32 => typed_stream::<i32>(device, config, transmitter, progress),
        SampleFormat::U16 => typed_stream::<u16>(device, config, transmitter, progress),
        SampleFormat::U8 => typed_stream::<u8>(device, config, transmitter, progress),
        other => Err(format!(
            "the device wants samples as {other}, which wardcast does not write"
        )),
    }?;
    stream.play().map_err(|error| error.to_string())?;
    Ok(stream)
}

fn typed_stream<T: SizedSample + FromSample<f32>>(
    device: &cpal::Device,
    config: &DeviceConfig,
    mut transmitter: Transmitter,
    progress: &Arc<Progress>,
) -> Result<cpal::Stream, String> {
    let errors = Arc::clone(progress);
    device
        .build_output_stream::<T, _, _>(
            config.stream,
            move |data: &mut [T], info: &cpal::OutputCallbackInfo| {
                let timestamp = info.timestamp();
                let latency = timestamp
                    .playback
                    .checked_duration_since(timestamp.callback)
                    .unwrap_or_default();
                transmitter.fill(data, latency);
            },
            move |error| errors.device_failed(&error),
            None,
        )
        .map_err(|error| error.to_string())
}
