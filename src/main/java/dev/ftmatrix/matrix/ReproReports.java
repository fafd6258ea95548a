package dev.ftmatrix.matrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a repro report ({@code ftmatrix repro --report FILE.yaml}):
 *
 * <pre>
 * image: debian:trixie
 * method: { recipe: source-build, with: { base_url: "http://..." } }
 * python: 3.13t
 * timeout: 5m            # optional, as in a matrix
 * network: none          # optional, as in a matrix
 * expected: { outcome: INSTALL_FAILED, category: network, text: "Could not resolve host" }
 * </pre>
 *
 * The report's values are rearranged, with their positions, into the node tree of a one-cell matrix, which the
 * matrix reader and validator then check: every rule of a matrix applies, and problems name the report's own
 * properties at their line and column.
 */
public final class ReproReports {
    private static final List<String> TOP_KEYS =
            List.of("image", "method", "python", "timeout", "network", "smoke", "expected");
    private static final List<String> TOP_REQUIRED = List.of("image", "method", "python", "expected");
    private static final List<String> METHOD_KEYS = List.of("recipe", "with", "secrets", "tier");
    private static final List<String> EXPECTED_KEYS = List.of("outcome", "category", "text");

    private ReproReports() {
    }

    /**
     * @param outcomes the outcome names an {@code expected.outcome} may give
     * @throws MatrixInvalidException with every problem in the file
     */
    public static ReproReport load(Path file, Set<String> knownRecipes, Set<String> outcomes) {
        Objects.requireNonNull(file, "file");
        Problems problems = new Problems(file, ReproReports::inReportTerms);
        String text = YamlSource.read(file, problems);
        Node root = text == null ? null : YamlSource.compose(text, problems);
        if (root == null) {
            throw problems.exception();
        }
        if (!(root instanceof MappingNode top)) {
            problems.add(Pos.of(root.getStartMark()), "the top level must be a mapping with 'image', 'method',"
                    + " 'python' and 'expected'");
            throw problems.exception();
        }
        Map<String, NodeTuple> report = keys(top, "", TOP_KEYS, TOP_REQUIRED, problems);
        Node method = value(report, "method");
        Map<String, NodeTuple> methodKeys = Map.of();
        if (method instanceof MappingNode m) {
            methodKeys = keys(m, "method", METHOD_KEYS, List.of("recipe"), problems);
        } else if (method != null) {
            problems.add(Pos.of(method.getStartMark()), "method: expected a mapping such as { recipe: source-build }");
        }
        Expected expected = expected(value(report, "expected"), outcomes, problems);
        // Without these the matrix reader would report them again, in a matrix's words.
        boolean complete = report.containsKey("image") && report.containsKey("python")
                && methodKeys.containsKey("recipe");
        MatrixSpec spec = complete ? SpecReader.read(matrixTree(top, report, methodKeys), problems) : null;
        Matrix matrix = spec == null ? null : SpecValidator.validate(file, spec, knownRecipes, problems);
        if (matrix == null || expected == null || !problems.isEmpty()) {
            throw problems.exception();
        }
        return new ReproReport(matrix, expected.outcome, expected.category, expected.text);
    }

    private record Expected(String outcome, String category, String text) {}

