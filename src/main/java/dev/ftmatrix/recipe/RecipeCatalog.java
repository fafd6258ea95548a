package dev.ftmatrix.recipe;

import dev.ftmatrix.Sha256;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.matrix.PackageSpec;
import dev.ftmatrix.matrix.Smoke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The recipes and the probe found in a {@code containers/} directory, and the inputs a cell passes to them.
 * The whole directory is copied into each container at {@link #CONTAINER_ROOT}.
 */
public final class RecipeCatalog {
    public static final String CONTAINER_ROOT = "/ftmatrix";
    public static final String PROBE_IN_CONTAINER = CONTAINER_ROOT + "/probe/smoke.py";
    public static final String TIMING_IN_CONTAINER = CONTAINER_ROOT + "/probe/timing.py";
    /** Shell recipes run in containers and on Linux and macOS hosts; PowerShell ones on Windows hosts. */
    private static final List<String> SCRIPT_SUFFIXES = List.of(".sh", ".ps1");

    private final Path root;
    private final SortedMap<String, Recipe> recipes;

    private RecipeCatalog(Path root, SortedMap<String, Recipe> recipes) {
        this.root = root;
        this.recipes = recipes;
    }

    /**
     * Finds the containers directory: an explicit one, else {@code $FTMATRIX_HOME/containers}, else the
     * {@code ftmatrix.home} system property, else {@code ./containers}.
     */
    public static Path locate(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String home = System.getenv("FTMATRIX_HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("ftmatrix.home");
        }
        return home == null || home.isBlank() ? Path.of("containers") : Path.of(home, "containers");
    }

    public static RecipeCatalog scan(Path containersDir) {
        Path recipesDir = containersDir.resolve("recipes");
        if (!Files.isDirectory(recipesDir) || !Files.isRegularFile(containersDir.resolve("probe/smoke.py"))) {
            throw new RecipeCatalogException("no recipes found: '" + containersDir + "' has no recipes/ and probe/smoke.py;"
                    + " run ftmatrix from its checkout (the ./ftmatrix launcher does) or pass --containers DIR");
        }
        List<Path> shared = sharedShell(recipesDir);
        SortedMap<String, Recipe> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(recipesDir)) {
            files.filter(p -> suffixOf(p) != null && Files.isRegularFile(p))
                    .sorted()
                    .forEach(p -> {
                        String file = p.getFileName().toString();
                        String name = file.substring(0, file.length() - suffixOf(p).length());
                        if (found.containsKey(name)) {
                            throw new RecipeCatalogException("two recipes are named '" + name + "' in " + recipesDir
                                    + "; keep one of " + found.get(name).script().getFileName() + " and " + file);
                        }
                        RecipeHeader header = RecipeHeader.read(p);
                        found.put(name, new Recipe(name, p, hashOf(Stream.concat(Stream.of(p), shared.stream()).toList()),
                                header.platforms(), header.parameters(), header.pins(), header.categories(),
                                header.verified()));
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RecipeCatalog(containersDir, found);
    }

    public Path root() {
        return root;
    }

    public Set<String> names() {
        return recipes.keySet();
    }

    /** Every recipe, by name. */
    public Collection<Recipe> recipes() {
        return recipes.values();
    }

    /** The platforms each recipe declares, by recipe name: what validate checks a method's os against. */
    public Map<String, Set<String>> platforms() {
        Map<String, Set<String>> result = new TreeMap<>();
        recipes.forEach((name, r) -> result.put(name, Set.copyOf(r.platforms())));
        return result;
    }

    public Optional<Recipe> find(String name) {
        return Optional.ofNullable(recipes.get(name));
    }

    public Recipe require(String name) {
        return find(name).orElseThrow(() -> new RecipeCatalogException(
                "unknown recipe '" + name + "'; recipes in " + root.resolve("recipes") + ": " + names()));
    }

    /** What a recorded environment shows in place of a secret's value. */
    public static final String REDACTED = "***";

    /**
     * The recipe's inputs for one cell, as documented in docs/recipes.md, with the method's secrets as resolved
     * from the orchestrator's environment (a secret not yet resolved is left out).
     */
    public static Map<String, String> environment(Cell cell) {
        Map<String, String> env = recordedEnvironment(cell);
        cell.method().secrets().forEach((name, secret) -> {
            if (secret.value() == null) {
                env.remove(name);
            } else {
                env.put(name, secret.value());
            }
        });
        return env;
    }

    /** The recipe's inputs as results record them: every secret shown as {@value #REDACTED}. */
    public static Map<String, String> recordedEnvironment(Cell cell) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FTMATRIX_PYTHON", cell.python().toString());
        env.put("FTMATRIX_PYTHON_VERSION", cell.python().numeric());
        env.put("FTMATRIX_PYTHON_MINOR", cell.python().minorVersion());
        cell.method().sortedWith().forEach((k, v) -> env.put("FTMATRIX_PARAM_" + k.toUpperCase(Locale.ROOT), v));
        if (cell.smoke().timing().enabled()) {
            env.put("FTMATRIX_BASELINE", cell.smoke().timing().baseline().word());
        }
        new TreeMap<>(cell.method().secrets()).keySet().forEach(name -> env.put(name, REDACTED));
        return env;
    }

    /** The probe's inputs for one cell, as documented in docs/recipes.md. */
    public static Map<String, String> probeEnvironment(Cell cell) {
        Smoke smoke = cell.smoke();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FTMATRIX_SMOKE_VENV", smoke.venv() ? "1" : "0");
        env.put("FTMATRIX_WORK", "/tmp/ftmatrix-probe");
        if (!smoke.packages().isEmpty()) {
            env.put("FTMATRIX_SMOKE_PACKAGES", packagesJson(smoke.packages()));
            env.put("FTMATRIX_SMOKE_ALLOW_SDIST", smoke.allowSdist() ? "1" : "0");
            putIfSet(env, "FTMATRIX_SMOKE_INDEX_URL", smoke.indexUrl());
            putIfSet(env, "FTMATRIX_SMOKE_EXTRA_INDEX_URL", smoke.extraIndexUrl());
            putIfSet(env, "FTMATRIX_SMOKE_FIND_LINKS", smoke.findLinks());
        }
        return env;
    }

    /** The timing phase's inputs: the threads, and the twin to time next to the interpreter (or why none). */
    public static Map<String, String> timingEnvironment(Cell cell, String twin, String twinError) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FTMATRIX_SMOKE_THREADS", Integer.toString(cell.smoke().threads()));
        putIfSet(env, "FTMATRIX_TWIN", twin);
        putIfSet(env, "FTMATRIX_TWIN_ERROR", twinError);
        return env;
    }

    private static void putIfSet(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }

    /** One JSON array, so requirements with spaces, commas or brackets reach the probe intact. */
    private static String packagesJson(List<PackageSpec> packages) {
        List<Map<String, String>> entries = new java.util.ArrayList<>();
        for (PackageSpec p : packages) {
            Map<String, String> e = new LinkedHashMap<>();
            e.put("requirement", p.requirement());
            e.put("name", p.name());
            e.put("import", p.importName());
            e.put("check", p.check());
            entries.add(e);
        }
        try {
            return Json.MAPPER.writeValueAsString(entries);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    /** Built on first use: an ObjectMapper costs a tenth of a second of start-up that validate and plan never need. */
    private static final class Json {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    }

    private static String suffixOf(Path p) {
        String file = p.getFileName().toString();
        return SCRIPT_SUFFIXES.stream().filter(file::endsWith).findFirst().orElse(null);
    }

    private static List<Path> sharedShell(Path recipesDir) {
        Path lib = recipesDir.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(lib)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hashOf(List<Path> files) {
        try {
            MessageDigest sha = Sha256.digest();
            for (Path f : files) {
                sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
