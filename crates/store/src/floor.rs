//! Read-your-writes across read replicas: the position in the primary's write-ahead log (its LSN,
//! as a number) that the reads of one client must have seen — the end of that client's last
//! write. A client's request runs inside [`scope`]; a write committed there raises the floor
//! ([`raise`]), and a read picks only a replica that has replayed up to it ([`current`]), else the
//! primary. The floor lives in a thread-local because a use-case runs on one thread from its
//! first read to its last write: the services need not pass it along.

use std::cell::Cell;

thread_local! {
    static FLOOR: Cell<u64> = const { Cell::new(0) };
}

/// The floor of the client whose use-case runs on this thread (0: it wrote nothing lately).
pub fn current() -> u64 {
    FLOOR.with(Cell::get)
}

/// After a commit that ended at `lsn`: this client's reads must see it.
pub fn raise(lsn: u64) {
    FLOOR.with(|floor| floor.set(floor.get().max(lsn)));
}

/// Runs `f` with the floor at `floor` and answers the floor it left (higher if `f` wrote). The
/// thread's previous floor comes back afterwards, even if `f` panics.
pub fn scope<T>(floor: u64, f: impl FnOnce() -> T) -> (T, u64) {
    struct Restore(u64);
    impl Drop for Restore {
        fn drop(&mut self) {
            FLOOR.with(|floor| floor.set(self.0));
        }
    }
    let _restore = Restore(FLOOR.with(|cell| cell.replace(floor)));
    let out = f();
    (out, current())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_sees_its_writes_and_leaves_the_thread_as_it_found_it() {
        raise(5);
        let ((), left) = scope(10, || {
            assert_eq!(current(), 10);
            raise(7);
            assert_eq!(current(), 10, "a floor never goes down");
            raise(42);
        });
        assert_eq!(left, 42);
        assert_eq!(current(), 5);
    }
}
