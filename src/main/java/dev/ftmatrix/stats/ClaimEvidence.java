package dev.ftmatrix.stats;

import dev.ftmatrix.probe.ProbeReport;
import dev.ftmatrix.probe.ProbeReport.PackageResult;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.stats.Statistics.Claim;
import dev.ftmatrix.stats.Statistics.PackageCompat;
import dev.ftmatrix.stats.Statistics.RankingCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The field guide's claims (../shared/reference/seed-free-threading-reference.txt) and what the results say about
 * each. The tolerance of each verdict is stated in its text and in docs/reports.md, so a reader can disagree with it.
 */
final class ClaimEvidence {
    /** Claimed install times in minutes per recipe ("Time" column of the tier table), as [low, high]. */
    private static final Map<String, double[]> CLAIMED_INSTALL_MINUTES = new TreeMap<>(Map.of(
            "uv", new double[] {2, 10},
            "homebrew", new double[] {5, 20},
            "macos-homebrew", new double[] {5, 20},
            "fedora-dnf", new double[] {2.5, 10},
            "python-org", new double[] {5, 25},
            "windows-python-org", new double[] {5, 25},
            "conda", new double[] {10, 40},
            "windows-nuget", new double[] {10, 60},
            "source-build", new double[] {120, Double.POSITIVE_INFINITY}));
    private static final double DEADSNAKES_UPTIME = 0.70;
    private static final String DEADSNAKES_RECIPE = "deadsnakes";

    private final Map<String, Samples> installMinutes = new TreeMap<>();
    private final SortedSet<String> gilReenablingModules = new TreeSet<>();
    private long packageImports;
    private long gilReenablements;
    private long deadsnakesTrials;
    private long deadsnakesPasses;

    /** A trial: not an infrastructure error, not simulated. */
    void accept(CellResult r) {
        // The PPA's uptime is what its recipe measures, whatever the matrix named the method; a reused install
        // never touched the PPA.
        if (DEADSNAKES_RECIPE.equals(r.setup().recipe()) && !r.execution().installReused()
                && !TierLabels.isControl(r.identity().tier())) {
            deadsnakesTrials++;
            if (r.verdict().outcome() == Outcome.PASS) {
                deadsnakesPasses++;
            }
        }
        ProbeReport probe = r.probe();
        if (probe == null) {
            return;
        }
        if (probe.freeThreadedBuild()) {
            for (PackageResult p : probe.packages()) {
                if (Boolean.TRUE.equals(p.imported())) {
                    packageImports++;
                }
                if ("gil-reenabled".equals(p.category())) {
                    gilReenablements++;
                    gilReenablingModules.add(p.importName() != null ? p.importName() : p.name());
                }
            }
        }
    }

    /** Adds what {@code later} collected; {@code later} is used up. */
    void merge(ClaimEvidence later) {
        later.installMinutes.forEach((recipe, s) -> installMinutes.computeIfAbsent(recipe, k -> new Samples())
                .addAll(s));
        gilReenablingModules.addAll(later.gilReenablingModules);
        packageImports += later.packageImports;
        gilReenablements += later.gilReenablements;
        deadsnakesTrials += later.deadsnakesTrials;
        deadsnakesPasses += later.deadsnakesPasses;
    }

    void installTime(String recipe, double seconds) {
        if (recipe != null) {
            installMinutes.computeIfAbsent(recipe, k -> new Samples()).add(seconds / 60);
        }
    }

    List<Claim> claims(List<RankingCheck> ranking, List<PackageCompat> packages, PerformanceEvidence performance) {
        List<Claim> claims = new ArrayList<>();
        claims.add(tierRanking(ranking));
        claims.addAll(performance.claims());
        claims.add(performance.minimumRam());
        claims.add(wheelAvailability(packages));
        claims.add(gilReenablement());
        claims.add(deadsnakesUptime());
        installMinutes.keySet().stream().filter(CLAIMED_INSTALL_MINUTES::containsKey)
                .forEach(recipe -> claims.add(installTimeClaim(recipe)));
        return claims;
    }

