//! `wardcast verify`: walks the airing log's hash chain and says whether every record is as
//! it was written, with the hash to write down, and (with `--record N`) one record's hash.

use std::io::{self, Write};

use crate::cli::{setup, Exit, Options};
use crate::ledger::{ChainCheck, Ledger};
use crate::messages::{Lang, LogCheck, Say};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also print the hash of this record, to compare with the one a report quotes.
    #[arg(long, value_name = "N")]
    pub record: Option<i64>,
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let lang = config.station.lang;
    let ledger = Ledger::open_read_only(&config.ledger_path())?
        .with_spare_witness(config.spare_dir.as_deref());
    let check = ledger.verify()?;
    print_chain_check(out, &check, lang)?;
    if let Some(seq) = args.record {
        let stored = ledger.stored_hash(seq)?;
        writeln!(out, "{}", record_line(seq, stored, check.records).say(lang))?;
    }
    Ok(Exit::attention_if(check.problem.is_some()))
}

/// What to say of record `seq`, whose stored hash is `stored`, when the first `intact`
/// records passed the check: its hash only when it is among them.
fn record_line(seq: i64, stored: Option<String>, intact: u64) -> LogCheck {
    let intact_through = i64::try_from(intact).unwrap_or(i64::MAX);
    match stored {
        Some(hash) if seq <= intact_through => LogCheck::RecordHash { seq, hash },
        Some(_) => LogCheck::RecordAfterChange { seq },
        None => LogCheck::NoSuchRecord { seq },
    }
}

/// Prints the result of checking the log: intact, or every problem found, one a line.
fn print_chain_check(out: &mut impl Write, check: &ChainCheck, lang: Lang) -> io::Result<()> {
    if check.problems.is_empty() {
        let intact = LogCheck::Intact {
            records: check.records,
        };
        let head_hash = LogCheck::HeadHash {
            head_hash: check.head_hash.clone(),
        };
        writeln!(out, "{}\n{}", intact.say(lang), head_hash.say(lang))?;
    } else {
        writeln!(out, "{}:", LogCheck::Changed.say(lang))?;
    }
    for problem in &check.problems {
        writeln!(out, "- {}", problem.describe(lang))?;
    }
    if check.more_problems > 0 {
        let more = LogCheck::MoreProblems {
            count: check.more_problems,
        };
        writeln!(out, "- {}", more.say(lang))?;
    }
    if !check.problems.is_empty() {
        let first = LogCheck::FirstIntact {
            records: check.records,
        };
        writeln!(out, "{}, hash {}", first.say(lang), check.head_hash)?;
        writeln!(out, "{}", LogCheck::WhatToDo.say(lang))?;
    }
    print_witness_notes(out, check, lang)
}

/// What the witness file cannot vouch for.
fn print_witness_notes(out: &mut impl Write, check: &ChainCheck, lang: Lang) -> io::Result<()> {
    let witness = &check.witness;
    if let Some(records) = witness.started_at.filter(|started| *started > 0) {
        writeln!(
            out,
            "{}",
            LogCheck::WitnessStartedLate { records }.say(lang)
        )?;
    }
    if witness.unreadable > 0 {
        let lines = witness.unreadable;
        writeln!(out, "{}", LogCheck::WitnessUnreadable { lines }.say(lang))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_s_hash_is_given_only_up_to_the_first_problem() {
        let hash = || Some("ab".repeat(32));
        assert_eq!(
            record_line(3, hash(), 3),
            LogCheck::RecordHash {
                seq: 3,
                hash: "ab".repeat(32)
            }
        );
        assert_eq!(
            record_line(4, hash(), 3),
            LogCheck::RecordAfterChange { seq: 4 }
        );
        assert_eq!(record_line(9, None, 3), LogCheck::NoSuchRecord { seq: 9 });
        assert_eq!(record_line(0, None, 0), LogCheck::NoSuchRecord { seq: 0 });
        // A count past i64 (it cannot happen in a real log) still leaves every record in.
        assert!(matches!(
            record_line(i64::MAX, hash(), u64::MAX),
            LogCheck::RecordHash { .. }
        ));
    }
}
