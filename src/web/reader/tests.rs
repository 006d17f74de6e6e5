//! The read-only connections (reused, opened again when the log is replaced) and the
//! chain's status, checked at start and again after a change, never on a read.

use std::path::Path;

use chrono::TimeZone;

use super::*;
use crate::ledger::{NotAired, Outcome, Trigger};
use crate::live::Board;
use crate::reason::Reason;

fn zone() -> Tz {
    chrono_tz::Asia::Ho_Chi_Minh
}

fn missed(path: &Path, count: u32) {
    let mut ledger = Ledger::open(path).expect("open");
    for minute in 0..count {
        let at = zone()
            .with_ymd_and_hms(2026, 12, 7, 6, minute, 0)
            .single()
            .expect("time");
        ledger
            .record_not_aired(&NotAired {
                programme: "news",
                trigger: Trigger::Schedule,
                scheduled_at: Some(at),
                recorded_at: at,
                file: None,
                outcome: Outcome::Missed,
                reason: &Reason::Shutdown,
            })
            .expect("missed");
    }
}

fn count(ledger: &Ledger) -> usize {
    ledger
        .airings(i64::MIN, i64::MAX)
        .map_or(0, |all| all.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_read_on_reused_connections_and_a_replaced_log_is_opened_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    let readers = Arc::new(Readers::default());
    assert_eq!(
        readers.read(path.clone(), count).await.expect("read"),
        0,
        "no log yet: nothing, and nothing made"
    );
    assert!(!path.exists());
    missed(&path, 1);
    assert_eq!(readers.read(path.clone(), count).await.expect("read"), 1);
    missed(&path, 1);
    assert_eq!(
        readers.read(path.clone(), count).await.expect("read"),
        2,
        "an idle connection sees new records"
    );
    assert_eq!(readers.idle.lock().expect("idle").len(), 1, "one kept");

    let other = dir.path().join("other.sqlite3");
    missed(&other, 5);
    // As the station's writer does when it finds its log replaced: the old file's
    // companions are set aside, or SQLite would read them into the new one.
    for companion in ["log.sqlite3-wal", "log.sqlite3-shm"] {
        let (from, to) = (
            dir.path().join(companion),
            dir.path().join(format!("{companion}.aside")),
        );
        if from.exists() {
            std::fs::rename(&from, &to).expect("aside");
        }
    }
    std::fs::rename(&other, &path).expect("replaced");
    assert_eq!(readers.read(path.clone(), count).await.expect("read"), 5);

    let reads: Vec<_> = (0..8)
        .map(|_| {
            let readers = Arc::clone(&readers);
            let path = path.clone();
            tokio::spawn(async move { readers.read(path, count).await })
        })
        .collect();
    for read in reads {
        assert_eq!(read.await.expect("task").expect("read"), 5);
    }
    assert!(readers.idle.lock().expect("idle").len() <= CONNECTIONS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chain_is_checked_at_start_and_again_after_a_change_not_on_progress() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("log.sqlite3");
    missed(&path, 2);
    let readers = Arc::new(Readers::default());
    let board = Board::new();
    let (stop, shutdown) = Shutdown::new();
    let mut status = readers.watch_chain();
    let asked = path.clone();
    start_checking(
        Arc::clone(&readers),
        move || (asked.clone(), Lang::En, zone()),
        board.watch(),
        shutdown,
        Pace {
            gap: Duration::from_millis(50),
            whole: Duration::from_secs(2),
        },
    );
    let first = wait_for(&mut status, |status| status.checked_at.is_some()).await;
    assert_eq!((first.records, first.problem.clone()), (2, None));
    assert_eq!(first.head_hash.len(), 64);

    missed(&path, 1);
    board.progress(1.0, Some(-10.0));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(readers.chain_status(), first, "progress is not a change");

    board.changed();
    let second = wait_for(&mut status, |status| status.records == 3).await;
    assert!(second.checked_at > first.checked_at);

    rusqlite::Connection::open(&path)
        .expect("open")
        .execute_batch(
            "DROP TRIGGER ledger_record_no_update;
             UPDATE ledger_record SET programme = 'x' WHERE seq = 2",
        )
        .expect("tamper");
    // Nothing written since: the whole check, due on its own, finds the changed record.
    let changed = wait_for(&mut status, |status| status.problem.is_some()).await;
    assert_eq!(changed.records, 1);
    assert!(
        changed
            .problem
            .as_deref()
            .is_some_and(|words| words.contains('2')),
        "{changed:?}"
    );
    let _ = stop.send(true);
}

async fn wait_for(
    status: &mut watch::Receiver<ChainStatus>,
    done: impl Fn(&ChainStatus) -> bool,
) -> ChainStatus {
    let waited = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            if done(&status.borrow_and_update()) {
                return status.borrow().clone();
            }
            status.changed().await.expect("checking goes on");
        }
    })
    .await;
    waited.expect("the status came")
}
