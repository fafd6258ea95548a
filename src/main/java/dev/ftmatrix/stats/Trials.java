package dev.ftmatrix.stats;

import dev.ftmatrix.results.Outcome;

/**
 * Why a result is not a trial of its method, in words: {@link Trial}'s rule as junit.xml shows it, so that Jenkins
 * counts exactly the report's trials.
 */
public final class Trials {
    private Trials() {
    }

    /**
     * Why a result (of the cell's last attempt) is not a trial, or null when it is one. A control's reused install
     * is a trial: a control tests the free-threaded check, not the install.
     */
    public static String whyNotATrial(Outcome outcome, boolean simulated, boolean installReused, String tier) {
        return switch (Trial.of(simulated, outcome, TierLabels.isControl(tier), installReused)) {
            case NOT_APPLICABLE -> "not applicable: the cell cannot apply on the machine that ran it, so it was not run";
            case SIMULATED -> "simulated: a contract test against a fake upstream tool, not evidence about the method";
            case INFRA_ERROR -> "infrastructure error: the machine failed the cell, which says nothing about the method";
            case REUSED_INSTALL -> "reused install (--reuse-installs): the install was not exercised";
            case COUNTED -> null;
        };
    }
}
