//! Keeps whatever a file does to the decoders inside the probe: a decoder that panics on a
//! damaged header gives a rejection, one that loops gives up at a deadline, and what the
//! decoders mutter about a bad file never reaches the daemon's log.

use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex, Once};
use std::time::{Duration, Instant};

use symphonia::core::io::MediaSource;

use super::Rejection;

/// Time a probe may take whatever the file's size, plus `BYTES_PER_SECOND_FLOOR` per byte:
/// a slow USB stick reads a few MB/s, and a probe reads the file twice.
const TIME_BASE: Duration = Duration::from_secs(20);
const BYTES_PER_SECOND_FLOOR: u64 = 2_000_000;

/// How long past its deadline a probe is waited for before it is left behind: it notices
/// the deadline at its next read, so only a decoder spinning without reading takes this.
const GRACE: Duration = Duration::from_secs(2);

/// The time a probe of a file of `bytes` may take.
pub fn time_limit(bytes: u64) -> Duration {
    TIME_BASE.saturating_add(Duration::from_secs(bytes / BYTES_PER_SECOND_FLOOR))
}

thread_local! {
    /// Set in the threads that run probes: their panics are expected and reported as
    /// rejections, not printed.
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work` on its own thread with a deadline `limit` from now. A panic inside becomes
/// `Rejection::Damaged`; a thread still busy `GRACE` after the deadline is left to finish
/// on its own and the file is `TooSlow`.
pub fn within<T, F>(limit: Duration, work: F) -> Result<T, Rejection>
where
    T: Send + 'static,
    F: FnOnce(Instant) -> Result<T, Rejection> + Send + 'static,
{
    let deadline = Instant::now() + limit;
    let too_slow = || Rejection::TooSlow {
        limit_s: limit.as_secs(),
    };
    // Shared so that the caller can still run the work if no thread can be started.
    let slot = Arc::new(Mutex::new(Some(work)));
    let (sender, receiver) = mpsc::sync_channel(1);
    let spawned = {
        let slot = Arc::clone(&slot);
        std::thread::Builder::new()
            .name("wardcast-probe".into())
            .spawn(move || {
                let work = slot.lock().ok().and_then(|mut work| work.take());
                if let Some(work) = work {
                    let _ = sender.send(contained(|| work(deadline)));
                }
            })
    };
    if spawned.is_err() {
        // No thread to be had: the work still runs, bounded by its own reads.
        let work = slot.lock().ok().and_then(|mut work| work.take());
        return work.map_or_else(|| Err(too_slow()), |work| contained(|| work(deadline)));
    }
    match receiver.recv_timeout(limit.saturating_add(GRACE)) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            tracing::debug!(
                ?limit,
                "a probe was left behind, still busy after its deadline"
            );
            Err(too_slow())
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Rejection::Damaged),
    }
}

/// Runs `work` with its panics caught and unprinted and the decoders' log records dropped.
fn contained<T>(work: impl FnOnce() -> Result<T, Rejection>) -> Result<T, Rejection> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET_PANICS.with(|quiet| quiet.replace(true));
    // The decoders log through `log`, which the subscriber forwards: in this thread and for
    // this call only, nothing is listening.
    let outcome =
        tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::new(), || {
            panic::catch_unwind(AssertUnwindSafe(work))
        });
    QUIET_PANICS.with(|quiet| quiet.set(was_quiet));
    outcome.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::debug!(panic = %message, "a decoder panicked on a file; it is rejected as damaged");
        Err(Rejection::Damaged)
    })
}

/// A file whose reads fail once the deadline has passed, so a decoder that keeps reading
/// stops there.
pub struct Deadlined<R> {
    inner: R,
    deadline: Instant,
    length: u64,
}

impl<R> Deadlined<R> {
    pub fn new(inner: R, deadline: Instant, length: u64) -> Deadlined<R> {
        Deadlined {
            inner,
            deadline,
            length,
        }
    }
}

/// Whether an I/O error is the deadline's.
pub fn is_timeout(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::TimedOut
}

impl<R: Read> Read for Deadlined<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if Instant::now() >= self.deadline {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the probe's time is up",
            ));
        }
        self.inner.read(buffer)
    }
}

impl<R: Seek> Seek for Deadlined<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.inner.seek(to)
    }
}

impl<R: Read + Seek + Send + Sync> MediaSource for Deadlined<R> {
    fn is_seekable(&self) -> bool {
        true
    }

    fn byte_len(&self) -> Option<u64> {
        Some(self.length)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_a_rejection_and_the_caller_goes_on() {
        let outcome: Result<(), Rejection> = within(Duration::from_secs(5), |_| {
            panic!("TimeBase cannot have 0 numerator")
        });
        assert_eq!(outcome, Err(Rejection::Damaged));
        assert_eq!(within(Duration::from_secs(5), |_| Ok(7)), Ok(7));
    }

    #[test]
    fn work_that_never_ends_is_left_behind_after_its_deadline() {
        let started = Instant::now();
        let outcome: Result<(), Rejection> = within(Duration::from_millis(100), |_| loop {
            std::thread::sleep(Duration::from_millis(50));
        });
        assert_eq!(outcome, Err(Rejection::TooSlow { limit_s: 0 }));
        let waited = started.elapsed();
        assert!(waited < Duration::from_millis(100) + GRACE + Duration::from_secs(1));
    }

    #[test]
    fn reads_fail_once_the_deadline_has_passed() {
        let bytes = vec![7u8; 64];
        let mut open = Deadlined::new(io::Cursor::new(&bytes), Instant::now() + GRACE, 64);
        let mut buffer = [0u8; 16];
        assert_eq!(open.read(&mut buffer).expect("in time"), 16);
        let mut late = Deadlined::new(io::Cursor::new(&bytes), Instant::now(), 64);
        let error = late.read(&mut buffer).expect_err("too late");
        assert!(is_timeout(&error));
    }

    #[test]
    fn the_limit_grows_with_the_file_and_never_overflows() {
        assert_eq!(time_limit(0), TIME_BASE);
        assert_eq!(time_limit(100_000_000), TIME_BASE + Duration::from_secs(50));
        assert!(time_limit(u64::MAX) > Duration::from_secs(1_000_000));
    }
}
