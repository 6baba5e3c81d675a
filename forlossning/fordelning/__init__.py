"""The week-22 allocation: ``algoritm`` (pure: deferred acceptance, greedy baseline, exact optimum) and
``korning`` (reads the cohort, takes the lock, writes decisions and SMS)."""
