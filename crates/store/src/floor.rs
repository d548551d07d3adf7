//! Read-your-writes across read replicas: the position in the primary's write-ahead log (its LSN,
//! as a number) that the reads of one client must have seen — the end of that client's last
//! write. A client's request runs inside [`scope`]; a write committed there raises the floor
//! ([`raise`]), and a read picks only a replica that has replayed up to it ([`current`]), else the
//! primary. The floor lives in a thread-local because a use-case runs on one thread from its
//! first read to its last write: the services need not pass it along.

use std::cell::Cell;

thread_local! {
    /// What this thread's reads must see.
    static FLOOR: Cell<u64> = const { Cell::new(0) };
    /// The end of the latest commit of this thread's current scope (0: none).
    static WROTE: Cell<u64> = const { Cell::new(0) };
}

/// The floor of the client whose use-case runs on this thread (0: it wrote nothing lately;
/// `u64::MAX`: read on the primary).
pub fn current() -> u64 {
    FLOOR.with(Cell::get)
}

/// After a commit that ended at `lsn`: this client's reads must see it.
pub fn raise(lsn: u64) {
    FLOOR.with(|floor| floor.set(floor.get().max(lsn)));
    WROTE.with(|wrote| wrote.set(wrote.get().max(lsn)));
}

/// After a commit whose end is unknown: the rest of this use-case reads on the primary.
pub fn primary_from_now() {
    FLOOR.with(|floor| floor.set(u64::MAX));
}

/// Where the latest commit of the current scope ended (0: none yet).
pub fn wrote() -> u64 {
    WROTE.with(Cell::get)
}

/// Runs `f` with the floor at `floor` and answers where the commits `f` made ended (0 if it made
/// none). The thread's previous floor comes back afterwards, even if `f` panics.
pub fn scope<T>(floor: u64, f: impl FnOnce() -> T) -> (T, u64) {
    struct Restore(u64, u64);
    impl Drop for Restore {
        fn drop(&mut self) {
            FLOOR.with(|floor| floor.set(self.0));
            WROTE.with(|wrote| wrote.set(wrote.get().max(self.1)));
        }
    }
    let _restore = Restore(FLOOR.with(|cell| cell.replace(floor)), WROTE.with(|cell| cell.replace(0)));
    let out = f();
    (out, WROTE.with(Cell::get))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_sees_its_writes_and_leaves_the_thread_as_it_found_it() {
        raise(5);
        let ((), wrote) = scope(10, || {
            assert_eq!(current(), 10);
            raise(7);
            assert_eq!(current(), 10, "a floor never goes down");
            raise(42);
            assert_eq!(current(), 42);
        });
        assert_eq!(wrote, 42);
        assert_eq!(current(), 5);
        let ((), wrote) = scope(u64::MAX, || assert_eq!(current(), u64::MAX));
        assert_eq!(wrote, 0, "a read on the primary wrote nothing");
    }
}
