//! A real HTTP server on 127.0.0.1 for the tests of receiving: it serves a folder (ranges,
//! lengths and content types as a web server gives them, by `tower-http`'s `ServeDir`) and
//! any routes a test adds for the faults it needs (an error status, a web page where sound
//! was expected, a body that stalls).
//!
//! Only the tests of receiving use it, so it is not part of `support`'s module tree (that
//! would build the server into every test): they include it with
//! `#[path = "support/web.rs"] mod web;`.

use std::net::SocketAddr;
use std::path::Path;
use std::thread::JoinHandle;

use axum::Router;
use tower_http::services::ServeDir;

/// A server running on its own thread until dropped.
pub struct WebServer {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl WebServer {
    /// Serves the files of `folder` at `/`, with `routes` answering the paths they name.
    pub fn start(folder: &Path, routes: Router) -> WebServer {
        let app = routes.fallback_service(ServeDir::new(folder));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the test server");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await;
            });
            // Streams a test left open (a stalled body) are not waited for.
            runtime.shutdown_background();
        });
        WebServer {
            addr,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// Serves the files of `folder` and nothing else.
    pub fn folder(folder: &Path) -> WebServer {
        WebServer::start(folder, Router::new())
    }

    /// The address of `path` (starting with `/`) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for WebServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            // Graceful shutdown waits for open connections; a receiver under test may keep
            // one open, so the thread is joined only when it has already finished.
            if thread.is_finished() {
                let _ = thread.join();
            }
        }
    }
}