    private static Claim tierRanking(List<RankingCheck> ranking) {
        String claim = "tier 1 (uv, Homebrew, Fedora dnf) > tier 2 (python.org, conda) > tier 3 (deadsnakes, NuGet)"
                + " > tier 4 (source build, Docker) in reliability";
        List<RankingCheck> measured = ranking.stream().filter(c -> !c.verdict().equals("not_measured")).toList();
        if (measured.isEmpty()) {
            return new Claim("tier-ranking", claim, "no two adjacent tiers both have trials", "not_measured",
                    0L, null, null);
        }
        String text = ranking.stream().map(c -> "tier " + c.higherTier() + " > tier " + c.lowerTier() + ": "
                + c.verdict().replace('_', ' ')
                + (c.probability() == null ? "" : String.format(Locale.ROOT, " (P = %.3f)", c.probability())))
                .collect(Collectors.joining("; "));
        String verdict = measured.stream().anyMatch(c -> c.verdict().equals("contradicted")) ? "differs"
                : measured.stream().allMatch(c -> c.verdict().equals("supported")) ? "consistent" : "inconclusive";
        long trials = ranking.stream().mapToLong(c -> c.higherTrials() + c.lowerTrials()).sum()
                - ranking.stream().skip(1).mapToLong(RankingCheck::higherTrials).sum();
        return new Claim("tier-ranking", claim, text, verdict, trials, null, null);
    }

    /** Consistent when 35-65% of the tested packages never installed from a free-threaded or pure wheel. */
    private static Claim wheelAvailability(List<PackageCompat> packages) {
        String claim = "about 50% of packages lack free-threaded builds";
        SortedMap<String, Boolean> hasWheel = new TreeMap<>();
        for (PackageCompat p : packages) {
            hasWheel.merge(p.packageName(), p.freeThreadedWheel() + p.pureWheel() > 0, Boolean::logicalOr);
        }
        if (hasWheel.isEmpty()) {
            return new Claim("wheel-availability", claim, "no packages were smoke-tested", "not_measured", 0L,
                    null, null);
        }
        long lacking = hasWheel.values().stream().filter(b -> !b).count();
        double share = (double) lacking / hasWheel.size();
        String measured = String.format(Locale.ROOT, "%d of %d tested packages (%.0f%%) never installed from a"
                + " free-threaded or pure-Python wheel", lacking, hasWheel.size(), share * 100);
        return new Claim("wheel-availability", claim, measured,
                share >= 0.35 && share <= 0.65 ? "consistent" : "differs", (long) hasWheel.size(),
                Bounds.of(Wilson.interval95(lacking, hasWheel.size())), null);
    }

    private Claim gilReenablement() {
        String claim = "C extensions without free-threading support re-enable the GIL";
        if (packageImports == 0 && gilReenablements == 0) {
            return new Claim("gil-reenablement", claim, "no package was imported on a free-threaded build",
                    "not_measured", 0L, null, null);
        }
        String measured = gilReenablements + " of " + packageImports + " package imports re-enabled the GIL"
                + (gilReenablingModules.isEmpty() ? "" : " (" + String.join(", ", gilReenablingModules) + ")");
        return new Claim("gil-reenablement", claim, measured, gilReenablements > 0 ? "consistent" : "differs",
                packageImports, null, null);
    }

    /** Consistent when 70% lies within the Wilson interval of the deadsnakes recipe's pooled pass rate. */
    private Claim deadsnakesUptime() {
        String claim = "the deadsnakes PPA works about 70% of the time";
        long trials = deadsnakesTrials;
        long passes = deadsnakesPasses;
        if (trials == 0) {
            return new Claim("deadsnakes-uptime", claim, "no deadsnakes trials", "not_measured", 0L, null,
                    null);
        }
        Interval ci = Wilson.interval95(passes, trials);
        String measured = String.format(Locale.ROOT, "%d of %d passed (%.0f%%, 95%% CI %.0f-%.0f%%)", passes, trials,
                100.0 * passes / trials, ci.low() * 100, ci.high() * 100);
        return new Claim("deadsnakes-uptime", claim, measured,
                ci.low() <= DEADSNAKES_UPTIME && DEADSNAKES_UPTIME <= ci.high() ? "consistent" : "differs", trials,
                Bounds.of(ci), null);
    }

    private Claim installTimeClaim(String recipe) {
        double[] range = CLAIMED_INSTALL_MINUTES.get(recipe);
        Samples minutes = installMinutes.get(recipe);
        String claimed = Double.isInfinite(range[1]) ? String.format(Locale.ROOT, "%.0f+ min", range[0])
                : String.format(Locale.ROOT, "%s-%s min", trim(range[0]), trim(range[1]));
        double median = minutes.median();
        String measured = String.format(Locale.ROOT, "median %.1f min over %d installs", median, minutes.size());
        return new Claim("install-time:" + recipe, recipe + " installs take " + claimed, measured,
                median >= range[0] && median <= range[1] ? "consistent" : "differs", (long) minutes.size(), null,
                null);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
