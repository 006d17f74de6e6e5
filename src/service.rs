//! Running under a service manager: systemd's readiness and watchdog notifications on
//! Linux. Sends datagrams to the socket systemd names; without one it does nothing. (The
//! Windows service entry point is the station's own: `station::windows`.)

use std::time::Duration;

/// Tells systemd (`Type=notify`) that the daemon is up.
pub fn notify_ready() {
    notify("READY=1");
}

/// Pings systemd's watchdog at half the interval it asks for, while the runtime runs.
/// Returns the task, or `None` when no watchdog is set.
pub fn spawn_watchdog() -> Option<tokio::task::JoinHandle<()>> {
    let micros: u64 = std::env::var("WATCHDOG_USEC").ok()?.parse().ok()?;
    let every = Duration::from_micros(micros / 2).max(Duration::from_millis(100));
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            notify("WATCHDOG=1");
        }
    }))
}

#[cfg(target_os = "linux")]
fn notify(message: &str) {
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixDatagram};
    let Some(target) = std::env::var_os("NOTIFY_SOCKET") else {
        return;
    };
    let target = target.to_string_lossy().into_owned();
    let address = match target.strip_prefix('@') {
        Some(abstract_name) => SocketAddr::from_abstract_name(abstract_name.as_bytes()),
        None => SocketAddr::from_pathname(&target),
    };
    let sent = UnixDatagram::unbound().and_then(|socket| {
        address.and_then(|address| socket.send_to_addr(message.as_bytes(), &address))
    });
    if let Err(error) = sent {
        tracing::warn!(%error, "cannot notify the service manager");
    }
}

#[cfg(not(target_os = "linux"))]
fn notify(_message: &str) {}
