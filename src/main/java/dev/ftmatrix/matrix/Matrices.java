package dev.ftmatrix.matrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;

/** Reads matrix files into validated {@link Matrix} values, and expands a matrix into its cells. */
public final class Matrices {
    /** The most attempts after the first a matrix or {@code run --retries} may ask for. */
    public static final int MAX_RETRIES = SpecValidator.MAX_RETRIES;

    private Matrices() {}

    /**
     * Reads and validates a matrix file.
     *
     * @param file the file, as the user named it; messages show it that way
     * @param knownRecipes the recipe names a method may use
     * @throws MatrixInvalidException with every problem in the file
     */
    public static Matrix load(Path file, Set<String> knownRecipes) {
        return load(file, unchecked(knownRecipes));
    }

    /**
     * Reads and validates a matrix file, and checks each method's os against the platforms its recipe declares.
     *
     * @param recipePlatforms each recipe's platforms, by recipe name: the recipe names a method may use
     * @throws MatrixInvalidException with every problem in the file
     */
    public static Matrix load(Path file, Map<String, Set<String>> recipePlatforms) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(recipePlatforms, "recipePlatforms");
        Problems problems = new Problems(file);
        String text = YamlSource.read(file, problems);
        if (text == null) {
            throw problems.exception();
        }
        return parse(file, text, recipePlatforms);
    }

    /**
     * Validates matrix text as if read from {@code nameForMessages}, which becomes the matrix's source.
     *
     * @throws MatrixInvalidException with every problem in the text
     */
    public static Matrix parse(Path nameForMessages, String text, Set<String> knownRecipes) {
        return parse(nameForMessages, text, unchecked(knownRecipes));
    }

    /**
     * Validates matrix text as {@link #load(Path, Map)} does a file, as if read from {@code nameForMessages}.
     *
     * @throws MatrixInvalidException with every problem in the text
     */
    public static Matrix parse(Path nameForMessages, String text, Map<String, Set<String>> recipePlatforms) {
        Objects.requireNonNull(nameForMessages, "nameForMessages");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(recipePlatforms, "recipePlatforms");
        Problems problems = new Problems(nameForMessages);
        Node root = YamlSource.compose(text, problems);
        MatrixSpec spec = root == null ? null : SpecReader.read(root, problems);
        Matrix matrix = spec == null ? null
                : SpecValidator.validate(nameForMessages, spec, recipePlatforms.keySet(), problems);
        if (matrix != null) {
            PlatformRule.check(spec, matrix, recipePlatforms, problems);
        }
        if (matrix == null || !problems.isEmpty()) {
            throw problems.exception();
        }
        return matrix;
    }

    /** Recipe names whose platforms are not known, so no method/os combination is checked against them. */
    private static Map<String, Set<String>> unchecked(Set<String> knownRecipes) {
        Objects.requireNonNull(knownRecipes, "knownRecipes");
        Map<String, Set<String>> none = new HashMap<>();
        knownRecipes.forEach(name -> none.put(name, null));
        return none;
    }

    /**
     * Every cell of the matrix: os, then method, then python version, each in file order, then repeats from 1.
     * A method runs only on the os ids its globs match; excluded combinations are left out. A cell's smoke is
     * the matrix's with the method's own smoke settings applied.
     */
    public static List<Cell> expand(Matrix m) {
        Combinations combinations = new Combinations(m);
        List<Cell> cells = new ArrayList<>();
        for (int o = 0; o < m.os().size(); o++) {
            OsSpec os = m.os().get(o);
            for (int i = 0; i < m.methods().size(); i++) {
                MethodSpec method = m.methods().get(i);
                Smoke smoke = method.smoke().applyTo(m.smoke());
                for (PythonVersion python : m.python()) {
                    if (combinations.runs(o, i, python, true)) {
                        for (int repeat = 1; repeat <= m.repeats(); repeat++) {
                            cells.add(new Cell(m.name(), os, method, python, repeat, m.timeout(), m.network(),
                                    smoke));
                        }
                    }
                }
            }
        }
        return List.copyOf(cells);
    }

    /** How many cells {@link #expand} gives, counted without building them. */
    public static long size(Matrix m) {
        return combinations(m, true, SpecValidator.MAX_CELLS) * m.repeats();
    }

    /**
     * The cells with their methods' secrets read from the orchestrator's environment, so the recipes get them.
     *
     * @throws MatrixInvalidException naming, for each secret whose variable is not set, where it was declared
     */
    public static List<Cell> withSecrets(List<Cell> cells, Map<String, String> environment) {
        List<Problem> missing = new ArrayList<>();
        Map<MethodSpec, MethodSpec> resolved = new HashMap<>();
        List<Cell> result = new ArrayList<>();
        for (Cell cell : cells) {
            MethodSpec method = resolved.computeIfAbsent(cell.method(), m -> resolve(m, environment, missing));
            result.add(new Cell(cell.matrixName(), cell.os(), method, cell.python(), cell.repeat(), cell.timeout(),
                    cell.network(), cell.smoke()));
        }
        if (!missing.isEmpty()) {
            throw new MatrixInvalidException(missing);
        }
        return List.copyOf(result);
    }

    private static MethodSpec resolve(MethodSpec m, Map<String, String> environment, List<Problem> missing) {
        Map<String, Secret> secrets = new TreeMap<>();
        m.secrets().forEach((name, s) -> {
            String value = environment.get(s.variable());
            if (value == null || value.isEmpty()) {
                missing.add(new Problem(s.file(), s.line(), s.column(), s.path() + ": environment variable "
                        + s.variable() + " is not set; export it before running (its value goes to the recipe as "
                        + name + " and is never recorded)"));
            }
            secrets.put(name, s.resolved(value));
        });
        return new MethodSpec(m.id(), m.recipe(), m.tier(), m.with(), m.osGlobs(), m.smoke(), m.limits(), secrets);
    }

    /**
     * The matrix with another number of repeats (trials per combination), e.g. for a sampling run from the
     * command line. The file's limit on cells applies.
     *
     * @throws IllegalArgumentException saying what is wrong with the count, for the user
     */
    public static Matrix withRepeats(Matrix m, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        long cells = combinations(m, true, SpecValidator.MAX_CELLS) * repeats;
        if (cells > SpecValidator.MAX_CELLS) {
            throw new IllegalArgumentException(m.source() + " would expand to " + cells + " cells; at most "
                    + SpecValidator.MAX_CELLS + " can run");
        }
        return new Matrix(m.source(), m.name(), m.python(), repeats, m.timeout(), m.parallel(), m.network(), m.os(),
                m.methods(), m.exclude(), m.smoke(), m.retries(), m.limits());
    }

    /**
     * How many os, method and python combinations run, without repeats; counted, not built, and no further than
     * {@code limit + 1}.
     */
    static long combinations(Matrix m, boolean applyExcludes, long limit) {
        return new Combinations(m).count(applyExcludes, limit);
    }
}
