//! A reception: one source heard on a thread of its own until stopped. It connects, hands
//! what it receives to its sink, and when the source fails it tells the sink once (`lost`)
//! and connects again after a pause from the back-off schedule, for as long as it runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::backoff::Backoff;
use super::session::{self, End, Event, Outlet, Place};
use super::{capture, ReceiveSink, StreamInfo};
use crate::config::{Source, SourceInput};
use crate::messages::receive::ReceiveProblem;
use crate::sound::GapCause;

/// How often a waiting reception looks whether it was stopped: the most `stop` waits.
const LOOK: Duration = Duration::from_millis(25);
/// Events a connection may send ahead of the reception (a few seconds of sound).
const EVENTS_AHEAD: usize = 256;
/// How long a stopped reception waits for its connection's thread to end; one blocked in a
/// read is left to end at its read timeout (it can no longer reach the sink).
const CONNECTION_JOIN: Duration = Duration::from_millis(200);
/// The most bytes kept for the sink while a connection has not yet told what it is.
const PENDING_LIMIT: usize = 1024 * 1024;

/// A source being heard. Stopping it (or dropping it) ends it promptly and waits for its
/// thread.
pub struct Reception {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Reception {
    /// Starts hearing `source` on a thread of its own, for `sink`; returns at once.
    pub fn start(source: &Source, sink: Box<dyn ReceiveSink>) -> Reception {
        let stop = Arc::new(AtomicBool::new(false));
        let input = source.input.clone();
        let thread = std::thread::Builder::new()
            .name(format!("receive {}", source.id))
            .spawn({
                let stop = Arc::clone(&stop);
                move || receive(&input, sink, &stop)
            });
        let thread = match thread {
            Ok(thread) => Some(thread),
            Err(error) => {
                tracing::error!("no thread for receiving {}: {error}", source.id);
                None
            }
        };
        Reception { stop, thread }
    }

    /// Ends the reception and waits for its thread; the sink gets nothing after this.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Reception {
    fn drop(&mut self) {
        self.halt();
    }
}

/// The reception's loop: attempts and pauses until stopped.
fn receive(input: &SourceInput, sink: Box<dyn ReceiveSink>, stop: &AtomicBool) {
    let mut link = Link::new(sink);
    let mut backoff = Backoff::default();
    let place = Place::default();
    while !stop.load(Ordering::SeqCst) {
        let end = match input {
            SourceInput::Url(url) => attempt(url, &mut link, stop, &place),
            SourceInput::Capture(device) => capture::run(device, &mut link, stop)
                .err()
                .map(End::dropped),
        };
        let Some(end) = end else { break };
        let connected_for = link.connected_at.map(|at| at.elapsed());
        tracing::debug!("reception ended: {:?}", end);
        link.end(end);
        if !wait(backoff.after_attempt(connected_for), stop) {
            break;
        }
    }
}

/// Waits `length` unless stopped first; whether it was not stopped.
fn wait(length: Duration, stop: &AtomicBool) -> bool {
    let until = Instant::now() + length;
    while !stop.load(Ordering::SeqCst) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(LOOK));
    }
    false
}

/// One connection to `url`, its events handed to the sink; how it ended, or `None` when the
/// reception was stopped.
fn attempt(url: &str, link: &mut Link, stop: &AtomicBool, place: &Place) -> Option<End> {
    let (events, received) = sync_channel(EVENTS_AHEAD);
    let gone = Arc::new(AtomicBool::new(false));
    let outlet = Outlet::new(events, Arc::clone(&gone));
    let (url, place) = (url.to_string(), place.clone());
    let spawned = std::thread::Builder::new()
        .name("receive connection".to_string())
        .spawn(move || session::run(&url, &outlet, &place));
    let connection = match spawned {
        Ok(connection) => connection,
        Err(error) => {
            return Some(End::dropped(ReceiveProblem::ConnectionLost {
                detail: error.to_string(),
            }))
        }
    };
    let end = loop {
        if stop.load(Ordering::SeqCst) {
            break None;
        }
        match received.recv_timeout(LOOK) {
            Ok(Event::End(end)) => break Some(end),
            Ok(event) => link.event(event),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                break Some(End::dropped(ReceiveProblem::ConnectionLost {
                    detail: "the connection's thread ended".to_string(),
                }))
            }
        }
    };
    gone.store(true, Ordering::SeqCst);
    drop(received);
    let until = Instant::now() + CONNECTION_JOIN;
    while !connection.is_finished() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
    if connection.is_finished() {
        let _ = connection.join();
    }
    end
}

/// The sink as the reception drives it: `connected` before any bytes or sound, `lost`
/// once per loss (not again for each failed attempt while the source stays down).
struct Link {
    sink: Box<dyn ReceiveSink>,
    up: bool,
    ever_up: bool,
    /// The current loss was told.
    told: bool,
    info: Option<StreamInfo>,
    pending: Vec<u8>,
    connected_at: Option<Instant>,
}

impl Link {
    fn new(sink: Box<dyn ReceiveSink>) -> Link {
        Link {
            sink,
            up: false,
            ever_up: false,
            told: false,
            info: None,
            pending: Vec::new(),
            connected_at: None,
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Connected(info) => self.connected(&info),
            Event::Resumed => {
                if let (false, Some(info)) = (self.up, self.info.clone()) {
                    self.connected(&info);
                }
            }
            Event::Bytes(data) => self.bytes(&data),
            Event::Sound {
                samples,
                rate,
                channels,
            } => self.sound(&samples, rate, channels),
            Event::Lost(cause, problem) => self.lost(cause, &problem),
            Event::End(end) => self.end(end),
        }
    }

    /// An attempt ended: the sink hears of it if it was up, or if this is the first failure
    /// of a source never heard (it could not be reached at all).
    fn end(&mut self, end: End) {
        if self.up {
            self.lost(end.cause, &end.problem);
        } else if !self.told {
            let cause = if self.ever_up {
                end.cause
            } else {
                GapCause::Unreachable
            };
            self.sink.lost(cause, &end.problem);
            self.told = true;
        }
        self.pending.clear();
        self.connected_at = None;
    }
}

impl ReceiveSink for Link {
    fn connected(&mut self, info: &StreamInfo) {
        self.sink.connected(info);
        self.up = true;
        self.ever_up = true;
        self.told = false;
        self.info = Some(info.clone());
        self.connected_at.get_or_insert_with(Instant::now);
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            self.sink.bytes(&pending);
        }
    }

    fn bytes(&mut self, data: &[u8]) {
        if self.up {
            self.sink.bytes(data);
        } else if self.pending.len() + data.len() <= PENDING_LIMIT {
            self.pending.extend_from_slice(data);
        }
    }

    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        if self.up {
            self.sink.sound(samples, rate, channels);
        }
    }

    fn lost(&mut self, cause: GapCause, problem: &ReceiveProblem) {
        if self.up {
            self.sink.lost(cause, problem);
            self.up = false;
            self.told = true;
        }
    }
}
