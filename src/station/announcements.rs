//! Announcements handed in by `wardcast play --now`: the announcement desk is the one task
//! that owns the queue of those accepted and waiting. It checks each file, answers the
//! sender in the sender's language, and bumps the counter that cuts the airing on air for
//! an emergency. The schedule asks it for the announcement to air next (the order is
//! `precedence`'s), and at the end for those still waiting, which are logged as not aired.

use chrono_tz::Tz;
use tokio::sync::{mpsc, oneshot, watch};

use crate::config::{Config, Priority};
use crate::control::{self, AnnounceReply, Incoming};
use crate::ids::{Trigger, ANNOUNCEMENT_PROGRAMME};
use crate::ledger::{NotAired, Outcome};
use crate::library::Chosen;
use crate::messages::station::{Note, Reply};
use crate::messages::{Lang, Say};
use crate::precedence;
use crate::reason::{Reason, Urgency};

use super::files::chosen_file;
use super::records::{lock, SharedLedger};
use super::{clock, Shutdown, StationError};

/// How many announcements may wait to air at once; more are refused, so every one accepted
/// can be carried out and accounted for.
pub const MAX_WAITING_ANNOUNCEMENTS: usize = 16;

/// A file handed in by `wardcast play --now`, checked and waiting to air.
#[derive(Debug, Clone)]
pub struct Announcement {
    pub chosen: Chosen,
    pub priority: Priority,
}

impl Announcement {
    pub fn urgency(&self) -> Urgency {
        urgency(self.priority)
    }
}

fn urgency(priority: Priority) -> Urgency {
    match priority {
        Priority::Normal => Urgency::Normal,
        Priority::Priority => Urgency::Priority,
        Priority::Emergency => Urgency::Emergency,
    }
}

/// A question for the desk, with where to answer it.
enum Ask {
    /// The announcement to air now, given the highest priority among the pending slots.
    Next {
        highest_pending: Option<Priority>,
        reply: oneshot::Sender<Option<Announcement>>,
    },
    /// Every announcement still waiting; none is taken after this.
    Close(oneshot::Sender<Vec<Announcement>>),
}

/// The way to the announcement desk, and the counters it keeps.
pub struct Desk {
    asks: mpsc::UnboundedSender<Ask>,
    /// The door requests come in by: the control socket's, and the console's.
    door: mpsc::UnboundedSender<Incoming>,
    emergencies: watch::Sender<u64>,
    arrivals: watch::Receiver<u64>,
}

impl Desk {
    /// Opens the door for `wardcast play --now` (the control socket) and starts the desk.
    pub fn open(config: &Config, shutdown: &Shutdown) -> Desk {
        let lang = config.station.lang;
        let (incoming, requests) = mpsc::unbounded_channel();
        #[cfg(unix)]
        if let Err(error) = control::listen(&config.data_dir, incoming.clone(), lang) {
            tracing::warn!(%error, "{}", Note::AnnouncementsUnreceivable.say(lang));
        }
        let (emergencies, _) = watch::channel(0u64);
        let (arrived, arrivals) = watch::channel(0u64);
        let (asks, questions) = mpsc::unbounded_channel();
        let queue = Queue {
            waiting: Vec::new(),
            closed: false,
            emergencies: emergencies.clone(),
            arrived,
            timezone: config.station.timezone,
            lang,
            shutdown: shutdown.clone(),
        };
        tokio::spawn(queue.serve(requests, questions));
        Desk {
            asks,
            door: incoming,
            emergencies,
            arrivals,
        }
    }

    /// The desk's door, for the console to hand in announcements as `play --now` does.
    pub fn door(&self) -> mpsc::UnboundedSender<Incoming> {
        self.door.clone()
    }

    /// Counts emergency announcements: an airing watching it is cut off by the next one.
    pub fn emergencies(&self) -> watch::Receiver<u64> {
        self.emergencies.subscribe()
    }

    /// Resolves when an announcement has been accepted since this was last asked.
    pub async fn arrived(&mut self) {
        let _ = self.arrivals.changed().await;
    }

    /// The announcement to air now, if one goes before the pending slots (whose highest
    /// priority is `highest_pending`).
    pub async fn next(&self, highest_pending: Option<Priority>) -> Option<Announcement> {
        let (reply, answer) = oneshot::channel();
        self.asks
            .send(Ask::Next {
                highest_pending,
                reply,
            })
            .ok()?;
        answer.await.ok().flatten()
    }

    /// Closes the desk: every announcement still waiting, and none taken after.
    pub async fn close(&self) -> Vec<Announcement> {
        let (reply, answer) = oneshot::channel();
        if self.asks.send(Ask::Close(reply)).is_err() {
            return Vec::new();
        }
        answer.await.unwrap_or_default()
    }
}

