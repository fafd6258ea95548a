-- Indexes for a year of nightly runs (docs/performance.md "History"): each query of trend, flaky and
-- report --history reads one index that holds every column it needs, instead of the table.

-- trend and report --history: result counts per run, tier, method, outcome and the two trial flags.
CREATE INDEX cell_results_counts ON cell_results (run_id, tier, method, outcome, simulated, install_reused);

-- flaky: every attempt in cell order with what its verdict needs. Its first column serves what the index on cell
-- alone did.
CREATE INDEX cell_results_attempts ON cell_results (cell, run_id, attempt, method, tier, outcome, simulated,
    install_reused);
DROP INDEX cell_results_cell;

-- trend's and report's filter on the matrix.
CREATE INDEX runs_matrix ON runs (matrix, started_at);
