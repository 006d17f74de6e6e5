//! What the device callback does with a relay's ring for each buffer, decided from where the
//! buffer falls in the stream and how much the ring holds. Pure: it counts frames, it does
//! not touch the ring.
//!
//! Before the start frame the ring is cut back to the target at every buffer, so the relay
//! begins at the live edge with the target in hand. From the start frame to the end frame
//! (start + length: the end is known from the start, whatever the source does) the ring's
//! frames go to the card; when it runs dry, silence fills in and a gap opens where it fell.
//! The gap closes once the ring holds the target again, cut back to it as at the start: the
//! same margin the relay began with, so the sound after a reconnect rides out the same
//! bursts and jitter, and the rest of the relay stays on its schedule (later sound is the
//! source's latest, never the old sound shifted later). After the end frame: silence; a gap
//! open then ends on the end frame.

/// Frames of the stream (the device's frames since the stream opened).
pub(super) type Frame = u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Before,
    Playing,
    /// Silent since this frame of the stream.
    Gap(Frame),
    Over,
}

/// The decisions for one relay.
#[derive(Debug)]
pub(super) struct Gate {
    start: Frame,
    end: Frame,
    /// Frames in hand at the start and after a gap.
    target: u64,
    state: State,
}

/// What to do with one buffer: drop `discard` frames from the ring first, then give the card
/// `lead` frames of silence, `play` frames from the ring, and silence for the rest.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Plan {
    pub(super) discard: u64,
    pub(super) lead: u64,
    pub(super) play: u64,
    /// The start frame falls in this buffer.
    pub(super) started: bool,
    /// A gap ended before this buffer's sound: (its first frame, the frame after its last).
    pub(super) closed: Option<(Frame, Frame)>,
    /// A gap began at this frame (after this buffer's `play` frames).
    pub(super) opened: Option<Frame>,
    /// The end frame falls in this buffer: nothing more to play.
    pub(super) ended: bool,
}

impl Gate {
    pub(super) fn new(start: Frame, length: u64, target: u64) -> Gate {
        Gate {
            start,
            end: start.saturating_add(length),
            target,
            state: State::Before,
        }
    }

    pub(super) fn start(&self) -> Frame {
        self.start
    }

    pub(super) fn end(&self) -> Frame {
        self.end
    }

    /// Between the start and the end, and not in a gap.
    pub(super) fn playing(&self) -> bool {
        self.state == State::Playing
    }

    /// The frame a gap open now began at.
    #[cfg(test)]
    fn open_gap(&self) -> Option<Frame> {
        match self.state {
            State::Gap(from) => Some(from),
            _ => None,
        }
    }

