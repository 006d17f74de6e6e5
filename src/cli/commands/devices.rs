//! `wardcast devices`: the sound cards wardcast can see, with the names to write in
//! `[output] device`, then the capture devices, with the names to write in `input` of a
//! `[[source]]`.

use std::io::{self, Write};

use crate::cli::{setup, Exit, Options};
use crate::messages::receive::ReceiveProblem;
use crate::messages::{shown, Lang, ListWords, Say};
use crate::player::{self, DeviceInfo};
use crate::receive::{self, InputDevice};

pub fn run(options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    // Listing the cards needs no working station; its language is still the station's.
    let station = setup::load_config(options).ok();
    let lang = setup::lang_of(station.as_ref(), options);
    let devices = player::devices()?;
    print_devices(out, &devices, lang)?;
    print_inputs(out, &receive::input_devices(), lang)?;
    Ok(Exit::Done)
}

/// Prints the sound cards as text.
fn print_devices(out: &mut impl Write, devices: &[DeviceInfo], lang: Lang) -> io::Result<()> {
    if devices.is_empty() {
        writeln!(out, "{}", ListWords::NoSoundCard.say(lang))?;
        return Ok(());
    }
    writeln!(out, "{}", ListWords::OutputsHeading.say(lang))?;
    for device in devices {
        let description = match &device.default_for {
            Some(id) => ListWords::DefaultOutput { device: id.clone() }.say(lang),
            None => device.description.clone(),
        };
        print_one(out, &device.name, &description, device.is_default, lang)?;
    }
    Ok(())
}

/// Prints the capture devices, the system's default input (`line-in`) first, under their
/// own heading so none is taken for a card to play on.
fn print_inputs(
    out: &mut impl Write,
    inputs: &Result<Vec<InputDevice>, ReceiveProblem>,
    lang: Lang,
) -> io::Result<()> {
    writeln!(out, "\n{}", ListWords::InputsHeading.say(lang))?;
    let inputs = match inputs {
        Ok(inputs) => inputs,
        Err(problem) => return writeln!(out, "    {}", problem.say(lang)),
    };
    for input in inputs {
        let description = if input.is_default {
            ListWords::DefaultInput.say(lang)
        } else {
            input.description.clone()
        };
        print_one(out, &input.name, &description, input.is_default, lang)?;
    }
    Ok(())
}

fn print_one(
    out: &mut impl Write,
    name: &str,
    description: &str,
    is_default: bool,
    lang: Lang,
) -> io::Result<()> {
    let mark = if is_default {
        format!(" {}", ListWords::DefaultCard.say(lang))
    } else {
        String::new()
    };
    writeln!(out, "{}{mark}\n    {}", shown(name), shown(description))
}
