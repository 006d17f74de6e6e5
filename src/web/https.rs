//! The console over HTTPS, when `[web]` names a certificate and a key (PEM): rustls with
//! the ring provider (the one the rest of wardcast already uses), served by `axum-server`,
//! which accepts TLS connections and hands them to the same router. A certificate or key
//! that cannot be read or used is said before anything is served: the console then stays
//! off, and the station airs on.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::ServerConfig;
use tokio::net::TcpListener;

use crate::config::Tls;
use crate::messages::web::auth::HttpsProblem;
use crate::shutdown::Shutdown;

use super::state::AppState;

/// A certificate and key ready to serve with.
#[derive(Clone)]
pub struct Https(RustlsConfig);

/// Reads and checks the certificate and key; what is wrong with them, when something is.
pub fn load(tls: &Tls) -> Result<Https, HttpsProblem> {
    server_config(&tls.cert, &tls.key)
        .map(|config| Https(RustlsConfig::from_config(Arc::new(config))))
        .map_err(|detail| HttpsProblem::UnusableFiles {
            cert: tls.cert.clone(),
            key: tls.key.clone(),
            detail,
        })
}

fn server_config(cert: &Path, key: &Path) -> Result<ServerConfig, String> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .map_err(|error| format!("{}: {error}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!("{}: no certificate", cert.display()));
    }
    let key =
        PrivateKeyDer::from_pem_file(key).map_err(|error| format!("{}: {error}", key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| error.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|error| error.to_string())?;
    // The router speaks HTTP/1.1 only.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Serves the console over HTTPS on `listener` until `shutdown`; requests under way get
/// `grace` to finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    https: Https,
    shutdown: Shutdown,
    grace: std::time::Duration,
) {
    let app = super::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let server = listener
        .into_std()
        .and_then(|listener| axum_server::tls_rustls::from_tcp_rustls(listener, https.0));
    let server = match server {
        Ok(server) => server,
        Err(error) => {
            tracing::error!(%error, "web console stopped");
            return;
        }
    };
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    let mut requested = shutdown;
    tokio::spawn(async move {
        requested.requested().await;
        stopping.graceful_shutdown(Some(grace));
    });
    if let Err(error) = server.handle(handle).serve(app).await {
        tracing::error!(%error, "web console stopped");
    }
}