    private static Expected expected(Node node, Set<String> outcomes, Problems problems) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof MappingNode m)) {
            problems.add(Pos.of(node.getStartMark()), "expected: expected a mapping such as"
                    + " { outcome: INSTALL_FAILED, category: network, text: \"Could not resolve host\" }");
            return null;
        }
        Map<String, NodeTuple> e = keys(m, "expected", EXPECTED_KEYS, List.of("outcome"), problems);
        String outcome = text(value(e, "outcome"), "expected.outcome", problems);
        if (outcome != null && !outcomes.contains(outcome)) {
            problems.add(Pos.of(e.get("outcome").getKeyNode().getStartMark()), "expected.outcome: unknown outcome "
                    + MatrixSpec.quoted(outcome) + "; " + Suggestions.closest(outcome, outcomes)
                            .map(s -> "did you mean '" + s + "'?")
                            .orElse("outcomes are " + Suggestions.quotedList(outcomes)));
        }
        String category = text(value(e, "category"), "expected.category", problems);
        String text = text(value(e, "text"), "expected.text", problems);
        return outcome == null ? null : new Expected(outcome, category, text);
    }

    /** A non-empty single value, or null (absent, or reported). */
    private static String text(Node node, String path, Problems problems) {
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode s && !s.getValue().isEmpty() && !Tag.NULL.equals(s.getTag())) {
            return s.getValue();
        }
        problems.add(Pos.of(node.getStartMark()), path + ": expected a non-empty text");
        return null;
    }

    private static Node value(Map<String, NodeTuple> entries, String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** The entries of a mapping by key; unknown, repeated and missing keys are reported. */
    private static Map<String, NodeTuple> keys(MappingNode node, String path, List<String> allowed,
            List<String> required, Problems problems) {
        String prefix = path.isEmpty() ? "" : path + ": ";
        Map<String, NodeTuple> found = new HashMap<>();
        for (NodeTuple t : node.getValue()) {
            Pos at = Pos.of(t.getKeyNode().getStartMark());
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                String hint = key == null ? "a key must be a plain name" : "unknown key " + MatrixSpec.quoted(key)
                        + "; " + Suggestions.closest(key, allowed).map(s -> "did you mean '" + s + "'?")
                                .orElse("valid keys are " + Suggestions.quotedList(allowed));
                problems.add(at, prefix + hint);
            } else if (found.putIfAbsent(key, t) != null) {
                problems.add(at, prefix + "duplicate key " + MatrixSpec.quoted(key) + "; keep only one");
            }
        }
        for (String key : required) {
            if (!found.containsKey(key)) {
                problems.add(Pos.of(node.getStartMark()), prefix + "missing required key '" + key + "'");
            }
        }
        return found;
    }

    /**
     * The one-cell matrix the report describes, made of the report's own keys and values (so positions are the
     * report's). Ids are derived from the image and the recipe, so the cell reads like a matrix cell:
     * {@code debian-trixie/source-build/3.13t#1}.
     */
    private static Node matrixTree(MappingNode top, Map<String, NodeTuple> report, Map<String, NodeTuple> method) {
        List<NodeTuple> matrix = new ArrayList<>();
        put(matrix, "name", scalar("repro", top));
        copy(matrix, "timeout", report);
        copy(matrix, "network", report);
        copy(matrix, "smoke", report);
        NodeTuple python = report.get("python");
        matrix.add(new NodeTuple(python.getKeyNode(), sequence(python.getValueNode())));
        NodeTuple image = report.get("image");
        List<NodeTuple> os = new ArrayList<>();
        put(os, "id", scalar(idFrom(image.getValueNode(), "image"), image.getKeyNode()));
        os.add(image);
        put(matrix, "os", sequence(mapping(os, image.getKeyNode())));
        NodeTuple methodKey = report.get("method");
        Node recipe = method.get("recipe").getValueNode();
        List<NodeTuple> entry = new ArrayList<>();
        put(entry, "id", scalar(idFrom(recipe, "method"), methodKey.getValueNode()));
        entry.add(method.get("recipe"));
        if (method.containsKey("tier")) {
            entry.add(method.get("tier"));
        } else {
            put(entry, "tier", scalar("1", methodKey.getValueNode()));
        }
        copy(entry, "with", method);
        copy(entry, "secrets", method);
        put(matrix, "methods", sequence(mapping(entry, methodKey.getValueNode())));
        return mapping(matrix, top);
    }

    /** Matrix paths as the report names them; nothing else in a message has these shapes. */
    private static String inReportTerms(String message) {
        return message.replace("os[0].image", "image").replace("methods[0]", "method")
                .replace("python[0]", "python");
    }

    private static String idFrom(Node node, String fallback) {
        String text = node instanceof ScalarNode s ? s.getValue().replaceAll("[^A-Za-z0-9._-]+", "-") : "";
        text = text.replaceAll("^[^A-Za-z0-9]+", "");
        return text.isEmpty() ? fallback : text;
    }

    private static void copy(List<NodeTuple> into, String key, Map<String, NodeTuple> from) {
        if (from.containsKey(key)) {
            into.add(from.get(key));
        }
    }

    private static void put(List<NodeTuple> into, String key, Node value) {
        into.add(new NodeTuple(scalar(key, value), value));
    }

    private static ScalarNode scalar(String text, Node at) {
        return new ScalarNode(Tag.STR, text, at.getStartMark(), at.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
    }

    private static SequenceNode sequence(Node item) {
        return new SequenceNode(Tag.SEQ, true, List.of(item), item.getStartMark(), item.getEndMark(),
                DumperOptions.FlowStyle.FLOW);
    }

    private static MappingNode mapping(List<NodeTuple> tuples, Node at) {
        return new MappingNode(Tag.MAP, true, tuples, at.getStartMark(), at.getEndMark(),
                DumperOptions.FlowStyle.BLOCK);
    }
}
