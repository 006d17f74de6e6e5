//! The figures of a report: per programme, the slots the schedule planned against what the
//! log says happened, and what it received (relayed live, recorded, downloaded); per month,
//! planned against aired; and for each monthly CCHC programme, the months it aired in. Built one airing at a time, so its memory is set by
//! the number of programmes and months, never by the size of the log.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, Months, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::rows::{outcome_word, slot_time, Titles};
use crate::config::{Config, PickRule};
use crate::ledger::{Airing, Entry, Outcome, ReceivedOutcome, Reception, Trigger};
use crate::messages::report::{AiringWord, Heading, MonthNotAired};
use crate::messages::{Lang, Say};
use crate::periods::Period;
use crate::schedule::{slots_between, YearMonth};

/// What the log says of one programme over the period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProgrammeFigures {
    pub id: String,
    pub title: String,
    /// Slots of the configured schedule that fall in the period.
    pub planned: u64,
    pub aired: u64,
    /// Started but cut off: aired in part.
    pub interrupted: u64,
    pub missed: u64,
    pub failed: u64,
    /// Started with no end recorded yet.
    pub on_air: u64,
    /// Seconds of sound that went out, whatever the outcome.
    pub played_seconds: f64,
    /// Airings relayed live from a source (counted among the airings too).
    pub relayed: u64,
    /// Recordings and downloads kept in its folder, whole or in part.
    pub received: u64,
    /// Recordings and downloads that failed.
    pub not_received: u64,
}

impl ProgrammeFigures {
    /// The headings of [`ProgrammeFigures::counts`], in the same order.
    pub const COUNT_HEADINGS: [Heading; 6] = [
        Heading::Planned,
        Heading::Aired,
        Heading::Interrupted,
        Heading::Missed,
        Heading::Failed,
        Heading::OnAir,
    ];

    /// The counts in the order every summary table shows them: planned, aired, partial,
    /// missed, failed, on air.
    pub fn counts(&self) -> [u64; 6] {
        [
            self.planned,
            self.aired,
            self.interrupted,
            self.missed,
            self.failed,
            self.on_air,
        ]
    }

    /// The headings of [`ProgrammeFigures::receiving_counts`], in the same order.
    pub const RECEIVING_HEADINGS: [Heading; 3] =
        [Heading::Relayed, Heading::Received, Heading::NotReceived];

    /// What was received: relayed live, recorded or downloaded, failed. Shown after the
    /// minutes on air when the period received anything.
    pub fn receiving_counts(&self) -> [u64; 3] {
        [self.relayed, self.received, self.not_received]
    }

    pub fn minutes_on_air(&self) -> f64 {
        self.played_seconds / 60.0
    }

    fn add(&mut self, other: &ProgrammeFigures) {
        self.planned += other.planned;
        self.aired += other.aired;
        self.interrupted += other.interrupted;
        self.missed += other.missed;
        self.failed += other.failed;
        self.on_air += other.on_air;
        self.played_seconds += other.played_seconds;
        self.relayed += other.relayed;
        self.received += other.received;
        self.not_received += other.not_received;
    }
}

/// One calendar month of the period (only its days inside the period count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: YearMonth,
    /// Slots of all configured programmes.
    pub planned: u64,
    /// Scheduled airings of configured programmes that played to their end.
    pub aired: u64,
}

/// The plan's own measure for a `pick = "month"` programme: did it air in each month it
/// was due?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyMeasure {
    pub id: String,
    pub title: String,
    /// Months with a slot in the period (or an airing, if the schedule changed since).
    pub due: Vec<YearMonth>,
    /// Months in which it played to its end at least once.
    pub aired: Vec<YearMonth>,
    /// Due months without a full airing, with what the log says of them.
    pub missed: Vec<MissedMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedMonth {
    pub month: YearMonth,
    /// The first thing that went wrong that month, or that the log holds nothing for it.
    pub why: MonthNotAired,
}

/// A report's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Configured programmes in configuration order, then any other programme the log
    /// names (sound checks, the demo, programmes since removed).
    pub programmes: Vec<ProgrammeFigures>,
    pub total: ProgrammeFigures,
    pub months: Vec<MonthFigures>,
    pub monthly: Vec<MonthlyMeasure>,
    /// Airings in the period.
    pub airings: u64,
    /// Recordings and downloads in the period.
    pub received: u64,
}

impl Summary {
    /// Whether the period received anything: a relayed airing, a recording, a download.
    pub fn receiving(&self) -> bool {
        self.total.receiving_counts().iter().any(|count| *count > 0)
    }
}

#[derive(Debug, Default)]
struct MonthState {
    planned: u64,
    aired: bool,
    trouble: Option<MonthNotAired>,
}

