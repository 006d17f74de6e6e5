//! What will air next and whether it is ready: upcoming slots with the file each would play,
//! the warnings for slots that have nothing, and each file's next airing. Pure over a
//! library and log it is given: it reads no folder and writes nothing.

use std::path::PathBuf;

use chrono::DateTime;
use chrono_tz::Tz;
use serde::Serialize;

use crate::config::{Config, Fallback, PickRule, Programme};
use crate::ids::SourceId;
use crate::ledger::timestamp;
use crate::library::{self, AiredFiles, Chosen, FileState, Library, NoFile, Rejection};
use crate::messages::library::Standing;
use crate::messages::plan::PlanNotice;
use crate::messages::{Lang, Say};
use crate::schedule::{self, Slot};

/// The file a slot would play, or why it has none.
pub fn pick_for_slot(
    config: &Config,
    library: &Library,
    aired: &dyn AiredFiles,
    slot: &Slot,
    pending: &[String],
) -> Result<Chosen, NoFile> {
    pick_for_slot_excluding(config, library, aired, slot, pending, &[])
}

/// As `pick_for_slot`, leaving out the files at `excluded` (ones that could not be read for
/// this airing although the library took them).
pub fn pick_for_slot_excluding(
    config: &Config,
    library: &Library,
    aired: &dyn AiredFiles,
    slot: &Slot,
    pending: &[String],
    excluded: &[PathBuf],
) -> Result<Chosen, NoFile> {
    let Some(programme) = slot.programme_in(&config.programmes) else {
        return Err(NoFile::NotConfigured);
    };
    let mut entries = library.entries_in(&programme.folder);
    entries.retain(|entry| !excluded.contains(&entry.path));
    library::pick(programme, slot.month(), &entries, aired, pending)
}

/// Why a slot has no file once some could not be read for airing (`refused`, each a file
/// name with its reason): those are named with their reasons among the folder's files that
/// will not air.
pub fn with_refused(no_file: NoFile, refused: &[(String, Rejection)]) -> NoFile {
    if refused.is_empty() {
        return no_file;
    }
    let named = refused.iter().cloned();
    match no_file {
        NoFile::NoneFit {
            folder,
            rejected,
            waiting,
        } => NoFile::NoneFit {
            folder,
            rejected: named.chain(rejected).collect(),
            waiting,
        },
        NoFile::NoFileForMonth { folder, .. }
        | NoFile::EmptyFolder { folder }
        | NoFile::AllAired { folder } => NoFile::NoneFit {
            folder,
            rejected: named.collect(),
            waiting: Vec::new(),
        },
        other @ (NoFile::NotConfigured | NoFile::FilesKeptChanging) => other,
    }
}

/// How long past its start an airing waits for a probe of its folder already under way.
pub const PROBE_WAIT_CAP: chrono::Duration = chrono::Duration::seconds(30);

/// Whether an airing due at `start_at` with no file yet (`no_file`) waits for one at `now`:
/// a file still being copied is given until a second before the start; while a file of the
/// folder is being probed (`probing`), its verdict is moments away, so it is waited for up
/// to `PROBE_WAIT_CAP` past the start.
pub fn waits_for_file(
    no_file: &NoFile,
    now: &DateTime<Tz>,
    start_at: &DateTime<Tz>,
    probing: bool,
) -> bool {
    let copying = matches!(no_file, NoFile::NoneFit { waiting, .. } if !waiting.is_empty());
    copying
        && (*now + chrono::Duration::seconds(1) < *start_at
            || (probing && *now < *start_at + PROBE_WAIT_CAP))
}

/// One upcoming airing as it stands now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedAiring {
    pub programme: String,
    pub title: String,
    pub scheduled_at: String,
    /// The file it would play, when one fits.
    pub file: Option<String>,
    pub sha256: Option<String>,
    pub duration_seconds: Option<f64>,
    /// Why nothing would play, when nothing fits.
    pub problem: Option<String>,
    /// The source a relay slot relays live (its `file`, when there is one, is the fallback
    /// that plays if the source is down).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relay: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relay_seconds: Option<f64>,
    #[serde(skip)]
    pub slot: Option<Slot>,
    #[serde(skip)]
    pub no_file: Option<NoFile>,
}

impl PlannedAiring {
    pub fn is_ready(&self) -> bool {
        self.problem.is_none()
    }
}

/// Plans slots in time order; a file an `unaired` slot takes is not offered to the next.
struct Planner<'a> {
    config: &'a Config,
    library: &'a Library,
    aired: &'a dyn AiredFiles,
    lang: Lang,
    promised: Vec<String>,
}

impl<'a> Planner<'a> {
    fn new(
        config: &'a Config,
        library: &'a Library,
        aired: &'a dyn AiredFiles,
        lang: Lang,
    ) -> Self {
        Planner {
            config,
            library,
            aired,
            lang,
            promised: Vec::new(),
        }
    }

