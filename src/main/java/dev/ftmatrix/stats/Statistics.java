package dev.ftmatrix.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything ftmatrix computes from cell results: the {@code statistics} object of {@code report.json}. Lists are
 * sorted and maps have sorted keys, so equal inputs give byte-identical reports. Field names (snake_case in JSON)
 * are documented in docs/reports.md, "report.json".
 *
 * <p>What counts as a trial of a method: a cell result that is not {@code INFRA_ERROR} (the machine failed, not
 * the method), not {@code simulated} (a fake upstream tool), and whose install was not reused from the install
 * cache (then the install was not exercised). Controls never enter tier statistics; their detection rate is
 * reported instead, over every non-infrastructure, non-simulated trial (a reused install is caught just the same).
 * A {@code NOT_APPLICABLE} result (a cell that cannot apply on the machine that ran it) is in no group at all: it is
 * listed apart in {@code notApplicable}, which report.json leaves out when it is empty.
 */
public record Statistics(
        Totals totals,
        List<Group> methods,
        List<Group> tiers,
        List<Group> oses,
        List<Group> pythons,
        List<Control> controls,
        List<Taxonomy> failures,
        List<PackageCompat> packages,
        List<InstallTime> installTimes,
        List<Performance> performance,
        List<RankingCheck> ranking,
        List<Claim> claims,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<NotApplicable> notApplicable) {
    public Statistics {
        methods = List.copyOf(methods);
        tiers = List.copyOf(tiers);
        oses = List.copyOf(oses);
        pythons = List.copyOf(pythons);
        controls = List.copyOf(controls);
        failures = List.copyOf(failures);
        packages = List.copyOf(packages);
        installTimes = List.copyOf(installTimes);
        performance = List.copyOf(performance);
        ranking = List.copyOf(ranking);
        claims = List.copyOf(claims);
        notApplicable = List.copyOf(notApplicable);
    }

    /** An unmodifiable copy that iterates in key order, so every rendering of it is deterministic. */
    static <V> Map<String, V> sorted(Map<String, V> map) {
        return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(map));
    }

    /** How the results read were counted. {@code results}: every line read, each attempt of a cell included. */
    public record Totals(long results, long trials, long passes, long infraErrors, long simulated,
            long reusedInstalls, long controlTrials, List<String> runs, List<String> matrices) {
        public Totals {
            runs = List.copyOf(runs);
            matrices = List.copyOf(matrices);
        }
    }

    /**
     * Pass rate of one method, tier, os or python version. {@code passRate} and {@code interval} are null without
     * trials. {@code tier} is set for methods; {@code methods} counts the methods pooled into a tier.
     */
    public record Group(String key, String tier, int methods, long trials, long passes, Double passRate,
            Interval interval, long infraErrors, long simulated, long reusedInstalls) {
        public Group {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A negative control: how often it was caught (any outcome but PASS), which is its job. */
    public record Control(String method, long trials, long detected, Double detectionRate, Interval interval,
            long infraErrors, long simulated) {
    }

    /**
     * Counts per outcome and per failure category (the recipe's or the classifier's) of one method;
     * {@code infraCategories} are the categories of its infrastructure errors, kept apart because they are the
     * machine's failures, not the method's.
     */
    public record Taxonomy(String method, String tier, Map<String, Long> outcomes, Map<String, Long> categories,
            Map<String, Long> infraCategories) {
        public Taxonomy {
            outcomes = sorted(outcomes);
            categories = sorted(categories);
            infraCategories = sorted(infraCategories);
        }
    }

    /**
     * One smoke-tested package on one method and python version, counted over trials: installed from a
     * free-threaded wheel (abi tag ending in t), a pure-Python wheel, another wheel (abi3 or a GIL abi, which
     * pip only picks when it is older than 24.1), built from an sdist, re-enabled the GIL, or failed (by category).
     */
    public record PackageCompat(String packageName, String method, String python, long trials, long freeThreadedWheel,
            long pureWheel, long otherWheel, long sdist, long gilReenabled, Map<String, Long> failed) {
        public PackageCompat {
            failed = sorted(failed);
        }
    }

    /** Install durations of a method's trials: median and 90th percentile (nearest rank), in seconds. */
    public record InstallTime(String method, long samples, Double medianS, Double p90S, Double minS, Double maxS) {
    }

    /**
     * The timing phase's figures for one method and python version, over its free-threaded trials.
     * {@code penalty}: how much slower the benchmark suite ran than on the baseline ({@code 0.38} = 38% slower), the
     * geometric mean of median time ratios, with its 95% bootstrap interval; {@code baseline} {@code twin} (the
     * method's own GIL build, in {@code speedCells} cells) or {@code unlike-build} (other cells' GIL builds, when no
     * cell had a twin); null when nothing was timed. {@code memoryOverhead}: the same for the memory workload's peak
     * RSS, over {@code memoryCells} cells. {@code speedupMedian} and {@code efficiencyMedian}: thread scaling over
     * {@code scalingCells} believable measurements with up to {@code threads} threads on at least
     * {@code cpusAvailable} CPUs; {@code noisy} impossible ones are left out. {@code installPeakBytes}: the largest
     * peak of the container's memory during an install.
     */
    public record Performance(String method, String python, String baseline, long speedCells, Double penalty,
            Bounds penaltyInterval, long memoryCells, Double memoryOverhead, Bounds memoryInterval, long scalingCells,
            int threads, Integer cpusAvailable, Double speedupMedian, Double efficiencyMedian, long noisy,
            Long installPeakBytes) {
    }

    /**
     * Is the higher claimed tier more reliable than the next lower one? {@code probability}: the posterior
     * probability that the higher tier's pass probability exceeds the lower's (independent uniform Beta(1, 1)
     * priors, trials pooled per tier). Verdict {@code supported} at >= 0.95, {@code contradicted} at <= 0.05,
     * else {@code inconclusive}, or {@code not_measured} when a tier has no trials. For {@code inconclusive},
     * {@code moreTrialsPerMethod} estimates how many more trials per method would decide it if the observed rates
     * held (null when they are equal or it would take more than 1,000,000).
     */
    public record RankingCheck(String higherTier, String lowerTier, long higherTrials, long higherPasses,
            long lowerTrials, long lowerPasses, Double probability, String verdict, Long moreTrialsPerMethod,
            String note) {
    }

    /**
     * The cells of one method on one os that were not run because they cannot apply on the machine that ran them
     * (a macOS host row on Linux); {@code reason} is the first such cell's.
     */
    public record NotApplicable(String method, String tier, String os, long cells, String reason) {
    }

    /**
     * A claim of the field guide next to what the results show. Verdict: consistent, differs, inconclusive or
     * not_measured (then {@code measured} says why). {@code n}: the trials, cells, packages or imports it rests on;
     * {@code interval}: the 95% interval of the measured figure where there is one; {@code baseline}: for speed and
     * memory claims, {@code twin} or {@code unlike-build}, else null.
     */
    public record Claim(String id, String claim, String measured, String verdict, Long n, Bounds interval,
            String baseline) {
    }
}
