//! Sound from a capture device: the line-in a radio receiver is plugged into, or any input
//! `wardcast devices` lists. The device's callback only copies each buffer into one of a
//! fixed set of buffers and passes it on (it never waits and allocates nothing once
//! running); the calling thread hands the sound to the sink, so a slow sink (a FLAC encoder
//! on a busy disk) can never make the device lose its place.
//!
//! cpal (re-exported by rodio, as the player uses it) opens the device; the device's own
//! rate and channels are kept, and 16-bit samples are asked for when the device gives them,
//! since a line-in carries no more than that and a recording keeps 16 bits.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{self, FromSample, SampleFormat, SizedSample};

use super::{Codec, ReceiveSink, StreamInfo, StreamKind};
use crate::config::LINE_IN;
use crate::messages::receive::ReceiveProblem;

/// Frames per device period: about 21 ms at 48 kHz, a period ALSA's capture handles
/// evenly (a power of two).
const PERIOD_FRAMES: u32 = 1024;

/// Buffers in flight between the device and the sink: about 0.7 s of sound at 1024-frame
/// periods, so a sink that pauses that long loses nothing.
const POOL: usize = 32;

/// How long the device may stay open without giving sound before it counts as failed
/// (a receiver unplugged from a USB card that does not say so).
const STALL_LIMIT: Duration = Duration::from_secs(2);

/// How often the calling thread looks at the stop flag and the device's health.
const POLL: Duration = Duration::from_millis(100);

/// A capture device wardcast can see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputDevice {
    /// What to write in `input` of a `[[source]]`: `line-in` for the system's default
    /// input, else the device's name.
    pub name: String,
    /// How the system describes it (empty for the default input, which the listing words
    /// itself).
    pub description: String,
    /// The system's default input (`line-in`).
    pub is_default: bool,
}

/// The capture devices of the system's audio host, the default input (`line-in`) first.
pub fn input_devices() -> Result<Vec<InputDevice>, ReceiveProblem> {
    let host = cpal::default_host();
    let list = host
        .input_devices()
        .map_err(|error| failed("(all)", &error))?;
    let mut found = vec![InputDevice {
        name: LINE_IN.to_string(),
        description: String::new(),
        is_default: true,
    }];
    found.extend(list.filter_map(|device| {
        let id = device.id().ok()?;
        // `line-in` already stands for it.
        if id.id() == "default" {
            return None;
        }
        let description = device
            .description()
            .map(|description| description.name().to_string())
            .unwrap_or_default();
        Some(InputDevice {
            name: id.id().to_string(),
            description,
            is_default: false,
        })
    }));
    Ok(found)
}

/// Captures from `device` and hands its sound to `sink` on this thread until `stop` is set
/// (`Ok`) or the device fails (`CaptureMissing`, `CaptureFailed`, `CaptureStalled`).
pub fn run(
    device: &str,
    sink: &mut dyn ReceiveSink,
    stop: &AtomicBool,
) -> Result<(), ReceiveProblem> {
    let input = find(device)?;
    let (config, format) = capture_config(&input).map_err(|error| failed(device, &error))?;
    let (feed, pipe) = Feed::new(config.channels);
    let stream = open_stream(&input, &config, format, pipe).map_err(|detail| {
        ReceiveProblem::CaptureFailed {
            device: device.to_string(),
            detail,
        }
    })?;
    stream.play().map_err(|error| failed(device, &error))?;
    tracing::info!(device, rate = config.sample_rate, channels = config.channels,
        samples = %format, "capturing");
    sink.connected(&StreamInfo {
        kind: StreamKind::Capture,
        codec: Codec::Pcm,
        bitrate: None,
        sample_rate: Some(config.sample_rate),
        channels: Some(config.channels),
    });
    let result = feed.pump(device, sink, stop, config.sample_rate, config.channels);
    drop(stream);
    feed.tell_losses(device);
    result
}

fn failed(device: &str, error: &impl std::fmt::Display) -> ReceiveProblem {
    ReceiveProblem::CaptureFailed {
        device: device.to_string(),
        detail: error.to_string(),
    }
}

/// The device `name` means: the system's default input for `line-in`, else the input
/// whose name (or description) it is, as `input_devices` lists them.
fn find(name: &str) -> Result<cpal::Device, ReceiveProblem> {
    let host = cpal::default_host();
    let missing = || ReceiveProblem::CaptureMissing {
        device: name.to_string(),
    };
    if name == LINE_IN {
        return host.default_input_device().ok_or_else(missing);
    }
    let wanted = name.strip_prefix("alsa:").unwrap_or(name);
    let devices = host.input_devices().map_err(|_| missing())?;
    for device in devices {
        let id_matches = device.id().is_ok_and(|id| id.id() == wanted);
        let description_matches = device
            .description()
            .is_ok_and(|description| description.name() == name);
        if id_matches || description_matches {
            return Ok(device);
        }
    }
    Err(missing())
}

/// The device's own rate and channels, in 16-bit samples when it gives them, with a short
/// period.
fn capture_config(device: &cpal::Device) -> Result<(cpal::StreamConfig, SampleFormat), String> {
    let default = device
        .default_input_config()
        .map_err(|error| error.to_string())?;
    let rate = default.sample_rate();
    let channels = default.channels();
    let gives_16_bits = device.supported_input_configs().is_ok_and(|mut configs| {
        configs.any(|config| {
            config.sample_format() == SampleFormat::I16
                && config.channels() == channels
                && config.min_sample_rate() <= rate
                && rate <= config.max_sample_rate()
        })
    });
    let format = if gives_16_bits {
        SampleFormat::I16
    } else {
        default.sample_format()
    };
    let buffer_size = match default.buffer_size() {
        cpal::SupportedBufferSize::Range { min, max } => {
            cpal::BufferSize::Fixed(PERIOD_FRAMES.clamp(*min, (*max).max(*min)))
        }
        cpal::SupportedBufferSize::Unknown => cpal::BufferSize::Default,
    };
    let config = cpal::StreamConfig {
        channels,
        sample_rate: rate,
        buffer_size,
    };
    Ok((config, format))
}

