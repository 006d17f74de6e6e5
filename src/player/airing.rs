//! One airing on the audio thread, in three steps: open the device with the file's head
//! decoded (or the relay's live input opened), watch the stream until the programme has been
//! heard to its end (reporting its start and progress, taking stop requests), then report how
//! it ended with what was measured.

use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use rodio::cpal;

use super::clock::{Clocks, Progress};
use super::decode::decode_with_head;
use super::device::{find_device, stream_config, DeviceConfig};
use super::live::Relay;
use super::measure::Measure;
use super::transmit::{build_stream, Programme};
use super::{AfterAiring, AirRequest, AirSource, Command, Ending, PlayerError, PlayerEvent};

/// How often the audio thread looks at the progress of an airing. Only while one plays;
/// an idle player sleeps on its channel.
const PROGRESS_TICK: Duration = Duration::from_millis(10);

/// How long the device stays open after the file's last sample is due to be heard: a
/// card's clock may run a little slower than the system's, and closing the device drops
/// whatever it has not played yet.
const TAIL_MARGIN: Duration = Duration::from_millis(250);

/// How often an airing reports how far it has got, so a crash can be accounted for.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// Airs one request on the named device; what happens is sent on the request's events.
pub(super) fn air(
    device_name: &str,
    request: AirRequest,
    dead_air: Duration,
    commands: &mpsc::Receiver<Command>,
) -> AfterAiring {
    let events = request.events.clone();
    match OnAir::open(device_name, &request, dead_air) {
        Ok(on_air) => {
            let watched = on_air.watch(commands);
            on_air.finish(watched)
        }
        Err(error) => {
            let _ = events.send(PlayerEvent::Failed { error });
            AfterAiring::Continue
        }
    }
}

/// An airing whose stream runs on the device.
struct OnAir<'a> {
    device_name: &'a str,
    /// Taken to close the device before what was measured is read.
    stream: Option<cpal::Stream>,
    clocks: Clocks,
    rate: f64,
    progress: Arc<Progress>,
    measure: Arc<Mutex<Measure>>,
    relay: Option<RelayKept>,
    events: tokio::sync::mpsc::UnboundedSender<PlayerEvent>,
}

/// A relay's state and its source's id, kept by the audio thread for the relay's evidence.
struct RelayKept {
    relay: Arc<Mutex<Relay>>,
    source: String,
}

/// What the stream plays from its start frame, made ready before the device opens it.
fn programme(
    request: &AirRequest,
    config: &DeviceConfig,
) -> Result<(Programme, Option<RelayKept>), PlayerError> {
    match &request.source {
        AirSource::File { file, snapshot } => {
            let samples = decode_with_head(file, snapshot, &config.stream)?;
            Ok((Programme::File(samples), None))
        }
        AirSource::Live(live) => {
            let relay = live.input.open(
                config.stream.sample_rate,
                config.stream.channels,
                live.length,
            );
            let relay = Arc::new(Mutex::new(relay));
            let kept = RelayKept {
                relay: Arc::clone(&relay),
                source: live.source.to_string(),
            };
            Ok((Programme::Live(relay), Some(kept)))
        }
    }
}

/// How the watch of an airing came to an end.
struct Watched {
    ending: Ending,
    /// When the file's first sample was heard; `None` when it never was.
    started_at: Option<Instant>,
    after: AfterAiring,
}

