//! One connection to an internet source, on a thread of its own: it asks for the address,
//! tells from the answer what it is (a stream or an HLS playlist) and receives it until it
//! fails, sending what it gets to the reception as events. The reception alone talks to the
//! sink, so a connection it gave up on (stopped, or blocked in a read) can no longer reach it.

use std::io::{Cursor, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{hls, http, sniff, stream, StreamInfo};
use crate::messages::receive::ReceiveProblem;
use crate::sound::GapCause;

/// What a connection sends its reception, in order.
#[derive(Debug)]
pub enum Event {
    Connected(StreamInfo),
    Bytes(Vec<u8>),
    Sound {
        samples: Vec<f32>,
        rate: u32,
        channels: u16,
    },
    /// The source paused but the connection goes on (a stalled playlist, lost segments);
    /// `Connected` follows when sound comes again.
    Lost(GapCause, ReceiveProblem),
    /// Sound comes again after `Lost`, as it was before.
    Resumed,
    /// The connection is over.
    End(End),
}

/// Why a connection ended.
#[derive(Debug, Clone, PartialEq)]
pub struct End {
    pub cause: GapCause,
    pub problem: ReceiveProblem,
}

impl End {
    /// A connection that failed or dropped.
    pub fn dropped(problem: ReceiveProblem) -> End {
        let cause = if problem == ReceiveProblem::TimedOut {
            GapCause::Stall
        } else {
            GapCause::Reconnect
        };
        End { cause, problem }
    }
}

/// The reception gave up on this connection: it has nothing more to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

/// Where a connection sends its events, and whether its reception still wants them.
#[derive(Clone)]
pub struct Outlet {
    events: SyncSender<Event>,
    gone: Arc<AtomicBool>,
}

/// How often a connection that waits looks whether its reception gave up on it.
const LOOK: Duration = Duration::from_millis(50);

impl Outlet {
    pub fn new(events: SyncSender<Event>, gone: Arc<AtomicBool>) -> Outlet {
        Outlet { events, gone }
    }

    pub fn send(&self, event: Event) -> Result<(), Gone> {
        if self.gone.load(Ordering::SeqCst) {
            return Err(Gone);
        }
        self.events.send(event).map_err(|_| Gone)
    }

    /// Waits `length` unless the reception gives up on the connection first.
    pub fn sleep(&self, length: Duration) -> Result<(), Gone> {
        let until = Instant::now() + length;
        loop {
            if self.gone.load(Ordering::SeqCst) {
                return Err(Gone);
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            std::thread::sleep(left.min(LOOK));
        }
    }
}

/// Where an HLS reception stood when its last connection ended, so the next one goes on
/// from the next segment instead of hearing some again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HlsPlace {
    pub playlist: String,
    pub next_sequence: u64,
}

/// Shared by the connections of one reception.
pub type Place = Arc<Mutex<Option<HlsPlace>>>;

/// Receives `url` until the connection fails (the end is sent as `Event::End`) or the
/// reception gives up on it.
pub fn run(url: &str, outlet: &Outlet, place: &Place) {
    let end = match receive(url, outlet, place) {
        Ok(end) => end,
        Err(Gone) => return,
    };
    let _ = outlet.send(Event::End(end));
}

fn receive(url: &str, outlet: &Outlet, place: &Place) -> Result<End, Gone> {
    let agent = http::agent();
    let mut answer = match http::get(&agent, url) {
        Ok(answer) => answer,
        Err(problem) => return Ok(End::dropped(problem)),
    };
    let (head, sniffed) = match read_head(&mut answer) {
        Ok(found) => found,
        Err(problem) => return Ok(End::dropped(problem)),
    };
    match sniffed {
        sniff::Sniffed::Playlist => {
            let base = answer.url.clone();
            let body = Box::new(Cursor::new(head).chain(answer.body));
            match http::read_all(http::Answer { body, ..answer }, false) {
                Ok(text) => hls::run(&agent, &base, &text, outlet, place),
                Err(problem) => Ok(End::dropped(problem)),
            }
        }
        sniff::Sniffed::Mp3 { offset } => stream::run(answer, head, offset, false, outlet),
        sniff::Sniffed::Aac { offset } => stream::run(answer, head, offset, true, outlet),
    }
}

/// Reads the first bytes of an answer until they tell what it is.
fn read_head(answer: &mut http::Answer) -> Result<(Vec<u8>, sniff::Sniffed), ReceiveProblem> {
    let mut head = Vec::with_capacity(sniff::ENOUGH);
    let mut chunk = [0u8; 4096];
    loop {
        let read = answer
            .body
            .read(&mut chunk)
            .map_err(|error| http::read_problem(&error))?;
        head.extend_from_slice(&chunk[..read]);
        if let Some(found) = sniff::sniff(answer.content_type.as_deref(), &head, read == 0) {
            return found.map(|sniffed| (head, sniffed));
        }
    }
}