/// What the device's callbacks and the calling thread share: the first failure the
/// stream reported and how much sound was lost on the way.
#[derive(Default)]
struct Health {
    error: Mutex<Option<String>>,
    dropped: AtomicU64,
    overruns: AtomicU64,
}

impl Health {
    /// Takes an error the stream reports. An overrun is not a failure: the device lost a
    /// moment and cpal restarted it; anything else ends the capture.
    fn device_failed(&self, error: &cpal::Error) {
        if error.kind() == cpal::ErrorKind::Xrun {
            self.overruns.fetch_add(1, Ordering::Relaxed);
            return;
        }
        if let Ok(mut slot) = self.error.lock() {
            slot.get_or_insert_with(|| error.to_string());
        }
    }

    fn take_error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// The device's end of the feed, owned by its data callback.
struct Pipe {
    full: SyncSender<Vec<f32>>,
    free: Receiver<Vec<f32>>,
    health: Arc<Health>,
}

impl Pipe {
    /// Passes one buffer of the device's samples on, as floats; never waits.
    fn pass<T>(&self, data: &[T])
    where
        T: SizedSample,
        f32: FromSample<T>,
    {
        let Ok(mut buffer) = self.free.try_recv() else {
            self.health
                .dropped
                .fetch_add(data.len() as u64, Ordering::Relaxed);
            return;
        };
        buffer.clear();
        buffer.extend(data.iter().map(|sample| sample.to_sample::<f32>()));
        // The channel holds as many buffers as the pool: never full. A closed one means the
        // capture is ending.
        let _ = self.full.try_send(buffer);
    }
}

/// The calling thread's end of the feed.
struct Feed {
    full: Receiver<Vec<f32>>,
    free: SyncSender<Vec<f32>>,
    health: Arc<Health>,
}

impl Feed {
    fn new(channels: u16) -> (Feed, Pipe) {
        let (full_sender, full) = mpsc::sync_channel(POOL);
        let (free, free_receiver) = mpsc::sync_channel(POOL);
        let capacity = PERIOD_FRAMES as usize * usize::from(channels.max(1)) * 2;
        for _ in 0..POOL {
            let _ = free.try_send(Vec::with_capacity(capacity));
        }
        let health = Arc::new(Health::default());
        let pipe = Pipe {
            full: full_sender,
            free: free_receiver,
            health: Arc::clone(&health),
        };
        (Feed { full, free, health }, pipe)
    }

    /// Hands the device's sound to `sink` until stopped or the device fails.
    fn pump(
        &self,
        device: &str,
        sink: &mut dyn ReceiveSink,
        stop: &AtomicBool,
        rate: u32,
        channels: u16,
    ) -> Result<(), ReceiveProblem> {
        let mut last_sound = Instant::now();
        while !stop.load(Ordering::SeqCst) {
            if let Some(detail) = self.health.take_error() {
                return Err(ReceiveProblem::CaptureFailed {
                    device: device.to_string(),
                    detail,
                });
            }
            match self.full.recv_timeout(POLL) {
                Ok(buffer) => {
                    sink.sound(&buffer, rate, channels);
                    last_sound = Instant::now();
                    let _ = self.free.try_send(buffer);
                }
                Err(RecvTimeoutError::Timeout) if last_sound.elapsed() < STALL_LIMIT => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err(ReceiveProblem::CaptureStalled {
                        device: device.to_string(),
                        seconds: STALL_LIMIT.as_secs(),
                    })
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(failed(device, &"the device's stream ended"))
                }
            }
        }
        Ok(())
    }

    /// Says in the daemon's log what the capture lost on the way, if anything.
    fn tell_losses(&self, device: &str) {
        let dropped = self.health.dropped.load(Ordering::Relaxed);
        let overruns = self.health.overruns.load(Ordering::Relaxed);
        if dropped > 0 || overruns > 0 {
            tracing::warn!(
                device,
                dropped_samples = dropped,
                overruns,
                "the capture lost sound: its reader fell behind the device"
            );
        }
    }
}

fn open_stream(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    format: SampleFormat,
    pipe: Pipe,
) -> Result<cpal::Stream, String> {
    match format {
        SampleFormat::I16 => typed_stream::<i16>(device, config, pipe),
        SampleFormat::I32 => typed_stream::<i32>(device, config, pipe),
        SampleFormat::F32 => typed_stream::<f32>(device, config, pipe),
        SampleFormat::F64 => typed_stream::<f64>(device, config, pipe),
        SampleFormat::U16 => typed_stream::<u16>(device, config, pipe),
        SampleFormat::U8 => typed_stream::<u8>(device, config, pipe),
        SampleFormat::I8 => typed_stream::<i8>(device, config, pipe),
        other => Err(format!(
            "the device gives samples as {other}, which wardcast does not read"
        )),
    }
}

fn typed_stream<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    pipe: Pipe,
) -> Result<cpal::Stream, String>
where
    T: SizedSample,
    f32: FromSample<T>,
{
    let health = Arc::clone(&pipe.health);
    device
        .build_input_stream::<T, _, _>(
            *config,
            move |data: &[T], _: &cpal::InputCallbackInfo| pipe.pass(data),
            move |error| health.device_failed(&error),
            None,
        )
        .map_err(|error| error.to_string())
}
