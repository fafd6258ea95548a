package dev.ftmatrix.engine;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.OsSpec;
import dev.ftmatrix.recipe.Recipe;

/**
 * Decides, before a cell runs, whether it can apply on this machine at all. A host row of another OS family (the
 * {@code macos-15} row of a matrix run on a Linux agent) or a recipe on a platform it does not declare would only
 * fail for reasons that say nothing about the install method, so such a cell is not run and is recorded apart.
 */
final class Applicability {
    private Applicability() {
    }

    /** Why the cell cannot apply here, or null when it can; {@code machine} is this machine's host family. */
    static String reason(Cell cell, Recipe recipe, String machine) {
        OsSpec os = cell.os();
        if (os.onHost() && os.family() != null && !os.family().equals(machine)) {
            return "os '" + os.id() + "' is a " + os.family() + " host row and this machine is " + machine
                    + "; run it on a " + os.family() + " agent";
        }
        // A host row that names no family is whatever machine runs it.
        String family = os.onHost() && os.family() == null ? machine : os.family();
        if (family != null && !recipe.platforms().contains(family)) {
            return "recipe " + recipe.name() + " supports " + String.join(" ", recipe.platforms()) + ", not "
                    + family + " (os '" + os.id() + "')";
        }
        return null;
    }

    static boolean notApplicable(CellExecution e) {
        return e.infrastructureError() != null
                && InfraFailure.NOT_APPLICABLE.equals(e.infrastructureError().category());
    }
}
