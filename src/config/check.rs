//! Validation of the file as written: every value checked against its documented range,
//! every path resolved, every message in the officer's language and pointing at the value.

use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use chrono_tz::Tz;
use toml::Spanned;

use super::*;
use crate::messages::Lang;
use crate::messages::{shown, shown_path};
use crate::schedule::{line_hint, CronLine, Schedule};

pub(super) struct Checker<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub lang: Lang,
}

impl Checker<'_> {
    /// `vi` or `en`, whichever the officer reads.
    pub(super) fn say(&self, vi: impl Into<String>, en: impl Into<String>) -> String {
        match self.lang {
            Lang::Vi => vi.into(),
            Lang::En => en.into(),
        }
    }

    pub(super) fn error(&self, offset: usize, message: String, hint: String) -> ConfigError {
        ConfigError::Invalid {
            location: Location::at(self.file, self.text, offset),
            message,
            hint,
            lang: self.lang,
        }
    }

    pub(super) fn toml_error(&self, error: &toml::de::Error) -> ConfigError {
        let offset = error.span().map_or(0, |span| span.start);
        let (message, hint) = words::toml_words(error.message(), self.lang);
        self.error(offset, message, hint)
    }

    pub(super) fn validate(&self, file: FileConfig) -> Result<Config, ConfigError> {
        let timezone = self.timezone(file.station.timezone.as_ref())?;
        let base = self
            .file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let audio_dir = self.audio_dir(&base, &file.paths.audio)?;
        let data_dir = self.data_dir(&base, &file.paths.data)?;
        let spare_dir = match &file.paths.spare {
            Some(spare) => Some(self.spare_dir(&base, spare, &data_dir)?),
            None => None,
        };

        let mut programmes: Vec<Programme> = Vec::new();
        for spanned in file.programmes {
            let programme = spanned.into_inner();
            programmes.push(self.programme(programme, &audio_dir, &programmes)?);
        }
        let dead_air = self.duration(
            file.output.as_ref().and_then(|o| o.dead_air.as_ref()),
            "dead_air",
            &DEAD_AIR_RANGE,
        )?;

        Ok(Config {
            source: self.file.to_path_buf(),
            station: Station {
                name: file.station.name,
                timezone,
                lang: file.station.lang,
                warn_days: self.warn_days(file.station.warn_days.as_ref())?,
                allowed_hours: match &file.station.allowed_hours {
                    Some(windows) => self.hours(windows)?,
                    None => Vec::new(),
                },
            },
            blackouts: file
                .blackouts
                .iter()
                .map(|blackout| self.blackout(blackout))
                .collect::<Result<_, _>>()?,
            audio_dir,
            data_dir,
            spare_dir,
            reports: self.reports(file.reports.as_ref())?,
            output: Output {
                dead_air: dead_air.unwrap_or(DEFAULT_DEAD_AIR),
                device: file
                    .output
                    .map_or_else(default_device, |output| output.device),
            },
            programmes,
        })
    }

    fn timezone(&self, name: Option<&Spanned<String>>) -> Result<Tz, ConfigError> {
        let Some(name) = name else {
            return Tz::from_str(DEFAULT_TIMEZONE).map_err(|_| {
                self.error(
                    0,
                    self.say(
                        "múi giờ mặc định không dùng được",
                        "the default time zone is unknown",
                    ),
                    self.say(
                        "ghi timezone = \"Asia/Ho_Chi_Minh\"",
                        "write timezone = \"Asia/Ho_Chi_Minh\"",
                    ),
                )
            });
        };
        Tz::from_str(name.get_ref()).map_err(|_| {
            let text = shown(name.get_ref());
            self.error(
                name.span().start,
                self.say(
                    format!("`{text}` không phải tên múi giờ"),
                    format!("`{text}` is not a time zone name"),
                ),
                self.say(
                    "dùng tên múi giờ IANA, ví dụ \"Asia/Ho_Chi_Minh\"",
                    "use an IANA name such as \"Asia/Ho_Chi_Minh\"",
                ),
            )
        })
    }

    fn audio_dir(&self, base: &Path, audio: &Spanned<String>) -> Result<PathBuf, ConfigError> {
        // Absolute and without `..`, so paths in messages and the log read plainly.
        let audio_dir = base.join(audio.get_ref());
        let audio_dir = std::fs::canonicalize(&audio_dir).unwrap_or(audio_dir);
        if audio_dir.is_dir() {
            return Ok(audio_dir);
        }
        let path = shown_path(&audio_dir);
        Err(self.error(
            audio.span().start,
            self.say(
                format!("thư mục âm thanh {path} không tồn tại"),
                format!("the audio folder {path} does not exist"),
            ),
            self.say(
                "tạo thư mục đó, hoặc sửa `audio` cho đúng thư mục chép file âm thanh vào \
                 (đường dẫn tương đối tính từ thư mục chứa file cấu hình này)",
                "create that folder, or point `audio` at the folder where the audio files are \
                 dropped (relative paths start from this config file's folder)",
            ),
        ))
    }

    fn data_dir(&self, base: &Path, data: &Spanned<String>) -> Result<PathBuf, ConfigError> {
        let data_dir = base.join(data.get_ref());
        let data_dir = std::fs::canonicalize(&data_dir)
            .or_else(|_| match (data_dir.parent(), data_dir.file_name()) {
                // Not created yet: its parent can still be made plain.
                (Some(parent), Some(name)) => std::fs::canonicalize(parent).map(|p| p.join(name)),
                _ => Ok(data_dir.clone()),
            })
            .unwrap_or(data_dir);
        if !data_dir.exists() || data_dir.is_dir() {
            return Ok(data_dir);
        }
        let path = shown_path(&data_dir);
        Err(self.error(
            data.span().start,
            self.say(
                format!("{path} đã có nhưng không phải thư mục"),
                format!("{path} exists but is not a folder"),
            ),
            self.say(
                "cho `data` trỏ tới một thư mục (nếu chưa có, wardcast sẽ tạo)",
                "point `data` at a folder (it is created when missing)",
            ),
        ))
    }

    fn spare_dir(
        &self,
        base: &Path,
        spare: &Spanned<String>,
        data_dir: &Path,
    ) -> Result<PathBuf, ConfigError> {
        let spare_dir = self.data_dir(base, spare)?;
        if spare_dir != data_dir {
            return Ok(spare_dir);
        }
        Err(self.error(
            spare.span().start,
            self.say(
                "`spare` là chính thư mục `data`",
                "`spare` is the `data` folder itself",
            ),
            self.say(
                "cho `spare` trỏ tới một thư mục trên ổ đĩa khác (ổ thứ hai, hoặc USB), để \
                 khi ổ chứa `data` đầy hay hỏng vẫn còn bản sao",
                "point `spare` at a folder on another disk (a second drive, or a USB stick), \
                 so a copy survives when the disk of `data` is full or fails",
            ),
        ))
    }

    fn programme(
        &self,
        programme: FileProgramme,
        audio_dir: &Path,
        earlier: &[Programme],
    ) -> Result<Programme, ConfigError> {
        let id = self.programme_id(&programme.id, earlier)?;
        let folder_name = programme.folder.get_ref().clone();
        let folder = self.programme_folder(&programme.folder, &id, audio_dir)?;
        let schedule = self.schedule(&programme.schedule, &id)?;
        let min = self.duration(
            programme.min_duration.as_ref(),
            "min_duration",
            &FILE_DURATION_RANGE,
        )?;
        let max = self.duration(
            programme.max_duration.as_ref(),
            "max_duration",
            &FILE_DURATION_RANGE,
        )?;
        if let (Some(min_value), Some(max_value), Some(max_span)) =
            (min, max, programme.max_duration.as_ref())
        {
            if min_value > max_value {
                return Err(self.error(
                    max_span.span().start,
                    self.say(
                        "max_duration ngắn hơn min_duration",
                        "max_duration is shorter than min_duration",
                    ),
                    self.say(
                        "cho max_duration dài bằng hoặc hơn min_duration",
                        "make max_duration at least as long as min_duration",
                    ),
                ));
            }
        }
        let late_within = self.duration(
            programme.late_within.as_ref(),
            "late_within",
            &LATE_WITHIN_RANGE,
        )?;
        let max_delay =
            self.duration(programme.max_delay.as_ref(), "max_delay", &MAX_DELAY_RANGE)?;
        Ok(Programme {
            id,
            title: programme.title,
            folder_name,
            folder,
            schedule,
            pick: programme.pick,
            duration_bounds: DurationBounds { min, max },
            priority: programme.priority,
            if_missed: programme.if_missed,
            if_interrupted: programme.if_interrupted,
            late_within: late_within.unwrap_or(DEFAULT_LATE_WITHIN),
            max_delay: max_delay.unwrap_or(DEFAULT_MAX_DELAY),
        })
    }

    fn programme_id(
        &self,
        id: &Spanned<String>,
        earlier: &[Programme],
    ) -> Result<String, ConfigError> {
        let text = id.get_ref();
        let usable = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !usable {
            let text = shown(text);
            return Err(self.error(
                id.span().start,
                self.say(
                    format!("mã chương trình `{text}` không dùng được"),
                    format!("programme id `{text}` is not usable"),
                ),
                self.say(
                    "chỉ dùng chữ cái không dấu, chữ số, '-' và '_' (ví dụ \"cchc-monthly\")",
                    "use plain letters, digits, '-' and '_' (for example \"cchc-monthly\")",
                ),
            ));
        }
        if earlier.iter().any(|other| &other.id == text) {
            return Err(self.error(
                id.span().start,
                self.say(
                    format!("mã chương trình `{text}` bị dùng hai lần"),
                    format!("programme id `{text}` is used twice"),
                ),
                self.say(
                    "mỗi [[programme]] cần một mã riêng",
                    "give each [[programme]] its own id",
                ),
            ));
        }
        Ok(text.clone())
    }

    /// The programme's folder, which must lie inside the audio root: the library only
    /// reads files there, and a folder elsewhere (`..`, an absolute path, a link out)
    /// would air whatever that other folder holds.
    fn programme_folder(
        &self,
        folder: &Spanned<String>,
        id: &str,
        audio_dir: &Path,
    ) -> Result<PathBuf, ConfigError> {
        let name = folder.get_ref();
        let audio = shown_path(audio_dir);
        let plain = Path::new(name)
            .components()
            .all(|part| matches!(part, Component::Normal(_) | Component::CurDir))
            && Path::new(name)
                .components()
                .any(|part| matches!(part, Component::Normal(_)));
        if !plain {
            let text = shown(name);
            return Err(self.error(
                folder.span().start,
                self.say(
                    format!(
                        "thư mục \"{text}\" của chương trình `{id}` không nằm trong thư mục âm \
                         thanh {audio}"
                    ),
                    format!(
                        "the folder \"{text}\" of programme `{id}` is not inside the audio \
                         folder {audio}"
                    ),
                ),
                self.say(
                    "ghi tên một thư mục con của thư mục âm thanh, ví dụ folder = \"tiep-song\" \
                     (không dùng \"..\" hay đường dẫn bắt đầu bằng / hoặc ổ đĩa)",
                    "write the name of a folder inside the audio folder, e.g. folder = \
                     \"tiep-song\" (no \"..\", no path starting with / or a drive)",
                ),
            ));
        }
        let resolved = resolve_folder(audio_dir, name);
        if !resolved.is_dir() {
            let path = shown_path(&resolved);
            return Err(self.error(
                folder.span().start,
                self.say(
                    format!("thư mục {path} của chương trình `{id}` không tồn tại"),
                    format!("the folder {path} for programme `{id}` does not exist"),
                ),
                self.say(
                    format!(
                        "tạo thư mục {path} (file của chương trình này chép vào đó), hoặc sửa \
                         `folder`"
                    ),
                    format!(
                        "create the folder {path} (files for this programme go there), or \
                         correct `folder`"
                    ),
                ),
            ));
        }
        let real = std::fs::canonicalize(&resolved).unwrap_or_else(|_| resolved.clone());
        if real.starts_with(audio_dir) {
            return Ok(resolved);
        }
        let (path, target) = (shown_path(&resolved), shown_path(&real));
        Err(self.error(
            folder.span().start,
            self.say(
                format!(
                    "thư mục {path} của chương trình `{id}` là liên kết tới {target}, nằm ngoài \
                     thư mục âm thanh {audio}"
                ),
                format!(
                    "the folder {path} of programme `{id}` is a link to {target}, outside the \
                     audio folder {audio}"
                ),
            ),
            self.say(
                format!("dùng một thư mục thật nằm trong {audio}, không dùng liên kết ra ngoài"),
                format!("use a real folder inside {audio}, not a link out of it"),
            ),
        ))
    }

    fn schedule(
        &self,
        lines: &Spanned<Vec<Spanned<String>>>,
        id: &str,
    ) -> Result<Schedule, ConfigError> {
        if lines.get_ref().is_empty() {
            return Err(self.error(
                lines.span().start,
                self.say(
                    format!("chương trình `{id}` chưa có lịch phát"),
                    format!("programme `{id}` has an empty schedule"),
                ),
                self.say(
                    "ghi ít nhất một dòng lịch, ví dụ schedule = [\"30 6 * * MON#1\"]",
                    "give at least one crontab line, e.g. schedule = [\"30 6 * * MON#1\"]",
                ),
            ));
        }
        lines
            .get_ref()
            .iter()
            .map(|line| {
                CronLine::parse(line.get_ref()).map_err(|error| {
                    let text = shown(line.get_ref());
                    let reason = error.describe(self.lang);
                    self.error(
                        line.span().start,
                        self.say(
                            format!("dòng lịch \"{text}\" sai: {reason}"),
                            format!("bad crontab line \"{text}\": {reason}"),
                        ),
                        self.say(
                            format!(
                                "{}; thử dòng lịch bằng `wardcast explain '<dòng lịch>'`",
                                line_hint(Lang::Vi)
                            ),
                            format!(
                                "write {}; try it with `wardcast explain '<line>'`",
                                line_hint(Lang::En)
                            ),
                        ),
                    )
                })
            })
            .collect::<Result<_, _>>()
            .map(Schedule::new)
    }
}

/// The programme folder under the audio root. A folder copied from a Mac carries its
/// Vietnamese name in decomposed form (NFD) while the config is usually typed composed
/// (NFC): the two are the same name to the officer, so they are matched as such.
fn resolve_folder(audio_dir: &Path, name: &str) -> PathBuf {
    let exact = audio_dir.join(name);
    if exact.is_dir() {
        return exact;
    }
    let wanted = crate::names::normalized(name);
    std::fs::read_dir(audio_dir)
        .ok()
        .and_then(|entries| {
            entries.filter_map(Result::ok).find(|entry| {
                entry.path().is_dir()
                    && entry
                        .file_name()
                        .to_str()
                        .is_some_and(|found| crate::names::normalized(found) == wanted)
            })
        })
        .map_or(exact, |entry| entry.path())
}
