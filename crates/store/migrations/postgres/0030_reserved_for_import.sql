-- A placeholder for migration 30, which the branch s10-import owns (its staging tables): this
-- branch (s10-bodypage, migration 31) keeps the numbers contiguous with it. Dropped at the merge,
-- where s10-import's own 0030 takes its place.
SELECT 1;
