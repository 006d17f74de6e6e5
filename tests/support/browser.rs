//! A real browser for the console's tests: Debian's headless Chromium driven through
//! chromedriver (WebDriver) with fantoccini. Each `Browser` starts its own chromedriver on a
//! free port of 127.0.0.1, with an empty profile and downloads going into a folder of its
//! own; screenshots go into the test's output folder (`target/tmp/console-screenshots/`).

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// The office PC's screen, and a phone's.
pub const OFFICE_PC: (u32, u32) = (1366, 768);
pub const PHONE: (u32, u32) = (390, 844);

pub struct Browser {
    pub client: Client,
    pub runtime: tokio::runtime::Runtime,
    driver: Child,
    pub downloads: tempfile::TempDir,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let client = self.client.clone();
        let _ = self.runtime.block_on(async move {
            tokio::time::timeout(Duration::from_secs(5), client.close()).await
        });
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium whose window is `size`.
    pub fn start(size: (u32, u32)) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (apt-get install chromium chromium-driver)");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let profile = tempfile::tempdir().expect("profile dir");
        let downloads = tempfile::tempdir().expect("downloads dir");
        let capabilities = capabilities(size, profile.path(), downloads.path());
        let url = format!("http://127.0.0.1:{port}");
        let client = runtime.block_on(async {
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let connector = hyper_util::client::legacy::connect::HttpConnector::new();
                let mut builder = ClientBuilder::new(connector);
                builder.capabilities(capabilities.clone());
                match builder.connect(&url).await {
                    Ok(client) => break client,
                    Err(error) if Instant::now() > deadline => panic!("no browser: {error}"),
                    Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                }
            }
        });
        Browser {
            client,
            runtime,
            driver,
            downloads,
            _profile: profile,
        }
    }

    pub fn goto(&self, url: &str) {
        let client = self.client.clone();
        self.runtime
            .block_on(async move { client.goto(url).await })
            .expect("page opens");
    }

    /// The visible text of the page's body. A page that its script replaces (a form sent,
    /// then the page it leads to) can go stale between finding the body and reading it: it
    /// is read again.
    pub fn text(&self) -> String {
        let mut tries = 0;
        loop {
            let client = self.client.clone();
            let text = self
                .runtime
                .block_on(async move { client.find(Locator::Css("body")).await?.text().await });
            match text {
                Ok(text) => return text,
                Err(error) if tries >= 20 => panic!("page text: {error}"),
                Err(_) => tries += 1,
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn current_path(&self) -> String {
        let client = self.client.clone();
        self.runtime
            .block_on(async move { client.current_url().await })
            .map(|url| url.path().to_string())
            .expect("current url")
    }

    /// Types `text` into the field that `css` finds.
    pub fn fill(&self, css: &str, text: &str) {
        let client = self.client.clone();
        self.runtime
            .block_on(async move { client.find(Locator::Css(css)).await?.send_keys(text).await })
            .unwrap_or_else(|error| panic!("cannot type into {css}: {error}"));
    }

    pub fn click(&self, css: &str) {
        let client = self.client.clone();
        self.runtime
            .block_on(async move { client.find(Locator::Css(css)).await?.click().await })
            .unwrap_or_else(|error| panic!("cannot click {css}: {error}"));
    }

    /// Waits until the page's text holds `needle`; the text last seen when it does not.
    pub fn wait_for_text(&self, needle: &str, within: Duration) -> Result<String, String> {
        let deadline = Instant::now() + within;
        loop {
            let text = self.text();
            if text.contains(needle) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(text);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Resizes the window (office PC or phone).
    pub fn resize(&self, (width, height): (u32, u32)) {
        let client = self.client.clone();
        self.runtime
            .block_on(async move { client.set_window_size(width, height).await })
            .expect("resize");
    }

    /// Saves a screenshot of the page as `name.png` in the screenshots folder; its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let client = self.client.clone();
        let png = self
            .runtime
            .block_on(async move { client.screenshot().await })
            .expect("screenshot");
        let folder = screenshots_folder();
        let path = folder.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

/// Where screenshots go: the test run's output folder.
pub fn screenshots_folder() -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("console-screenshots");
    std::fs::create_dir_all(&folder).expect("screenshots folder");
    folder
}

fn capabilities(
    (width, height): (u32, u32),
    profile: &Path,
    downloads: &Path,
) -> serde_json::Map<String, serde_json::Value> {
    let options = serde_json::json!({
        "binary": "/usr/bin/chromium",
        // Headless as root, with nothing reaching for the internet (the machine has none).
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            format!("--user-data-dir={}", profile.display()),
            format!("--window-size={width},{height}"),
            "--lang=vi",
        ],
        "prefs": {
            "download.default_directory": downloads.display().to_string(),
            "download.prompt_for_download": false,
        },
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), "chrome".into());
    capabilities.insert("goog:chromeOptions".into(), options);
    capabilities
}