    /// The slot as it stands; `None` when its programme is not in the configuration.
    fn plan(&mut self, slot: Slot) -> Option<PlannedAiring> {
        let programme = slot.programme_in(&self.config.programmes)?;
        let mut planned = PlannedAiring {
            programme: programme.id.clone(),
            title: programme.title.clone(),
            scheduled_at: timestamp(&slot.at),
            file: None,
            sha256: None,
            duration_seconds: None,
            problem: None,
            relay: programme
                .relay
                .as_ref()
                .map(|relay| relay.source.to_string()),
            relay_seconds: programme
                .relay
                .as_ref()
                .map(|relay| relay.duration.as_secs_f64()),
            slot: Some(slot.clone()),
            no_file: None,
        };
        if let Some(relay) = &programme.relay {
            // A relay is ready whatever its folder holds; its fallback file is shown when
            // there is one, and its source is checked by `wardcast sources`.
            if relay.fallback == Fallback::None {
                return Some(planned);
            }
        }
        match pick_for_slot(self.config, self.library, self.aired, &slot, &self.promised) {
            Ok(chosen) => {
                if programme.pick == PickRule::Unaired {
                    self.promised.push(chosen.sha256.clone());
                }
                planned.file = Some(chosen.path.to_string_lossy().into_owned());
                planned.sha256 = Some(chosen.sha256);
                planned.duration_seconds = Some(chosen.probe.duration.as_secs_f64());
            }
            Err(_) if planned.relay.is_some() => {}
            Err(no_file) => {
                planned.problem = Some(no_file.describe(self.lang));
                planned.no_file = Some(no_file);
            }
        }
        Some(planned)
    }
}

/// The next `count` slots of all programmes after `from`, each with its file or problem.
pub fn upcoming(
    config: &Config,
    library: &Library,
    aired: &dyn AiredFiles,
    from: &DateTime<Tz>,
    count: usize,
    lang: Lang,
) -> Vec<PlannedAiring> {
    let mut planner = Planner::new(config, library, aired, lang);
    schedule::upcoming(&config.programmes, from, count)
        .into_iter()
        .filter_map(|slot| planner.plan(slot))
        .collect()
}

/// The next slot of each programme after `from`, each with its file or problem.
pub fn next_of_each(
    config: &Config,
    library: &Library,
    aired: &dyn AiredFiles,
    from: &DateTime<Tz>,
    lang: Lang,
) -> Vec<PlannedAiring> {
    let mut planner = Planner::new(config, library, aired, lang);
    config
        .programmes
        .iter()
        .filter_map(|programme| {
            let at = programme.schedule.next_after(from)?;
            planner.plan(Slot::of(programme, at))
        })
        .collect()
}

/// A slot within the warning horizon that has nothing to play.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub programme: String,
    pub title: String,
    /// Where to drop the file, as the officer sees it (`audio/cchc-monthly/`).
    pub folder: String,
    pub pick: PickRule,
    pub slot_at: DateTime<Tz>,
    pub problem: NoFile,
}

impl Warning {
    pub fn describe(&self, lang: Lang) -> String {
        self.words().say(lang)
    }

    /// The warning as the catalogue says it; the problem is named when it tells more than
    /// "no file" (files that will not air, or all aired).
    pub fn words(&self) -> PlanNotice {
        let detail = match &self.problem {
            NoFile::NoneFit { .. } | NoFile::AllAired { .. } => Some(self.problem.words()),
            _ => None,
        };
        PlanNotice::NoFileYet {
            title: self.title.clone(),
            folder: self.folder.clone(),
            at: self.slot_at.naive_local(),
            for_month: self.pick == PickRule::Month,
            detail,
        }
    }
}

/// The most slots looked at for warnings.
const WARNING_SLOTS: usize = 500;

/// Every slot from `now` to `now + warn_days` (at most 500) that would have nothing to play.
pub fn warnings(
    config: &Config,
    library: &Library,
    aired: &dyn AiredFiles,
    now: &DateTime<Tz>,
) -> Vec<Warning> {
    let horizon = *now + chrono::Duration::days(i64::from(config.station.warn_days));
    // A schedule that fires every few seconds must not make this walk millions of slots.
    let slots: Vec<Slot> = schedule::upcoming(&config.programmes, now, WARNING_SLOTS)
        .into_iter()
        .filter(|slot| slot.at <= horizon)
        .collect();
    let mut planner = Planner::new(config, library, aired, config.station.lang);
    slots
        .into_iter()
        .filter_map(|slot| planner.plan(slot))
        .filter_map(|planned| {
            let slot = planned.slot?;
            let problem = planned.no_file?;
            let programme = slot.programme_in(&config.programmes)?;
            Some(Warning {
                programme: programme.id.clone(),
                title: programme.title.clone(),
                folder: drop_folder(config, programme),
                pick: programme.pick,
                slot_at: slot.at,
                problem,
            })
        })
        .collect()
}

/// A source the station will need soon: by a relay or a recording, first at `at`.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceNeeded {
    pub source: SourceId,
    pub at: DateTime<Tz>,
}

