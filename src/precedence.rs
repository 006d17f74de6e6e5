//! What goes on air before what beyond the slots' own order: an announcement handed in by
//! `wardcast play --now` against the slots pending, and an emergency slot cutting into the
//! airing on air. Pure: it decides from the configuration, the priorities and the times it
//! is given.

use std::time::Duration;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::config::{Config, Priority, Programme};
use crate::dispatch::Pending;
use crate::schedule;

/// How long before an emergency the airing on air is stopped: enough to pick the
/// emergency's file and open the card, so the emergency itself starts on its instant.
pub const CUT_IN_LEAD: Duration = Duration::from_millis(500);

/// An emergency due while another airing is on air.
#[derive(Debug, Clone, PartialEq)]
pub struct CutIn {
    /// When the emergency is due.
    pub at: DateTime<Tz>,
    pub title: String,
}

impl CutIn {
    /// When the airing on air is stopped: just before the emergency.
    pub fn stop_at(&self) -> DateTime<Tz> {
        self.at - chrono::Duration::from_std(CUT_IN_LEAD).unwrap_or_default()
    }
}

/// The highest priority among the pending slots' programmes, if any is pending.
pub fn highest_pending(config: &Config, pending: &[Pending]) -> Option<Priority> {
    pending
        .iter()
        .filter_map(|p| p.slot.programme_in(&config.programmes))
        .map(|programme| programme.priority)
        .max()
}

/// Which of the waiting announcements (their priorities, in the order they came) airs now,
/// if one goes before the pending slots: the most urgent, the earliest among equals. An
/// emergency always goes; a priority one unless an emergency or priority slot is pending; a
/// normal one only when nothing is pending.
pub fn announcement_to_air(
    waiting: &[Priority],
    highest_pending: Option<Priority>,
) -> Option<usize> {
    let (position, priority) = waiting
        .iter()
        .enumerate()
        .max_by_key(|(index, priority)| (**priority, std::cmp::Reverse(*index)))?;
    let goes_first = match priority {
        Priority::Emergency => true,
        Priority::Priority => highest_pending.is_none_or(|p| p < Priority::Priority),
        Priority::Normal => highest_pending.is_none(),
    };
    goes_first.then_some(position)
}

/// The first emergency slot inside an airing of `programme` from `start` lasting `length`,
/// which must cut it off. An emergency is not cut into by another.
pub fn cut_in(
    config: &Config,
    programme: &Programme,
    start: &DateTime<Tz>,
    length: Duration,
) -> Option<CutIn> {
    if programme.priority == Priority::Emergency {
        return None;
    }
    let end = *start + chrono::Duration::from_std(length).unwrap_or_default();
    schedule::slots_between(&config.programmes, start, &end)
        .into_iter()
        .find_map(|slot| {
            let programme = slot.programme_in(&config.programmes)?;
            (programme.priority == Priority::Emergency).then(|| CutIn {
                at: slot.at,
                title: programme.title.clone(),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    use crate::ids::ProgrammeId;
    use crate::schedule::Slot;

    fn config(dir: &std::path::Path) -> Config {
        for folder in ["news", "urgent", "alert"] {
            std::fs::create_dir_all(dir.join("audio").join(folder)).expect("mkdir");
        }
        Config::parse(
            &dir.join("wardcast.toml"),
            "[station]\nname = \"x\"\n[paths]\naudio = \"audio\"\ndata = \"data\"\n\
             [[programme]]\nid = \"news\"\ntitle = \"Tin tức\"\nfolder = \"news\"\n\
             schedule = [\"0 6 * * *\"]\npick = \"newest\"\n\
             [[programme]]\nid = \"urgent\"\ntitle = \"Tin gấp\"\nfolder = \"urgent\"\n\
             schedule = [\"0 7 * * *\"]\npick = \"newest\"\npriority = \"priority\"\n\
             [[programme]]\nid = \"alert\"\ntitle = \"Báo cháy\"\nfolder = \"alert\"\n\
             schedule = [\"5 6 * * *\"]\npick = \"newest\"\npriority = \"emergency\"\n",
        )
        .expect("config")
    }

    fn at(h: u32, m: u32) -> DateTime<Tz> {
        chrono_tz::Asia::Ho_Chi_Minh
            .with_ymd_and_hms(2026, 12, 7, h, m, 0)
            .single()
            .expect("valid")
    }

    fn pending(id: &str) -> Pending {
        Pending {
            slot: Slot {
                programme: ProgrammeId::new(id),
                at: at(6, 0),
            },
            cause: None,
        }
    }

    #[test]
    fn the_most_urgent_announcement_goes_first_and_the_earliest_among_equals() {
        use Priority::{Emergency, Normal, Priority as High};
        assert_eq!(announcement_to_air(&[], None), None);
        assert_eq!(announcement_to_air(&[Normal, High, High], None), Some(1));
        assert_eq!(announcement_to_air(&[Normal, Normal], None), Some(0));
        assert_eq!(
            announcement_to_air(&[High, Emergency], Some(Emergency)),
            Some(1)
        );
    }

    #[test]
    fn an_announcement_waits_for_pending_slots_of_its_class_or_above() {
        use Priority::{Emergency, Normal, Priority as High};
        assert_eq!(announcement_to_air(&[Normal], Some(Normal)), None);
        assert_eq!(announcement_to_air(&[High], Some(Normal)), Some(0));
        assert_eq!(announcement_to_air(&[High], Some(High)), None);
        assert_eq!(announcement_to_air(&[High], Some(Emergency)), None);
        assert_eq!(announcement_to_air(&[Emergency], Some(Emergency)), Some(0));
    }

    #[test]
    fn the_highest_pending_priority_counts_configured_programmes_only() {
        let dir = tempfile::tempdir().expect("dir");
        let config = config(dir.path());
        assert_eq!(highest_pending(&config, &[]), None);
        assert_eq!(
            highest_pending(&config, &[pending("news"), pending("urgent")]),
            Some(Priority::Priority)
        );
        assert_eq!(highest_pending(&config, &[pending("removed")]), None);
    }

    #[test]
    fn an_emergency_inside_an_airing_cuts_it_just_before_its_time() {
        let dir = tempfile::tempdir().expect("dir");
        let config = config(dir.path());
        let news = &config.programmes[0];
        let ten_minutes = Duration::from_secs(600);
        let cut = cut_in(&config, news, &at(6, 0), ten_minutes).expect("the alert at 06:05");
        assert_eq!(
            cut,
            CutIn {
                at: at(6, 5),
                title: "Báo cháy".into()
            }
        );
        assert_eq!(
            cut.stop_at(),
            at(6, 5) - chrono::Duration::milliseconds(500)
        );
        // Ending before the emergency, nothing is cut.
        assert_eq!(
            cut_in(&config, news, &at(6, 0), Duration::from_secs(240)),
            None
        );
        // A priority slot inside the airing does not cut it.
        assert_eq!(
            cut_in(&config, &config.programmes[1], &at(6, 50), ten_minutes),
            None
        );
        // An emergency is not cut into by another.
        let alert = &config.programmes[2];
        assert_eq!(cut_in(&config, alert, &at(6, 0), ten_minutes), None);
    }
}
