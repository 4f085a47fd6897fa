//! The independent parts of a large commit, run on the machine's cores.
//!
//! A bulk commit builds several indexes from the same staged columns: the adjacency, the
//! date index over all facts, the per-relation date indexes and the fact lists. Each
//! writes only its own fields, so they can be built at the same time; on this project's
//! two-core machine that takes the commit from the sum of their times toward the largest.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One part of a commit. It borrows what it changes; the parts of one commit borrow
/// disjoint fields, which the borrow checker verifies where they are made.
pub(crate) type Job<'a> = Box<dyn FnOnce() + Send + 'a>;

/// How many threads a commit may use: the cores the process may run on.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Runs every job once, on up to `threads` threads counting the caller's, each thread
/// taking the next job not yet taken (so list the longest first). When a thread cannot be
/// started the caller runs the jobs it would have run: the result is the same, only later.
/// A panic in a job (a bug, not a property of any input) is resumed in the caller, as if
/// the job had run there.
pub(crate) fn run(jobs: Vec<Job<'_>>, threads: usize) {
    let threads = threads.min(jobs.len());
    if threads <= 1 {
        for job in jobs {
            job();
        }
        return;
    }
    let slots: Vec<Mutex<Option<Job<'_>>>> =
        jobs.into_iter().map(|job| Mutex::new(Some(job))).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = slots.get(i) else {
                break;
            };
            // The lock is held only to take the job out. A poisoned one means a job of
            // another thread panicked, which that thread's join reports; this job is
            // still run, so that nothing is left half built before the panic resumes.
            let job = match slot.lock() {
                Ok(mut taken) => taken.take(),
                Err(poisoned) => poisoned.into_inner().take(),
            };
            if let Some(job) = job {
                job();
            }
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("factgraph-commit".into())
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        work();
        for helper in helpers {
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every job runs exactly once, whatever the number of threads, and each writes its
    /// own slot (the borrows a commit's jobs make).
    #[test]
    fn every_job_runs_once() {
        for threads in [0, 1, 2, 3, 8] {
            let mut out = vec![0u64; 7];
            let jobs: Vec<Job<'_>> = out
                .iter_mut()
                .enumerate()
                .map(|(i, slot)| Box::new(move || *slot += (i as u64 + 1) * 10) as Job<'_>)
                .collect();
            run(jobs, threads);
            assert_eq!(out, [10, 20, 30, 40, 50, 60, 70], "{threads} threads");
        }
    }

    #[test]
    fn no_jobs_is_nothing_to_do() {
        run(Vec::new(), 4);
    }
}
