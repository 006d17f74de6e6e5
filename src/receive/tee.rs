//! Handing one reception to two sinks: a relay and the copy of it kept in the data folder
//! (`relay_copy = true`), or a recording and a level check. Each sink gets every call, in
//! order; neither knows of the other.

use super::{ReceiveSink, StreamInfo};
use crate::messages::receive::ReceiveProblem;
use crate::sound::GapCause;

/// Two sinks fed as one: the first, then the second.
#[derive(Debug)]
pub struct Tee<A, B>(pub A, pub B);

impl<A: ReceiveSink, B: ReceiveSink> ReceiveSink for Tee<A, B> {
    fn connected(&mut self, info: &StreamInfo) {
        self.0.connected(info);
        self.1.connected(info);
    }

    fn bytes(&mut self, data: &[u8]) {
        self.0.bytes(data);
        self.1.bytes(data);
    }

    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        self.0.sound(samples, rate, channels);
        self.1.sound(samples, rate, channels);
    }

    fn lost(&mut self, cause: GapCause, problem: &ReceiveProblem) {
        self.0.lost(cause, problem);
        self.1.lost(cause, problem);
    }
}

/// A sink lent for one reception (`Tee(&mut recorder, &mut relay)`), so its owner can
/// finish it afterwards.
impl<S: ReceiveSink + ?Sized> ReceiveSink for &mut S {
    fn connected(&mut self, info: &StreamInfo) {
        (**self).connected(info);
    }

    fn bytes(&mut self, data: &[u8]) {
        (**self).bytes(data);
    }

    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16) {
        (**self).sound(samples, rate, channels);
    }

    fn lost(&mut self, cause: GapCause, problem: &ReceiveProblem) {
        (**self).lost(cause, problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receive::{Codec, StreamKind};

    /// Notes each call by its name and first figure.
    #[derive(Default)]
    struct Notes(Vec<String>);

    impl ReceiveSink for Notes {
        fn connected(&mut self, info: &StreamInfo) {
            self.0.push(format!("connected {:?}", info.codec));
        }
        fn bytes(&mut self, data: &[u8]) {
            self.0.push(format!("bytes {}", data.len()));
        }
        fn sound(&mut self, samples: &[f32], rate: u32, _: u16) {
            self.0.push(format!("sound {} at {rate}", samples.len()));
        }
        fn lost(&mut self, cause: GapCause, _: &ReceiveProblem) {
            self.0.push(format!("lost {cause:?}"));
        }
    }

    #[test]
    fn both_sinks_get_every_call_in_order() {
        let (mut first, mut second) = (Notes::default(), Notes::default());
        {
            let mut tee = Tee(&mut first, &mut second);
            let sink: &mut dyn ReceiveSink = &mut tee;
            sink.connected(&StreamInfo {
                kind: StreamKind::HttpStream,
                codec: Codec::Mp3,
                bitrate: Some(128_000),
                sample_rate: None,
                channels: None,
            });
            sink.bytes(&[0xFF; 417]);
            sink.sound(&[0.0; 2304], 44_100, 2);
            sink.lost(GapCause::Reconnect, &ReceiveProblem::Unreachable);
        }
        let expected = [
            "connected Mp3",
            "bytes 417",
            "sound 2304 at 44100",
            "lost Reconnect",
        ];
        assert_eq!(first.0, expected);
        assert_eq!(second.0, expected);
    }
}