/// Logs every announcement still waiting when wardcast stops as missed, so none that was
/// accepted disappears.
pub fn account_for_waiting(
    waiting: Vec<Announcement>,
    ledger: &SharedLedger,
    timezone: Tz,
    lang: Lang,
) -> Result<(), StationError> {
    let reason = Reason::StoppedWhileWaiting;
    for announcement in waiting {
        tracing::warn!(file = %announcement.chosen.path.display(), "{}", Note::AnnouncementNotAired.say(lang));
        lock(ledger).record_not_aired(&NotAired {
            programme: ANNOUNCEMENT_PROGRAMME,
            trigger: Trigger::Manual,
            scheduled_at: None,
            recorded_at: clock::station_now(timezone),
            file: Some(&announcement.chosen.path),
            outcome: Outcome::Missed,
            reason: &reason,
        })?;
    }
    Ok(())
}

/// What the desk task owns: the announcements waiting, in the order they came.
struct Queue {
    waiting: Vec<Announcement>,
    closed: bool,
    emergencies: watch::Sender<u64>,
    arrived: watch::Sender<u64>,
    timezone: Tz,
    lang: Lang,
    shutdown: Shutdown,
}

impl Queue {
    async fn serve(
        mut self,
        mut requests: mpsc::UnboundedReceiver<Incoming>,
        mut questions: mpsc::UnboundedReceiver<Ask>,
    ) {
        let mut door_open = true;
        loop {
            tokio::select! {
                incoming = requests.recv(), if door_open => match incoming {
                    Some(incoming) => self.take_in(incoming, &mut questions).await,
                    None => door_open = false,
                },
                question = questions.recv() => match question {
                    Some(question) => self.answer(question),
                    None => return,
                },
            }
        }
    }

    fn refusing(&self) -> bool {
        self.closed || self.shutdown.is_requested()
    }

    /// Checks one announcement's file (answering the schedule meanwhile), answers the
    /// sender, and queues it when it will air.
    async fn take_in(&mut self, incoming: Incoming, questions: &mut mpsc::UnboundedReceiver<Ask>) {
        let lang = incoming.request.lang.unwrap_or(self.lang);
        let refused = if self.refusing() {
            Some(Reply::Stopping)
        } else if self.waiting.len() >= MAX_WAITING_ANNOUNCEMENTS {
            Some(Reply::Full {
                waiting: self.waiting.len(),
            })
        } else {
            None
        };
        if let Some(reply) = refused {
            return answer_sender(incoming.reply, false, &reply, lang);
        }
        let file = incoming.request.file.clone();
        let check = tokio::task::spawn_blocking(move || chosen_file(&file, lang));
        tokio::pin!(check);
        let checked = loop {
            tokio::select! {
                checked = &mut check => break checked,
                Some(question) = questions.recv() => self.answer(question),
            }
        };
        let priority = incoming.request.priority;
        let chosen = match checked {
            Ok(Ok(chosen)) => chosen,
            Ok(Err(why)) => {
                let file = incoming.request.file;
                let reply = Reply::CannotPlay { file, why };
                return answer_sender(incoming.reply, false, &reply, lang);
            }
            Err(error) => {
                let reply = Reply::CheckFailed {
                    detail: error.to_string(),
                };
                return answer_sender(incoming.reply, false, &reply, lang);
            }
        };
        // Looked at again: the waiting announcements are handed over to be logged once
        // wardcast stops, and nothing may come in after.
        if self.refusing() {
            return answer_sender(incoming.reply, false, &Reply::Stopping, lang);
        }
        let reply = Reply::WillAir {
            name: chosen.name.clone(),
            urgency: urgency(priority),
        };
        tracing::info!(file = %chosen.path.display(), priority = urgency(priority).as_str(), at = %clock::station_now(self.timezone), "announcement received");
        self.waiting.push(Announcement { chosen, priority });
        if priority == Priority::Emergency {
            self.emergencies.send_modify(|count| *count += 1);
        }
        self.arrived.send_modify(|count| *count += 1);
        answer_sender(incoming.reply, true, &reply, lang);
    }

    fn answer(&mut self, question: Ask) {
        match question {
            Ask::Next {
                highest_pending,
                reply,
            } => {
                let priorities: Vec<Priority> = self
                    .waiting
                    .iter()
                    .map(|waiting| waiting.priority)
                    .collect();
                let Some(position) = precedence::announcement_to_air(&priorities, highest_pending)
                else {
                    let _ = reply.send(None);
                    return;
                };
                let announcement = self.waiting.remove(position);
                // Not taken after all (the schedule went away): it keeps its place.
                if let Err(Some(announcement)) = reply.send(Some(announcement)) {
                    self.waiting.insert(position, announcement);
                }
            }
            Ask::Close(reply) => {
                self.closed = true;
                let _ = reply.send(std::mem::take(&mut self.waiting));
            }
        }
    }
}

fn answer_sender(
    sender: oneshot::Sender<AnnounceReply>,
    accepted: bool,
    reply: &Reply,
    lang: Lang,
) {
    let _ = sender.send(AnnounceReply {
        accepted,
        message: reply.say(lang),
    });
}
