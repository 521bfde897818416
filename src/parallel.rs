//! When to spread work over rayon's pool. Loading and decoding a plan run on every core, except when the plan
//! itself is one task of the pool (`pbn review` of many plans): see [`nested_in_pool`].

/// Whether this code already runs as a task of rayon's pool (`pbn review` of many plans, a plan per task).
/// Loading then stays on the task's thread: the plans keep every core busy, and a worker waiting for nested tasks
/// would run other plans' tasks on top of its own stack until 300 plans overflowed it.
pub fn nested_in_pool() -> bool {
    rayon::current_thread_index().is_some()
}

/// How far below the others a thread that only fills idle time runs: nice 10, a tenth of a normal thread's share
/// of a busy core (Linux's scheduler weighs nice 0 at 1024 and nice 10 at 110).
#[cfg(target_os = "linux")]
const BEHIND: i32 = 10;

/// Lowers the calling thread's scheduling priority, for work beside the critical path (cards.pdf and plan.html
/// while plan.pdf is laid out): the critical path then has the cores first, and this work takes the time it
/// leaves idle (plan.pdf's joins and its writing, mostly on one core). Nothing is skipped or reordered, so the
/// outputs are the same. On Linux the nice value belongs to the thread, so only the caller is lowered; elsewhere
/// (where it would lower the whole process) and when the system refuses, nothing changes.
pub fn behind_critical_path() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(None, BEHIND);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use rustix::process::getpriority_process;

    #[test]
    fn only_the_calling_thread_runs_behind() {
        let before = getpriority_process(None).unwrap_or_default();
        let lowered = std::thread::spawn(|| {
            behind_critical_path();
            getpriority_process(None).unwrap_or_default()
        })
        .join()
        .unwrap_or_default();
        assert_eq!(lowered, (before + BEHIND).min(19));
        assert_eq!(getpriority_process(None).unwrap_or_default(), before);
    }
}
