"""Pages of the fund ledgers. Thin: they pick the union and the records in reach, the services write."""
