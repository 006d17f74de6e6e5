//! A sink the station keeps a hand on while a reception feeds it: the reception holds one
//! clone, the station another, and takes the sink back (to finish a recording, to read a
//! relay's counts) once the reception has stopped.

use std::sync::{Arc, Mutex};

use crate::messages::receive::ReceiveProblem;
use crate::receive::{ReceiveSink, StreamInfo};
use crate::sound::GapCause;

pub(super) struct Shared<S>(Arc<Mutex<Option<S>>>);

impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<S: ReceiveSink> Shared<S> {
    pub(super) fn new(sink: S) -> Shared<S> {
        Shared(Arc::new(Mutex::new(Some(sink))))
    }

    /// The sink, taken back: the reception, if it still runs, feeds nothing from now on.
    pub(super) fn take(&self) -> Option<S> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    /// Runs `act` on the sink while it is still fed.
    fn with(&self, act: impl FnOnce(&mut S)) {
        let mut held = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(sink) = held.as_mut() {
            act(sink);
        }
    }
}

impl<S: ReceiveSink> ReceiveSink for Shared<S> {
    fn connected(&mut self, info: &StreamInfo) {
        self.with(|sink| sink.connected(info));
    }

    fn bytes(&mut self, data: &[u8]) {
        self.with(|sink| sink.bytes(data));
    }

    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        self.with(|sink| sink.sound(samples, rate, channels));
    }

    fn lost(&mut self, cause: GapCause, problem: &ReceiveProblem) {
        self.with(|sink| sink.lost(cause, problem));
    }
}
