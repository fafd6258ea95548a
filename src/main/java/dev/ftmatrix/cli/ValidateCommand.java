package dev.ftmatrix.cli;

import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.matrix.MatrixInvalidException;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks matrix files without running anything and reports every problem at once,"
            + " one line each: FILE:LINE:COLUMN: message. Exit 0 when all are valid, 2 otherwise."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Matrix files (YAML).")
    List<Path> files;

    @Mixin
    ContainersOption containers = new ContainersOption();

    @Override
    public Integer call() {
        RecipeCatalog catalog = containers.catalog();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int invalid = 0;
        for (Path file : files) {
            try {
                Matrix m = Matrices.load(file, catalog.platforms());
                out.println(file + ": ok (" + Matrices.size(m) + " cells)");
            } catch (MatrixInvalidException e) {
                err.println(e.getMessage());
                invalid++;
            }
        }
        return invalid == 0 ? ExitCodes.OK : ExitCodes.USAGE;
    }
}
