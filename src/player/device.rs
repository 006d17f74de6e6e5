//! The sound cards: listing them, finding the one the configuration names, and the stream
//! configuration an airing opens it with.

use std::time::Duration;

use rodio::cpal::traits::{DeviceTrait, HostTrait};
use rodio::cpal::{self, SampleFormat};

use super::PlayerError;

/// The period of the device buffer we ask for: short enough for a prompt stop, long enough
/// not to keep the CPU busy.
const DEVICE_PERIOD: Duration = Duration::from_millis(20);

/// A sound card wardcast can see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// What to write in `[output] device`.
    pub name: String,
    pub description: String,
    pub is_default: bool,
    /// For the system's default output when the system does not list it itself: what it
    /// stands for (the listing words it in the officer's language).
    pub default_for: Option<String>,
}

/// The output devices of the system's audio host.
pub fn devices() -> Result<Vec<DeviceInfo>, PlayerError> {
    let host = cpal::default_host();
    let default_id = host
        .default_output_device()
        .and_then(|device| device.id().ok());
    let list = host
        .output_devices()
        .map_err(|error| PlayerError::DeviceOpen {
            device: "(all)".into(),
            detail: error.to_string(),
        })?;
    let mut found: Vec<DeviceInfo> = list
        .filter_map(|device| {
            let id = device.id().ok()?;
            let description = device
                .description()
                .map(|description| description.name().to_string())
                .unwrap_or_default();
            Some(DeviceInfo {
                name: id.id().to_string(),
                description,
                is_default: default_id.as_ref() == Some(&id),
                default_for: None,
            })
        })
        .collect();
    // ALSA does not always list its default device among the hints; it is still usable.
    if let Some(id) = default_id {
        if !found.iter().any(|device| device.is_default) {
            found.insert(
                0,
                DeviceInfo {
                    name: "default".to_string(),
                    description: String::new(),
                    is_default: true,
                    default_for: Some(id.id().to_string()),
                },
            );
        }
    }
    Ok(found)
}

pub(super) fn find_device(name: &str) -> Result<cpal::Device, PlayerError> {
    let host = cpal::default_host();
    let missing = || PlayerError::NoSuchDevice {
        device: name.to_string(),
    };
    if name == "default" {
        return host.default_output_device().ok_or_else(missing);
    }
    let wanted = name.strip_prefix("alsa:").unwrap_or(name);
    let devices = host.output_devices().map_err(|_| missing())?;
    for device in devices {
        let id_matches = device.id().is_ok_and(|id| id.id() == wanted);
        let description_matches = device
            .description()
            .is_ok_and(|description| description.name() == name);
        if id_matches || description_matches {
            return Ok(device);
        }
    }
    Err(missing())
}

/// How the stream is opened on the device: its rate, channels and buffer, and the sample
/// format it is written in.
pub(super) struct DeviceConfig {
    pub(super) stream: cpal::StreamConfig,
    pub(super) format: SampleFormat,
}

pub(super) fn stream_config(device: &cpal::Device) -> Result<DeviceConfig, String> {
    let default = device
        .default_output_config()
        .map_err(|error| error.to_string())?;
    let rate = default.sample_rate();
    let channels = default.channels();
    let float_supported = device.supported_output_configs().is_ok_and(|mut configs| {
        configs.any(|config| {
            config.sample_format() == SampleFormat::F32
                && config.channels() == channels
                && config.min_sample_rate() <= rate
                && rate <= config.max_sample_rate()
        })
    });
    let format = if float_supported {
        SampleFormat::F32
    } else {
        default.sample_format()
    };
    let wanted = (f64::from(rate) * DEVICE_PERIOD.as_secs_f64()) as u32;
    let buffer_size = match default.buffer_size() {
        cpal::SupportedBufferSize::Range { min, max } => {
            cpal::BufferSize::Fixed(wanted.clamp(*min, (*max).max(*min)))
        }
        cpal::SupportedBufferSize::Unknown => cpal::BufferSize::Default,
    };
    Ok(DeviceConfig {
        stream: cpal::StreamConfig {
            channels,
            sample_rate: rate,
            buffer_size,
        },
        format,
    })
}
