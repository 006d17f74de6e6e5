//! Running under a service manager: systemd's readiness and watchdog notifications on
//! Linux. Sends datagrams to the socket systemd names; without one it does nothing.

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

/// The Windows service entry point: what the service control manager starts as
/// `wardcast --config PATH service`. It runs the same daemon and turns the manager's stop
/// and shutdown controls into the daemon's one shutdown signal.
#[cfg(windows)]
pub mod windows {
    use std::ffi::OsString;
    use std::path::PathBuf;
    use std::sync::OnceLock;
    use std::time::Duration;

    use windows_service::service::{
        ServiceControl, ServiceControlAccept, ServiceExitCode, ServiceState, ServiceStatus,
        ServiceType,
    };
    use windows_service::service_control_handler::{self, ServiceControlHandlerResult};
    use windows_service::{define_windows_service, service_dispatcher};

    /// The name the service is installed under (`sc.exe create wardcast …`).
    pub const SERVICE_NAME: &str = "wardcast";

    /// The configuration the service runs on; the dispatcher calls back without arguments
    /// of ours, so it is kept here.
    static CONFIG: OnceLock<PathBuf> = OnceLock::new();

    define_windows_service!(ffi_service_main, service_main);

    /// Hands this process to the service control manager; returns when the service stops.
    pub fn run_as_service(config: PathBuf) -> windows_service::Result<()> {
        let _ = CONFIG.set(config);
        service_dispatcher::start(SERVICE_NAME, ffi_service_main)
    }

    fn service_main(_arguments: Vec<OsString>) {
        if let Err(error) = serve() {
            tracing::error!(%error, "the wardcast service stopped with an error");
        }
    }

    fn serve() -> Result<(), Box<dyn std::error::Error>> {
        let (stop, shutdown) = crate::daemon::Shutdown::new();
        let status =
            service_control_handler::register(SERVICE_NAME, move |control| match control {
                ServiceControl::Stop | ServiceControl::Shutdown => {
                    let _ = stop.send(true);
                    ServiceControlHandlerResult::NoError
                }
                ServiceControl::Interrogate => ServiceControlHandlerResult::NoError,
                _ => ServiceControlHandlerResult::NotImplemented,
            })?;
        let report = |state: ServiceState, accepted: ServiceControlAccept, code: u32| {
            status.set_service_status(ServiceStatus {
                service_type: ServiceType::OWN_PROCESS,
                current_state: state,
                controls_accepted: accepted,
                exit_code: ServiceExitCode::Win32(code),
                checkpoint: 0,
                wait_hint: Duration::from_secs(10),
                process_id: None,
            })
        };
        let path = CONFIG.get().cloned().unwrap_or_default();
        let outcome = crate::config::Config::load(&path)
            .map_err(Box::<dyn std::error::Error>::from)
            .and_then(|config| {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()?;
                report(
                    ServiceState::Running,
                    ServiceControlAccept::STOP | ServiceControlAccept::SHUTDOWN,
                    0,
                )?;
                runtime
                    .block_on(crate::daemon::run(
                        config,
                        crate::daemon::RunOptions::default(),
                        shutdown,
                    ))
                    .map_err(Into::into)
            });
        // A non-zero exit code lets the manager's recovery actions restart the service.
        let code = u32::from(outcome.is_err());
        report(ServiceState::Stopped, ServiceControlAccept::empty(), code)?;
        outcome
    }
}
