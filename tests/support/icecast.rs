//! A real Icecast server for the tests of receiving: Debian's `icecast2` on a free port of
//! 127.0.0.1 with its own configuration in a temporary folder, and `ffmpeg` feeding a mount
//! with a tone. The server and its feeders live only as long as the test holds them.
//!
//! As root, icecast2 runs only when its configuration names a user to change to; that user
//! (nobody) must be able to write the log folder.

// Each test binary that includes this uses only part of it.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "wardcast-test";

/// The sound a feeder sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// MP3, 128 kb/s.
    Mp3,
    /// AAC-LC in ADTS frames, 96 kb/s.
    Aac,
}

/// A running icecast2.
pub struct Icecast {
    pub port: u16,
    server: Child,
    _dir: tempfile::TempDir,
}

impl Icecast {
    /// Starts icecast2 and waits until it answers.
    pub fn start() -> Icecast {
        let dir = tempfile::tempdir().expect("a folder for icecast");
        let logs = dir.path().join("log");
        std::fs::create_dir(&logs).expect("the log folder");
        // The server writes its logs as nobody, after reading its configuration as root.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("open the folder");
        std::fs::set_permissions(&logs, std::fs::Permissions::from_mode(0o777))
            .expect("open the log folder");
        let port = free_port();
        let config = dir.path().join("icecast.xml");
        std::fs::write(&config, config_text(dir.path(), &logs, port)).expect("icecast.xml");
        let server = Command::new("icecast2")
            .arg("-c")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("icecast2 runs (apt-get install icecast2)");
        let icecast = Icecast {
            port,
            server,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "icecast2 did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        icecast
    }

    /// The address listeners hear `mount` at (e.g. "/live.mp3").
    pub fn url(&self, mount: &str) -> String {
        format!("http://127.0.0.1:{}{mount}", self.port)
    }

    /// Starts ffmpeg sending a `frequency` Hz tone to `mount`, and waits until the mount is
    /// up.
    pub fn feed(&self, mount: &str, coding: Coding, frequency: u32) -> Feeder {
        let codec: &[&str] = match coding {
            Coding::Mp3 => &[
                "-c:a",
                "libmp3lame",
                "-b:a",
                "128k",
                "-content_type",
                "audio/mpeg",
                "-f",
                "mp3",
            ],
            Coding::Aac => &[
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-content_type",
                "audio/aac",
                "-f",
                "adts",
            ],
        };
        let target = format!("icecast://source:{PASSWORD}@127.0.0.1:{}{mount}", self.port);
        let child = Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-re"])
            .args(["-f", "lavfi", "-i"])
            .arg(format!("sine=frequency={frequency}:sample_rate=44100"))
            .args(["-ac", "2"])
            .args(codec)
            .arg(target)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ffmpeg runs");
        let feeder = Feeder { child };
        assert!(
            self.wait_for_mount(mount, Duration::from_secs(10)),
            "the mount {mount} did not come up"
        );
        feeder
    }

    /// Whether `mount` is up (listed in the server's status) within `timeout`.
    pub fn wait_for_mount(&self, mount: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let wanted = format!("\"listenurl\":\"{}\"", self.url(mount));
        while Instant::now() < deadline {
            let status = ureq::get(&self.url("/status-json.xsl"))
                .call()
                .ok()
                .and_then(|mut answer| answer.body_mut().read_to_string().ok());
            if status.is_some_and(|status| status.contains(&wanted)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Icecast {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// An ffmpeg sending a tone to a mount, until killed or dropped.
pub struct Feeder {
    child: Child,
}

impl Feeder {
    /// Stops sending at once (the source dies).
    pub fn kill(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Feeder {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port of 127.0.0.1 nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

fn config_text(base: &Path, logs: &Path, port: u16) -> String {
    format!(
        "<icecast>
  <limits><clients>20</clients><sources>4</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
    <source-timeout>5</source-timeout><burst-size>65535</burst-size></limits>
  <authentication><source-password>{PASSWORD}</source-password>
    <admin-user>admin</admin-user><admin-password>{PASSWORD}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths><basedir>{base}</basedir><logdir>{logs}</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>
    <pidfile>{logs}/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog>
    <loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>
    <changeowner><user>nobody</user><group>nogroup</group></changeowner></security>
</icecast>
",
        base = base.display(),
        logs = logs.display(),
    )
}
