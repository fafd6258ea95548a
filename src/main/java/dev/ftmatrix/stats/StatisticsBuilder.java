package dev.ftmatrix.stats;

import dev.ftmatrix.probe.ProbeReport.PackageResult;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.Statistics.Control;
import dev.ftmatrix.stats.Statistics.Group;
import dev.ftmatrix.stats.Statistics.InstallTime;
import dev.ftmatrix.stats.Statistics.PackageCompat;
import dev.ftmatrix.stats.Statistics.RankingCheck;
import dev.ftmatrix.stats.Statistics.Taxonomy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Accumulates cell results one at a time (a results file is streamed, never loaded whole) into {@link Statistics}.
 * Each result line is one attempt: an attempt that ended in {@code INFRA_ERROR} is counted as such and the cell's
 * retry, a later line, is the trial. Not thread-safe: a parallel read fills one builder per part of the input and
 * {@link #merge merges} them in input order, which gives the statistics a sequential read would.
 */
public final class StatisticsBuilder {
    private long results;
    private long infraErrors;
    private long simulated;
    private long reused;
    private long controlTrials;
    private final SortedSet<String> runs = new TreeSet<>();
    private final SortedSet<String> matrices = new TreeSet<>();
    private final Map<String, Counter> methods = new TreeMap<>();
    private final Map<String, Counter> tiers = new TreeMap<>(TierLabels.ORDER);
    private final Map<String, Counter> oses = new TreeMap<>();
    private final Map<String, Counter> pythons = new TreeMap<>();
    private final Map<String, Counter> controls = new TreeMap<>();
    private final Map<String, TaxonomyCounter> taxonomy = new TreeMap<>();
    private final Map<List<String>, PackageCounter> packages = new TreeMap<>(StatisticsBuilder::compareKeys);
    private final Map<String, Samples> installTimes = new TreeMap<>();
    private final PerformanceEvidence performance = new PerformanceEvidence();
    private final ClaimEvidence claims = new ClaimEvidence();
    private final Map<List<String>, NotApplicableCounter> notApplicable = new TreeMap<>(StatisticsBuilder::compareKeys);

    public StatisticsBuilder accept(CellResult r) {
        results++;
        runs.add(r.identity().runId());
        if (r.identity().matrix() != null) {
            matrices.add(r.identity().matrix());
        }
        String tier = r.identity().tier() == null ? "?" : r.identity().tier();
        boolean control = TierLabels.isControl(tier);
        Trial trial = Trial.of(r.execution().simulated(), r.verdict().outcome(), control,
                r.execution().installReused());
        if (trial == Trial.NOT_APPLICABLE) {
            // Kept out of every group: such a cell was not run, so it must not even show as a method without trials.
            notApplicable.computeIfAbsent(List.of(r.setup().method(), String.valueOf(r.setup().os())),
                    k -> new NotApplicableCounter(tier)).add(r);
            return this;
        }
        Counter method = (control ? controls : methods).computeIfAbsent(r.setup().method(), k -> new Counter(tier));
        if (trial == Trial.SIMULATED) {
            simulated++;
            method.simulated++;
            return this;
        }
        taxonomy.computeIfAbsent(r.setup().method(), k -> new TaxonomyCounter(tier)).add(r);
        if (trial == Trial.INFRA_ERROR) {
            infraErrors++;
            method.infra++;
            if (!control) {
                countInfra(r, tier);
            }
            return this;
        }
        packages(r);
        performance.accept(r);
        claims.accept(r);
        boolean pass = r.verdict().outcome() == Outcome.PASS;
        if (control) {
            controlTrials++;
            method.trial(!pass, r.setup().method());
            if (!r.execution().installReused()) {
                installTime(r);
            }
            return this;
        }
        if (trial == Trial.REUSED_INSTALL) {
            reused++;
            method.reused++;
            for (Counter c : groupsOf(r, tier)) {
                c.reused++;
            }
            return this;
        }
        installTime(r);
        method.trial(pass, r.setup().method());
        for (Counter c : groupsOf(r, tier)) {
            c.trial(pass, r.setup().method());
        }
        return this;
    }

    /**
     * Adds what {@code later} counted, as if its results had been accepted here after this builder's own; {@code
     * later} is used up. Where the first result decides (a method's tier), this builder's stays.
     */
    public StatisticsBuilder merge(StatisticsBuilder later) {
        results += later.results;
        infraErrors += later.infraErrors;
        simulated += later.simulated;
        reused += later.reused;
        controlTrials += later.controlTrials;
        runs.addAll(later.runs);
        matrices.addAll(later.matrices);
        mergeInto(methods, later.methods, Counter::merge);
        mergeInto(tiers, later.tiers, Counter::merge);
        mergeInto(oses, later.oses, Counter::merge);
        mergeInto(pythons, later.pythons, Counter::merge);
        mergeInto(controls, later.controls, Counter::merge);
        mergeInto(taxonomy, later.taxonomy, TaxonomyCounter::merge);
        mergeInto(packages, later.packages, PackageCounter::merge);
        mergeInto(installTimes, later.installTimes, Samples::addAll);
        mergeInto(notApplicable, later.notApplicable, NotApplicableCounter::merge);
        performance.merge(later.performance);
        claims.merge(later.claims);
        return this;
    }

    private static <K, V> void mergeInto(Map<K, V> into, Map<K, V> later, BiConsumer<V, V> add) {
        later.forEach((k, v) -> {
            V mine = into.putIfAbsent(k, v);
            if (mine != null) {
                add.accept(mine, v);
            }
        });
    }

    private void countInfra(CellResult r, String tier) {
        for (Counter c : groupsOf(r, tier)) {
            c.infra++;
        }
    }

    private List<Counter> groupsOf(CellResult r, String tier) {
        return List.of(tiers.computeIfAbsent(tier, k -> new Counter(null)),
                oses.computeIfAbsent(String.valueOf(r.setup().os()), k -> new Counter(null)),
                pythons.computeIfAbsent(String.valueOf(r.identity().python()), k -> new Counter(null)));
    }

    private void packages(CellResult r) {
        if (r.probe() == null) {
            return;
        }
        for (PackageResult p : r.probe().packages()) {
            String name = p.name() != null ? p.name() : p.requirement();
            packages.computeIfAbsent(List.of(name, r.setup().method(), String.valueOf(r.identity().python())),
                    k -> new PackageCounter())
                    .add(p);
        }
    }

    private void installTime(CellResult r) {
        // Only installs that produced an interpreter: a failed download's seconds say nothing about install time.
        if (r.execution().durations() == null || r.execution().durations().installS() == null
                || r.verdict().outcome() == Outcome.INSTALL_FAILED
                || r.verdict().outcome() == Outcome.TIMEOUT) {
            return;
        }
        installTimes.computeIfAbsent(r.setup().method(), k -> new Samples()).add(r.execution().durations().installS());
        claims.installTime(r.setup().recipe(), r.execution().durations().installS());
    }

    public Statistics build() {
        List<Group> methodGroups = new ArrayList<>();
        methods.forEach((k, c) -> methodGroups.add(c.group(k, c.tier)));
        List<Group> tierGroups = new ArrayList<>();
        tiers.forEach((k, c) -> tierGroups.add(c.group(k, null)));
        List<Group> osGroups = new ArrayList<>();
        oses.forEach((k, c) -> osGroups.add(c.group(k, null)));
        List<Group> pythonGroups = new ArrayList<>();
        pythons.forEach((k, c) -> pythonGroups.add(c.group(k, null)));
        List<Control> controlList = new ArrayList<>();
        controls.forEach((k, c) -> controlList.add(new Control(k, c.trials, c.passes, rate(c.passes, c.trials),
                interval(c.passes, c.trials), c.infra, c.simulated)));
        List<Taxonomy> taxonomyList = new ArrayList<>();
        taxonomy.forEach((k, t) -> taxonomyList.add(new Taxonomy(k, t.tier, t.outcomes, t.categories, t.infraCategories)));
        List<PackageCompat> packageList = new ArrayList<>();
        packages.forEach((k, p) -> packageList.add(new PackageCompat(k.get(0), k.get(1), k.get(2), p.trials,
                p.ftWheel, p.pureWheel, p.otherWheel, p.sdist, p.gilReenabled, p.failed)));
        List<InstallTime> installList = new ArrayList<>();
        installTimes.forEach((k, s) -> installList.add(new InstallTime(k, s.size(), round(s.median()),
                round(s.percentile(0.9)), round(s.min()), round(s.max()))));
        List<Statistics.NotApplicable> notApplicableList = new ArrayList<>();
        notApplicable.forEach((k, n) -> notApplicableList.add(
                new Statistics.NotApplicable(k.get(0), n.tier, k.get(1), n.cells, n.reason)));
        List<RankingCheck> ranking = ranking();
        long trials = 0;
        long passes = 0;
        for (Counter c : methods.values()) {
            trials += c.trials;
            passes += c.passes;
        }
        Statistics.Totals totals = new Statistics.Totals(results, trials, passes, infraErrors, simulated, reused,
                controlTrials, List.copyOf(runs), List.copyOf(matrices));
        return new Statistics(totals, methodGroups, tierGroups, osGroups, pythonGroups, controlList, taxonomyList,
                packageList, installList, performance.rows(), ranking,
                claims.claims(ranking, packageList, performance), notApplicableList);
    }

    private List<RankingCheck> ranking() {
        List<Ranking.TierCounts> ordered = new ArrayList<>();
        tiers.forEach((k, c) -> ordered.add(new Ranking.TierCounts(k, c.trials, c.passes, c.methodsWithTrials.size())));
        List<RankingCheck> checks = new ArrayList<>();
        for (int i = 0; i + 1 < ordered.size(); i++) {
            checks.add(Ranking.check(ordered.get(i), ordered.get(i + 1)));
        }
        return checks;
    }

    static Double rate(long passes, long trials) {
        return trials == 0 ? null : round((double) passes / trials);
    }

    static Interval interval(long passes, long trials) {
        if (trials == 0) {
            return null;
        }
        Interval w = Wilson.interval95(passes, trials);
        return new Interval(round(w.low()), round(w.high()));
    }

    /** Six decimals: enough for any rate or time here, and the same digits on every JVM. */
    static Double round(Double v) {
        return v == null ? null : Math.round(v * 1e6) / 1e6;
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Trials and passes of one group; for controls a "pass" is a detection. */
    static final class Counter {
        final String tier;
        long trials;
        long passes;
        long infra;
        long simulated;
        long reused;
        /** Only counted: a hash set, as a result is added to several counters. */
        final Set<String> methodsWithTrials = new HashSet<>();

        Counter(String tier) {
            this.tier = tier;
        }

        void trial(boolean pass, String method) {
            trials++;
            if (pass) {
                passes++;
            }
            methodsWithTrials.add(method);
        }

        /** {@code n} trials at once, {@code passed} of them passes: results the history already counted. */
        void trials(long n, long passed, String method) {
            trials += n;
            passes += passed;
            methodsWithTrials.add(method);
        }

        void merge(Counter later) {
            trials += later.trials;
            passes += later.passes;
            infra += later.infra;
            simulated += later.simulated;
            reused += later.reused;
            methodsWithTrials.addAll(later.methodsWithTrials);
        }

        Group group(String key, String tierOfMethod) {
            return new Group(key, tierOfMethod, methodsWithTrials.size(), trials, passes, rate(passes, trials),
                    interval(passes, trials), infra, simulated, reused);
        }
    }

    private static final class TaxonomyCounter {
        final String tier;
        final Map<String, Long> outcomes = new TreeMap<>();
        final Map<String, Long> categories = new TreeMap<>();
        final Map<String, Long> infraCategories = new TreeMap<>();

        TaxonomyCounter(String tier) {
            this.tier = tier;
        }

        void merge(TaxonomyCounter later) {
            later.outcomes.forEach((k, n) -> outcomes.merge(k, n, Long::sum));
            later.categories.forEach((k, n) -> categories.merge(k, n, Long::sum));
            later.infraCategories.forEach((k, n) -> infraCategories.merge(k, n, Long::sum));
        }

        void add(CellResult r) {
            outcomes.merge(r.verdict().outcome().name(), 1L, Long::sum);
            if (r.verdict().failure() != null) {
                (r.verdict().outcome() == Outcome.INFRA_ERROR ? infraCategories : categories)
                        .merge(r.verdict().failure().category(), 1L, Long::sum);
            }
        }
    }

    /** The cells of one method on one os that were not applicable; the first reason read stands for them. */
    private static final class NotApplicableCounter {
        final String tier;
        long cells;
        String reason;

        NotApplicableCounter(String tier) {
            this.tier = tier;
        }

        void add(CellResult r) {
            cells++;
            if (reason == null && r.verdict().failure() != null) {
                reason = r.verdict().failure().detail();
            }
        }

        /** As if {@code later}'s cells had been added after these: the first reason in the file is kept. */
        void merge(NotApplicableCounter later) {
            cells += later.cells;
            if (reason == null) {
                reason = later.reason;
            }
        }
    }

    private static final class PackageCounter {
        long trials;
        long ftWheel;
        long pureWheel;
        long otherWheel;
        long sdist;
        long gilReenabled;
        final Map<String, Long> failed = new TreeMap<>();

        void merge(PackageCounter later) {
            trials += later.trials;
            ftWheel += later.ftWheel;
            pureWheel += later.pureWheel;
            otherWheel += later.otherWheel;
            sdist += later.sdist;
            gilReenabled += later.gilReenabled;
            later.failed.forEach((k, n) -> failed.merge(k, n, Long::sum));
        }

        void add(PackageResult p) {
            trials++;
            if ("gil-reenabled".equals(p.category())) {
                gilReenabled++;
            } else if (p.category() != null) {
                failed.merge(p.category(), 1L, Long::sum);
            }
            if (!p.installed()) {
                return;
            }
            if ("sdist".equals(p.source())) {
                sdist++;
            } else if (PackageWheels.freeThreaded(p.tags())) {
                ftWheel++;
            } else if (PackageWheels.pure(p.tags())) {
                pureWheel++;
            } else {
                otherWheel++;
            }
        }
    }
}
