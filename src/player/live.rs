//! The live input of a relay: a source's sound, as a reception decodes it, carried to the
//! device callback through a lock-free ring.
//!
//! [`live_link`] makes the two ends. The [`LiveFeed`] stays with the reception: it is called
//! on the reception's thread with decoded sound at the source's rate and channels (which may
//! change after a reconnect). The [`LiveInput`] goes into the [`AirRequest`](super::AirRequest)
//! of the relay. The card's rate is known only once the audio thread has opened the device;
//! until then the feed keeps the latest `target` of sound as it came (the live edge), older
//! sound dropped. From then on the feed converts what it receives to the card's channels and
//! rate (times the drift correction) and pushes it into an `rtrb` ring, which the device
//! callback reads without locking or allocating.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rtrb::{Producer, RingBuffer};

use crate::drift::MAX_CORRECTION;
use crate::ids::SourceId;
use crate::sound::GapCause;

mod convert;
mod gate;
mod relay;

pub use convert::{Converter, Quality};
pub(super) use relay::Relay;

/// The least sound a relay keeps in hand: less, and the jitter of a stream's arrival would
/// open gaps all the time.
pub const MIN_TARGET: Duration = Duration::from_millis(100);
/// The most: an HLS segment of 6 s, two playlist reloads and room to spare. The ring is
/// sized at twice the target and a second (16 MB at 48 kHz stereo for this one).
pub const MAX_TARGET: Duration = Duration::from_secs(20);

/// Makes the two ends of a relay's live input; the relay starts with `target` of sound in
/// hand (held between [`MIN_TARGET`] and [`MAX_TARGET`]) and keeps about that much.
pub fn live_link(target: Duration) -> (LiveFeed, LiveInput) {
    let target = target.clamp(MIN_TARGET, MAX_TARGET);
    let link = Arc::new(Link {
        target,
        feeding: Mutex::new(Feeding::Waiting(Edge::default())),
        correction: AtomicU64::new(0f64.to_bits()),
        cause: AtomicU8::new(NO_CAUSE),
        on_air: AtomicBool::new(false),
        received: AtomicU64::new(0f64.to_bits()),
        overrun: AtomicU64::new(0),
    });
    let feed = LiveFeed {
        link: Arc::clone(&link),
        since_loss: None,
    };
    (feed, LiveInput { link })
}

/// What the relay's player airs: the live input, for how long, and which source it is.
#[derive(Debug)]
pub struct LiveAir {
    pub input: LiveInput,
    /// The relay ends on its start frame plus this, whatever the source does.
    pub length: Duration,
    /// The `[[source]]` relayed, named in the evidence.
    pub source: SourceId,
}

/// The producer end of a relay's live input, for the reception's thread.
pub struct LiveFeed {
    link: Arc<Link>,
    /// Seconds received since the source was last lost: once the target has come again, that
    /// loss can no longer be the cause of a gap.
    since_loss: Option<f64>,
}

impl LiveFeed {
    /// Takes decoded sound: interleaved, at the source's `rate` and `channels`. Sound with a
    /// rate or channel count of 0 is ignored.
    pub fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        if rate == 0 || channels == 0 {
            return;
        }
        let frames = samples.len() / usize::from(channels);
        let seconds = frames as f64 / f64::from(rate);
        if self.link.on_air.load(Ordering::Acquire) {
            self.link.add_received(seconds);
        }
        if let Some(since) = self.since_loss.as_mut() {
            *since += seconds;
            if *since >= self.link.target.as_secs_f64() {
                self.link.cause.store(NO_CAUSE, Ordering::Release);
                self.since_loss = None;
            }
        }
        let correction = self.link.correction();
        let mut feeding = self.link.feeding();
        match &mut *feeding {
            Feeding::Waiting(edge) => edge.push(samples, rate, channels, self.link.target),
            Feeding::Flowing(flow) => {
                let dropped = flow.push(samples, rate, channels, correction);
                self.link.overrun.fetch_add(dropped, Ordering::Relaxed);
            }
            Feeding::Closed => {}
        }
    }

    /// The source is lost (`Reconnect`) or stalled (`Stall`): the sound is about to stop, and
    /// the gap it leaves in the relay is recorded with this cause.
    pub fn lost(&mut self, cause: GapCause) {
        self.link.cause.store(cause_code(cause), Ordering::Release);
        self.since_loss = Some(0.0);
    }

    /// Seconds of sound received while the relay was on air.
    pub fn seconds_received(&self) -> f64 {
        self.link.received()
    }

    /// Frames of the card the ring had no room for: 0 while the drift is absorbed.
    pub fn overrun_frames(&self) -> u64 {
        self.link.overrun.load(Ordering::Relaxed)
    }

    /// Whether the relay is over (or was never aired): the reception may stop.
    pub fn is_closed(&self) -> bool {
        matches!(*self.link.feeding(), Feeding::Closed)
    }
}

/// The consumer end of a relay's live input, handed to the player in the air request.
pub struct LiveInput {
    link: Arc<Link>,
}

impl std::fmt::Debug for LiveInput {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("LiveInput")
            .field("target", &self.link.target)
            .finish()
    }
}

