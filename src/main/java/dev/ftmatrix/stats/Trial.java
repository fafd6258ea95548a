package dev.ftmatrix.stats;

import dev.ftmatrix.results.Outcome;

/**
 * What one recorded attempt counts as (docs/reports.md, "What counts"): the one rule that the run report
 * ({@link StatisticsBuilder}), the history trend and flakiness ({@link HistoryStatistics}) share.
 */
enum Trial {
    /** A cell that cannot apply on the machine that ran it (NOT_APPLICABLE): not run, in no group at all. */
    NOT_APPLICABLE,
    /** A simulated result: never a trial of anything. */
    SIMULATED,
    /** The machine failed, not the method: counted apart, never as a failure of the method. */
    INFRA_ERROR,
    /** A method's cell that started from a cached install: it measured nothing about installing. */
    REUSED_INSTALL,
    /** A trial of its method, or of the free-threaded check for a control (a reused install detects as well). */
    COUNTED;

    static Trial of(boolean simulated, Outcome outcome, boolean control, boolean installReused) {
        if (outcome == Outcome.NOT_APPLICABLE) {
            return NOT_APPLICABLE;
        }
        if (simulated) {
            return SIMULATED;
        }
        if (outcome == Outcome.INFRA_ERROR) {
            return INFRA_ERROR;
        }
        return installReused && !control ? REUSED_INSTALL : COUNTED;
    }
}
