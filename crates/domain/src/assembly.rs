//! Assemblies: kinds, statutes, quorum, vote methods, decision rules, tallies and elections.
