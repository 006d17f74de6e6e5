//! A value worked out once and kept while its key holds: what several pages (and every
//! client of the live updates) show of the station is computed once per change of the
//! station, not once per request. One computation at a time: requests that come meanwhile
//! wait for it rather than repeat it.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Mutex;

use crate::ledger::AiredContents;
use crate::readiness::Outlook;

/// What the console keeps between requests (see `planning`).
#[derive(Default)]
pub struct Caches {
    /// Which of the library's files have aired, by the station's count of changes.
    pub aired: Cached<u64, AiredContents>,
    /// The coming airings, by the count of changes and the minute.
    pub outlook: Cached<(u64, i64), Outlook>,
}

/// The last value worked out, with the key it holds for.
pub struct Cached<K, V>(Mutex<Option<(K, Arc<V>)>>);

impl<K, V> Default for Cached<K, V> {
    fn default() -> Self {
        Cached(Mutex::new(None))
    }
}

impl<K: PartialEq, V> Cached<K, V> {
    /// The value kept for `key`, or the one `work` makes (kept if it succeeds).
    pub async fn get_or_try<E, F>(&self, key: K, work: F) -> Result<Arc<V>, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        let mut kept = self.0.lock().await;
        if let Some((held, value)) = kept.as_ref() {
            if *held == key {
                return Ok(Arc::clone(value));
            }
        }
        let value = Arc::new(work.await?);
        *kept = Some((key, Arc::clone(&value)));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_value_is_worked_out_again_only_for_a_new_key() {
        let cached: Cached<u64, String> = Cached::default();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let work = |text: &'static str| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            async move { Ok::<_, ()>(text.to_string()) }
        };
        assert_eq!(*cached.get_or_try(1, work("a")).await.expect("a"), "a");
        assert_eq!(*cached.get_or_try(1, work("b")).await.expect("kept"), "a");
        assert_eq!(*cached.get_or_try(2, work("c")).await.expect("c"), "c");
        let failed = cached.get_or_try(3, async { Err::<String, _>("no") }).await;
        assert_eq!(failed.err(), Some("no"));
        assert_eq!(*cached.get_or_try(2, work("d")).await.expect("kept"), "c");
    }
}
