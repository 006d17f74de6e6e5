//! The audio thread and the sound card. One dedicated thread owns the device; it takes
//! airings over a channel, opens the device and decodes the head of the file before the
//! slot, and places the first sample at the scheduled instant. It decides nothing about
//! what to air and writes no log: it reports what happened to whoever asked.
//!
//! rodio decodes and converts the audio; the device stream is built with cpal (which rodio
//! re-exports and drives itself) because placing the first sample on an exact instant needs
//! the device's own sample clock and its playback timestamps, which rodio's mixer hides.

use std::io::Cursor;
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::library::Rejection;
use crate::messages::Lang;
use crate::sound::{Silence, SoundEvidence};
use rodio::conversions::{ChannelCountConverter, SampleRateConverter};
use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{self, FromSample, SampleFormat, SizedSample};
use rodio::{Decoder, Source};

mod snapshot;
mod stall;
pub use snapshot::{Snapshot, SnapshotBytes, MAX_SNAPSHOT};
use stall::StallDetector;

/// How much of the file is decoded before the device opens, so the start never waits on
/// the disk or the decoder.
const HEAD: Duration = Duration::from_secs(3);

/// How often the audio thread looks at the progress of an airing. Only while one plays;
/// an idle player sleeps on its channel.
const PROGRESS_TICK: Duration = Duration::from_millis(10);

/// How long the device stays open after the file's last sample is due to be heard: a
/// card's clock may run a little slower than the system's, and closing the device drops
/// whatever it has not played yet.
const TAIL_MARGIN: Duration = Duration::from_millis(250);

/// How often an airing reports how far it has got, so a crash can be accounted for.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// A frame quieter than this on every channel (-60 dBFS) counts as silence.
const SILENCE_LEVEL: f32 = 0.001;

/// The period of the device buffer we ask for: short enough for a prompt stop, long enough
/// not to keep the CPU busy.
const DEVICE_PERIOD: Duration = Duration::from_millis(20);

/// A request to air one file.
#[derive(Debug)]
pub struct AirRequest {
    /// The file's name on disk, for messages and the decoder's hint.
    pub file: PathBuf,
    pub snapshot: Snapshot,
    /// The wall-clock instant the first sample must be heard.
    pub start_at: SystemTime,
    pub events: tokio::sync::mpsc::UnboundedSender<PlayerEvent>,
}

/// What the audio thread reports about an airing, in order: `Started` then `Ended`, or
/// `Failed` alone when no sound went out.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    Started {
        /// When the first sample was heard (by the device's clock).
        at: SystemTime,
    },
    /// Sent every few seconds while on air.
    Progress {
        played: Duration,
    },
    Ended {
        at: SystemTime,
        played: Duration,
        how: Ending,
        evidence: SoundEvidence,
    },
    Failed {
        error: PlayerError,
    },
}

/// How an airing that started came to an end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The file played to its last sample.
    Complete,
    /// Stopped on request (shutdown, or a later cut-in).
    Stopped(String),
    /// The device failed in the middle.
    DeviceLost(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayerError {
    #[error(
        "no sound card called \"{device}\" was found; run `wardcast devices` to see the ones \
         wardcast can use, and set [output] device in the configuration to one of them"
    )]
    NoSuchDevice { device: String },
    #[error(
        "the sound card \"{device}\" could not be opened: {detail}; check that it is plugged in \
         and not used by another program, then try `wardcast play` with a sample file"
    )]
    DeviceOpen { device: String, detail: String },
    #[error("cannot open {file}: {detail}")]
    FileOpen { file: PathBuf, detail: String },
    #[error("cannot air {file}: {}", too_large(*.bytes, *.limit).describe(Lang::En))]
    TooLarge {
        file: PathBuf,
        bytes: u64,
        limit: u64,
    },
    #[error("cannot decode {file}: {detail}")]
    Decode { file: PathBuf, detail: String },
    #[error("the audio thread has stopped")]
    ThreadGone,
    /// Stopped before its first sample (shutdown or a cut-in): nothing went out.
    #[error("stopped before it started ({reason})")]
    Cancelled { reason: String },
}