impl<'a> OnAir<'a> {
    /// Finds and opens the device, decodes the file's head (or opens the live input) and
    /// starts the stream, which plays silence until the frame that falls on the slot.
    fn open(
        device_name: &'a str,
        request: &AirRequest,
        dead_air: Duration,
    ) -> Result<OnAir<'a>, PlayerError> {
        let device_open = |detail| PlayerError::DeviceOpen {
            device: device_name.to_string(),
            detail,
        };
        let device = find_device(device_name)?;
        let config = stream_config(&device).map_err(device_open)?;
        let (programme, relay) = programme(request, &config)?;
        let clocks = Clocks::now();
        let start_instant = clocks.instant_of(request.start_at);
        let progress = Arc::new(Progress::new());
        let rate_hz = config.stream.sample_rate;
        let measure = Arc::new(Mutex::new(Measure::new(rate_hz, dead_air)));
        let stream = build_stream(
            &device,
            &config,
            programme,
            clocks,
            start_instant,
            &progress,
            &measure,
        )
        .map_err(device_open)?;
        Ok(OnAir {
            device_name,
            stream: Some(stream),
            clocks,
            rate: f64::from(rate_hz),
            progress,
            measure,
            relay,
            events: request.events.clone(),
        })
    }

    /// When stream frame `frame` is heard, by the anchor the device callback set.
    fn frame_instant(&self, frame: u64) -> Instant {
        let anchor = Duration::from_nanos(self.progress.anchor_nanos.load(Ordering::Acquire));
        self.clocks.instant + anchor + Duration::from_secs_f64(frame as f64 / self.rate)
    }

    /// Follows the airing until it is heard to its end, stopped, or its device fails.
    fn watch(&self, commands: &mpsc::Receiver<Command>) -> Watched {
        let mut started_at: Option<Instant> = None;
        let mut last_progress = Instant::now();
        loop {
            let command = commands.recv_timeout(PROGRESS_TICK);
            let now = Instant::now();
            if started_at.is_none() {
                started_at = self.heard_start(now);
                if started_at.is_some() {
                    last_progress = now;
                }
            }
            if started_at.is_some() && now.duration_since(last_progress) >= PROGRESS_EVERY {
                last_progress = now;
                self.report_progress();
            }
            let stopped = self.take_command(command);
            let ending = stopped.or_else(|| self.ended(now, started_at.is_some()));
            if let Some((ending, after)) = ending {
                return Watched {
                    ending,
                    started_at,
                    after,
                };
            }
        }
    }

    /// The instant the file's first sample was heard, once it has been; says so.
    fn heard_start(&self, now: Instant) -> Option<Instant> {
        if !self.progress.anchored.load(Ordering::Acquire) {
            return None;
        }
        let start = self.frame_instant(self.progress.start_frame.load(Ordering::Acquire));
        if now < start {
            return None;
        }
        let _ = self.events.send(PlayerEvent::Started {
            at: self.clocks.wall_of(start),
        });
        Some(start)
    }

    fn report_progress(&self) {
        let frames = self.progress.programme_frames.load(Ordering::Acquire);
        // Never waits on the device callback: a level missed now is read next time.
        let level_dbfs = self
            .measure
            .try_lock()
            .ok()
            .and_then(|mut measure| measure.take_recent_peak());
        let _ = self.events.send(PlayerEvent::Progress {
            played: Duration::from_secs_f64(frames as f64 / self.rate),
            level_dbfs,
        });
    }

    /// What a command received while on air means for the airing: `None` to go on.
    fn take_command(
        &self,
        command: Result<Command, mpsc::RecvTimeoutError>,
    ) -> Option<(Ending, AfterAiring)> {
        match command {
            Ok(Command::Stop { reason }) => Some((Ending::Stopped(reason), AfterAiring::Continue)),
            Ok(Command::Shutdown) | Err(mpsc::RecvTimeoutError::Disconnected) => Some((
                Ending::Stopped("shutdown".to_string()),
                AfterAiring::Shutdown,
            )),
            Ok(Command::Air(other, _)) => {
                // One airing at a time: the caller waits for the end before asking again.
                let _ = other.events.send(PlayerEvent::Failed {
                    error: PlayerError::DeviceOpen {
                        device: self.device_name.to_string(),
                        detail: "another airing is on air".to_string(),
                    },
                });
                None
            }
            Err(mpsc::RecvTimeoutError::Timeout) => None,
        }
    }

    /// The end of the airing when its device failed or its last sample has been heard.
    fn ended(&self, now: Instant, started: bool) -> Option<(Ending, AfterAiring)> {
        if let Some(detail) = self
            .progress
            .device_error
            .lock()
            .ok()
            .and_then(|error| error.clone())
        {
            return Some((Ending::DeviceLost(detail), AfterAiring::Continue));
        }
        let end_frame = self.progress.end_frame.load(Ordering::Acquire);
        (end_frame != u64::MAX && started && now >= self.frame_instant(end_frame) + TAIL_MARGIN)
            .then_some((Ending::Complete, AfterAiring::Continue))
    }

    /// Closes the device and reports the airing: `Ended` with what was measured when its
    /// first sample was heard, `Failed` when nothing went out.
    fn finish(mut self, watched: Watched) -> AfterAiring {
        self.progress.stop.store(true, Ordering::Release);
        drop(self.stream.take());
        let ended = Instant::now();
        let mut evidence = self
            .measure
            .lock()
            .map(|mut measure| measure.finish())
            .unwrap_or_default();
        if let Some(kept) = &self.relay {
            let relay = kept.relay.lock().ok();
            evidence.relay = relay.map(|mut relay| relay.evidence(&kept.source));
        }
        let Watched {
            ending,
            started_at,
            after,
        } = watched;
        let device = self.device_name.to_string();
        let event = match (started_at, ending) {
            (Some(_), ending) => {
                let end = if ending == Ending::Complete {
                    self.frame_instant(self.progress.end_frame.load(Ordering::Acquire))
                } else {
                    ended
                };
                // What the card took, not the time that passed: a pause of the process is not
                // airtime.
                let played = Duration::from_secs_f64(evidence.frames as f64 / self.rate);
                PlayerEvent::Ended {
                    at: self.clocks.wall_of(end),
                    played,
                    how: ending,
                    evidence,
                }
            }
            (None, Ending::Stopped(reason)) => PlayerEvent::Failed {
                error: PlayerError::Cancelled { reason },
            },
            (None, Ending::DeviceLost(detail)) => PlayerEvent::Failed {
                error: PlayerError::DeviceOpen { device, detail },
            },
            (None, Ending::Complete) => PlayerEvent::Failed {
                error: PlayerError::DeviceOpen {
                    device,
                    detail: "the file ended before it started".to_string(),
                },
            },
        };
        let _ = self.events.send(event);
        after
    }
}
