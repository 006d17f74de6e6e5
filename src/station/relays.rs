//! The relay desk: it connects to a relay's source ahead of its slot, so the first relayed
//! sample can leave on the slot's instant with sound already in hand, and hands the warm
//! reception to the schedule when the slot is served. It owns the receptions warming up;
//! once claimed, a relay belongs to its airing, which closes it (`RelayPart::close`) when
//! the relay ends. Receptions never claimed (a slot missed, a blackout) are stopped once
//! their slot has passed.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;
use tokio::sync::{mpsc, oneshot, watch};

use crate::config::{Config, Programme, Source, SourceInput};
use crate::ids::ProgrammeId;
use crate::messages::receive::ReceiveProblem;
use crate::player::{live_link, LiveFeed, LiveInput};
use crate::receive::{ReceiveSink, Reception, StreamInfo};
use crate::recording::{file_stem, Finished, Recorder};
use crate::sound::GapCause;

use super::sinks::Shared;
use super::{clock, Shutdown};

/// How long before its slot a relay's source is connected: time for a slow server and a
/// retry or two, and for the sound in hand to build up.
pub const RELAY_LEAD: Duration = Duration::from_secs(20);

/// How much of the source's sound a relay keeps in hand: more than an HLS segment of a few
/// seconds plus a playlist reload, so segmented arrival does not open gaps. It is also how
/// far behind the source the relay runs.
const IN_HAND: Duration = Duration::from_secs(5);

/// Where copies of what was relayed are kept (`relay_copy = true`), in the data folder.
pub const RELAYED: &str = "relayed";

/// What a relayed airing carries: its source, the live input for the player, and the
/// reception feeding it. Shared by the copies of its job; the first attempt takes the input.
#[derive(Clone)]
pub struct RelayPart {
    pub source: Source,
    input: Arc<Mutex<Option<LiveInput>>>,
    reception: Arc<Mutex<Option<Reception>>>,
    sink: Shared<RelaySink>,
    heard: Arc<AtomicBool>,
    bytes: Arc<AtomicU64>,
    problem: Arc<Mutex<Option<ReceiveProblem>>>,
}

impl std::fmt::Debug for RelayPart {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RelayPart")
            .field("source", &self.source.id)
            .finish()
    }
}

/// What a relay received, once closed.
#[derive(Debug, Default)]
pub struct RelayTally {
    pub bytes: u64,
    /// The copy kept in the data folder, or why none could be.
    pub copy: Option<Result<Finished, crate::recording::RecordError>>,
}

