package dev.ftmatrix.matrix;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which os, method and python combinations of a matrix run. Each distinct glob is matched against the os ids once and
 * the excludes are looked up by key, so counting costs the number of combinations, not that times the excludes.
 */
final class Combinations {
    private final Matrix matrix;
    /** For each method, in file order, the indices of the os entries it runs on. */
    private final List<BitSet> osOfMethod;
    /** Each exclude as (os, method, python), null for any. */
    private final Set<List<String>> excluded = new HashSet<>();

    Combinations(Matrix matrix) {
        this.matrix = matrix;
        Map<String, BitSet> byGlob = new HashMap<>();
        this.osOfMethod = matrix.methods().stream().map(m -> osIndices(m, byGlob)).toList();
        matrix.exclude().forEach(e -> excluded.add(Arrays.asList(e.os(), e.method(), e.python())));
    }

    private BitSet osIndices(MethodSpec method, Map<String, BitSet> byGlob) {
        BitSet all = new BitSet();
        if (method.osGlobs().isEmpty()) {
            all.set(0, matrix.os().size());
            return all;
        }
        for (String glob : method.osGlobs()) {
            all.or(byGlob.computeIfAbsent(glob, g -> {
                BitSet matched = new BitSet();
                for (int i = 0; i < matrix.os().size(); i++) {
                    if (Globs.matches(g, matrix.os().get(i).id())) {
                        matched.set(i);
                    }
                }
                return matched;
            }));
        }
        return all;
    }

    boolean runs(int os, int method, PythonVersion python, boolean applyExcludes) {
        return osOfMethod.get(method).get(os) && !(applyExcludes && isExcluded(os, method, python));
    }

    private boolean isExcluded(int os, int method, PythonVersion python) {
        if (excluded.isEmpty()) {
            return false;
        }
        String o = matrix.os().get(os).id();
        String m = matrix.methods().get(method).id();
        String p = python.toString();
        for (int mask = 0; mask < 8; mask++) {
            if (excluded.contains(Arrays.asList((mask & 1) == 0 ? o : null, (mask & 2) == 0 ? m : null,
                    (mask & 4) == 0 ? p : null))) {
                return true;
            }
        }
        return false;
    }

    /** How many combinations run, counting no further than {@code limit + 1}. */
    long count(boolean applyExcludes, long limit) {
        long n = 0;
        for (int o = 0; o < matrix.os().size(); o++) {
            for (int m = 0; m < osOfMethod.size(); m++) {
                if (!osOfMethod.get(m).get(o)) {
                    continue;
                }
                for (PythonVersion python : matrix.python()) {
                    if (!(applyExcludes && isExcluded(o, m, python)) && ++n > limit) {
                        return n;
                    }
                }
            }
        }
        return n;
    }
}
