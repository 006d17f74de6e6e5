//! The library keeper: the one task that owns the `Library`. It keeps it in step with the
//! folders (file system events, probes of new files one at a time, the slow rescan), logs
//! what changes and, once a day, the slots that have nothing to play. Other tasks ask it
//! through a channel (`Keeper`), each question with its own reply; it answers between its
//! own steps, while a probe runs on a blocking thread.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::{JoinError, JoinHandle};

use crate::config::Config;
use crate::library::watch::{FolderEvent, FolderWatch};
use crate::library::{
    self, Change, Chosen, Content, Library, Looks, NoFile, Observation, ProbeJob, Rejection,
};
use crate::live::Board;
use crate::messages::station::Note;
use crate::messages::{Lang, Say};
use crate::plan;
use crate::schedule::Slot;

use super::records::{lock, SharedLedger};
use super::{clock, Shutdown, StationError};

/// How often the folders are read in full, as a safety net under the file system events.
const RESCAN_EVERY: Duration = Duration::from_secs(300);

/// How often the folders are read when the file system cannot be watched.
const RESCAN_UNWATCHED: Duration = Duration::from_secs(5);

/// How often the readiness warnings are logged.
const WARN_EVERY: Duration = Duration::from_secs(24 * 3600);

/// A question for the keeper, with where to answer it.
enum Ask {
    /// The waiting files due for a probe now, handed out to the asker to probe.
    TakeDue(oneshot::Sender<Vec<ProbeJob>>),
    /// A probe's result, to record.
    Record(ProbeJob, Content, oneshot::Sender<()>),
    /// A file to look at again (it changed after it was checked).
    Recheck(PathBuf, oneshot::Sender<()>),
    /// Whether a file of a folder is being probed.
    ProbingIn(PathBuf, oneshot::Sender<bool>),
    /// The file a slot would play, leaving out some.
    Pick {
        slot: Slot,
        excluded: Vec<PathBuf>,
        reply: oneshot::Sender<Result<Chosen, NoFile>>,
    },
}

/// The way to the keeper task, and the task itself.
pub struct Keeper {
    asks: mpsc::UnboundedSender<Ask>,
    /// The task, until it is stopped.
    task: Option<JoinHandle<()>>,
}

impl Keeper {
    /// Opens the library of `config`, reads its folders and starts the task that keeps it;
    /// with how many files it found.
    /// It also answers the `looks` of a `Lookout` (the console's), and tells `board` of
    /// every change to the files.
    pub fn start(
        config: &Arc<Config>,
        ledger: &SharedLedger,
        looks: Looks,
        board: Board,
        shutdown: &Shutdown,
    ) -> Result<(Keeper, usize), StationError> {
        let mut library = Library::open(config)?;
        // Watched before they are read, so that a file dropped in once wardcast says it is
        // running is heard, and none is missed between the reading and the watching.
        let watch = watch_folders(library.folders(), config.station.lang);
        let found = library.scan()?.len();
        let (asks, questions) = mpsc::unbounded_channel();
        let keeping = Keeping {
            config: Arc::clone(config),
            lang: config.station.lang,
            library,
            ledger: Arc::clone(ledger),
            backlog: VecDeque::new(),
            board,
        };
        let task = tokio::spawn(keeping.run(watch, questions, looks, shutdown.clone()));
        let task = Some(task);
        Ok((Keeper { asks, task }, found))
    }

    /// Ends the task, and with it the library it owns; questions asked after go
    /// unanswered.
    pub async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    async fn ask<T>(&self, question: impl FnOnce(oneshot::Sender<T>) -> Ask) -> Option<T> {
        let (reply, answer) = oneshot::channel();
        self.asks.send(question(reply)).ok()?;
        answer.await.ok()
    }

    /// Probes every file that is due now, one at a time on a blocking thread, and has the
    /// keeper record each: files complete but not yet looked at are probed before a pick.
    pub async fn probe_due(&self) {
        let jobs = self.ask(Ask::TakeDue).await.unwrap_or_default();
        for job in jobs {
            let examined = {
                let job = job.clone();
                tokio::task::spawn_blocking(move || library::examine(&job)).await
            };
            let content = examined_or_unreadable(examined);
            self.ask(|reply| Ask::Record(job, content, reply)).await;
        }
    }

