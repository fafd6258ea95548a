-- The run history (README "History"). One migration set for SQLite and PostgreSQL: only types both know (TEXT,
-- INTEGER, BOOLEAN, DOUBLE PRECISION). Times are UTC ISO-8601 text of fixed width (2026-11-20T03:00:00.000Z),
-- so text order is time order on every database.

-- One row per run id. started_at/finished_at come from run.json, or from the run's cells where it has none.
CREATE TABLE runs (
    run_id           TEXT NOT NULL PRIMARY KEY,
    matrix           TEXT,
    matrix_sha256    TEXT,
    ftmatrix_version TEXT,
    status           TEXT,
    started_at       TEXT,
    finished_at      TEXT,
    shard            TEXT,
    imported_at      TEXT NOT NULL
);

-- One row per line of cells.jsonl: every attempt of a cell. The key makes a second import of a run a no-op.
CREATE TABLE cell_results (
    run_id           TEXT    NOT NULL REFERENCES runs (run_id),
    cell             TEXT    NOT NULL,
    attempt          INTEGER NOT NULL,
    os               TEXT,
    method           TEXT,
    recipe           TEXT,
    tier             TEXT,
    python           TEXT,
    repeat_no        INTEGER NOT NULL,
    outcome          TEXT    NOT NULL,
    failure_category TEXT,
    simulated        BOOLEAN NOT NULL,
    install_reused   BOOLEAN NOT NULL,
    install_s        DOUBLE PRECISION,
    finished_at      TEXT,
    PRIMARY KEY (run_id, cell, attempt)
);

CREATE INDEX cell_results_cell ON cell_results (cell);
CREATE INDEX cell_results_method ON cell_results (method);
CREATE INDEX runs_started_at ON runs (started_at);
