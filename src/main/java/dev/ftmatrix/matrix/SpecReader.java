package dev.ftmatrix.matrix;

import dev.ftmatrix.matrix.MatrixSpec.ExcludeEntry;
import dev.ftmatrix.matrix.MatrixSpec.Field;
import dev.ftmatrix.matrix.MatrixSpec.LimitsEntry;
import dev.ftmatrix.matrix.MatrixSpec.MethodEntry;
import dev.ftmatrix.matrix.MatrixSpec.OsEntry;
import dev.ftmatrix.matrix.MatrixSpec.PackageEntry;
import dev.ftmatrix.matrix.MatrixSpec.Param;
import dev.ftmatrix.matrix.MatrixSpec.Seq;
import dev.ftmatrix.matrix.MatrixSpec.SmokeEntry;
import dev.ftmatrix.matrix.MatrixSpec.SmokeSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the node tree into a {@link MatrixSpec}, reporting what has the wrong shape: unknown, duplicate and
 * missing keys, and a list, mapping or single value where another was expected. Values are checked later,
 * by {@link SpecValidator}.
 *
 * <p>The walk follows the matrix format only, so it never goes deeper than a few levels. Aliases can still
 * make it revisit the same values many times; past {@link #MAX_ALIAS_VISITS} such visits it stops.
 */
final class SpecReader {
    static final int MAX_ALIAS_VISITS = 10_000;

    private static final List<String> TOP_KEYS = List.of(
            "name", "python", "repeats", "timeout", "parallel", "network", "retries", "limits", "os", "methods", "exclude",
            "smoke");
    private static final List<String> TOP_REQUIRED = List.of("name", "python", "os", "methods");
    private static final List<String> OS_KEYS = List.of("id", "image", "executor", "family");
    private static final List<String> OS_REQUIRED = List.of("id");
    private static final List<String> METHOD_KEYS = List.of("id", "recipe", "tier", "with", "os", "smoke", "limits",
            "secrets");
    private static final List<String> LIMIT_KEYS = List.of("memory", "cpus", "pids");
    private static final List<String> METHOD_REQUIRED = List.of("id", "recipe", "tier");
    private static final List<String> EXCLUDE_KEYS = List.of("os", "method", "python");
    private static final List<String> MATRIX_WIDE_SMOKE_KEYS = List.of("venv", "threads", "timing", "baseline");
    private static final List<String> METHOD_SMOKE_KEYS =
            List.of("packages", "index_url", "extra_index_url", "find_links", "allow_sdist");
    private static final List<String> SMOKE_KEYS = List.of(
            "venv", "threads", "timing", "baseline", "packages", "index_url", "extra_index_url", "find_links",
            "allow_sdist");
    private static final List<String> PACKAGE_KEYS = List.of("requirement", "import", "check");
    private static final List<String> PACKAGE_REQUIRED = List.of("requirement");

    private static final String POSITIVE_INTEGER = "a positive integer";
    private static final String HTTP_URL = "an http(s) URL such as 'https://pypi.org/simple'";

    private final Problems problems;
    private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    private int aliasVisits;

    private SpecReader(Problems problems) {
        this.problems = problems;
    }

    /** The spec, or null when the file is not a mapping or expands too far through aliases. */
    static MatrixSpec read(Node root, Problems problems) {
        try {
            return new SpecReader(problems).matrix(root);
        } catch (TooManyAliasVisits e) {
            problems.add(e.at, "too many aliases: the document repeats values through aliases more than "
                    + MAX_ALIAS_VISITS + " times; write the values out or use fewer aliases");
            return null;
        }
    }

    private MatrixSpec matrix(Node root) {
        enter(root);
        if (!(root instanceof MappingNode)) {
            problems.add(pos(root), "the top level must be a mapping with 'name', 'python', 'os' and 'methods', got "
                    + describe(root));
            return null;
        }
        Entries top = entries((MappingNode) root, "", TOP_KEYS, TOP_REQUIRED);
        return new MatrixSpec(
                top.scalar("name", "a name such as 'quickstart'"),
                top.list("python", "a list of versions such as [\"3.13t\"]",
                        (item, path) -> scalarItem(item, path, "a version such as '3.13t'")),
                top.scalar("repeats", POSITIVE_INTEGER),
                top.scalar("timeout", "a duration such as 30m"),
                top.scalar("parallel", POSITIVE_INTEGER),
                top.scalar("network", "one of 'none', 'host' or 'bridge'"),
                top.scalar("retries", "a whole number from 0 to " + SpecValidator.MAX_RETRIES),
                limits(top),
                top.list("os", "a list of os entries, each with 'id' and 'image'", this::osEntry),
                top.list("methods", "a list of methods, each with 'id', 'recipe' and 'tier'", this::methodEntry),
                top.list("exclude", "a list of combinations to leave out", this::excludeEntry),
                smoke(top));
    }

    private OsEntry osEntry(Node item, String path) {
        Entries e = mappingItem(item, path, "a mapping with 'id' and 'image'", OS_KEYS, OS_REQUIRED);
        if (e == null) {
            return null;
        }
        Field executor = e.scalar("executor", "'container' or 'host'");
        boolean host = executor != null && "host".equals(executor.text());
        if (!host && !e.has("image")) {
            problems.add(pos(item), path + ": missing required key 'image'");
        }
        if (host && e.has("image")) {
            problems.add(e.keyAt("image"), path + ": an os with 'executor: host' runs on the machine ftmatrix runs on"
                    + " and takes no 'image'; remove 'image'");
        }
        return new OsEntry(e.scalar("id", "an id such as 'debian-trixie'"),
                host ? null : e.scalar("image", "an image such as 'debian:trixie'"), executor,
                e.scalar("family", host ? "a host family such as 'host:macos'" : "an os family such as 'fedora'"));
    }

    private MethodEntry methodEntry(Node item, String path) {
        Entries e = mappingItem(item, path, "a mapping with 'id', 'recipe' and 'tier'", METHOD_KEYS, METHOD_REQUIRED);
        if (e == null) {
            return null;
        }
        return new MethodEntry(
                e.scalar("id", "an id such as 'source-debian'"),
                e.scalar("recipe", "a recipe name"),
                e.scalar("tier", "a positive integer or 'control'"),
                params(e, "with", "a mapping of recipe parameters such as { source: debian }"),
                e.list("os", "a list of os id globs such as [\"debian-*\"]",
                        (glob, globPath) -> scalarItem(glob, globPath, "an os id glob such as 'debian-*'")),
                methodSmoke(e),
                limits(e),
                params(e, "secrets", "a mapping of secrets such as { UV_INDEX_TOKEN: 'env:FTM_UV_TOKEN' }"));
    }

    private LimitsEntry limits(Entries owner) {
        MappingNode node = owner.mapping("limits", "a mapping of container limits such as { memory: 4GiB, cpus: 2 }");
        if (node == null) {
            return null;
        }
        Entries e = entries(node, owner.path("limits"), LIMIT_KEYS, List.of());
        return new LimitsEntry(e.scalar("memory", "a size such as 4GiB or 512MiB"),
                e.scalar("cpus", "a number of CPUs such as 2 or 1.5"), e.scalar("pids", POSITIVE_INTEGER));
    }

    /** Only the settings that may differ between methods; the others are reported as matrix-wide. */
    private SmokeSettings methodSmoke(Entries method) {
        MappingNode node = method.mapping("smoke", "a mapping of smoke settings such as { allow_sdist: true }");
        if (node == null) {
            return null;
        }
        Entries e = entries(node, method.path("smoke"), METHOD_SMOKE_KEYS, List.of(), MATRIX_WIDE_SMOKE_KEYS);
        return smokeSettings(e);
    }

    /** A mapping of names to single values: the recipe's parameters or its secrets. */
    private List<Param> params(Entries method, String name, String expected) {
        MappingNode node = method.mapping(name, expected);
        if (node == null) {
            return List.of();
        }
        String path = method.path(name);
        Entries e = entries(node, path, null, List.of());
        List<Param> params = new ArrayList<>();
        for (Map.Entry<String, Entry> p : e.found.entrySet()) {
            Field key = new Field(path, p.getKey(), p.getValue().keyAt, "a parameter name");
            Field value = e.scalar(p.getKey(), "a text, number or true/false value");
            if (value != null) {
                params.add(new Param(key, value));
            }
        }
        return params;
    }

    private ExcludeEntry excludeEntry(Node item, String path) {
        Entries e = mappingItem(item, path, "a mapping with one or more of 'os', 'method' and 'python'",
                EXCLUDE_KEYS, List.of());
        if (e == null) {
            return null;
        }
        return new ExcludeEntry(path, pos(item), ((MappingNode) item).getValue().isEmpty(),
                e.scalar("os", "an os id"),
                e.scalar("method", "a method id"),
                e.scalar("python", "a version such as '3.13t'"));
    }

    private SmokeEntry smoke(Entries top) {
        MappingNode node = top.mapping("smoke", "a mapping of smoke settings such as { venv: true, threads: 4 }");
        if (node == null) {
            return null;
        }
        Entries e = entries(node, "smoke", SMOKE_KEYS, List.of());
        return new SmokeEntry(e.scalar("venv", "true or false"), e.scalar("threads", POSITIVE_INTEGER),
                e.scalar("timing", "true or false"), e.scalar("baseline", "twin or none"), smokeSettings(e));
    }

    private SmokeSettings smokeSettings(Entries e) {
        return new SmokeSettings(
                e.list("packages", "a list of requirements such as [numpy, \"cython>=3.1\"]", this::packageEntry),
                e.scalar("index_url", HTTP_URL),
                e.scalar("extra_index_url", HTTP_URL),
                e.scalar("find_links", "an http(s) URL or an absolute path such as '/srv/wheels'"),
                e.scalar("allow_sdist", "true or false"));
    }

    /** A requirement as text, or a mapping that adds the module to import and a check. */
    private PackageEntry packageEntry(Node item, String path) {
        if (!(item instanceof MappingNode)) {
            Field requirement = scalarItem(item, path, "a requirement such as 'numpy' or a mapping with 'requirement'");
            return requirement == null ? null : new PackageEntry(path, requirement, null, null);
        }
        Entries e = entries((MappingNode) item, path, PACKAGE_KEYS, PACKAGE_REQUIRED);
        Field requirement = e.scalar("requirement", "a requirement such as 'numpy' or 'cython>=3.1'");
        Field importName = e.scalar("import", "a module name such as 'yaml'");
        Field check = e.scalar("check", "a Python expression such as 'numpy.ones(3).sum() == 3'");
        return new PackageEntry(path, requirement, importName, check);
    }

    private Field scalarItem(Node item, String path, String expected) {
        if (item instanceof ScalarNode) {
            return new Field(path, text((ScalarNode) item), pos(item), expected);
        }
        problems.add(pos(item), path + ": expected " + expected + ", got " + describe(item));
        return null;
    }

    private Entries mappingItem(Node item, String path, String expected, List<String> keys, List<String> required) {
        if (item instanceof MappingNode) {
            return entries((MappingNode) item, path, keys, required);
        }
        problems.add(pos(item), path + ": expected " + expected + ", got " + describe(item));
        return null;
    }

    /**
     * The entries of a mapping, keyed as written. Reports keys that are not plain names, repeated, or not in
     * {@code allowed} (null: any name goes), and required keys that are missing. The values of reported
     * keys are not read further.
     */
    private Entries entries(MappingNode node, String path, List<String> allowed, List<String> required) {
        return entries(node, path, allowed, required, List.of());
    }

    /** As above, with keys that belong only in the top-level {@code smoke} reported as such. */
    private Entries entries(MappingNode node, String path, List<String> allowed, List<String> required,
            List<String> matrixWide) {
        String prefix = path.isEmpty() ? "" : path + ": ";
        Map<String, Pos> seen = new HashMap<>();
        Map<String, Entry> found = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            Node keyNode = t.getKeyNode();
            Pos keyAt = pos(keyNode);
            if (!(keyNode instanceof ScalarNode)) {
                problems.add(keyAt, prefix + "a key must be a plain name, got " + describe(keyNode));
                continue;
            }
            String key = ((ScalarNode) keyNode).getValue();
            Pos first = seen.putIfAbsent(key, keyAt);
            if (first != null) {
                problems.add(keyAt, prefix + "duplicate key " + MatrixSpec.quoted(key) + " (first on line "
                        + first.line() + "); keep only one");
            } else if (matrixWide.contains(key)) {
                problems.add(keyAt, prefix + MatrixSpec.quoted(key) + " can only be set in the top-level 'smoke'");
            } else if (allowed != null && !allowed.contains(key)) {
                problems.add(keyAt, prefix + unknownKey(key, allowed));
            } else {
                enter(t.getValueNode());
                found.put(key, new Entry(keyAt, t.getValueNode()));
            }
        }
        for (String key : required) {
            if (!seen.containsKey(key)) {
                problems.add(pos(node), prefix + "missing required key '" + key + "'");
            }
        }
        return new Entries(path, found);
    }

    private static String unknownKey(String key, List<String> allowed) {
        return "unknown key " + MatrixSpec.quoted(key) + "; " + Suggestions.closest(key, allowed)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("valid keys are " + Suggestions.quotedList(allowed));
    }

    /** Counts values reached a second time, which only aliases can do. */
    private void enter(Node node) {
        if (!visited.add(node) && ++aliasVisits > MAX_ALIAS_VISITS) {
            throw new TooManyAliasVisits(pos(node));
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String text(ScalarNode node) {
        return isNull(node) ? null : node.getValue();
    }

    private static Pos pos(Node node) {
        return Pos.of(node.getStartMark());
    }

    private static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        String text = text((ScalarNode) node);
        return text == null ? "nothing" : MatrixSpec.quoted(text);
    }

    private record Entry(Pos keyAt, Node value) {}

    /** The entries of one mapping, with typed access that reports values of the wrong shape. */
    private final class Entries {
        private final String path;
        private final Map<String, Entry> found;

        Entries(String path, Map<String, Entry> found) {
            this.path = path;
            this.found = found;
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return found.containsKey(key);
        }

        Pos keyAt(String key) {
            return found.get(key).keyAt();
        }

        /** A single value, positioned at its key; null when absent or not a single value. */
        Field scalar(String key, String expected) {
            Entry e = found.get(key);
            if (e == null) {
                return null;
            }
            if (e.value instanceof ScalarNode) {
                return new Field(path(key), text((ScalarNode) e.value), e.keyAt, expected);
            }
            wrongShape(key, e, expected);
            return null;
        }

        /** A list; YAML null reads as an empty list. Null when absent or not a list. */
        <T> Seq<T> list(String key, String expected, BiFunction<Node, String, T> readItem) {
            Entry e = found.get(key);
            if (e == null) {
                return null;
            }
            if (isNull(e.value)) {
                return new Seq<>(path(key), e.keyAt, 0, List.of());
            }
            if (!(e.value instanceof SequenceNode)) {
                wrongShape(key, e, expected);
                return null;
            }
            List<Node> nodes = ((SequenceNode) e.value).getValue();
            List<T> items = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                enter(nodes.get(i));
                T item = readItem.apply(nodes.get(i), path(key) + "[" + i + "]");
                if (item != null) {
                    items.add(item);
                }
            }
            return new Seq<>(path(key), e.keyAt, nodes.size(), items);
        }

        /** A mapping; null when absent, YAML null (so the defaults apply) or not a mapping. */
        MappingNode mapping(String key, String expected) {
            Entry e = found.get(key);
            if (e == null || isNull(e.value)) {
                return null;
            }
            if (e.value instanceof MappingNode) {
                return (MappingNode) e.value;
            }
            wrongShape(key, e, expected);
            return null;
        }

        private void wrongShape(String key, Entry e, String expected) {
            problems.add(e.keyAt, path(key) + ": expected " + expected + ", got " + describe(e.value));
        }
    }

    private static final class TooManyAliasVisits extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Pos at;

        TooManyAliasVisits(Pos at) {
            super(null, null, false, false);
            this.at = at;
        }
    }
}
