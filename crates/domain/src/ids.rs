//! Public ids: what names a record across instances (a sindicato's laptop and its federation's
//! server), beside the local integer key that names it inside one database.
//!
//! A public id is a UUIDv7 (RFC 9562): 48 bits of Unix time in milliseconds, then random bits.
//! Ids made later sort later, so the unique index that holds them grows at its right edge like an
//! integer key, and no coordination between instances is needed for them to stay unique.
//!
//! The domain never reads the clock nor draws randomness: the caller hands in both.

use std::fmt;
use std::str::FromStr;

use uuid::{Builder, Uuid, Variant, Version};

use crate::error::DomainError;

/// A record's globally unique public id: a version 7 UUID of the RFC 9562 variant, written as
/// the canonical hyphenated lowercase text (`0190f2a4-7b3c-7d2e-8f00-1a2b3c4d5e6f`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicId(Uuid);

/// Length of the canonical text form.
pub const PUBLIC_ID_LEN: usize = 36;

/// The largest counter [`PublicId::v7_counted`] takes: 26 bits.
pub const MAX_COUNTER: u32 = (1 << 26) - 1;

impl PublicId {
    /// A public id for `unix_millis` (milliseconds since 1970, UTC) from 16 random bytes. The
    /// first ten bytes fill the 74 random bits of the UUID (the version and variant bits take
    /// the rest); the last six are not used, so any 16 bytes from a random source will do.
    pub fn v7(unix_millis: u64, random: [u8; 16]) -> PublicId {
        let mut counter_random = [0u8; 10];
        counter_random.copy_from_slice(&random[..10]);
        PublicId(Builder::from_unix_timestamp_millis(unix_millis, &counter_random).into_uuid())
    }

    /// Like [`PublicId::v7`], with a counter (at most [`MAX_COUNTER`]; higher bits are dropped)
    /// in the 26 bits that follow the time (RFC 9562 §6.2, method 1): ids of the same millisecond
    /// sort by counter, so a batch minted with a counter that goes up lands in order at the end of
    /// an index. The 48 bits after the counter come from `random`.
    pub fn v7_counted(unix_millis: u64, counter: u32, random: [u8; 16]) -> PublicId {
        let counter = counter & MAX_COUNTER;
        // rand_a holds the counter's top 12 bits; the variant takes the top 2 bits of the next
        // byte, whose low 6 bits and the byte after hold the counter's low 14 bits.
        let bytes = [
            (counter >> 22) as u8 & 0x0f,
            ((counter >> 14) & 0xff) as u8,
            ((counter >> 8) & 0x3f) as u8,
            (counter & 0xff) as u8,
            random[0],
            random[1],
            random[2],
            random[3],
            random[4],
            random[5],
        ];
        PublicId(Builder::from_unix_timestamp_millis(unix_millis, &bytes).into_uuid())
    }

    /// Reads an id from its 16 bytes (as stored), refusing anything but a version 7 UUID of the
    /// RFC 9562 variant: the nil UUID, say, is not a public id.
    pub fn from_bytes(bytes: [u8; 16]) -> Option<PublicId> {
        let uuid = Uuid::from_bytes(bytes);
        (uuid.get_version() == Some(Version::SortRand) && uuid.get_variant() == Variant::RFC4122)
            .then_some(PublicId(uuid))
    }

    /// The 16 bytes, big-endian: their byte order is the ids' time order.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }

    /// The milliseconds since 1970 the id was made at.
    pub fn unix_millis(&self) -> u64 {
        let b = self.0.as_bytes();
        u64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]])
    }

    /// Parses the canonical text: 36 characters, lowercase hexadecimal digits in groups of
    /// 8-4-4-4-12, of a version 7 UUID. Upper case, braces, `urn:uuid:` and the 32-digit form are
    /// refused, so that one id has exactly one spelling.
    pub fn parse(value: &str) -> Result<PublicId, DomainError> {
        let bad = || DomainError::BadPublicId { value: value.chars().take(64).collect() };
        let canonical = value.len() == PUBLIC_ID_LEN
            && value.bytes().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == b'-',
                _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
            });
        if !canonical {
            return Err(bad());
        }
        let uuid = Uuid::try_parse(value).map_err(|_| bad())?;
        PublicId::from_bytes(*uuid.as_bytes()).ok_or_else(bad)
    }
}

/// Consecutive public ids of one moment: the same millisecond and a counter that goes up, so they
/// sort in the order they were made. The counter starts at a random point below 2^24, which adds
/// 24 bits of chance between two sequences of the same millisecond; when it runs out the next
/// millisecond begins.
#[derive(Debug, Clone)]
pub struct IdSequence {
    unix_millis: u64,
    counter: u32,
}

impl IdSequence {
    /// A sequence at `unix_millis`, its counter started from `start` (only its low 24 bits).
    pub fn new(unix_millis: u64, start: u32) -> IdSequence {
        IdSequence { unix_millis, counter: start & 0x00ff_ffff }
    }

    /// The next id, from 16 fresh random bytes.
    pub fn next_id(&mut self, random: [u8; 16]) -> PublicId {
        if self.counter >= MAX_COUNTER {
            self.unix_millis += 1;
            self.counter = 0;
        }
        self.counter += 1;
        PublicId::v7_counted(self.unix_millis, self.counter, random)
    }
}

