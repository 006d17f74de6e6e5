//! A sender for relays: a thread that pushes a tone into a relay's live feed at the pace of a
//! station's clock, as a reception would hand over what it decodes.

use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use wardcast::player::LiveFeed;
use wardcast::sound::GapCause;

/// The sender's rate: 44.1 kHz stereo, as most stations stream.
pub const SOURCE_RATE: u32 = 44_100;
/// The sender hands over 10 ms at a time.
const PIECE: usize = 441;
/// The tone it sends, at half of full scale.
pub const TONE: f64 = 440.0;

/// Pushes the tone into `feed` from now until `until`, at `pace` times real time (1.001: its
/// clock runs 0.1 % fast). During `pause` (from, length) it sends nothing, having said the
/// connection was lost, and then carries on from where its clock is. Gives the feed back.
pub fn send_tone(
    mut feed: LiveFeed,
    pace: f64,
    pause: Option<(SystemTime, Duration)>,
    until: SystemTime,
) -> JoinHandle<LiveFeed> {
    std::thread::spawn(move || {
        let began = Instant::now();
        let mut sent = 0usize;
        let mut lost = false;
        let mut samples = vec![0.0f32; PIECE * 2];
        while SystemTime::now() < until {
            let made = began.elapsed().as_secs_f64() * pace * f64::from(SOURCE_RATE);
            let due = made as usize / PIECE;
            let now = SystemTime::now();
            let paused = pause.is_some_and(|(from, length)| now >= from && now < from + length);
            if paused {
                if !lost {
                    feed.lost(GapCause::Reconnect);
                    lost = true;
                }
                sent = due;
            }
            while sent < due {
                for (index, pair) in samples.chunks_mut(2).enumerate() {
                    let at = (sent * PIECE + index) as f64 / f64::from(SOURCE_RATE);
                    let value = (0.5 * (std::f64::consts::TAU * TONE * at).sin()) as f32;
                    pair.fill(value);
                }
                feed.sound(&samples, SOURCE_RATE, 2);
                sent += 1;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        feed
    })
}