impl RelayPart {
    /// Connects to `source` now, with a copy of what is relayed written to `copy_into`
    /// (named for `programme` and `slot`) when asked.
    fn start(
        source: &Source,
        copy_into: Option<(&Config, &Programme, &DateTime<Tz>)>,
    ) -> RelayPart {
        let (feed, input) = live_link(IN_HAND);
        let copy = copy_into.and_then(|(config, programme, slot)| {
            let folder = config.data_dir.join(RELAYED);
            let stem = file_stem(
                &format!("{{date}} {{time}} {}", programme.id),
                slot.naive_local(),
            );
            std::fs::create_dir_all(&folder).ok()?;
            Recorder::create(&config.data_dir, &folder, &stem)
                .map_err(|error| tracing::warn!(%error, "no copy of the relay can be kept"))
                .ok()
        });
        let (heard, bytes) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicU64::new(0)),
        );
        let problem = Arc::new(Mutex::new(None));
        let sink = Shared::new(RelaySink {
            feed,
            copy,
            heard: Arc::clone(&heard),
            bytes: Arc::clone(&bytes),
            problem: Arc::clone(&problem),
        });
        let reception = Reception::start(source, Box::new(sink.clone()));
        RelayPart {
            source: source.clone(),
            input: Arc::new(Mutex::new(Some(input))),
            reception: Arc::new(Mutex::new(Some(reception))),
            sink,
            heard,
            bytes,
            problem,
        }
    }

    /// The address (or capture device) relayed, as the log names what aired.
    pub fn address(&self) -> String {
        match &self.source.input {
            SourceInput::Url(url) => url.clone(),
            SourceInput::Capture(device) => device.clone(),
        }
    }

    /// Whether any sound has come from the source yet.
    pub fn heard(&self) -> bool {
        self.heard.load(Ordering::Acquire)
    }

    /// What the source last did wrong, if anything.
    pub fn problem(&self) -> Option<ReceiveProblem> {
        held(&self.problem).clone()
    }

    /// The live input for the player; `None` once an attempt has taken it.
    pub fn take_input(&self) -> Option<LiveInput> {
        held(&self.input).take()
    }

    /// Waits until the source has been heard or `until`; whether it was.
    pub async fn wait_heard(&self, until: &DateTime<Tz>) -> bool {
        loop {
            if self.heard() {
                return true;
            }
            if clock::station_now(until.timezone()) >= *until {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops the reception and finishes the copy: what the relay received.
    pub async fn close(&self) -> RelayTally {
        let reception = held(&self.reception).take();
        let sink = self.sink.clone();
        let bytes = Arc::clone(&self.bytes);
        let closed = tokio::task::spawn_blocking(move || {
            if let Some(reception) = reception {
                reception.stop();
            }
            let copy = sink.take().and_then(|sink| sink.copy).map(Recorder::finish);
            RelayTally {
                bytes: bytes.load(Ordering::Acquire),
                copy,
            }
        });
        closed.await.unwrap_or_default()
    }
}

fn held<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a relay's reception feeds: the player's live input, the copy, and the counts.
struct RelaySink {
    feed: LiveFeed,
    copy: Option<Recorder>,
    heard: Arc<AtomicBool>,
    bytes: Arc<AtomicU64>,
    problem: Arc<Mutex<Option<ReceiveProblem>>>,
}

impl ReceiveSink for RelaySink {
    fn connected(&mut self, info: &StreamInfo) {
        if let Some(copy) = self.copy.as_mut() {
            copy.connected(info);
        }
    }

    fn bytes(&mut self, data: &[u8]) {
        self.bytes.fetch_add(data.len() as u64, Ordering::AcqRel);
        if let Some(copy) = self.copy.as_mut() {
            copy.bytes(data);
        }
    }

    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        self.heard.store(true, Ordering::Release);
        self.feed.sound(samples, rate, channels);
        if let Some(copy) = self.copy.as_mut() {
            copy.sound(samples, rate, channels);
        }
    }

    fn lost(&mut self, cause: GapCause, problem: &ReceiveProblem) {
        self.feed.lost(cause);
        *held(&self.problem) = Some(problem.clone());
        if let Some(copy) = self.copy.as_mut() {
            copy.lost(cause, problem);
        }
    }
}

/// A question to the desk: the relay of `programme` for its slot at `slot`.
struct Claim {
    programme: ProgrammeId,
    slot: DateTime<Tz>,
    reply: oneshot::Sender<Option<RelayPart>>,
}

/// The schedule's handle on the desk.
pub(super) struct RelayDesk {
    claims: mpsc::UnboundedSender<Claim>,
}

impl RelayDesk {
    /// Starts the desk's task for the configuration `configs` holds.
    pub(super) fn open(configs: watch::Receiver<Arc<Config>>, shutdown: &Shutdown) -> RelayDesk {
        let (claims, asked) = mpsc::unbounded_channel();
        tokio::spawn(serve(configs, asked, shutdown.clone()));
        RelayDesk { claims }
    }

    /// The relay of `programme`'s slot at `slot`, warm when the desk connected it ahead,
    /// else connecting now; `None` when the programme relays nothing.
    pub(super) async fn claim(
        &self,
        programme: &ProgrammeId,
        slot: &DateTime<Tz>,
    ) -> Option<RelayPart> {
        let (reply, answer) = oneshot::channel();
        let claim = Claim {
            programme: programme.clone(),
            slot: *slot,
            reply,
        };
        self.claims.send(claim).ok()?;
        answer.await.ok().flatten()
    }
}

/// A relay connected ahead of its slot, not yet claimed.
struct Warm {
    programme: ProgrammeId,
    slot: DateTime<Tz>,
    until: DateTime<Tz>,
    part: RelayPart,
}

async fn serve(
    mut configs: watch::Receiver<Arc<Config>>,
    mut asked: mpsc::UnboundedReceiver<Claim>,
    mut shutdown: Shutdown,
) {
    let mut warm: Vec<Warm> = Vec::new();
    let lead = chrono::Duration::from_std(RELAY_LEAD).unwrap_or_default();
    let mut cursor = clock::station_now(configs.borrow().station.timezone);
    loop {
        let config = Arc::clone(&configs.borrow_and_update());
        let now = clock::station_now(config.station.timezone);
        for (programme, slot) in relay_slots(&config, &cursor, &(now + lead)) {
            if let Some(started) = warm_up(&config, programme, slot) {
                warm.push(started);
            }
        }
        cursor = cursor.max(now + lead);
        close_stale(&mut warm, &now).await;
        let wake = relay_slots(&config, &cursor, &(cursor + chrono::Duration::days(1)))
            .first()
            .map_or(now + chrono::Duration::seconds(60), |(_, slot)| {
                *slot - lead
            })
            .min(now + chrono::Duration::seconds(60));
        tokio::select! {
            () = clock::sleep_until_clock(&wake) => {}
            _ = configs.changed() => {}
            Some(claim) = asked.recv() => answer(&config, &mut warm, claim),
            () = shutdown.requested() => break,
        }
    }
    for relay in warm {
        relay.part.close().await;
    }
}

/// The relay slots in `(from, to]`, soonest first.
fn relay_slots<'c>(
    config: &'c Config,
    from: &DateTime<Tz>,
    to: &DateTime<Tz>,
) -> Vec<(&'c Programme, DateTime<Tz>)> {
    let mut slots: Vec<(&Programme, DateTime<Tz>)> = config
        .programmes
        .iter()
        .filter(|programme| programme.relay.is_some())
        .filter_map(|programme| {
            let at = programme.schedule.next_after(from)?;
            (at <= *to).then_some((programme, at))
        })
        .collect();
    slots.sort_by_key(|(_, at)| *at);
    slots
}

