package dev.ftmatrix.matrix;

import dev.ftmatrix.matrix.MatrixSpec.Field;
import dev.ftmatrix.matrix.MatrixSpec.MethodEntry;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A method on an os its recipe does not support can never work (python-org on Fedora: the recipe only knows apt),
 * so such a cell would count as a failure of the method that says nothing about it. Only combinations that
 * survive the excludes are problems, and only where the os family is known (given, or told by the image name).
 */
final class PlatformRule {
    private PlatformRule() {
    }

    /** @param platforms each recipe's declared platforms, by recipe name; a recipe not in it is not checked */
    static void check(MatrixSpec spec, Matrix matrix, Map<String, Set<String>> platforms, Problems problems) {
        for (MethodSpec method : matrix.methods()) {
            Set<String> supported = platforms.get(method.recipe());
            if (supported == null) {
                continue;
            }
            MethodEntry entry = entryOf(spec, method.id());
            for (OsSpec os : matrix.os()) {
                if (os.family() == null || supported.contains(os.family()) || !survivesExcludes(matrix, os, method)) {
                    continue;
                }
                String where = os.onHost() ? "host row" : "image " + os.image();
                problems.add(at(entry, os.id()).at(), at(entry, os.id()).path() + ": method '" + method.id()
                        + "' runs recipe " + method.recipe() + " on os '" + os.id() + "' (" + where + ", family "
                        + os.family() + "), which the recipe does not support (its platforms: "
                        + String.join(" ", new TreeSet<>(supported)) + "); leave the os out of the method's 'os' globs,"
                        + " add an exclude { os: " + os.id() + ", method: " + method.id() + " }, or give the os entry"
                        + " its right 'family'");
            }
        }
    }

    private static boolean survivesExcludes(Matrix m, OsSpec os, MethodSpec method) {
        return method.appliesTo(os.id()) && m.python().stream()
                .anyMatch(p -> m.exclude().stream().noneMatch(e -> e.matches(os.id(), method.id(), p)));
    }

    private static MethodEntry entryOf(MatrixSpec spec, String methodId) {
        return spec.methods().items().stream()
                .filter(e -> e.id() != null && methodId.equals(e.id().text()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("a validated method has its entry: " + methodId));
    }

    /** The glob that brought the os in, else (a method without globs runs everywhere) its recipe. */
    private static Field at(MethodEntry entry, String osId) {
        if (entry.os() != null) {
            for (Field glob : entry.os().items()) {
                if (glob.text() != null && Globs.matches(glob.text(), osId)) {
                    return glob;
                }
            }
        }
        return entry.recipe();
    }
}
