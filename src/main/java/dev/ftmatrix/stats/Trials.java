package dev.ftmatrix.stats;

import dev.ftmatrix.results.Outcome;

/**
 * Whether a result is a trial of its method, and if not, why: the rule behind report.json's trial counts, also
 * used by junit.xml, so that Jenkins counts exactly the report's trials.
 */
public final class Trials {
    private Trials() {
    }

    /**
     * Why a result (of the cell's last attempt) is not a trial, or null when it is one. A control's reused install
     * is a trial: a control tests the free-threaded check, not the install.
     */
    public static String whyNotATrial(Outcome outcome, boolean simulated, boolean installReused, String tier) {
        if (simulated) {
            return "simulated: a contract test against a fake upstream tool, not evidence about the method";
        }
        if (outcome == Outcome.INFRA_ERROR) {
            return "infrastructure error: the machine failed the cell, which says nothing about the method";
        }
        if (installReused && !TierLabels.isControl(tier)) {
            return "reused install (--reuse-installs): the install was not exercised";
        }
        return null;
    }
}
