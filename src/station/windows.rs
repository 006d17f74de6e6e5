//! The Windows service entry point: what the service control manager starts as
//! `wardcast --config PATH service`. It runs the same station and turns the manager's stop
//! and shutdown controls into the station's one shutdown signal.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use windows_service::service::{
    ServiceControl, ServiceControlAccept, ServiceExitCode, ServiceState, ServiceStatus, ServiceType,
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
    let (stop, shutdown) = super::Shutdown::new();
    let status = service_control_handler::register(SERVICE_NAME, move |control| match control {
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
                .block_on(super::run(config, super::RunOptions::default(), shutdown))
                .map_err(Into::into)
        });
    // A non-zero exit code lets the manager's recovery actions restart the service.
    let code = u32::from(outcome.is_err());
    report(ServiceState::Stopped, ServiceControlAccept::empty(), code)?;
    outcome
}
