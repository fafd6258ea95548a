package dev.ftmatrix.cli;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.Globs;
import dev.ftmatrix.matrix.Matrices;
import dev.ftmatrix.matrix.Matrix;
import dev.ftmatrix.matrix.Shard;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options that choose a matrix's cells, shared by plan and run so that plan shows exactly what run runs. */
final class CellSelection {
    @Option(names = "--only", paramLabel = "GLOB", description = "Only cells whose id matches, e.g. 'debian-*/*/3.13t#1'.")
    String only;

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
            description = "Only part I of N of the cells (after --only), to run one plan on N machines and combine"
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
     * The selected cells in plan order. --only matching nothing is an error, unless --executor is given (a matrix
     * may have no host rows for an agent's OS: that part is an empty run); an empty shard is not an error.
     */
    List<Cell> cells(Matrix matrix) {
        List<Cell> all = Matrices.expand(matrix);
        List<Cell> ofExecutor = executor == null ? all
                : all.stream().filter(c -> c.os().onHost() == (executor == ExecutorKind.host)).toList();
        List<Cell> chosen = Globs.select(ofExecutor, only);
        if (chosen.isEmpty() && executor == null) {
            throw new UsageException("--only '" + only + "' matches none of the " + all.size() + " cells of "
                    + matrix.source() + "; list them with: ftmatrix plan " + matrix.source());
        }
        return shard == null ? chosen : shard.select(chosen);
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