impl fmt::Display for PublicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for PublicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicId({self})")
    }
}

impl FromStr for PublicId {
    type Err = DomainError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        PublicId::parse(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MILLIS: u64 = 1_780_000_000_000;

    #[test]
    fn an_id_is_written_as_canonical_lowercase_text() {
        let id = PublicId::v7(MILLIS, [0xab; 16]);
        let text = id.to_string();
        assert_eq!(text.len(), PUBLIC_ID_LEN);
        assert_eq!(text, text.to_lowercase());
        assert_eq!(&text[14..15], "7", "version nibble: {text}");
        assert!(matches!(&text[19..20], "8" | "9" | "a" | "b"), "variant: {text}");
        assert_eq!(id.unix_millis(), MILLIS);
        assert_eq!(PublicId::parse(&text), Ok(id));
    }

    #[test]
    fn malformed_ids_are_refused_with_a_stable_code() {
        let id = PublicId::v7(MILLIS, [7; 16]).to_string();
        for bad in [
            String::new(),
            "hello".to_string(),
            id.to_uppercase(),
            id.replace('-', ""),
            format!("{{{id}}}"),
            format!("urn:uuid:{id}"),
            format!(" {id}"),
            id[..35].to_string(),
            "00000000-0000-0000-0000-000000000000".to_string(),
            // A version 4 UUID is well formed but not a public id.
            "550e8400-e29b-41d4-a716-446655440000".to_string(),
            // Version 7 of another variant.
            "0190f2a4-7b3c-7d2e-cf00-1a2b3c4d5e6f".to_string(),
        ] {
            let error = PublicId::parse(&bad);
            assert!(matches!(&error, Err(DomainError::BadPublicId { .. })), "{bad:?}: {error:?}");
            assert_eq!(error.map_err(|e| e.code()), Err("bad_public_id"));
        }
    }

    #[test]
    fn bytes_that_are_not_a_v7_uuid_are_not_an_id() {
        assert_eq!(PublicId::from_bytes([0; 16]), None);
        let id = PublicId::v7(MILLIS, [1; 16]);
        assert_eq!(PublicId::from_bytes(*id.as_bytes()), Some(id));
    }

    #[test]
    fn later_ids_sort_later() {
        assert!(PublicId::v7(MILLIS, [0xff; 16]) < PublicId::v7(MILLIS + 1, [0; 16]));
    }

    #[test]
    fn a_sequence_goes_up_even_past_its_counter() {
        let mut sequence = IdSequence::new(MILLIS, MAX_COUNTER - 2);
        let mut sequence_from_top = IdSequence { unix_millis: MILLIS, counter: MAX_COUNTER - 2 };
        let ids: Vec<PublicId> = (0..5u8).map(|i| sequence_from_top.next_id([255 - i; 16])).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        assert_eq!(ids[4].unix_millis(), MILLIS + 1);
        // `new` keeps only 24 bits of the start, so a sequence never starts near the end.
        assert_eq!(sequence.next_id([0; 16]).unix_millis(), MILLIS);
    }

    proptest! {
        #[test]
        fn a_sequence_makes_ids_in_order(start in any::<u32>(), randoms in proptest::collection::vec(any::<[u8; 16]>(), 2..50)) {
            let mut sequence = IdSequence::new(MILLIS, start);
            let ids: Vec<PublicId> = randoms.into_iter().map(|r| sequence.next_id(r)).collect();
            prop_assert!(ids.windows(2).all(|w| w[0] < w[1]));
        }


        #[test]
        fn display_and_parse_round_trip(millis in 0u64..(1 << 48), random in any::<[u8; 16]>(), counter in any::<u32>()) {
            for id in [PublicId::v7(millis, random), PublicId::v7_counted(millis, counter, random)] {
                let text = id.to_string();
                prop_assert_eq!(PublicId::parse(&text), Ok(id));
                prop_assert_eq!(PublicId::from_bytes(*id.as_bytes()), Some(id));
                prop_assert_eq!(id.unix_millis(), millis);
                // Every accepted text is already canonical.
                prop_assert_eq!(text.parse::<PublicId>().map(|id| id.to_string()), Ok(text));
            }
        }

        #[test]
        fn accepted_text_prints_back_the_same(text in "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}") {
            prop_assert_eq!(PublicId::parse(&text).map(|id| id.to_string()), Ok(text));
        }

        #[test]
        fn anything_else_is_refused_or_canonical(text in "\\PC{0,40}") {
            if let Ok(id) = PublicId::parse(&text) {
                prop_assert_eq!(id.to_string(), text);
            }
        }

        #[test]
        fn counted_ids_of_one_millisecond_sort_by_counter(
            millis in 0u64..(1 << 48),
            counter in 0u32..MAX_COUNTER,
            a in any::<[u8; 16]>(),
            b in any::<[u8; 16]>(),
        ) {
            prop_assert!(PublicId::v7_counted(millis, counter, a) < PublicId::v7_counted(millis, counter + 1, b));
        }
    }
}