impl LiveInput {
    /// Opens the input for a card of `rate` and `channels`: the ring is made, and the live
    /// edge kept so far goes into it, converted.
    pub(super) fn open(&self, rate: u32, channels: u16, length: Duration) -> Relay {
        let rate = rate.max(1);
        let channels = channels.max(1);
        let target = self.link.target.as_secs_f64();
        let ring_seconds = (2.0 * target + 1.0) * (1.0 + 2.0 * MAX_CORRECTION);
        let ring_frames = (ring_seconds * f64::from(rate)).ceil() as usize;
        // A multiple of the channels: every push and pop is of whole frames, so a frame never
        // straddles the ring's wrap.
        let (producer, consumer) = RingBuffer::new(ring_frames * usize::from(channels));
        let mut flow = Flow {
            ring: producer,
            card: (rate, channels),
            converter: None,
        };
        let mut feeding = self.link.feeding();
        if let Feeding::Waiting(edge) = &mut *feeding {
            let (rate, channels) = (edge.rate, edge.channels);
            let dropped = flow.push(edge.samples.make_contiguous(), rate, channels, 0.0);
            self.link.overrun.fetch_add(dropped, Ordering::Relaxed);
        }
        *feeding = Feeding::Flowing(Box::new(flow));
        drop(feeding);
        let frames = |seconds: f64| (seconds * f64::from(rate)).round() as u64;
        Relay::new(
            consumer,
            (rate, channels),
            (frames(target), frames(length.as_secs_f64())),
            Arc::clone(&self.link),
        )
    }
}

impl Drop for LiveInput {
    /// The relay is over: the feed stops converting, and counts nothing more.
    fn drop(&mut self) {
        self.link.on_air.store(false, Ordering::Release);
        *self.link.feeding() = Feeding::Closed;
    }
}

const NO_CAUSE: u8 = 0;

fn cause_code(cause: GapCause) -> u8 {
    match cause {
        GapCause::Reconnect => 1,
        GapCause::Stall => 2,
        GapCause::Unreachable => 3,
    }
}

/// What both ends share.
struct Link {
    target: Duration,
    feeding: Mutex<Feeding>,
    /// The drift correction the callback asks for (`f64` bits).
    correction: AtomicU64,
    /// Why the sound is about to stop, when the feed was told.
    cause: AtomicU8,
    /// From the relay's start frame to its end: the seconds received count.
    on_air: AtomicBool,
    /// Seconds received while on air (`f64` bits); written by the feed only.
    received: AtomicU64,
    overrun: AtomicU64,
}

impl Link {
    /// The feed's state. Locked by the feed for each delivery and by the audio thread when it
    /// opens and closes the relay; never by the device callback. A feed that panicked while
    /// holding it left nothing half-done that matters: the state is taken as it is.
    fn feeding(&self) -> MutexGuard<'_, Feeding> {
        self.feeding
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn correction(&self) -> f64 {
        f64::from_bits(self.correction.load(Ordering::Acquire))
    }

    fn set_correction(&self, correction: f64) {
        self.correction
            .store(correction.to_bits(), Ordering::Release);
    }

    fn received(&self) -> f64 {
        f64::from_bits(self.received.load(Ordering::Acquire))
    }

    fn add_received(&self, seconds: f64) {
        let total = self.received() + seconds;
        self.received.store(total.to_bits(), Ordering::Release);
    }

    /// The cause the feed was told of, taken so it labels one gap only.
    fn take_cause(&self) -> Option<GapCause> {
        match self.cause.swap(NO_CAUSE, Ordering::AcqRel) {
            1 => Some(GapCause::Reconnect),
            2 => Some(GapCause::Stall),
            3 => Some(GapCause::Unreachable),
            _ => None,
        }
    }
}

/// Where the feed's sound goes.
enum Feeding {
    /// The device is not open yet: the live edge is kept as it came.
    Waiting(Edge),
    Flowing(Box<Flow>),
    /// The relay is over.
    Closed,
}

/// The most recent sound before the device opens, in the source's format.
#[derive(Default)]
struct Edge {
    samples: VecDeque<f32>,
    rate: u32,
    channels: u16,
}

impl Edge {
    /// Keeps `samples` and drops what is older than `keep` before the newest. Sound in
    /// another format than the kept one replaces it: the newest is what matters.
    fn push(&mut self, samples: &[f32], rate: u32, channels: u16, keep: Duration) {
        if (rate, channels) != (self.rate, self.channels) {
            self.samples.clear();
            (self.rate, self.channels) = (rate, channels);
        }
        let channels = usize::from(channels);
        let whole = samples.len() - samples.len() % channels;
        self.samples.extend(&samples[..whole]);
        let kept = (keep.as_secs_f64() * f64::from(rate)).round() as usize * channels;
        let older = self.samples.len().saturating_sub(kept);
        self.samples.drain(..older);
    }
}

/// The device is open: sound is converted into the ring.
struct Flow {
    ring: Producer<f32>,
    /// The card's rate and channels.
    card: (u32, u16),
    converter: Option<Converter>,
}

impl Flow {
    /// Converts and pushes `samples`; returns the card's frames the ring had no room for.
    fn push(&mut self, samples: &[f32], rate: u32, channels: u16, correction: f64) -> u64 {
        if !self
            .converter
            .as_ref()
            .is_some_and(|converter| converter.takes(rate, channels))
        {
            self.converter = Converter::new((rate, channels), self.card, Quality::Polynomial);
        }
        let Some(converter) = self.converter.as_mut() else {
            return 0;
        };
        let ring = &mut self.ring;
        let mut dropped = 0;
        converter.convert(samples, correction, |converted| {
            let (_, left) = ring.push_partial_slice(converted);
            dropped += left.len();
        });
        (dropped / usize::from(self.card.1)) as u64
    }
}

#[cfg(test)]
mod tests;
