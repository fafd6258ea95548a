package dev.ftmatrix.stats;

import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.Bootstrap.Comparison;
import dev.ftmatrix.stats.Statistics.Claim;
import dev.ftmatrix.stats.Statistics.Performance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The speed and memory claims, per method and pooled, from the timing phase of each trial: the benchmark suite
 * and the memory workload against the cell's GIL twin, thread scaling on the CPUs the cell had, and the
 * container's peak memory. A verdict other than {@code not_measured} needs the twin as baseline and at least
 * {@value #MIN_REPEATS} repeats of every measurement on both builds.
 */
final class PerformanceEvidence {
    static final int MIN_REPEATS = 5;
    static final String TWIN = "twin";
    static final String UNLIKE_BUILD = "unlike-build";
    /** "about 40% slower": consistent when the interval reaches into 20-60%, as before the timing phase. */
    private static final double PENALTY_LOW = 0.2;
    private static final double PENALTY_HIGH = 0.6;
    /** "a significant increase": more than 10% at the interval's low end; less than 10% at its high end differs. */
    private static final double MEMORY_SIGNIFICANT = 0.10;
    private static final double SPEEDUP_LOW = 2;
    private static final double SPEEDUP_HIGH = 3;
    /** A 2-3x claim cannot be seen with fewer CPUs than its upper end needs to show more than 2x. */
    private static final int SPEEDUP_MIN_CPUS = 3;
    private static final long MIN_RAM_BYTES = 2L * 1024 * 1024 * 1024;
    private static final String POOLED = "";

    /** By method and python, looked up once per result; {@link #sortedGroups()} orders them. */
    private final Map<String, Group> groups = new HashMap<>();
    /** Benchmark repeats of GIL builds (controls), per workload: the unlike-build baseline. */
    private final Map<String, List<Double>> gilSamples = new TreeMap<>();
    private long peakTrials;
    private long largestPeak;
    private String largestPeakMethod;

    /** A trial's timing phase, whatever its outcome: a build that turned the GIL on still ran the workloads. */
    void accept(CellResult r) {
        if (r.measurement().memory() != null && r.measurement().memory().probePeakBytes() != null
                && r.verdict().outcome() != Outcome.INSTALL_FAILED
                && r.verdict().outcome() != Outcome.TIMEOUT) {
            peakTrials++;
            if (r.measurement().memory().probePeakBytes() > largestPeak) {
                largestPeak = r.measurement().memory().probePeakBytes();
                largestPeakMethod = r.setup().method();
            }
        }
        ProbeReport probe = r.probe();
        if (probe != null && probe.pyGilDisabled() != null && !probe.freeThreadedBuild() && probe.benchmarks() != null) {
            probe.benchmarks().workloads().stream().filter(w -> w.interpreterS() != null)
                    .forEach(w -> gilSamples.computeIfAbsent(w.name(), k -> new ArrayList<>()).addAll(w.interpreterS()));
        }
        boolean freeThreaded = probe != null && probe.freeThreadedBuild();
        if (!freeThreaded) {
            return;
        }
        Group method = groups.computeIfAbsent(r.setup().method() + "\n" + r.identity().python(),
                k -> new Group(r.setup().method(), r.identity().python()));
        Group pooled = groups.computeIfAbsent(POOLED, k -> new Group(null, null));
        for (Group g : List.of(method, pooled)) {
            g.add(r, probe);
        }
    }

    /**
     * Adds what {@code later} collected, as if its results had been accepted here after this evidence's own;
     * {@code later} is used up. Exact: every figure is either keyed (a later cell replaces an earlier one with the
     * same key, as a second accept would), a sum, a first-wins maximum or minimum, or samples appended in order.
     */
    void merge(PerformanceEvidence later) {
        peakTrials += later.peakTrials;
        // A sequential pass keeps the first of equal peaks: the later part's wins only when strictly larger.
        if (later.largestPeak > largestPeak) {
            largestPeak = later.largestPeak;
            largestPeakMethod = later.largestPeakMethod;
        }
        later.gilSamples.forEach((workload, samples) -> gilSamples.computeIfAbsent(workload, k -> new ArrayList<>())
                .addAll(samples));
        later.groups.forEach((key, group) -> {
            Group mine = groups.putIfAbsent(key, group);
            if (mine != null) {
                mine.merge(group);
            }
        });
    }

    List<Performance> rows() {
        List<Performance> rows = new ArrayList<>();
        sortedGroups().stream().filter(g -> g.method != null).forEach(g -> rows.add(g.row(gilSamples)));
        return rows;
    }

    /** The groups by key: pooled (the empty key) first, then by method and python. */
    private List<Group> sortedGroups() {
        return List.copyOf(new TreeMap<>(groups).values());
    }

    /** Pooled first, then per method where the method measured that figure at all. */
    List<Claim> claims() {
        Group pooled = groups.getOrDefault(POOLED, new Group(null, null));
        List<Group> methods = sortedGroups().stream().filter(g -> g.method != null).toList();
        List<Claim> claims = new ArrayList<>();
        claims.add(pooled.penaltyClaim("", gilSamples));
        methods.stream().filter(g -> !g.speedByCell.isEmpty() || !g.unlikeBuild(gilSamples).isEmpty())
                .forEach(g -> claims.add(g.penaltyClaim(g.suffix(), gilSamples)));
        claims.add(pooled.memoryClaim(""));
        methods.stream().filter(g -> !g.memoryByCell.isEmpty()).forEach(g -> claims.add(g.memoryClaim(g.suffix())));
        claims.add(pooled.speedupClaim(""));
        methods.stream().filter(g -> g.speedups.size() > 0 || g.noisy > 0)
                .forEach(g -> claims.add(g.speedupClaim(g.suffix())));
        return claims;
    }

    /** Peak memory of every trial that installed an interpreter: does an install need 2 GB? */
    Claim minimumRam() {
        String claim = "a free-threaded install needs at least 2 GB of RAM";
        if (peakTrials == 0) {
            return new Claim("minimum-ram", claim, "no trial recorded its container's peak memory", "not_measured",
                    0L, null, null);
        }
        String text = String.format(Locale.ROOT, "largest peak %s (%s; install, venv and packages, page cache"
                + " included) over %d trials that installed an interpreter", mebibytes(largestPeak), largestPeakMethod,
                peakTrials);
        return new Claim("minimum-ram", claim, text, largestPeak >= MIN_RAM_BYTES ? "consistent" : "differs",
                peakTrials, null, null);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024));
    }

    private static String percent(double change) {
        return String.format(Locale.ROOT, "%+.0f%%", change * 100);
    }

    private static String interval(Bounds b) {
        return String.format(Locale.ROOT, "95%% CI %s to %s", percent(b.low()), percent(b.high()));
    }

    /** A relative change (0.38 = 38% more) and its 95% interval. */
    private record Estimate(double change, Bounds interval) {
    }

    /** Six decimals, as the report's other figures: the bootstrap's last bits are noise. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** In value order: which GIL cell's repeats came first must not change the draws. */
    private static double[] sorted(List<Double> values) {
        double[] out = array(values);
        java.util.Arrays.sort(out);
        return out;
    }

    private static double[] array(List<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).toArray();
    }

    /** One method and python, or every free-threaded trial pooled (method null). */
    private static final class Group {
        final String method;
        final String python;
        /** Keyed by run, cell and attempt: the bootstrap draws cells by position, so their order must not vary. */
        final Map<String, List<Comparison>> speedByCell = new TreeMap<>();
        final Map<String, List<Comparison>> memoryByCell = new TreeMap<>();
        /**
         * Thread scaling of cells that recorded every repeat, as one comparison: the one-thread times against the
         * n-thread times divided by n, whose median ratio is the cell's speedup.
         */
        final Map<String, List<Comparison>> scalingByCell = new TreeMap<>();
        private final Map<String, Estimate> estimates = new TreeMap<>();

        /** Benchmark repeats of cells without a twin, for the unlike-build figure. */
        final Map<String, ProbeReport.Benchmarks> withoutTwin = new TreeMap<>();
        final Samples speedups = new Samples();
        final Samples efficiencies = new Samples();
        final List<String> twinErrors = new ArrayList<>();
        int threads;
        Integer cpusAvailable;
        int fewRepeats;
        long noisy;
        Long installPeak;

        Group(String method, String python) {
            this.method = method;
            this.python = python;
        }

        void add(CellResult r, ProbeReport probe) {
            ProbeReport.Benchmarks bench = probe.benchmarks();
            if (bench != null) {
                List<Comparison> speed = new ArrayList<>();
                for (ProbeReport.Workload w : bench.workloads()) {
                    if (w.interpreterS() != null && !w.interpreterS().isEmpty() && w.twinS() != null
                            && !w.twinS().isEmpty()) {
                        speed.add(new Comparison(array(w.interpreterS()), array(w.twinS())));
                    }
                }
                if (!speed.isEmpty()) {
                    speedByCell.put(key(r), speed);
                    if (bench.repeats() < MIN_REPEATS) {
                        fewRepeats++;
                    }
                } else {
                    withoutTwin.put(key(r), bench);
                    if (bench.twinError() != null) {
                        twinErrors.add(bench.twinError());
                    }
                }
            }
            ProbeReport.Memory memory = probe.memory();
            if (memory != null && !memory.interpreterPeakKib().isEmpty() && memory.twinPeakKib() != null
                    && !memory.twinPeakKib().isEmpty()) {
                memoryByCell.put(key(r), List.of(new Comparison(array(memory.interpreterPeakKib()),
                        array(memory.twinPeakKib()))));
            }
            ProbeReport.Threads t = probe.threads();
            if (t != null && t.repeats() != null && t.speedup() != null) {
                if (t.noisy()) {
                    noisy++;
                } else {
                    speedups.add(t.speedup());
                    if (!t.oneThreadRepeatsS().isEmpty() && !t.nThreadsRepeatsS().isEmpty() && t.n() > 0) {
                        double[] perThread = array(t.nThreadsRepeatsS());
                        for (int i = 0; i < perThread.length; i++) {
                            perThread[i] /= t.n();
                        }
                        scalingByCell.put(key(r), List.of(new Comparison(array(t.oneThreadRepeatsS()), perThread)));
                    }
                    if (t.efficiency() != null) {
                        efficiencies.add(t.efficiency());
                    }
                    threads = Math.max(threads, t.n());
                    Integer available = probe.cpus() == null ? null : probe.cpus().available();
                    if (available != null) {
                        cpusAvailable = cpusAvailable == null ? available : Math.min(cpusAvailable, available);
                    }
                }
            }
            if (r.measurement().memory() != null && r.measurement().memory().installPeakBytes() != null
                    && r.verdict().outcome() != Outcome.INSTALL_FAILED) {
                installPeak = installPeak == null ? r.measurement().memory().installPeakBytes()
                        : Math.max(installPeak, r.measurement().memory().installPeakBytes());
            }
        }

        /** Adds what {@code later} collected from results after this group's own; see {@link PerformanceEvidence#merge}. */
        void merge(Group later) {
            speedByCell.putAll(later.speedByCell);
            memoryByCell.putAll(later.memoryByCell);
            scalingByCell.putAll(later.scalingByCell);
            withoutTwin.putAll(later.withoutTwin);
            // An estimate is computed from the cells as they are: none may stay from before the merge.
            estimates.clear();
            speedups.addAll(later.speedups);
            efficiencies.addAll(later.efficiencies);
            twinErrors.addAll(later.twinErrors);
            threads = Math.max(threads, later.threads);
            if (later.cpusAvailable != null) {
                cpusAvailable = cpusAvailable == null ? later.cpusAvailable
                        : Math.min(cpusAvailable, later.cpusAvailable);
            }
            fewRepeats += later.fewRepeats;
            noisy += later.noisy;
            if (later.installPeak != null) {
                installPeak = installPeak == null ? later.installPeak : Math.max(installPeak, later.installPeak);
            }
        }

        /** Computed once per figure: a bootstrap is the costly part of a report. */
        private Estimate estimate(String figure, List<List<Comparison>> cells) {
            return estimates.computeIfAbsent(figure, k -> {
                Bounds ratio = Bootstrap.interval95(cells);
                return new Estimate(round(Bootstrap.ratio(cells) - 1),
                        new Bounds(round(ratio.low() - 1), round(ratio.high() - 1)));
            });
        }

        List<List<Comparison>> speedCells() {
            return List.copyOf(speedByCell.values());
        }

        List<List<Comparison>> memoryCells() {
            return List.copyOf(memoryByCell.values());
        }

        private static String key(CellResult r) {
            return r.identity().runId() + "\n" + r.identity().cell() + "\n" + r.identity().attempt();
        }

        Performance row(Map<String, List<Double>> gil) {
            String baseline = speedByCell.isEmpty() ? (unlikeBuild(gil).isEmpty() ? null : UNLIKE_BUILD) : TWIN;
            Estimate penalty = baseline == null ? null
                    : estimate(TWIN.equals(baseline) ? "speed" : "unlike", TWIN.equals(baseline) ? speedCells()
                            : unlikeBuild(gil));
            Estimate memory = memoryByCell.isEmpty() ? null : estimate("memory", memoryCells());
            return new Performance(method, python, baseline, speedByCell.size(),
                    penalty == null ? null : penalty.change(), penalty == null ? null : penalty.interval(),
                    memoryByCell.size(), memory == null ? null : memory.change(), memory == null ? null
                            : memory.interval(), speedups.size(), threads, cpusAvailable, speedups.median(),
                    efficiencies.median(), noisy, installPeak);
        }

        /** Cells without a twin against the GIL builds' repeats of the same workloads: unlike builds. */
        List<List<Comparison>> unlikeBuild(Map<String, List<Double>> gil) {
            List<List<Comparison>> cells = new ArrayList<>();
            for (ProbeReport.Benchmarks bench : withoutTwin.values()) {
                List<Comparison> cell = bench.workloads().stream()
                        .filter(w -> w.interpreterS() != null && !w.interpreterS().isEmpty() && gil.containsKey(w.name()))
                        .map(w -> new Comparison(array(w.interpreterS()), sorted(gil.get(w.name()))))
                        .toList();
                if (!cell.isEmpty()) {
                    cells.add(cell);
                }
            }
            return cells;
        }

        Claim penaltyClaim(String suffix, Map<String, List<Double>> gil) {
            String claim = "single-threaded code runs about 40% slower on the free-threaded build" + scope();
            String id = "single-thread-penalty" + suffix;
            if (speedCells().isEmpty()) {
                List<List<Comparison>> unlike = unlikeBuild(gil);
                if (unlike.isEmpty()) {
                    String why = twinErrors.isEmpty() ? "no trial timed the benchmark suite on a free-threaded build"
                            + " and its GIL twin (smoke.baseline: twin)"
                            : "the GIL twin could not be installed: " + twinErrors.get(0);
                    return new Claim(id, claim, why, "not_measured", 0L, null, null);
                }
                Estimate e = estimate("unlike", unlike);
                double penalty = e.change();
                Bounds ci = e.interval();
                return new Claim(id, claim, String.format(Locale.ROOT, "%s (%s) against other cells' GIL builds,"
                        + " which are unlike builds (another vendor's flags, PGO or LTO), so no verdict; a twin"
                        + " baseline gives one", percent(penalty), interval(ci)), "not_measured", (long) unlike.size(),
                        ci, UNLIKE_BUILD);
            }
            Estimate e = estimate("speed", speedCells());
            double penalty = e.change();
            Bounds ci = e.interval();
            String text = String.format(Locale.ROOT, "%s (%s): geometric mean over %d workloads of median time"
                    + " ratios against the GIL twin; %d %s", percent(penalty), interval(ci), speedCells().get(0).size(),
                    speedCells().size(), speedCells().size() == 1 ? "cell" : "cells");
            if (fewRepeats > 0) {
                return new Claim(id, claim, text + "; fewer than " + MIN_REPEATS + " repeats in " + fewRepeats
                        + " of them", "not_measured", (long) speedCells().size(), ci, TWIN);
            }
            return new Claim(id, claim, text, ci.overlaps(PENALTY_LOW, PENALTY_HIGH) ? "consistent" : "differs",
                    (long) speedCells().size(), ci, TWIN);
        }

        Claim memoryClaim(String suffix) {
            String claim = "the free-threaded build uses significantly more memory (immortalized objects)" + scope();
            String id = "memory-overhead" + suffix;
            if (memoryCells().isEmpty()) {
                return new Claim(id, claim, "no trial measured the memory workload on a free-threaded build and its"
                        + " GIL twin", "not_measured", 0L, null, null);
            }
            Estimate e = estimate("memory", memoryCells());
            double overhead = e.change();
            Bounds ci = e.interval();
            String text = String.format(Locale.ROOT, "%s peak RSS (%s) of a fixed object-heavy workload against the"
                    + " GIL twin; %d %s", percent(overhead), interval(ci), memoryCells().size(),
                    memoryCells().size() == 1 ? "cell" : "cells");
            String verdict = ci.low() > MEMORY_SIGNIFICANT ? "consistent"
                    : ci.high() < MEMORY_SIGNIFICANT ? "differs" : "inconclusive";
            return new Claim(id, claim, text, verdict, (long) memoryCells().size(), ci, TWIN);
        }

        Claim speedupClaim(String suffix) {
            String claim = "CPU-bound parallel work gains 2-3x with threads on the free-threaded build" + scope();
            String id = "multithreaded-gains" + suffix;
            if (speedups.size() == 0) {
                return new Claim(id, claim, noisy > 0 ? noisy + " thread-scaling measurements were impossible"
                        + " (faster than the CPUs allow, twice) and are left out" : "no free-threaded trial measured"
                        + " thread scaling", "not_measured", 0L, null, null);
            }
            int bound = cpusAvailable == null ? threads : Math.min(threads, cpusAvailable);
            String text = String.format(Locale.ROOT, "median speedup %.2fx with %d threads on %s available CPUs"
                    + " (efficiency %.2f; %d %s%s)", speedups.median(), threads,
                    cpusAvailable == null ? "an unknown number of" : String.valueOf(cpusAvailable),
                    efficiencies.size() == 0 ? Double.NaN : efficiencies.median(), speedups.size(),
                    speedups.size() == 1 ? "cell" : "cells", noisy == 0 ? "" : "; " + noisy + " noisy left out");
            // The interval needs every counted cell's repeats: results written before they were recorded have none.
            Bounds ci = null;
            if (scalingByCell.size() == speedups.size()) {
                List<List<Comparison>> cells = List.copyOf(scalingByCell.values());
                Bounds b = Bootstrap.interval95(cells);
                ci = new Bounds(round(b.low()), round(b.high()));
                text += String.format(Locale.ROOT, "; geometric mean %.2fx, 95%% CI %.2fx to %.2fx (bootstrap over"
                        + " cells and repeats)", Bootstrap.ratio(cells), ci.low(), ci.high());
            }
            if (bound < SPEEDUP_MIN_CPUS) {
                return new Claim(id, claim, text + "; with " + bound + " usable CPUs no speedup above " + bound
                        + "x is possible, so 2-3x cannot be checked", "not_measured", (long) speedups.size(), ci,
                        null);
            }
            if (ci != null) {
                return new Claim(id, claim, text, ci.overlaps(SPEEDUP_LOW, SPEEDUP_HIGH) ? "consistent" : "differs",
                        (long) speedups.size(), ci, null);
            }
            double median = speedups.median();
            return new Claim(id, claim, text, median >= SPEEDUP_LOW && median <= SPEEDUP_HIGH ? "consistent"
                    : "differs", (long) speedups.size(), null, null);
        }

        String suffix() {
            return ":" + method + "/" + python;
        }

        private String scope() {
            return method == null ? "" : " (" + method + ", " + python + ")";
        }
    }
}
