//! A look at the library from outside the task that owns it: a question is a function of
//! the `Library`, run by its keeper between its own steps, whose answer comes back on a
//! channel. The console reads the library this way (its files, what each slot would play)
//! without a copy of it and without a lock.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Mutex};

use super::Library;

/// A question about the library, run by its keeper.
pub type Look = Box<dyn FnOnce(&Library) + Send>;

/// The way to ask the keeper a `Look`.
#[derive(Clone)]
pub struct Lookout(mpsc::UnboundedSender<Look>);

/// The keeper's end of a lookout. Shared, so that the keeper started after a reload of the
/// configuration takes over the looks of the one it replaces.
pub type Looks = Arc<Mutex<mpsc::UnboundedReceiver<Look>>>;

/// A lookout and the keeper's end of it, which runs each look it receives.
pub fn lookout() -> (Lookout, Looks) {
    let (asks, looks) = mpsc::unbounded_channel();
    (Lookout(asks), Arc::new(Mutex::new(looks)))
}

/// The next look asked; never, once every lookout is gone.
pub async fn next_look(looks: &Looks) -> Look {
    match looks.lock().await.recv().await {
        Some(look) => look,
        None => std::future::pending().await,
    }
}

impl Lookout {
    /// Runs `question` on the library; `None` when the keeper has stopped. The question
    /// runs on the keeper's task: it must be quick (no file reads, no waits).
    pub async fn look<T: Send + 'static>(
        &self,
        question: impl FnOnce(&Library) -> T + Send + 'static,
    ) -> Option<T> {
        let (reply, answer) = oneshot::channel();
        let look: Look = Box::new(move |library| {
            let _ = reply.send(question(library));
        });
        self.0.send(look).ok()?;
        answer.await.ok()
    }
}
