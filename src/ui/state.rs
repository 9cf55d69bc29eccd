//! The Yew side of the session: a `Reducible` wrapper that hands every action to
//! [`Session::apply`] and bumps a generation counter when something visible changed. The session
//! is mutated in place (it holds whole partition logs; cloning it every frame would cost more
//! than drawing), and the counter is what Yew compares.

use crate::session::{Session, SessionAction};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// What the app's reducer holds.
#[derive(Clone)]
pub struct AppState {
    /// The session, shared with the test hook on `window`.
    pub session: Rc<RefCell<Session>>,
    /// Bumped on every visible change.
    pub generation: u64,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && Rc::ptr_eq(&self.session, &other.session)
    }
}

impl Reducible for AppState {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let changed = self.session.borrow_mut().apply(action);
        if changed {
            Rc::new(AppState {
                session: self.session.clone(),
                generation: self.generation + 1,
            })
        } else {
            self
        }
    }
}
