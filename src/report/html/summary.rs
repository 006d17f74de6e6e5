//! The page's first four sections: the figures by programme, the monthly programmes, the
//! months (a bar chart and a table) and the check of the log.

use std::io::{self, Write};

use crate::ledger::ChainCheck;
use crate::messages::page::{escaped, PageWords};
use crate::messages::report::{count, one_decimal, Heading};
use crate::messages::{Lang, LogCheck, Say};
use crate::report::rows::month_text;
use crate::report::{MonthFigures, ProgrammeFigures, Summary};

/// The months' table: what each column shows.
const MONTH_HEADINGS: [Heading; 4] = [
    Heading::Month,
    Heading::Planned,
    Heading::Aired,
    Heading::Share,
];

fn write_headings(out: &mut dyn Write, headings: &[Heading], lang: Lang) -> io::Result<()> {
    write!(out, "<thead><tr>")?;
    for heading in headings {
        write!(out, "<th>{}</th>", heading.say(lang))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")
}

pub(super) fn write_programmes(
    out: &mut dyn Write,
    summary: &Summary,
    lang: Lang,
) -> io::Result<()> {
    write!(
        out,
        "<h2>{}</h2>\n<table class=\"summary\">\n",
        PageWords::Programmes.say(lang)
    )?;
    // What was received is counted only for a period that received anything: the table
    // of any other is what it always was.
    let receiving = summary.receiving();
    let mut headings = vec![Heading::Programme];
    headings.extend(ProgrammeFigures::COUNT_HEADINGS);
    headings.push(Heading::Minutes);
    if receiving {
        headings.extend(ProgrammeFigures::RECEIVING_HEADINGS);
    }
    write_headings(out, &headings, lang)?;
    let cells = |out: &mut dyn Write, figures: &ProgrammeFigures| {
        for value in figures.counts() {
            write!(out, "<td class=\"n\">{}</td>", count(value, lang))?;
        }
        write!(
            out,
            "<td class=\"n\">{}</td>",
            one_decimal(figures.minutes_on_air(), lang)
        )?;
        if receiving {
            for value in figures.receiving_counts() {
                write!(out, "<td class=\"n\">{}</td>", count(value, lang))?;
            }
        }
        writeln!(out, "</tr>")
    };
    for figures in &summary.programmes {
        write!(
            out,
            "<tr><td>{} <span class=\"note\">({})</span></td>",
            escaped(&figures.title),
            escaped(&figures.id)
        )?;
        cells(out, figures)?;
    }
    write!(
        out,
        "</tbody>\n<tfoot><tr><th>{}</th>",
        escaped(&summary.total.title)
    )?;
    cells(out, &summary.total)?;
    writeln!(out, "</tfoot>\n</table>")
}

pub(super) fn write_monthly(out: &mut dyn Write, summary: &Summary, lang: Lang) -> io::Result<()> {
    writeln!(out, "<h2>{}</h2>", PageWords::Monthly.say(lang))?;
    if summary.monthly.is_empty() {
        return writeln!(out, "<p>{}</p>", PageWords::NoMonthly.say(lang));
    }
    for measure in &summary.monthly {
        let aired: Vec<String> = measure
            .aired
            .iter()
            .map(|month| month_text(month.year, month.month))
            .collect();
        let line = PageWords::AiredIn {
            title: measure.title.clone(),
            aired: measure.aired.len(),
            due: measure.due.len(),
        };
        write!(out, "<p>{}", line.say(lang))?;
        if !aired.is_empty() {
            write!(out, " ({})", aired.join(", "))?;
        }
        writeln!(out, ".</p>")?;
        if measure.missed.is_empty() {
            writeln!(
                out,
                "<p class=\"ok\">{}</p>",
                PageWords::NoMonthMissed.say(lang)
            )?;
        } else {
            let words = PageWords::MonthsNotAired.say(lang);
            writeln!(out, "<p class=\"bad\">{words}</p>\n<ul>")?;
            for missed in &measure.missed {
                writeln!(
                    out,
                    "<li><b>{}</b>: {}</li>",
                    month_text(missed.month.year, missed.month.month),
                    escaped(&missed.why.say(lang))
                )?;
            }
            writeln!(out, "</ul>")?;
        }
    }
    Ok(())
}

/// Rounds the chart's top up to 1, 2 or 5 times a power of ten.
fn chart_top(largest: u64) -> u64 {
    let mut scale = 1u64;
    loop {
        for step in [1, 2, 5] {
            if step * scale >= largest.max(1) {
                return step * scale;
            }
        }
        scale = scale.saturating_mul(10);
    }
}

pub(super) fn write_months(
    out: &mut dyn Write,
    months: &[MonthFigures],
    lang: Lang,
) -> io::Result<()> {
    writeln!(out, "<h2>{}</h2>", PageWords::Months.say(lang))?;
    write_chart(out, months, lang)?;
    writeln!(out, "<table class=\"months\">")?;
    write_headings(out, &MONTH_HEADINGS, lang)?;
    for month in months {
        let share = if month.planned > 0 {
            format!(
                "{}%",
                (month.aired as f64 * 100.0 / month.planned as f64).round()
            )
        } else {
            "–".to_string()
        };
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{share}</td></tr>",
            month_text(month.month.year, month.month.month),
            count(month.planned, lang),
            count(month.aired, lang)
        )?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// The bars of planned and aired slots, month by month, as inline SVG.
fn write_chart(out: &mut dyn Write, months: &[MonthFigures], lang: Lang) -> io::Result<()> {
    const LEFT: u64 = 56;
    const TOP: u64 = 28;
    const PLOT: u64 = 170;
    const GROUP: u64 = 64;
    const BAR: u64 = 22;
    let width = LEFT + GROUP * months.len() as u64 + 12;
    let height = TOP + PLOT + 40;
    let top = chart_top(
        months
            .iter()
            .map(|month| month.planned.max(month.aired))
            .max()
            .unwrap_or(0),
    );
    let y = |value: u64| TOP + PLOT - (value.min(top) * PLOT) / top;
    writeln!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" style=\"max-width:{width}px\" \
         role=\"img\" aria-label=\"{}\">",
        PageWords::ChartLabel.say(lang)
    )?;
    for tick in [0, top / 2, top] {
        let at = y(tick);
        writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{at}\" x2=\"{}\" y2=\"{at}\" stroke=\"#ccc\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            width - 6,
            LEFT - 6,
            at + 4,
            count(tick, lang)
        )?;
    }
    for (index, month) in months.iter().enumerate() {
        let x = LEFT + GROUP * index as u64 + 8;
        for (offset, value, colour) in [
            (0, month.planned, "#9e9e9e"),
            (BAR + 2, month.aired, "#2e7d32"),
        ] {
            let bar_top = y(value);
            writeln!(
                out,
                "<rect x=\"{}\" y=\"{bar_top}\" width=\"{BAR}\" height=\"{}\" fill=\"{colour}\"/>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
                x + offset,
                TOP + PLOT - bar_top,
                x + offset + BAR / 2,
                bar_top.saturating_sub(3),
                count(value, lang)
            )?;
        }
        writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + BAR + 1,
            TOP + PLOT + 16,
            month_text(month.month.year, month.month.month)
        )?;
    }
    writeln!(
        out,
        "<rect x=\"{LEFT}\" y=\"4\" width=\"12\" height=\"12\" fill=\"#9e9e9e\"/>\
         <text x=\"{}\" y=\"14\">{}</text>\
         <rect x=\"{}\" y=\"4\" width=\"12\" height=\"12\" fill=\"#2e7d32\"/>\
         <text x=\"{}\" y=\"14\">{}</text>\n</svg>",
        LEFT + 16,
        PageWords::ChartPlanned.say(lang),
        LEFT + 96,
        LEFT + 112,
        Heading::Aired.say(lang)
    )
}