fn warm_up(config: &Config, programme: &Programme, slot: DateTime<Tz>) -> Option<Warm> {
    let relay = programme.relay.as_ref()?;
    let source = config
        .sources
        .iter()
        .find(|source| source.id == relay.source)?;
    let copy = relay.copy.then_some((config, programme, &slot));
    tracing::info!(programme = %programme.id, source = %source.id, slot = %slot, "relay connecting");
    Some(Warm {
        programme: ProgrammeId::new(programme.id.clone()),
        slot,
        until: slot + chrono::Duration::from_std(relay.duration).unwrap_or_default(),
        part: RelayPart::start(source, copy),
    })
}

/// Hands over the warm relay asked for, or one connected now.
fn answer(config: &Config, warm: &mut Vec<Warm>, claim: Claim) {
    let found = warm
        .iter()
        .position(|relay| relay.programme == claim.programme && relay.slot == claim.slot);
    let part = match found {
        Some(index) => Some(warm.remove(index).part),
        None => config
            .programme(claim.programme.as_str())
            .and_then(|programme| warm_up(config, programme, claim.slot))
            .map(|relay| relay.part),
    };
    let _ = claim.reply.send(part);
}

/// Stops the relays whose time has passed unclaimed.
async fn close_stale(warm: &mut Vec<Warm>, now: &DateTime<Tz>) {
    let (stale, kept): (Vec<Warm>, Vec<Warm>) = std::mem::take(warm)
        .into_iter()
        .partition(|relay| relay.until < *now);
    *warm = kept;
    for relay in stale {
        relay.part.close().await;
    }
}
