//! When to spread work over rayon's pool. Loading and decoding a plan run on every core, except when the plan
//! itself is one task of the pool (`pbn review` of many plans): see [`nested_in_pool`].

/// Whether this code already runs as a task of rayon's pool (`pbn review` of many plans, a plan per task).
/// Loading then stays on the task's thread: the plans keep every core busy, and a worker waiting for nested tasks
/// would run other plans' tasks on top of its own stack until 300 plans overflowed it.
pub fn nested_in_pool() -> bool {
    rayon::current_thread_index().is_some()
}
