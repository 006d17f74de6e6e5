//! The schedule task: collects the slots that come due, keeps the alive note, and serves
//! what goes on air next (an announcement, or the first pending slot) by carrying out what
//! `dispatch` and `precedence` decide; between slots it waits for the next one, an
//! announcement, or a reload. It owns the pending slots and the running configuration.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;
use tokio::sync::mpsc;

use crate::config::{Config, Fallback, Programme, Relay};
use crate::dispatch::{self, Decision, LateCause, OnAirSpan, Pending};
use crate::ids::{Trigger, ANNOUNCEMENT_PROGRAMME, DEMO_PROGRAMME};
use crate::ledger::{NotAired, Outcome};
use crate::library::Looks;
use crate::messages::reason::of_receive_problem;
use crate::messages::Say;
use crate::precedence;
use crate::reason::Reason;
use crate::schedule;

use super::airing::{AiringJob, Studio};
use super::announcements::{self, Announcement, Desk};
use super::keeper::Keeper;
use super::records::{self, lock};
use super::relays::RelayDesk;
use super::{clock, notes, picking, recovery, reload, Shutdown, StationError};

/// How long before a slot the file is picked, probed and hashed and the device opened.
/// Long enough for a 15-minute mp3 to be hashed on a slow PC; the start itself is placed
/// on the exact instant by the player.
pub const PREPARE_LEAD: Duration = Duration::from_secs(4);

/// How long before its start a relay's source must have been heard; later, the device
/// would open too late for the first sample to leave on the slot.
const HEARD_BEFORE_START_MS: i64 = 500;

/// The longest the schedule waits without looking again (and writing the alive note).
const LONGEST_WAIT: chrono::Duration = chrono::Duration::seconds(60);

/// What the schedule task owns, and the tasks it asks.
pub(super) struct Dispatcher<'a> {
    pub(super) config: Arc<Config>,
    pub(super) studio: &'a Studio<'a>,
    pub(super) keeper: Keeper,
    pub(super) desk: Desk,
    pub(super) reloads: mpsc::UnboundedReceiver<()>,
    /// Connects relays ahead of their slots.
    pub(super) relays: RelayDesk,
    /// Hands a configuration read again to the tasks that receive other stations.
    pub(super) configs: tokio::sync::watch::Sender<Arc<Config>>,
    /// Slots due (or about to be) and not yet decided.
    pub(super) pending: Vec<Pending>,
    /// Slots up to here have been collected.
    pub(super) cursor: DateTime<Tz>,
    /// The airing most recently on air, to tell an overlap from other lateness.
    pub(super) last_on_air: Option<OnAirSpan>,
    pub(super) alive: PathBuf,
    /// The console's questions to the library, handed to each keeper in turn.
    pub(super) looks: Looks,
}