    /// The file `slot` would play, leaving out `excluded`.
    pub async fn pick(
        &self,
        slot: &Slot,
        excluded: Vec<PathBuf>,
    ) -> Result<Result<Chosen, NoFile>, StationError> {
        let slot = slot.clone();
        self.ask(|reply| Ask::Pick {
            slot,
            excluded,
            reply,
        })
        .await
        .ok_or(StationError::KeeperStopped)
    }

    /// Looks at a file again (it changed after it was checked); it is probed once due.
    pub async fn recheck(&self, path: PathBuf) {
        self.ask(|reply| Ask::Recheck(path, reply)).await;
    }

    /// Whether a file of `folder` is being probed right now.
    pub async fn probing_in(&self, folder: PathBuf) -> bool {
        self.ask(|reply| Ask::ProbingIn(folder, reply))
            .await
            .unwrap_or(false)
    }
}

/// A probe's result; a probe that panicked is recorded as unreadable rather than retried
/// forever.
fn examined_or_unreadable(examined: Result<Content, JoinError>) -> Content {
    examined.unwrap_or_else(|error| Content::Failed(Rejection::Unreadable(error.to_string())))
}

/// Watches the programme folders; `None` (and the officer told) when they cannot be.
fn watch_folders(folders: &[PathBuf], lang: Lang) -> Option<FolderWatch> {
    match library::watch::watch(folders) {
        Ok(watch) => Some(watch),
        Err(error) => {
            tracing::warn!(%error, "{}", Note::FoldersUnwatched.say(lang));
            None
        }
    }
}

/// A probe under way on a blocking thread.
type Probing = Option<(ProbeJob, JoinHandle<Content>)>;

/// The probe's job and result once it is done; never, when none is under way.
async fn probe_done(probing: &mut Probing) -> (ProbeJob, Content) {
    let Some((_, handle)) = probing.as_mut() else {
        return std::future::pending().await;
    };
    let content = examined_or_unreadable(handle.await);
    match probing.take() {
        Some((job, _)) => (job, content),
        None => std::future::pending().await,
    }
}

/// The next event of the folders; `None` once the watch has ended, and never without one.
async fn folder_event(watch: &mut Option<FolderWatch>) -> Option<FolderEvent> {
    match watch.as_mut() {
        Some(watch) => watch.events.recv().await,
        None => std::future::pending().await,
    }
}

/// What the keeper task owns.
struct Keeping {
    config: Arc<Config>,
    lang: Lang,
    library: Library,
    ledger: SharedLedger,
    /// Files handed out for probing (the library counts them as being probed), waiting
    /// their turn.
    backlog: VecDeque<ProbeJob>,
    /// Where changes to the files are told, for the console.
    board: Board,
}

impl Keeping {
    async fn run(
        mut self,
        mut watch: Option<FolderWatch>,
        mut questions: mpsc::UnboundedReceiver<Ask>,
        looks: Looks,
        mut shutdown: Shutdown,
    ) {
        let every = if watch.is_some() {
            RESCAN_EVERY
        } else {
            RESCAN_UNWATCHED
        };
        let mut rescan = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let mut warn = tokio::time::interval(WARN_EVERY);
        let mut probing: Probing = None;
        loop {
            self.start_probe(&mut probing);
            let next_due = self.library.next_due().map(tokio::time::Instant::from_std);
            let changes = tokio::select! {
                question = questions.recv() => {
                    let Some(question) = question else { return };
                    self.answer(question);
                    continue;
                }
                look = library::next_look(&looks) => {
                    look(&self.library);
                    continue;
                }
                (job, content) = probe_done(&mut probing) => {
                    self.record(&job, content);
                    continue;
                }
                event = folder_event(&mut watch) => {
                    let Some(event) = event else {
                        watch = None;
                        continue;
                    };
                    self.observe(event)
                }
                () = async {
                    match next_due {
                        Some(at) => tokio::time::sleep_until(at).await,
                        None => std::future::pending().await,
                    }
                } => continue,
                _ = rescan.tick() => self.library.scan(),
                _ = warn.tick() => {
                    self.log_warnings();
                    continue;
                }
                () = shutdown.requested() => return,
            };
            match changes {
                Ok(changes) => changes.iter().for_each(|change| self.log_change(change)),
                Err(error) => tracing::error!(%error, "{}", Note::IndexNotUpdated.say(self.lang)),
            }
        }
    }