fn too_large(bytes: u64, limit: u64) -> Rejection {
    Rejection::TooLargeToAir { bytes, limit }
}

impl PlayerError {
    /// Why the file cannot be aired, as the library tells the officer about files that
    /// will not air.
    pub fn rejection(&self) -> Rejection {
        match self {
            PlayerError::TooLarge { bytes, limit, .. } => too_large(*bytes, *limit),
            PlayerError::FileOpen { detail, .. } => Rejection::Unreadable(detail.clone()),
            other => Rejection::Unreadable(other.to_string()),
        }
    }
}

enum Command {
    Air(AirRequest, Duration),
    Stop { reason: String },
    Shutdown,
}

/// The handle to the audio thread. Dropping it stops any airing and joins the thread.
pub struct Player {
    commands: mpsc::Sender<Command>,
    thread: Option<JoinHandle<()>>,
    dead_air: Duration,
}

impl Player {
    /// Starts the audio thread for the named device (`"default"` or a name from `devices()`).
    /// The device itself is opened only for each airing.
    /// Silence longer than `dead_air` inside an airing is reported in its evidence.
    pub fn start(device: &str, dead_air: Duration) -> Result<Player, PlayerError> {
        let (commands, receiver) = mpsc::channel();
        let device = device.to_string();
        let thread = std::thread::Builder::new()
            .name("wardcast-audio".into())
            .spawn(move || audio_thread(&device, &receiver))
            .map_err(|_| PlayerError::ThreadGone)?;
        Ok(Player {
            commands,
            thread: Some(thread),
            dead_air,
        })
    }

    /// Hands an airing to the audio thread; progress arrives on `request.events`.
    pub fn air(&self, request: AirRequest) -> Result<(), PlayerError> {
        self.commands
            .send(Command::Air(request, self.dead_air))
            .map_err(|_| PlayerError::ThreadGone)
    }

