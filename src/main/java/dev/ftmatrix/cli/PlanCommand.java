package dev.ftmatrix.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Globs;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Lists the cells a matrix expands to, in the order run executes them.",
            "Cell ids are <os>/<method>/<python>#<repeat>."})
final class PlanCommand implements Callable<Integer> {
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Matrix file (YAML).")
    Path file;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table or json (an array of {id, os, image, method, recipe, tier, python, repeat}). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--only", paramLabel = "GLOB", description = "Only cells whose id matches, e.g. '*/source-*/*'.")
    String only;

    @Mixin
    ContainersOption containers = new ContainersOption();

    @Override
    public Integer call() throws JsonProcessingException {
        Matrix matrix = Matrices.load(file, containers.catalog().names());
        List<Cell> cells = CellSelection.select(matrix, only);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Cell c : cells) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", c.id());
                row.put("os", c.os().id());
                row.put("image", image(c));
                row.put("method", c.method().id());
                row.put("recipe", c.method().recipe());
                row.put("tier", c.method().tier().isControl() ? "control" : c.method().tier().level());
                row.put("python", c.python().toString());
                row.put("repeat", c.repeat());
                rows.add(row);
            }
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } else {
            Table t = new Table("CELL", "IMAGE", "RECIPE", "TIER");
            cells.forEach(c -> t.row(c.id(), image(c), c.method().recipe(), c.method().tier().label()));
            t.print(out);
            out.println(cells.size() + " cells, timeout " + Formats.duration(matrix.timeout()) + " each, parallel "
                    + matrix.parallel() + ", network " + matrix.network().dockerName());
        }
        return ExitCodes.OK;
    }

    /** What realises the cell, as results name it: its image, or {@code host} for an {@code executor: host} os. */
    private static String image(Cell c) {
        return c.os().onHost() ? "host" : c.os().image();
    }

    /** Shared with run: --only filtering with an error when it selects nothing. */
    static final class CellSelection {
        private CellSelection() {
        }

        static List<Cell> select(Matrix matrix, String only) {
            List<Cell> all = Matrices.expand(matrix);
            List<Cell> chosen = Globs.select(all, only);
            if (chosen.isEmpty()) {
                throw new UsageException("--only '" + only + "' matches none of the " + all.size() + " cells of "
                        + matrix.source() + "; list them with: ftmatrix plan " + matrix.source());
            }
            return chosen;
        }
    }
}
