//! The relay's side of the device callback: each buffer is filled from the ring as the gate
//! decides, gaps are recorded with their cause, and the drift controller is shown the fill.
//! Runs on the device's thread: it neither blocks nor allocates (the gaps' room is made
//! beforehand).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use rodio::cpal::{FromSample, SizedSample};
use rtrb::Consumer;

use super::gate::{Frame, Gate};
use super::Link;
use crate::drift::DriftControl;
use crate::player::measure::Measure;
use crate::sound::{Gap, GapCause, RelayEvidence};

/// Room made for gaps before the relay starts. A relay that loses its source more often than
/// this has failed as a relay; further gaps are folded into the last one.
const MAX_GAPS: usize = 256;

/// What one buffer of a relay came to.
#[derive(Debug, Default, PartialEq, Eq)]
pub(in crate::player) struct Filled {
    /// Frames of the source handed to the card.
    pub(in crate::player) handed: u64,
    /// The relay's end frame has been reached.
    pub(in crate::player) ended: bool,
}

/// The relay as the device callback plays it.
pub(in crate::player) struct Relay {
    ring: Consumer<f32>,
    channels: usize,
    rate: f64,
    /// Frames in hand at the start and after a gap, and the relay's length, in frames.
    target: u64,
    length: u64,
    /// Made when the stream is anchored and the start frame known.
    gate: Option<Gate>,
    drift: DriftControl,
    gaps: Vec<Gap>,
    /// The gap open now: its first frame and its cause.
    open: Option<(Frame, GapCause)>,
    /// The frame after the last buffer filled.
    position: Frame,
    link: Arc<Link>,
}

impl Relay {
    pub(super) fn new(
        ring: Consumer<f32>,
        (rate, channels): (u32, u16),
        (target, length): (u64, u64),
        link: Arc<Link>,
    ) -> Relay {
        Relay {
            ring,
            channels: usize::from(channels.max(1)),
            rate: f64::from(rate.max(1)),
            target,
            length,
            gate: None,
            drift: DriftControl::new(),
            gaps: Vec::with_capacity(MAX_GAPS),
            open: None,
            position: 0,
            link,
        }
    }

    /// Ties the relay to the stream: it starts on frame `start`; returns its end frame.
    pub(in crate::player) fn anchor(&mut self, start: Frame) -> Frame {
        let gate = Gate::new(start, self.length, self.target);
        let end = gate.end();
        self.gate = Some(gate);
        end
    }

    /// Fills one device buffer that begins at stream frame `written`: silence, then the
    /// ring's sound as the gate says, then silence. `stopping`: silence only.
    pub(in crate::player) fn fill<T: SizedSample + FromSample<f32>>(
        &mut self,
        data: &mut [T],
        written: Frame,
        stopping: bool,
        measure: Option<&mut Measure>,
    ) -> Filled {
        let channels = self.channels;
        let frames = (data.len() / channels) as u64;
        let silence = T::from_sample(0.0f32);
        let (Some(gate), false) = (self.gate.as_mut(), stopping) else {
            data.fill(silence);
            return Filled::default();
        };
        self.position = written + frames;
        let fill = (self.ring.slots() / channels) as u64;
        let plan = gate.plan(written, frames, fill);
        let (start, end) = (gate.start(), gate.end());
        if plan.discard > 0 {
            if let Ok(dropped) = self.ring.read_chunk(plan.discard as usize * channels) {
                dropped.commit_all();
            }
        }
        if plan.started {
            self.link.on_air.store(true, Ordering::Release);
        }
        if let Some((from, to)) = plan.closed {
            self.close_gap(start, from, to);
            self.drift.relock();
        }
        let (lead, play) = (plan.lead as usize * channels, plan.play as usize * channels);
        data[..lead].fill(silence);
        let handed = self.play(&mut data[lead..lead + play], measure);
        data[lead + play..].fill(silence);
        if let Some(from) = plan.opened {
            let cause = self.link.take_cause().unwrap_or(GapCause::Stall);
            self.open = Some((from, cause));
        } else if let Some((from, _)) = self.open {
            // Told why only now: the reception notices a dead connection after the ring ran dry.
            if let Some(cause) = self.link.take_cause() {
                self.open = Some((from, cause));
            }
        }
        if self.open.is_none() && plan.play > 0 {
            let at = (written.max(start) - start) as f64 / self.rate;
            let in_hand = (fill - plan.discard) as f64 / self.rate;
            self.link.set_correction(self.drift.observe(at, in_hand));
        }
        if plan.ended {
            self.close_open_gap(start, end);
            self.link.on_air.store(false, Ordering::Release);
        }
        Filled {
            handed,
            ended: plan.ended,
        }
    }

