package dev.ftmatrix.matrix;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One install method: which recipe runs, its claimed tier, its parameters ({@code with}), the globs of
 * os ids it applies to (empty: every os), its own smoke settings, the limits of its containers (the matrix's with
 * the method's own in their place), and the secrets it passes to the recipe as environment variables (keyed by
 * variable name in the recipe).
 */
public record MethodSpec(
        String id, String recipe, Tier tier, Map<String, String> with, List<String> osGlobs, SmokeOverride smoke,
        ResourceLimits limits, Map<String, Secret> secrets) {
    public MethodSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(tier, "tier");
        with = Map.copyOf(with);
        osGlobs = List.copyOf(osGlobs);
        Objects.requireNonNull(smoke, "smoke");
        Objects.requireNonNull(limits, "limits");
        secrets = Map.copyOf(secrets);
    }

    /** A method that takes the matrix's smoke settings and the default limits as they are, without secrets. */
    public MethodSpec(String id, String recipe, Tier tier, Map<String, String> with, List<String> osGlobs) {
        this(id, recipe, tier, with, osGlobs, SmokeOverride.NONE, ResourceLimits.DEFAULT, Map.of());
    }

    /** Whether this method runs on the os with the given id: it has no globs, or one of them matches. */
    public boolean appliesTo(String osId) {
        return osGlobs.isEmpty() || osGlobs.stream().anyMatch(glob -> Globs.matches(glob, osId));
    }

    /** The same method with other parameters, e.g. those a result recorded. */
    public MethodSpec withParameters(Map<String, String> parameters) {
        return new MethodSpec(id, recipe, tier, parameters, osGlobs, smoke, limits, secrets);
    }

    /** Parameters in key order, so that everything derived from them is deterministic. */
    public Map<String, String> sortedWith() {
        return new TreeMap<>(with);
    }
}