/// Gathers a [`Summary`] from the airings of a period, given one at a time.
pub struct SummaryBuilder {
    zone: Tz,
    lang: Lang,
    titles: Titles,
    configured: usize,
    programmes: Vec<ProgrammeFigures>,
    by_id: HashMap<String, usize>,
    months: BTreeMap<YearMonth, MonthFigures>,
    /// Per monthly programme (by index in `programmes`): its months.
    monthly: Vec<(usize, BTreeMap<YearMonth, MonthState>)>,
    airings: u64,
    received: u64,
}

impl SummaryBuilder {
    /// Starts the figures of `period` with no airing counted; titles in `lang`.
    pub fn new(config: &Config, period: &Period, lang: Lang) -> SummaryBuilder {
        let titles = Titles::new(config, lang);
        let programmes: Vec<ProgrammeFigures> = config
            .programmes
            .iter()
            .map(|programme| ProgrammeFigures {
                id: programme.id.clone(),
                title: titles.of(&programme.id).to_string(),
                ..ProgrammeFigures::default()
            })
            .collect();
        let by_id = programmes
            .iter()
            .enumerate()
            .map(|(index, figures)| (figures.id.clone(), index))
            .collect();
        let months = period
            .months()
            .into_iter()
            .map(|(year, month)| {
                let month = YearMonth { year, month };
                (
                    month,
                    MonthFigures {
                        month,
                        planned: 0,
                        aired: 0,
                    },
                )
            })
            .collect();
        let monthly = config
            .programmes
            .iter()
            .enumerate()
            .filter(|(_, programme)| programme.pick == PickRule::Month)
            .map(|(index, _)| (index, BTreeMap::new()))
            .collect();
        SummaryBuilder {
            zone: config.station.timezone,
            lang,
            titles,
            configured: programmes.len(),
            programmes,
            by_id,
            months,
            monthly,
            airings: 0,
            received: 0,
        }
    }

    fn programme_index(&mut self, id: &str) -> usize {
        if let Some(index) = self.by_id.get(id) {
            return *index;
        }
        let index = self.programmes.len();
        self.programmes.push(ProgrammeFigures {
            id: id.to_string(),
            title: self.titles.of(id).to_string(),
            ..ProgrammeFigures::default()
        });
        self.by_id.insert(id.to_string(), index);
        index
    }

    /// Counts one entry of the period.
    pub fn add_entry(&mut self, entry: &Entry) {
        match entry {
            Entry::Airing(airing) => self.add(airing),
            Entry::Received(reception) => self.add_received(reception),
        }
    }

    /// Counts one recording or download of the period, under the programme whose folder
    /// received it.
    pub fn add_received(&mut self, reception: &Reception) {
        self.received += 1;
        let index = self.programme_index(&reception.into);
        let figures = &mut self.programmes[index];
        match reception.outcome {
            Some(ReceivedOutcome::Complete | ReceivedOutcome::Partial) => figures.received += 1,
            // A word this wardcast does not know (a changed log) is not counted as received.
            Some(ReceivedOutcome::Failed) | None => figures.not_received += 1,
        }
    }

    /// Counts one airing of the period.
    pub fn add(&mut self, airing: &Airing) {
        self.airings += 1;
        let index = self.programme_index(&airing.programme);
        let figures = &mut self.programmes[index];
        let relayed = airing
            .evidence
            .as_ref()
            .is_some_and(|evidence| evidence.relay.is_some());
        figures.relayed += u64::from(relayed);
        match airing.outcome {
            Some(Outcome::Aired) => figures.aired += 1,
            Some(Outcome::Interrupted) => figures.interrupted += 1,
            Some(Outcome::Missed) => figures.missed += 1,
            Some(Outcome::Failed) => figures.failed += 1,
            None => figures.on_air += 1,
        }
        if let Some(seconds) = airing.played_seconds {
            figures.played_seconds += seconds.max(0.0);
        }
        // Months compare the plan with what the plan set off: sound checks and airings
        // of programmes no longer configured have no slot to be held against.
        if airing.trigger != Trigger::Schedule || index >= self.configured {
            return;
        }
        let Some(at) = slot_time(airing, self.zone) else {
            return;
        };
        let month = YearMonth {
            year: at.year(),
            month: at.month(),
        };
        let aired = airing.outcome == Some(Outcome::Aired);
        if aired {
            if let Some(figures) = self.months.get_mut(&month) {
                figures.aired += 1;
            }
        }
        if let Some((_, months)) = self.monthly.iter_mut().find(|(i, _)| *i == index) {
            let state = months.entry(month).or_default();
            if aired {
                state.aired = true;
            } else if state.trouble.is_none() {
                state.trouble = Some(MonthNotAired::Airing {
                    outcome: outcome_word(airing.outcome),
                    reason: airing.reason.clone(),
                });
            }
        }
    }

