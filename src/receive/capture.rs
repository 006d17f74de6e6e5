//! Sound from a capture device (the line-in a radio receiver is plugged into).

use std::sync::atomic::AtomicBool;

use super::ReceiveSink;
use crate::messages::receive::ReceiveProblem;

/// Hands what the capture device `device` hears to `sink` until `stop` is set.
pub(super) fn run(
    device: &str,
    _sink: &mut dyn ReceiveSink,
    _stop: &AtomicBool,
) -> Result<(), ReceiveProblem> {
    Err(ReceiveProblem::CaptureMissing {
        device: device.to_string(),
    })
}
