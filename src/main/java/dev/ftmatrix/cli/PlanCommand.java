package dev.ftmatrix.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ftmatrix.engine.Engine;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
            description = "table or json (an array of {id, os, image, method, recipe, tier, python, repeat}, and shard with --shard; report --planned reads it). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Mixin
    CellSelection selection = new CellSelection();

    @Mixin
    ContainersOption containers = new ContainersOption();

    @Override
    public Integer call() throws IOException {
        Matrix matrix = selection.apply(Matrices.load(file, containers.catalog().platforms()));
        List<Cell> cells = selection.cells(matrix);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            // Streamed cell by cell: a 100,000-cell plan never exists as a tree of maps.
            JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
            json.writeStartArray();
            for (Cell c : cells) {
                json.writeStartObject();
                json.writeStringField("id", c.id());
                json.writeStringField("os", c.os().id());
                json.writeStringField("image", image(c));
                json.writeStringField("method", c.method().id());
                json.writeStringField("recipe", c.method().recipe());
                if (c.method().tier().isControl()) {
                    json.writeStringField("tier", "control");
                } else {
                    json.writeNumberField("tier", c.method().tier().level());
                }
                json.writeStringField("python", c.python().toString());
                json.writeNumberField("repeat", c.repeat());
                if (selection.shard != null) {
                    json.writeStringField("shard", selection.shard.toString());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.flush();
            out.println();
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
        return Engine.placeOf(c.os());
    }
}