    /// The card missed `frames` (a stall of the output): as much of what the ring holds
    /// beyond the relay's target is let go, so what comes next is what is due now; gives how
    /// many frames were let go, which count as played. Only sound beyond the target is
    /// dropped: a card that really went without has the source's sound of that time in
    /// excess, while a stall seen where there was none (a card fed in bursts, as the
    /// pv-paced headless card is) leaves nothing in excess, and costs no sound.
    pub(in crate::player) fn skip(&mut self, frames: u64) -> u64 {
        if !self.gate.as_ref().is_some_and(Gate::playing) {
            return 0;
        }
        let in_hand = (self.ring.slots() / self.channels) as u64;
        let frames = frames.min(in_hand.saturating_sub(self.target));
        match self.ring.read_chunk(frames as usize * self.channels) {
            Ok(missed) => {
                missed.commit_all();
                frames
            }
            Err(_) => 0,
        }
    }

    /// Frames waiting in the ring.
    #[cfg(test)]
    pub(in crate::player) fn in_hand(&self) -> u64 {
        (self.ring.slots() / self.channels) as u64
    }

    /// Copies the ring's next frames into `out` (the card's format), measuring each.
    fn play<T: SizedSample + FromSample<f32>>(
        &mut self,
        out: &mut [T],
        mut measure: Option<&mut Measure>,
    ) -> u64 {
        if out.is_empty() {
            return 0;
        }
        let Ok(chunk) = self.ring.read_chunk(out.len()) else {
            out.fill(T::from_sample(0.0f32));
            return 0;
        };
        let (first, second) = chunk.as_slices();
        for (slot, sample) in out.iter_mut().zip(first.iter().chain(second)) {
            *slot = T::from_sample(*sample);
        }
        if let Some(measure) = measure.as_mut() {
            for frame in first
                .chunks_exact(self.channels)
                .chain(second.chunks_exact(self.channels))
            {
                measure.add_frame(frame);
            }
        }
        chunk.commit_all();
        (out.len() / self.channels) as u64
    }

    fn close_open_gap(&mut self, start: Frame, at: Frame) {
        if let Some((from, _)) = self.open {
            self.close_gap(start, from, at.max(from));
        }
    }

    fn close_gap(&mut self, start: Frame, from: Frame, to: Frame) {
        let cause = self.open.take().map_or(GapCause::Stall, |(_, cause)| cause);
        let seconds = |frames: u64| frames as f64 / self.rate;
        let gap = Gap {
            offset_seconds: seconds(from.saturating_sub(start)),
            length_seconds: seconds(to.saturating_sub(from)),
            cause,
        };
        let full = self.gaps.len() == MAX_GAPS;
        match self.gaps.last_mut() {
            Some(last) if full => {
                last.length_seconds = gap.offset_seconds + gap.length_seconds - last.offset_seconds;
            }
            _ => self.gaps.push(gap),
        }
    }

    /// What the relay received and the gaps it had, once the stream is closed: a gap still
    /// open (the relay was stopped in it) ends where the card was last given the relay.
    pub(in crate::player) fn evidence(&mut self, source: &str) -> RelayEvidence {
        self.link.on_air.store(false, Ordering::Release);
        if let Some(gate) = self.gate.as_ref() {
            let (start, end) = (gate.start(), gate.end());
            self.close_open_gap(start, self.position.min(end));
        }
        let (delay_start, delay_end) = self.drift.delays();
        RelayEvidence {
            source: source.to_string(),
            bytes: 0,
            seconds_received: self.link.received(),
            gaps: std::mem::take(&mut self.gaps),
            delay_start_seconds: delay_start.unwrap_or(0.0),
            delay_end_seconds: delay_end.unwrap_or(0.0),
            copy: None,
        }
    }
}

#[cfg(test)]
mod tests;