impl Dispatcher<'_> {
    /// Notes that the demo was on air from `started` until now.
    pub(super) fn after_demo(&mut self, started: DateTime<Tz>) {
        self.last_on_air = Some(OnAirSpan {
            title: DEMO_PROGRAMME.to_string(),
            from: started,
            until: self.studio.now(),
        });
    }

    /// Serves the schedule until shutdown.
    pub(super) async fn serve(&mut self, shutdown: &mut Shutdown) -> Result<(), StationError> {
        while !shutdown.is_requested() {
            let now = self.studio.now();
            self.collect_due(&now);
            self.note_alive(&now);
            let highest = precedence::highest_pending(&self.config, &self.pending);
            if let Some(announcement) = self.desk.next(highest).await {
                self.air_announcement(announcement, shutdown).await?;
            } else if self.pending.is_empty() {
                self.wait(&now, shutdown).await?;
            } else {
                self.serve_first(&now, shutdown).await?;
            }
        }
        Ok(())
    }

    /// Collects every slot that is due (or about to be) and not yet in the log.
    fn collect_due(&mut self, now: &DateTime<Tz>) {
        let horizon = *now + chrono::Duration::from_std(PREPARE_LEAD).unwrap_or_default();
        if horizon <= self.cursor {
            return;
        }
        let lang = self.studio.lang;
        for slot in schedule::slots_between(&self.config.programmes, &self.cursor, &horizon) {
            if records::in_log(self.studio.ledger, &slot, lang) {
                // Already accounted for (the clock went back, or a restart): never twice.
                continue;
            }
            let cause = dispatch::cause_for_due(&slot.at, now, self.last_on_air.as_ref());
            self.pending.push(Pending { slot, cause });
        }
        self.cursor = horizon;
    }

    fn note_alive(&self, now: &DateTime<Tz>) {
        let unrecorded = recovery::unrecorded_from(self.studio.ledger, self.studio.timezone);
        let until = dispatch::accounted_until(&self.cursor, &self.pending, unrecorded.as_ref());
        notes::write_alive(
            &self.alive,
            now,
            &until,
            unrecorded.as_ref(),
            self.studio.lang,
        );
    }

    /// Waits for the next slot, an announcement, a reload or shutdown.
    async fn wait(
        &mut self,
        now: &DateTime<Tz>,
        shutdown: &mut Shutdown,
    ) -> Result<(), StationError> {
        let lead = chrono::Duration::from_std(PREPARE_LEAD).unwrap_or_default();
        let next = schedule::next_slot(&self.config.programmes, &self.cursor);
        let wake = next.map_or(*now + LONGEST_WAIT, |slot| slot.at - lead);
        let wake = wake.min(*now + LONGEST_WAIT);
        tokio::select! {
            _ = clock::sleep_until_wall(&wake, shutdown) => {}
            () = self.desk.arrived() => {}
            Some(()) = self.reloads.recv() => self.reload(shutdown).await?,
        }
        Ok(())
    }

    /// Runs on a configuration read again, with a library keeper of its own.
    async fn reload(&mut self, shutdown: &Shutdown) -> Result<(), StationError> {
        let Some(new) = reload::reload(&self.config) else {
            return Ok(());
        };
        self.config = Arc::new(new);
        self.configs.send_replace(Arc::clone(&self.config));
        // The old keeper lets go of the library's index before the new one opens it.
        self.keeper.stop().await;
        let (keeper, _) = Keeper::start(
            &self.config,
            self.studio.ledger,
            Arc::clone(&self.looks),
            self.studio.board.clone(),
            shutdown,
        )?;
        self.keeper = keeper;
        Ok(())
    }

    async fn air_announcement(
        &mut self,
        announcement: Announcement,
        shutdown: &mut Shutdown,
    ) -> Result<(), StationError> {
        let urgency = announcement.urgency();
        let job = AiringJob::announcement(announcement.chosen, urgency, self.studio.now());
        let report = self.studio.carry_out(&job, shutdown).await?;
        if report.cancelled {
            // Stopped before its first sample: accounted for here, as nothing else will.
            let why = Reason::NotStarted {
                why: Box::new(report.reason.unwrap_or(Reason::Shutdown)),
            };
            lock(self.studio.ledger).record_not_aired(&NotAired {
                programme: ANNOUNCEMENT_PROGRAMME,
                trigger: Trigger::Manual,
                scheduled_at: None,
                recorded_at: self.studio.now(),
                file: Some(&job.chosen.path),
                outcome: Outcome::Missed,
                reason: &why,
            })?;
        }
        self.was_on_air(ANNOUNCEMENT_PROGRAMME, job.start_at);
        Ok(())
    }

    /// Slots that came due while `title` was on air (from `from` until now) waited for it.
    fn was_on_air(&mut self, title: &str, from: DateTime<Tz>) {
        let until = self.studio.now();
        dispatch::mark_overlapped(&mut self.pending, title, &until);
        self.last_on_air = Some(OnAirSpan {
            title: title.to_string(),
            from,
            until,
        });
    }

    /// Decides the first pending slot (in `dispatch::order`) and carries the decision out.
    async fn serve_first(
        &mut self,
        now: &DateTime<Tz>,
        shutdown: &mut Shutdown,
    ) -> Result<(), StationError> {
        dispatch::order(&self.config, &mut self.pending);
        let next = self.pending.remove(0);
        let Some(programme) = next.slot.programme_in(&self.config.programmes).cloned() else {
            return Ok(());
        };
        match dispatch::decide(&self.config, now, &next) {
            Decision::Drop => Ok(()),
            Decision::Miss { reason } => self.missed(&next, &reason),
            Decision::Air { start_at, note } => {
                self.air_slot(next, &programme, start_at, note, shutdown)
                    .await
            }
        }
    }

    fn missed(&self, pending: &Pending, reason: &Reason) -> Result<(), StationError> {
        let (timezone, lang) = (self.studio.timezone, self.studio.lang);
        records::record_missed(self.studio.ledger, &pending.slot, reason, timezone, lang)
    }

    /// Airs the slot from `start_at`: its relay, or its file.
    async fn air_slot(
        &mut self,
        next: Pending,
        programme: &Programme,
        start_at: DateTime<Tz>,
        note: Option<Reason>,
        shutdown: &mut Shutdown,
    ) -> Result<(), StationError> {
        match &programme.relay {
            Some(relay) => {
                self.air_relay(next, programme, relay, (start_at, note), shutdown)
                    .await
            }
            None => {
                self.air_file(next, programme, start_at, note, shutdown)
                    .await
            }
        }
    }

    /// Relays the slot's source from `start_at` to the slot's end, once it is heard; when
    /// it is not heard by the start, the folder's file airs instead (`fallback = "folder"`)
    /// or the slot is logged missed with why. A relay cut off is not replayed: the source
    /// has moved on.
    async fn air_relay(
        &mut self,
        next: Pending,
        programme: &Programme,
        relay: &Relay,
        (start_at, note): (DateTime<Tz>, Option<Reason>),
        shutdown: &mut Shutdown,
    ) -> Result<(), StationError> {
        let slot_end =
            next.slot.at + chrono::Duration::from_std(relay.duration).unwrap_or_default();
        let length = (slot_end - start_at).to_std().unwrap_or_default();
        if length.is_zero() {
            // Late past its own end: what made it late is why it was missed.
            let why = match note {
                Some(Reason::PlayedLate { why, .. }) => *why,
                other => other.unwrap_or(Reason::ClockJump),
            };
            return self.missed(&next, &why);
        }
        if let Some(reason) = dispatch::runs_past_window(&self.config, programme, &start_at, length)
        {
            return self.missed(&next, &reason);
        }
        let Some(part) = self.relays.claim(&next.slot.programme, &next.slot.at).await else {
            return Ok(());
        };
        let ready_by = start_at - chrono::Duration::milliseconds(HEARD_BEFORE_START_MS);
        let heard = tokio::select! {
            heard = part.wait_heard(&ready_by) => heard,
            () = shutdown.requested() => false,
        };
        if !heard {
            part.close().await;
            if shutdown.is_requested() {
                self.pending.push(next);
                return Ok(());
            }
            let source = relay.source.as_str();
            let why = part.problem().map_or_else(
                || Reason::SourceUnreachable {
                    source: source.to_string(),
                },
                |problem| of_receive_problem(source, &problem),
            );
            tracing::warn!(programme = %programme.id, reason = %why.say(self.studio.lang), "relay source not heard");
            return match relay.fallback {
                Fallback::Folder => {
                    let note = Some(Reason::RelayFallback { why: Box::new(why) });
                    self.air_file(next, programme, start_at, note, shutdown)
                        .await
                }
                Fallback::None => self.missed(&next, &why),
            };
        }
        let cut_in = precedence::cut_in(&self.config, programme, &start_at, length);
        let job = AiringJob::relayed(&next.slot, programme, start_at, part.clone(), length)
            .noted(note)
            .cut_by(cut_in, self.desk.emergencies());
        let report = self.studio.carry_out(&job, shutdown).await?;
        part.close().await;
        if report.cancelled {
            self.pending.push(next);
            return Ok(());
        }
        self.was_on_air(&programme.title, start_at);
        Ok(())
    }

    /// Picks the slot's file and airs it from `start_at`, unless it would run past the
    /// allowed hours; an airing cut off is handed back to be replayed (or not).
    async fn air_file(
        &mut self,
        next: Pending,
        programme: &Programme,
        start_at: DateTime<Tz>,
        note: Option<Reason>,
        shutdown: &mut Shutdown,
    ) -> Result<(), StationError> {
        let (config, ledger) = (Arc::clone(&self.config), self.studio.ledger);
        let slot = &next.slot;
        let Some(picked) =
            picking::pick_for_airing(&config, &self.keeper, ledger, slot, &start_at).await?
        else {
            return Ok(());
        };
        let length = picked.0.probe.duration;
        if let Some(reason) = dispatch::runs_past_window(&config, programme, &start_at, length) {
            return self.missed(&next, &reason);
        }
        let lang = self.studio.lang;
        tracing::info!(
            programme = %programme.id,
            file = %picked.0.name,
            duration = %crate::messages::time::spoken_duration(length, lang),
            note = note.as_ref().map(|note| note.say(lang)).unwrap_or_default(),
            "file picked"
        );
        let cut_in = precedence::cut_in(&config, programme, &start_at, length);
        let job = AiringJob::scheduled(slot, programme, start_at, picked, note)
            .cut_by(cut_in, self.desk.emergencies());
        let report = self.studio.carry_out(&job, shutdown).await?;
        if report.cancelled {
            // Nothing went out and nothing was logged: the slot stays open, to be
            // accounted for by the next run.
            self.pending.push(next);
            return Ok(());
        }
        self.was_on_air(&programme.title, start_at);
        if let (Outcome::Interrupted, Some(why)) = (report.outcome, report.reason) {
            if !shutdown.is_requested() {
                self.pending.push(Pending {
                    slot: next.slot,
                    cause: Some(LateCause::Interrupted { why }),
                });
            }
        }
        Ok(())
    }

    /// Ends the run: the alive note brought up to date, the announcements still waiting
    /// logged as not aired, the library keeper stopped.
    pub(super) async fn close(mut self) -> Result<(), StationError> {
        self.note_alive(&self.studio.now());
        let waiting = self.desk.close().await;
        let (timezone, lang) = (self.studio.timezone, self.studio.lang);
        announcements::account_for_waiting(waiting, self.studio.ledger, timezone, lang)?;
        self.keeper.stop().await;
        Ok(())
    }
}