pub(super) fn write_chain(out: &mut dyn Write, chain: &ChainCheck, lang: Lang) -> io::Result<()> {
    writeln!(out, "<h2>{}</h2>", PageWords::Check.say(lang))?;
    let records = chain.records;
    let (state, class, above_hash) = match &chain.problem {
        None => (
            LogCheck::Intact { records }.say(lang),
            "ok",
            PageWords::LastRecord { records }.say(lang),
        ),
        Some(problem) => (
            LogCheck::ChangedBecause {
                fault: escaped(&problem.describe(lang)).to_string(),
            }
            .say(lang),
            "bad",
            format!(
                "{}; {}",
                LogCheck::FirstIntact { records }.say(lang),
                PageWords::LastIntactHash.say(lang)
            ),
        ),
    };
    writeln!(
        out,
        "<p class=\"{class}\">{state}</p>\n<p>{above_hash}<br><span class=\"hash\" id=\"head-hash\">{}</span></p>",
        escaped(&chain.head_hash)
    )?;
    writeln!(
        out,
        "<p class=\"note\">{}</p>",
        PageWords::HowToCompare { records }.say(lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_top_is_a_round_number() {
        assert_eq!(chart_top(0), 1);
        assert_eq!(chart_top(7), 10);
        assert_eq!(chart_top(31), 50);
        assert_eq!(chart_top(120), 200);
    }
}