    /// Hands out the files now due, and starts probing the next one unless a probe is
    /// under way.
    fn start_probe(&mut self, probing: &mut Probing) {
        self.backlog.extend(self.library.take_due_for_probe());
        if probing.is_some() {
            return;
        }
        if let Some(job) = self.backlog.pop_front() {
            let examined = job.clone();
            let handle = tokio::task::spawn_blocking(move || library::examine(&examined));
            *probing = Some((job, handle));
        }
    }

    fn answer(&mut self, question: Ask) {
        match question {
            Ask::TakeDue(reply) => {
                let _ = reply.send(self.library.take_due_for_probe());
            }
            Ask::Record(job, content, reply) => {
                self.record(&job, content);
                let _ = reply.send(());
            }
            Ask::Recheck(path, reply) => {
                // What changed is probed and logged once due, like any file seen changing.
                let _ = self.library.recheck(&path);
                let _ = reply.send(());
            }
            Ask::ProbingIn(folder, reply) => {
                let _ = reply.send(self.library.probing_in(&folder));
            }
            Ask::Pick {
                slot,
                excluded,
                reply,
            } => {
                let ledger = lock(&self.ledger);
                let picked = plan::pick_for_slot_excluding(
                    &self.config,
                    &self.library,
                    &*ledger,
                    &slot,
                    &[],
                    &excluded,
                );
                let _ = reply.send(picked);
            }
        }
    }

    fn observe(&mut self, event: FolderEvent) -> Result<Vec<Change>, library::IndexError> {
        match event {
            FolderEvent::Closed(path) => self.library.observe(&path, Observation::Closed),
            FolderEvent::Changed(path) => self.library.observe(&path, Observation::Written),
            FolderEvent::Removed(path) => self.library.observe(&path, Observation::Scanned),
            FolderEvent::Rescan => self.library.scan(),
        }
    }

    fn record(&mut self, job: &ProbeJob, content: Content) {
        match self.library.record_probe(job, content) {
            Ok(Some(change)) => self.log_change(&change),
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "{}", Note::IndexNotUpdated.say(self.lang)),
        }
    }

    fn log_change(&self, change: &Change) {
        self.board.changed();
        let lang = self.lang;
        let path = match change {
            Change::Arrived(path) => {
                tracing::info!(file = %path.display(), "{}", Note::NewFile.say(lang));
                return;
            }
            Change::Removed(path) => {
                tracing::info!(file = %path.display(), "file gone");
                return;
            }
            Change::Probed(path) => path,
        };
        let Some(entry) = self.library.entry(path) else {
            return;
        };
        let owners = self
            .config
            .programmes
            .iter()
            .filter(|programme| path.parent() == Some(programme.folder.as_path()));
        for programme in owners {
            match library::evaluate(entry, programme) {
                library::FileState::Ready => tracing::info!(
                    programme = %programme.id,
                    file = %path.display(),
                    duration = %entry_duration(entry, lang),
                    "file ready"
                ),
                library::FileState::Rejected(rejection) => tracing::warn!(
                    programme = %programme.id,
                    file = %path.display(),
                    reason = %rejection.describe(lang),
                    "file will not air"
                ),
                library::FileState::Waiting => {}
            }
        }
    }

    /// Logs the slots of the coming days that have nothing to play, and what stands in the
    /// way of the data disks.
    fn log_warnings(&self) {
        let config = &self.config;
        let now = clock::station_now(config.station.timezone);
        let aired = match lock(&self.ledger).aired_contents() {
            Ok(aired) => aired,
            Err(error) => {
                tracing::error!(%error, "{}", Note::WarningsUnchecked.say(self.lang));
                return;
            }
        };
        for warning in crate::storage::warnings(config) {
            tracing::warn!("{}", warning.describe(self.lang));
        }
        for warning in plan::warnings(config, &self.library, &aired, &now) {
            tracing::warn!(
                programme = %warning.programme,
                slot = %warning.slot_at,
                "{}",
                warning.describe(self.lang)
            );
        }
    }
}

fn entry_duration(entry: &library::Entry, lang: Lang) -> String {
    match &entry.content {
        Content::Probed { probe, .. } => {
            crate::messages::time::spoken_duration(probe.duration, lang)
        }
        _ => String::new(),
    }
}
