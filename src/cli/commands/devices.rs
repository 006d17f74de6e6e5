//! `wardcast devices`: the sound cards wardcast can see, with the names to write in
//! `[output] device`.

use std::io::{self, Write};

use crate::cli::{setup, Exit, Options};
use crate::messages::{shown, Lang, ListWords, Say};
use crate::player::{self, DeviceInfo};

pub fn run(options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    // Listing the cards needs no working station; its language is still the station's.
    let station = setup::load_config(options).ok();
    let lang = setup::lang_of(station.as_ref(), options);
    let devices = player::devices()?;
    print_devices(out, &devices, lang)?;
    Ok(Exit::Done)
}

/// Prints the sound cards as text.
fn print_devices(out: &mut impl Write, devices: &[DeviceInfo], lang: Lang) -> io::Result<()> {
    if devices.is_empty() {
        writeln!(out, "{}", ListWords::NoSoundCard.say(lang))?;
    }
    for device in devices {
        let mark = if device.is_default {
            format!(" {}", ListWords::DefaultCard.say(lang))
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}{mark}\n    {}",
            shown(&device.name),
            shown(&device.description)
        )?;
    }
    Ok(())
}
