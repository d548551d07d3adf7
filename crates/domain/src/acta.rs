//! Sealed actas: canonical content, hashes, the chain and signatures (pure).