    /// The figures, with the slots `plan` counted (for the same configuration and period).
    pub fn finish(mut self, plan: &Plan) -> Summary {
        for (index, planned) in plan.per_programme.iter().enumerate().take(self.configured) {
            self.programmes[index].planned = *planned;
        }
        for (month, per_programme) in &plan.per_month {
            if let Some(figures) = self.months.get_mut(month) {
                figures.planned = per_programme.iter().sum();
            }
            for (index, months) in &mut self.monthly {
                let planned = per_programme.get(*index).copied().unwrap_or(0);
                if planned > 0 {
                    months.entry(*month).or_default().planned += planned;
                }
            }
        }
        let mut total = ProgrammeFigures {
            id: String::new(),
            title: AiringWord::Total.say(self.lang),
            ..ProgrammeFigures::default()
        };
        for figures in &self.programmes {
            total.add(figures);
        }
        let monthly = self
            .monthly
            .into_iter()
            .map(|(index, months)| {
                let figures = &self.programmes[index];
                let due: Vec<YearMonth> = months
                    .iter()
                    .filter(|(_, state)| {
                        state.planned > 0 || state.aired || state.trouble.is_some()
                    })
                    .map(|(month, _)| *month)
                    .collect();
                let aired = months
                    .iter()
                    .filter(|(_, state)| state.aired)
                    .map(|(month, _)| *month)
                    .collect();
                let missed = months
                    .into_iter()
                    .filter(|(month, state)| !state.aired && due.contains(month))
                    .map(|(month, state)| MissedMonth {
                        month,
                        why: state.trouble.unwrap_or(MonthNotAired::NoRecord),
                    })
                    .collect();
                MonthlyMeasure {
                    id: figures.id.clone(),
                    title: figures.title.clone(),
                    due,
                    aired,
                    missed,
                }
            })
            .collect();
        Summary {
            programmes: self.programmes,
            total,
            months: self.months.into_values().collect(),
            monthly,
            airings: self.airings,
            received: self.received,
        }
    }
}

/// The slots of the configured schedule inside a period: what the plan asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// By programme, in configuration order.
    per_programme: Vec<u64>,
    /// By calendar month, then by programme.
    per_month: BTreeMap<YearMonth, Vec<u64>>,
}

impl Plan {
    /// Counts the slots; kept apart from the airings so it can run beside the pass over
    /// the log (a programme that fires every minute has half a million slots a year).
    pub fn count(config: &Config, period: &Period) -> Plan {
        let programmes = config.programmes.len();
        let mut plan = Plan {
            per_programme: vec![0; programmes],
            per_month: BTreeMap::new(),
        };
        for_each_planned_slot(config, period, |programme, month| {
            if let Some(count) = plan.per_programme.get_mut(programme) {
                *count += 1;
            }
            let per_programme = plan
                .per_month
                .entry(month)
                .or_insert_with(|| vec![0; programmes]);
            if let Some(count) = per_programme.get_mut(programme) {
                *count += 1;
            }
        });
        plan
    }
}

/// Hands each slot of the configured schedule inside `period` to `visit`, with its
/// programme's index and its month. The schedule is walked one month at a time, so a
/// programme that fires every minute costs a month of slots in memory, not a year.
fn for_each_planned_slot(
    config: &Config,
    period: &Period,
    mut visit: impl FnMut(usize, YearMonth),
) {
    let zone = config.station.timezone;
    for (year, month) in period.months() {
        let Some(first_of_month) = NaiveDate::from_ymd_opt(year, month, 1) else {
            continue;
        };
        let Some(last_of_month) = first_of_month
            .checked_add_months(Months::new(1))
            .and_then(|next| next.checked_sub_days(Days::new(1)))
        else {
            continue;
        };
        // The same midnights as the log's filter, so a slot and its airing always fall on
        // the same side of the period's edge.
        let (from_ms, to_ms) = Period {
            label: String::new(),
            first_day: first_of_month.max(period.first_day),
            last_day: last_of_month.min(period.last_day),
        }
        .bounds_ms(zone);
        let (Some(after), Some(until)) = (
            zone.timestamp_millis_opt(from_ms - 1).single(),
            zone.timestamp_millis_opt(to_ms - 1).single(),
        ) else {
            continue;
        };
        let month = YearMonth { year, month };
        for slot in slots_between(&config.programmes, &after, &until) {
            if let Some(index) = slot.programme_index(&config.programmes) {
                visit(index, month);
            }
        }
    }
}

#[cfg(test)]
mod tests;
