package dev.ftmatrix.cli;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Globs;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.matrix.Shard;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options that choose a matrix's cells, shared by plan and run so that plan shows exactly what run runs. */
final class CellSelection {
    @Option(names = "--only", paramLabel = "GLOB", split = ",",
            description = "Only cells whose id matches one of the globs, e.g. 'debian-*/*/3.13t#1'. Repeat the option"
                    + " or separate globs with commas: --only 'ubuntu-*/*' --only 'fedora-*/*' is --only"
                    + " 'ubuntu-*/*,fedora-*/*'. Each glob must match some cell.")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "GLOB", split = ",",
            description = "Leave out cells whose id matches one of the globs, after --only, e.g. --skip 'macos-*/*,windows-*/*'"
                    + " for a job whose agents are Linux. Repeatable and comma-separated like --only.")
    List<String> skip = new ArrayList<>();

    /** Which cells by what realises them: host rows run on agents of their own OS, the rest on Docker agents. */
    enum ExecutorKind { container, host }

    @Option(names = "--executor", paramLabel = "KIND",
            description = "Only cells of this executor: container (an os with an image) or host (executor: host), so"
                    + " that host rows run on an agent of their own OS and the container cells on Docker agents;"
                    + " merge puts them together.")
    ExecutorKind executor;

    @Option(names = "--repeats", paramLabel = "N",
            description = "Trials per combination, instead of the matrix's 'repeats' (run.json records the number used).")
    Integer repeats;

    @Option(names = "--shard", paramLabel = "I/N", converter = ShardConverter.class,
            description = "Only part I of N of the cells (after --only and --skip), to run one plan on N machines and combine"
                    + " the results with 'ftmatrix merge'. The cells, ordered by method, os, python and repeat, are"
                    + " dealt round-robin: the k-th (from 0) goes to shard k mod N + 1, so every method is spread"
                    + " evenly and shard sizes differ by at most one. Shards are disjoint and together are the plan;"
                    + " one may be empty.")
    Shard shard;

    /** The matrix as the options define it: with --repeats applied. */
    Matrix apply(Matrix matrix) {
        if (repeats == null) {
            return matrix;
        }
        try {
            return Matrices.withRepeats(matrix, repeats);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--repeats " + repeats + ": " + e.getMessage());
        }
    }

    /**
     * The selected cells in plan order. An --only glob that matches no cell of the matrix is an error (a typo would
     * silently run less), and so is a selection that leaves nothing, unless --executor is given (a matrix may have
     * no host rows for an agent's OS: that part is an empty run). An empty shard is not an error.
     */
    List<Cell> cells(Matrix matrix) {
        List<Cell> all = Matrices.expand(matrix);
        if (executor == null) {
            for (String glob : only) {
                if (Globs.select(all, List.of(glob), List.of()).isEmpty()) {
                    throw new UsageException("--only '" + glob + "' matches none of the " + all.size() + " cells of "
                            + matrix.source() + "; list them with: ftmatrix plan " + matrix.source());
                }
            }
        }
        List<Cell> ofExecutor = executor == null ? all
                : all.stream().filter(c -> c.os().onHost() == (executor == ExecutorKind.host)).toList();
        List<Cell> chosen = Globs.select(ofExecutor, only, skip);
        if (chosen.isEmpty() && executor == null) {
            throw new UsageException("--skip '" + String.join(",", skip) + "' leaves none of the " + all.size()
                    + " cells of " + matrix.source() + (only.isEmpty() ? "" : " that --only chose")
                    + "; list them with: ftmatrix plan " + matrix.source());
        }
        return shard == null ? chosen : shard.select(chosen);
    }

    /** The --only globs as run.json records them, comma-separated; null when not given. */
    String onlyText() {
        return only.isEmpty() ? null : String.join(",", only);
    }

    /** The --skip globs as run.json records them, comma-separated; null when not given. */
    String skipText() {
        return skip.isEmpty() ? null : String.join(",", skip);
    }

    /** Globs as run.json recorded them. */
    static List<String> recorded(String text) {
        return text == null ? new ArrayList<>() : new ArrayList<>(List.of(text.split(",")));
    }

    /** Reads I/N at parse time, so a bad value is reported like any other bad option value. */
    static final class ShardConverter implements ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                return Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
