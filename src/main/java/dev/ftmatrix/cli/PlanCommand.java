package dev.ftmatrix.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftmatrix.matrix.Cell;
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

    @Mixin
    CellSelection selection = new CellSelection();

    @Mixin
    ContainersOption containers = new ContainersOption();

    @Override
    public Integer call() throws JsonProcessingException {
        Matrix matrix = selection.apply(Matrices.load(file, containers.catalog().names()));
        List<Cell> cells = selection.cells(matrix);
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
            String shard = selection.shard == null ? "" : " (shard " + selection.shard + ")";
            out.println(cells.size() + " cells" + shard + ", timeout " + Formats.duration(matrix.timeout()) + " each, parallel "
                    + matrix.parallel() + ", network " + matrix.network().dockerName());
        }
        return ExitCodes.OK;
    }

    /** What realises the cell, as results name it: its image, or {@code host} for an {@code executor: host} os. */
    private static String image(Cell c) {
        return c.os().onHost() ? "host" : c.os().image();
    }
}