    /// Cuts the airing on air now (if any); it ends with `Ending::Stopped(reason)`.
    pub fn stop(&self, reason: &str) {
        let _ = self.commands.send(Command::Stop {
            reason: reason.to_string(),
        });
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A sound card wardcast can see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// What to write in `[output] device`.
    pub name: String,
    pub description: String,
    pub is_default: bool,
}

/// The output devices of the system's audio host.
pub fn devices() -> Result<Vec<DeviceInfo>, PlayerError> {
    let host = cpal::default_host();
    let default_id = host
        .default_output_device()
        .and_then(|device| device.id().ok());
    let list = host
        .output_devices()
        .map_err(|error| PlayerError::DeviceOpen {
            device: "(all)".into(),
            detail: error.to_string(),
        })?;
    let mut found: Vec<DeviceInfo> = list
        .filter_map(|device| {
            let id = device.id().ok()?;
            let description = device
                .description()
                .map(|description| description.name().to_string())
                .unwrap_or_default();
            Some(DeviceInfo {
                name: id.id().to_string(),
                description,
                is_default: default_id.as_ref() == Some(&id),
            })
        })
        .collect();
    // ALSA does not always list its default device among the hints; it is still usable.
    if let Some(id) = default_id {
        if !found.iter().any(|device| device.is_default) {
            found.insert(
                0,
                DeviceInfo {
                    name: "default".to_string(),
                    description: format!("the system's default output ({})", id.id()),
                    is_default: true,
                },
            );
        }
    }
    Ok(found)
}

fn find_device(name: &str) -> Result<cpal::Device, PlayerError> {
    let host = cpal::default_host();
    let missing = || PlayerError::NoSuchDevice {
        device: name.to_string(),
    };
    if name == "default" {
        return host.default_output_device().ok_or_else(missing);
    }
    let wanted = name.strip_prefix("alsa:").unwrap_or(name);
    let devices = host.output_devices().map_err(|_| missing())?;
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

fn audio_thread(device_name: &str, commands: &mpsc::Receiver<Command>) {
    // Blocks on the channel while idle: no timer, no polling.
    while let Ok(command) = commands.recv() {
        match command {
            Command::Air(request, dead_air) => {
                if air(device_name, request, dead_air, commands) == AfterAiring::Shutdown {
                    return;
                }
            }
            Command::Stop { .. } => {}
            Command::Shutdown => return,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum AfterAiring {
    Continue,
    Shutdown,
}

/// Converts between the wall clock the schedule speaks and the monotonic clock the audio
/// thread times with, from one reading of both.
#[derive(Clone, Copy)]
struct Clocks {
    instant: Instant,
    wall: SystemTime,
}

impl Clocks {
    fn now() -> Clocks {
        Clocks {
            instant: Instant::now(),
            wall: SystemTime::now(),
        }
    }

    fn instant_of(&self, wall: SystemTime) -> Instant {
        match wall.duration_since(self.wall) {
            Ok(ahead) => self.instant + ahead,
            Err(behind) => self
                .instant
                .checked_sub(behind.duration())
                .unwrap_or(self.instant),
        }
    }

    fn wall_of(&self, instant: Instant) -> SystemTime {
        if instant >= self.instant {
            self.wall + (instant - self.instant)
        } else {
            self.wall - (self.instant - instant)
        }
    }
}

/// State shared between the device callback and the audio thread.
struct Progress {
    /// Nanoseconds from `Clocks::instant` to when frame 0 of the stream is heard; 0 until
    /// the first callback has run.
    anchor_nanos: AtomicU64,
    anchored: AtomicBool,
    start_frame: AtomicU64,
    /// The frame after the file's last one; `u64::MAX` while the file still plays.
    end_frame: AtomicU64,
    /// Frames of the file handed to the card so far.
    programme_frames: AtomicU64,
    stop: AtomicBool,
    device_error: Mutex<Option<String>>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            anchor_nanos: AtomicU64::new(0),
            anchored: AtomicBool::new(false),
            start_frame: AtomicU64::new(0),
            end_frame: AtomicU64::new(u64::MAX),
            programme_frames: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            device_error: Mutex::new(None),
        }
    }

    /// Takes an error the stream reports. An underrun (xrun) is not a failure: the card went
    /// without for a moment and cpal has already restarted it; the airing goes on, and the
    /// gap shows in the frame clock as a stall. Anything else ends the airing.
    fn device_failed(&self, error: &cpal::Error) {
        if error.kind() == cpal::ErrorKind::Xrun {
            return;
        }
        if let Ok(mut slot) = self.device_error.lock() {
            slot.get_or_insert_with(|| error.to_string());
        }
    }
}

fn air(
    device_name: &str,
    request: AirRequest,
    dead_air: Duration,
    commands: &mpsc::Receiver<Command>,
) -> AfterAiring {
    let events = request.events.clone();
    let fail = |error: PlayerError| {
        let _ = events.send(PlayerEvent::Failed { error });
    };
    let device = match find_device(device_name) {
        Ok(device) => device,
        Err(error) => {
            fail(error);
            return AfterAiring::Continue;
        }
    };
    let config = match stream_config(&device) {
        Ok(config) => config,
        Err(detail) => {
            fail(PlayerError::DeviceOpen {
                device: device_name.to_string(),
                detail,
            });
            return AfterAiring::Continue;
        }
    };
    let source = match decode_with_head(&request.file, &request.snapshot, &config.stream) {
        Ok(source) => source,
        Err(error) => {
            fail(error);
            return AfterAiring::Continue;
        }
    };
    let clocks = Clocks::now();
    let start_instant = clocks.instant_of(request.start_at);
    let progress = Arc::new(Progress::new());
    let rate_hz = config.stream.sample_rate;
    let measure = Arc::new(Mutex::new(Measure::new(rate_hz, dead_air)));
    let stream = match build_stream(
        &device,
        &config,
        source,
        clocks,
        start_instant,
        &progress,
        &measure,
    ) {
        Ok(stream) => stream,
        Err(detail) => {
            fail(PlayerError::DeviceOpen {
                device: device_name.to_string(),
                detail,
            });
            return AfterAiring::Continue;
        }
    };
    let rate = f64::from(config.stream.sample_rate);
    let frame_instant = |frame: u64| -> Instant {
        let anchor = Duration::from_nanos(progress.anchor_nanos.load(Ordering::Acquire));
        clocks.instant + anchor + Duration::from_secs_f64(frame as f64 / rate)
    };

    let mut started_at: Option<Instant> = None;
    let mut last_progress = Instant::now();
    let mut after = AfterAiring::Continue;
    let ending = loop {
        let command = commands.recv_timeout(PROGRESS_TICK);
        let anchored = progress.anchored.load(Ordering::Acquire);
        let now = Instant::now();
        if started_at.is_none() && anchored {
            let start = frame_instant(progress.start_frame.load(Ordering::Acquire));
            if now >= start {
                started_at = Some(start);
                last_progress = now;
                let _ = events.send(PlayerEvent::Started {
                    at: clocks.wall_of(start),
                });
            }
        }
        if started_at.is_some() && now.duration_since(last_progress) >= PROGRESS_EVERY {
            last_progress = now;
            let frames = progress.programme_frames.load(Ordering::Acquire);
            let _ = events.send(PlayerEvent::Progress {
                played: Duration::from_secs_f64(frames as f64 / rate),
            });
        }
        match command {
            Ok(Command::Stop { reason }) => break Ending::Stopped(reason),
            Ok(Command::Shutdown) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                after = AfterAiring::Shutdown;
                break Ending::Stopped("shutdown".to_string());
            }
            Ok(Command::Air(other, _)) => {
                // One airing at a time: the caller waits for the end before asking again.
                let _ = other.events.send(PlayerEvent::Failed {
                    error: PlayerError::DeviceOpen {
                        device: device_name.to_string(),
                        detail: "another airing is on air".to_string(),
                    },
                });
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if let Some(detail) = progress
            .device_error
            .lock()
            .ok()
            .and_then(|error| error.clone())
        {
            break Ending::DeviceLost(detail);
        }
        let end_frame = progress.end_frame.load(Ordering::Acquire);
        if end_frame != u64::MAX
            && started_at.is_some()
            && now >= frame_instant(end_frame) + TAIL_MARGIN
        {
            break Ending::Complete;
        }
    };
    progress.stop.store(true, Ordering::Release);
    drop(stream);
    let ended = Instant::now();
    let evidence = measure
        .lock()
        .map(|mut measure| measure.finish())
        .unwrap_or_default();
    match started_at {
        Some(_) => {
            let end = if ending == Ending::Complete {
                frame_instant(progress.end_frame.load(Ordering::Acquire))
            } else {
                ended
            };
            // What the card took, not the time that passed: a pause of the process is not
            // airtime.
            let played = Duration::from_secs_f64(evidence.frames as f64 / rate);
            let _ = events.send(PlayerEvent::Ended {
                at: clocks.wall_of(end),
                played,
                how: ending,
                evidence,
            });
        }
        None => match ending {
            Ending::Stopped(reason) => fail(PlayerError::Cancelled { reason }),
            Ending::DeviceLost(detail) => fail(PlayerError::DeviceOpen {
                device: device_name.to_string(),
                detail,
            }),
            Ending::Complete => fail(PlayerError::DeviceOpen {
                device: device_name.to_string(),
                detail: "the file ended before it started".to_string(),
            }),
        },
    }
    after
}

struct DeviceConfig {
    stream: cpal::StreamConfig,
    format: SampleFormat,
}

fn stream_config(device: &cpal::Device) -> Result<DeviceConfig, String> {
    let default = device
        .default_output_config()
        .map_err(|error| error.to_string())?;
    let rate = default.sample_rate();
    let channels = default.channels();
    let float_supported = device.supported_output_configs().is_ok_and(|mut configs| {
        configs.any(|config| {
            config.sample_format() == SampleFormat::F32
                && config.channels() == channels
                && config.min_sample_rate() <= rate
                && rate <= config.max_sample_rate()
        })
    });
    let format = if float_supported {
        SampleFormat::F32
    } else {
        default.sample_format()
    };
    let wanted = (f64::from(rate) * DEVICE_PERIOD.as_secs_f64()) as u32;
    let buffer_size = match default.buffer_size() {
        cpal::SupportedBufferSize::Range { min, max } => {
            cpal::BufferSize::Fixed(wanted.clamp(*min, (*max).max(*min)))
        }
        cpal::SupportedBufferSize::Unknown => cpal::BufferSize::Default,
    };
    Ok(DeviceConfig {
        stream: cpal::StreamConfig {
            channels,
            sample_rate: rate,
            buffer_size,
        },
        format,
    })
}

type Samples = Box<dyn Iterator<Item = f32> + Send>;

/// Opens and decodes the file, converted to the device's channels and rate, with its first
/// seconds already decoded into memory.
fn decode_with_head(
    file: &Path,
    snapshot: &Snapshot,
    config: &cpal::StreamConfig,
) -> Result<Samples, PlayerError> {
    let length = snapshot.bytes.as_ref().len() as u64;
    let mut builder = Decoder::builder()
        .with_data(Cursor::new(snapshot.bytes.clone()))
        .with_byte_len(length)
        .with_seekable(true);
    if let Some(extension) = file.extension().and_then(|e| e.to_str()) {
        builder = builder.with_hint(&extension.to_lowercase());
    }
    let decoder = builder.build().map_err(|error| PlayerError::Decode {
        file: file.to_path_buf(),
        detail: error.to_string(),
    })?;
    let channels = NonZero::new(config.channels).ok_or_else(|| PlayerError::Decode {
        file: file.to_path_buf(),
        detail: "the device reports 0 channels".into(),
    })?;
    let rate = NonZero::new(config.sample_rate).ok_or_else(|| PlayerError::Decode {
        file: file.to_path_buf(),
        detail: "the device reports a sample rate of 0".into(),
    })?;
    // Not rodio's UniformSourceIterator: in 0.23 it yields nothing for a decoder whose first
    // span reports zero length, as the mp3 decoder's does.
    let (from_channels, from_rate) = (decoder.channels(), decoder.sample_rate());
    let mut converted = ChannelCountConverter::new(
        SampleRateConverter::new(decoder, from_rate, rate, from_channels),
        from_channels,
        channels,
    );
    let head_samples = (HEAD.as_secs_f64() * f64::from(config.sample_rate)) as usize
        * usize::from(config.channels);
    let head: Vec<f32> = converted.by_ref().take(head_samples).collect();
    if head.is_empty() {
        return Err(PlayerError::Decode {
            file: file.to_path_buf(),
            detail: "no audio could be decoded from it".into(),
        });
    }
    Ok(Box::new(head.into_iter().chain(converted)))
}

/// What the device callback owns: the file's samples and the frame clock.
struct Transmitter {
    samples: Samples,
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

/// Level and silence of what the file put on the device, measured as it was handed over.
struct Measure {
    rate: f64,
    dead_air_frames: u64,
    frames: u64,
    sum_of_squares: f64,
    samples: u64,
    peak: f32,
    silent_run: u64,
    silences: Vec<Silence>,
    stalls: Vec<Silence>,
}

impl Measure {
    fn new(rate: u32, dead_air: Duration) -> Measure {
        Measure {
            rate: f64::from(rate.max(1)),
            dead_air_frames: (dead_air.as_secs_f64() * f64::from(rate)) as u64,
            frames: 0,
            sum_of_squares: 0.0,
            samples: 0,
            peak: 0.0,
            silent_run: 0,
            silences: Vec::new(),
            stalls: Vec::new(),
        }
    }

    fn add_stall(&mut self, length: Duration) {
        self.stalls.push(Silence {
            offset_seconds: self.frames as f64 / self.rate,
            length_seconds: length.as_secs_f64(),
        });
    }

    fn add_frame(&mut self, frame: &[f32]) {
        let mut loudest = 0.0f32;
        for sample in frame {
            let magnitude = sample.abs();
            loudest = loudest.max(magnitude);
            self.sum_of_squares += f64::from(*sample) * f64::from(*sample);
        }
        self.samples += frame.len() as u64;
        self.peak = self.peak.max(loudest);
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

    fn finish(&mut self) -> SoundEvidence {
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
        }
    }
}

impl Transmitter {
    /// Compares when this buffer will be heard with when the frames already written say it
    /// should be. Lag that has built up beyond jitter and drift is a stall: the card went
    /// without, so the airing is later by that much from here on. It is recorded where it fell
    /// in the airing, and the frame clock moved by it, so the end is awaited where it really is.
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
        let moved = anchor.saturating_add(u64::try_from(stall.as_nanos()).unwrap_or(u64::MAX));
        self.progress.anchor_nanos.store(moved, Ordering::Release);
        let on_air = self.written > self.start_frame && !self.finished;
        if let (true, Ok(mut measure)) = (on_air, self.measure.lock()) {
            measure.add_stall(stall);
        }
    }

    /// Fills one device buffer. On the first call the stream's frame 0 is tied to the
    /// instant the device says it will be heard; the file then begins at the frame that
    /// falls on the scheduled instant, whatever the callback timing.
    fn fill<T: SizedSample + FromSample<f32>>(&mut self, data: &mut [T], latency: Duration) {
        if !self.progress.anchored.load(Ordering::Relaxed) {
            let heard = Instant::now() + latency;
            let anchor = heard.saturating_duration_since(self.clocks.instant);
            self.start_frame = (self
                .start_instant
                .saturating_duration_since(heard)
                .as_secs_f64()
                * self.rate)
                .round() as u64;
            self.progress
                .anchor_nanos
                .store(anchor.as_nanos() as u64, Ordering::Release);
            self.progress
                .start_frame
                .store(self.start_frame, Ordering::Release);
            self.progress.anchored.store(true, Ordering::Release);
        } else {
            self.notice_stall(latency);
        }
        let stopping = self.progress.stop.load(Ordering::Relaxed);
        let silence = T::from_sample(0.0f32);
        // Uncontended: the audio thread reads it only after the stream is gone.
        let mut measure = self.measure.lock().ok();
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
                                self.progress
                                    .end_frame
                                    .store(self.written, Ordering::Release);
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
        self.progress
            .programme_frames
            .fetch_add(handed, Ordering::Release);
    }
}

fn build_stream(
    device: &cpal::Device,
    config: &DeviceConfig,
    samples: Samples,
    clocks: Clocks,
    start_instant: Instant,
    progress: &Arc<Progress>,
    measure: &Arc<Mutex<Measure>>,
) -> Result<cpal::Stream, String> {
    let transmitter = Transmitter {
        samples,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_underrun_does_not_end_the_airing_and_a_lost_device_does() {
        let progress = Progress::new();
        progress.device_failed(&cpal::Error::new(cpal::ErrorKind::Xrun));
        assert_eq!(*progress.device_error.lock().expect("lock"), None);
        progress.device_failed(&cpal::Error::with_message(
            cpal::ErrorKind::DeviceNotAvailable,
            "the device was unplugged",
        ));
        progress.device_failed(&cpal::Error::new(cpal::ErrorKind::Xrun));
        assert_eq!(
            progress.device_error.lock().expect("lock").as_deref(),
            Some("the device was unplugged")
        );
    }
}
