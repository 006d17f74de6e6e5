//! The configuration of the officer's web console (`[web]`): where it listens, the
//! certificate that makes it HTTPS, and how large an upload may be.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::check::Checker;
use super::ConfigError;
use crate::messages::config::{NumberUse, WebProblem};

/// Where the console listens when the file does not say: this PC only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// The largest upload, in MB, when the file does not say: a 15-minute programme as WAV
/// is about 160 MB.
pub const DEFAULT_UPLOAD_MEGABYTES: u32 = 500;
pub const UPLOAD_MEGABYTES_RANGE: std::ops::RangeInclusive<u32> = 1..=4096;

/// The web console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Web {
    /// The address to listen on; `None` when the console is turned off (`listen = "off"`).
    pub listen: Option<SocketAddr>,
    /// The certificate and key that make the console HTTPS.
    pub tls: Option<Tls>,
    /// The largest file an upload may bring, in bytes.
    pub max_upload_bytes: u64,
}

impl Default for Web {
    fn default() -> Web {
        Web {
            listen: DEFAULT_LISTEN.parse().ok(),
            tls: None,
            max_upload_bytes: u64::from(DEFAULT_UPLOAD_MEGABYTES) * 1_000_000,
        }
    }
}

impl Web {
    /// Whether the console can be reached from other machines without HTTPS: their
    /// passwords and cookies would cross the office network in the clear.
    pub fn open_without_tls(&self) -> bool {
        self.tls.is_none()
            && self
                .listen
                .is_some_and(|address| !address.ip().is_loopback())
    }
}

/// PEM files of the console's certificate (with its chain) and private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub cert: PathBuf,
    pub key: PathBuf,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileWeb {
    listen: Option<Spanned<String>>,
    tls_cert: Option<Spanned<String>>,
    tls_key: Option<Spanned<String>>,
    max_upload_megabytes: Option<Spanned<i64>>,
}

impl Checker<'_> {
    pub(super) fn web(
        &self,
        base: &Path,
        written: Option<&Spanned<FileWeb>>,
    ) -> Result<Web, ConfigError> {
        let Some(written) = written else {
            return Ok(Web::default());
        };
        let offset = written.span().start;
        let written = written.get_ref();
        let listen = match &written.listen {
            Some(text) => self.listen(text)?,
            None => Web::default().listen,
        };
        let tls = match (&written.tls_cert, &written.tls_key) {
            (None, None) => None,
            (Some(cert), Some(key)) => Some(Tls {
                cert: self.pem_file(base, cert)?,
                key: self.pem_file(base, key)?,
            }),
            (Some(_), None) => {
                return Err(self.error(offset, WebProblem::TlsHalf { missing: "tls_key" }))
            }
            (None, Some(_)) => {
                return Err(self.error(
                    offset,
                    WebProblem::TlsHalf {
                        missing: "tls_cert",
                    },
                ))
            }
        };
        let megabytes = match &written.max_upload_megabytes {
            Some(value) => self.whole_number(
                value,
                "max_upload_megabytes",
                &UPLOAD_MEGABYTES_RANGE,
                NumberUse::UploadMegabytes,
            )?,
            None => DEFAULT_UPLOAD_MEGABYTES,
        };
        Ok(Web {
            listen,
            tls,
            max_upload_bytes: u64::from(megabytes) * 1_000_000,
        })
    }

    fn listen(&self, text: &Spanned<String>) -> Result<Option<SocketAddr>, ConfigError> {
        let written = text.get_ref().trim();
        if written.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        written.parse().map(Some).map_err(|_| {
            let problem = WebProblem::NotListenAddress {
                text: written.to_string(),
            };
            self.error(text.span().start, problem)
        })
    }

    fn pem_file(&self, base: &Path, written: &Spanned<String>) -> Result<PathBuf, ConfigError> {
        let path = base.join(written.get_ref());
        if path.is_file() {
            return Ok(path);
        }
        Err(self.error(written.span().start, WebProblem::TlsFileMissing { path }))
    }
}
