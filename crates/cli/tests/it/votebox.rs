//! The phone-vote box (group commit), on both backends.