    /// Decides the buffer of `frames` frames that begins at stream frame `written`, when the
    /// ring holds `fill` frames.
    pub(super) fn plan(&mut self, written: Frame, frames: u64, fill: u64) -> Plan {
        let mut plan = Plan::default();
        let mut fill = fill;
        let buffer_end = written.saturating_add(frames);
        if self.state == State::Before {
            plan.discard = fill.saturating_sub(self.target);
            fill -= plan.discard;
            if buffer_end <= self.start {
                plan.lead = frames;
                return plan;
            }
            plan.started = true;
            self.state = State::Playing;
        }
        let from = written.max(self.start).min(buffer_end);
        let to = buffer_end.min(self.end).max(from);
        plan.lead = from - written;
        if from < to {
            if let State::Gap(began) = self.state {
                if fill >= self.target {
                    let excess = fill - self.target;
                    plan.discard += excess;
                    fill -= excess;
                    plan.closed = Some((began, from));
                    self.state = State::Playing;
                }
            }
            if self.state == State::Playing {
                plan.play = (to - from).min(fill);
                if plan.play < to - from {
                    let dry = from + plan.play;
                    plan.opened = Some(dry);
                    self.state = State::Gap(dry);
                }
            }
        }
        if buffer_end >= self.end && self.state != State::Over {
            plan.ended = true;
            self.state = State::Over;
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET: u64 = 1000;

    #[test]
    fn before_the_start_the_ring_is_cut_back_to_the_target_and_the_card_hears_silence() {
        let mut gate = Gate::new(5000, 10_000, TARGET);
        let plan = gate.plan(0, 960, 3000);
        assert_eq!(
            plan,
            Plan {
                discard: 2000,
                lead: 960,
                ..Plan::default()
            }
        );
        assert_eq!(gate.plan(960, 960, 500).discard, 0);
    }

    #[test]
    fn the_first_frame_from_the_ring_goes_out_on_the_start_frame_with_the_target_in_hand() {
        let mut gate = Gate::new(5000, 10_000, TARGET);
        let plan = gate.plan(4800, 960, 1500);
        assert_eq!(
            plan,
            Plan {
                discard: 500,
                lead: 200,
                play: 760,
                started: true,
                ..Plan::default()
            }
        );
        assert_eq!(gate.plan(5760, 960, 2000).play, 960);
    }

    #[test]
    fn an_empty_ring_at_the_start_is_a_gap_from_the_first_frame() {
        let mut gate = Gate::new(5000, 10_000, TARGET);
        let plan = gate.plan(4800, 960, 0);
        assert_eq!((plan.lead, plan.play, plan.opened), (200, 0, Some(5000)));
        assert!(plan.started);
        assert_eq!(gate.open_gap(), Some(5000));
        assert_eq!(gate.start(), 5000);
    }

    #[test]
    fn a_ring_that_runs_dry_opens_a_gap_that_closes_only_with_the_target_in_hand() {
        let mut gate = Gate::new(0, 100_000, TARGET);
        assert_eq!(gate.plan(0, 960, 1000).play, 960);
        let dry = gate.plan(960, 960, 40);
        assert_eq!((dry.play, dry.opened), (40, Some(1000)));
        // Sound comes back, but less than the target: still silent.
        let waiting = gate.plan(1920, 960, 999);
        assert_eq!(
            (waiting.play, waiting.closed, waiting.discard),
            (0, None, 0)
        );
        // More than the target: cut back to it, the gap closed where the sound resumes.
        let back = gate.plan(2880, 960, 1500);
        assert_eq!(
            back,
            Plan {
                discard: 500,
                play: 960,
                closed: Some((1000, 2880)),
                ..Plan::default()
            }
        );
        assert_eq!(gate.open_gap(), None);
    }

    #[test]
    fn the_relay_ends_on_its_end_frame_whatever_the_ring_holds() {
        let mut gate = Gate::new(100, 2000, TARGET);
        assert_eq!(gate.end(), 2100);
        assert_eq!(gate.plan(0, 960, 5000).play, 860);
        assert_eq!(gate.plan(960, 960, 5000).play, 960);
        let last = gate.plan(1920, 960, 5000);
        assert_eq!((last.play, last.ended), (180, true));
        // Silence after: nothing discarded, nothing played, nothing ended again.
        assert_eq!(gate.plan(2880, 960, 5000), Plan::default());
    }

    #[test]
    fn a_gap_open_at_the_end_stays_open_for_the_relay_to_close_on_the_end_frame() {
        let mut gate = Gate::new(0, 3000, TARGET);
        gate.plan(0, 960, 2000);
        let dry = gate.plan(960, 960, 0);
        assert_eq!(dry.opened, Some(960));
        gate.plan(1920, 960, 0);
        let last = gate.plan(2880, 960, 0);
        assert_eq!((last.closed, last.play, last.ended), (None, 0, true));
    }

    #[test]
    fn a_relay_of_no_length_starts_and_ends_in_one_buffer() {
        let mut gate = Gate::new(500, 0, TARGET);
        let plan = gate.plan(0, 960, 800);
        assert_eq!((plan.started, plan.ended, plan.play), (true, true, 0));
        assert_eq!(plan.lead, 500);
    }
}
