//! The phone-vote box: one writer thread committing many votes per transaction.