/// The sources a relay or a recording uses within `warn_days` of `now`, each once, with its
/// first use, soonest first: the ones `wardcast check` tries before they are relied on.
pub fn sources_needed(config: &Config, now: &DateTime<Tz>) -> Vec<SourceNeeded> {
    let horizon = *now + chrono::Duration::days(i64::from(config.station.warn_days));
    let relays = config.programmes.iter().filter_map(|programme| {
        let relay = programme.relay.as_ref()?;
        Some((&relay.source, programme.schedule.next_after(now)?))
    });
    let recordings = config
        .recordings
        .iter()
        .filter_map(|recording| Some((&recording.source, recording.schedule.next_after(now)?)));
    let mut needed: Vec<SourceNeeded> = Vec::new();
    for (source, at) in relays.chain(recordings).filter(|(_, at)| *at <= horizon) {
        match needed.iter_mut().find(|known| &known.source == source) {
            Some(known) => known.at = known.at.min(at),
            None => needed.push(SourceNeeded {
                source: source.clone(),
                at,
            }),
        }
    }
    needed.sort_by_key(|needed| needed.at);
    needed
}

/// The programme folder as the officer finds it: `audio/cchc-monthly/`.
pub fn drop_folder(config: &Config, programme: &Programme) -> String {
    let root = config
        .audio_dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| config.audio_dir.display().to_string());
    format!("{root}/{}/", programme.folder_name)
}

/// One file of one programme, as `wardcast library` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LibraryRow {
    pub programme: String,
    pub file: String,
    pub state: Standing,
    pub duration_seconds: Option<f64>,
    pub sha256: Option<String>,
    pub reason: Option<String>,
    /// The next slot this file is picked for, within the planning horizon.
    pub next_airing: Option<String>,
}

/// How many upcoming slots are planned to find each file's next airing.
const LIBRARY_PLAN_SLOTS: usize = 200;

/// Every file of every programme with its state and next airing.
pub fn library_rows(
    config: &Config,
    library: &Library,
    aired: &dyn AiredFiles,
    now: &DateTime<Tz>,
) -> Vec<LibraryRow> {
    let lang = config.station.lang;
    let plan = upcoming(config, library, aired, now, LIBRARY_PLAN_SLOTS, lang);
    let mut rows = Vec::new();
    for programme in &config.programmes {
        let mut entries = library.entries_in(&programme.folder);
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        for entry in entries {
            let state = library::evaluate(entry, programme);
            let file = entry.path.to_string_lossy().into_owned();
            let next_airing = plan
                .iter()
                .find(|planned| {
                    planned.programme == programme.id && planned.file.as_deref() == Some(&file)
                })
                .map(|planned| planned.scheduled_at.clone());
            let (duration_seconds, sha256) = match &entry.content {
                library::Content::Probed { probe, sha256 } => {
                    (Some(probe.duration.as_secs_f64()), Some(sha256.clone()))
                }
                _ => (None, None),
            };
            rows.push(LibraryRow {
                programme: programme.id.clone(),
                file,
                state: state.standing(),
                duration_seconds,
                sha256,
                reason: match &state {
                    FileState::Rejected(rejection) => Some(rejection.describe(lang)),
                    FileState::Waiting => Some(PlanNotice::StillCopying.say(lang)),
                    FileState::Ready => None,
                },
                next_airing,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Tz> {
        chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(2026, 12, 7, 6, 0, 0)
            .single()
            .expect("valid")
            + chrono::Duration::seconds(seconds)
    }

    fn copying() -> NoFile {
        NoFile::NoneFit {
            folder: "tin-tuc".into(),
            rejected: Vec::new(),
            waiting: vec!["tin.mp3".into()],
        }
    }

    #[test]
    fn a_file_still_being_copied_is_given_until_a_second_before_the_start() {
        let start = at(10);
        assert!(waits_for_file(&copying(), &at(8), &start, false));
        assert!(!waits_for_file(&copying(), &at(9), &start, false));
        let empty = NoFile::EmptyFolder {
            folder: "tin-tuc".into(),
        };
        assert!(!waits_for_file(&empty, &at(0), &start, true));
    }

    #[test]
    fn a_probe_under_way_is_waited_for_up_to_the_cap_past_the_start() {
        let start = at(10);
        assert!(waits_for_file(&copying(), &at(39), &start, true));
        assert!(!waits_for_file(&copying(), &at(40), &start, true));
    }

    #[test]
    fn files_refused_for_airing_are_named_first_among_those_that_will_not_air() {
        let refused = vec![(
            "lớn.wav".to_string(),
            Rejection::TooLargeToAir {
                bytes: 2_000_000_000,
                limit: 1 << 30,
            },
        )];
        let named = with_refused(
            NoFile::EmptyFolder {
                folder: "tin-tuc".into(),
            },
            &refused,
        );
        assert_eq!(
            named,
            NoFile::NoneFit {
                folder: "tin-tuc".into(),
                rejected: refused.clone(),
                waiting: Vec::new(),
            }
        );
        let Some(NoFile::NoneFit {
            rejected, waiting, ..
        }) = Some(with_refused(copying(), &refused))
        else {
            panic!("still none fit");
        };
        assert_eq!(rejected, refused);
        assert_eq!(waiting, ["tin.mp3"]);
        assert_eq!(with_refused(copying(), &[]), copying());
    }
}
