package dev.ftmatrix.matrix;

import dev.ftmatrix.InputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns a matrix file into a YAML node tree, and nothing more: no Java object is ever constructed from the
 * document, so tags cannot instantiate classes. Everything that goes wrong becomes a {@link Problem}.
 */
final class YamlSource {
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_COLLECTION_ALIASES = 50;
    static final int MAX_NESTING = 50;
    private static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

    private static final Set<Tag> CORE_TAGS =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);
    private static final String EMPTY =
            "file is empty; a matrix needs at least 'name', 'python', 'os' and 'methods'";

    private YamlSource() {}

    /** The file's text, or null when it cannot be had (the reason is added to {@code problems}). */
    static String read(Path file, Problems problems) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                problems.add(Pos.START, "is a directory; give the path of a matrix file");
                return null;
            }
            bytes = InputFiles.read(file, MAX_BYTES);
        } catch (InputFiles.NotRegularFileException e) {
            problems.add(Pos.START, "is not a regular file (a FIFO or a device cannot be read as a matrix); give the"
                    + " path of a matrix file");
            return null;
        } catch (InputFiles.TooLargeException e) {
            problems.add(Pos.START, tooLarge(e.size()));
            return null;
        } catch (NoSuchFileException e) {
            problems.add(Pos.START, "no such file");
            return null;
        } catch (AccessDeniedException e) {
            problems.add(Pos.START, "permission denied; make the file readable");
            return null;
        } catch (IOException e) {
            problems.add(Pos.START, "cannot read the file (" + e + ")");
            return null;
        }
        return decode(bytes, problems);
    }

    /**
     * The document's root node, or null when there is none to read (the reason is added to {@code problems}).
     * Tags outside plain YAML are reported but do not stop the rest of the file being checked.
     */
    static Node compose(String text, Problems problems) {
        long bytes = utf8Length(text);
        if (bytes > MAX_BYTES) {
            problems.add(Pos.START, tooLarge(bytes));
            return null;
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (!printable(body, problems)) {
            return null;
        }
        Node root = composeOrReport(body, problems);
        if (root == null) {
            return null;
        }
        if (root instanceof ScalarNode && Tag.NULL.equals(root.getTag())) {
            problems.add(Pos.START, EMPTY);
            return null;
        }
        reportTags(root, problems);
        return root;
    }

    private static String tooLarge(long bytes) {
        return "file is " + bytes + " bytes; a matrix may be at most 1 MiB";
    }

    private static String decode(byte[] bytes, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        out.flip();
        if (result.isError()) {
            int offset = in.position();
            problems.add(positionAt(out, out.length()), String.format(
                    "not UTF-8 text (invalid byte 0x%02X at offset %d); a matrix must be a UTF-8 text file",
                    bytes[offset] & 0xff, offset));
            return null;
        }
        return out.toString();
    }

    /** SnakeYAML refuses control characters without saying where they are; this says where. */
    private static boolean printable(String text, Problems problems) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                problems.add(positionAt(text, i), String.format(
                        "character U+%04X is not allowed in YAML; is this a binary file?", c));
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static Node composeOrReport(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        // Composing never builds objects, so SpecReader reports duplicate keys itself (with both lines);
        // the option is set so that these options stay safe should anyone load with them.
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        // The inspector would stop at the first global tag without a position; reportTags reports every
        // tag where it is written, and nothing is ever constructed from one.
        options.setTagInspector(tag -> true);
        MarkingParser parser = new MarkingParser(new ParserImpl(new StreamReader(text), options));
        try {
            Node root = new Composer(parser, new Resolver(), options).getSingleNode();
            if (root == null) {
                problems.add(Pos.START, EMPTY);
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(Pos.of(mark), "invalid YAML: " + syntaxMessage(e));
        } catch (YAMLException e) {
            problems.add(Pos.of(parser.lastMark), limitMessage(e.getMessage()));
        } catch (RuntimeException e) {
            // The parser runs on untrusted input: whatever else it throws is a problem with the file, not a crash.
            problems.add(Pos.of(parser.lastMark), "invalid YAML: " + e);
        }
        return null;
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String context = e.getContext() == null ? "" : e.getContext().strip();
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        String joined = context.isEmpty() || problem.isEmpty() ? context + problem : context + ", " + problem;
        return joined.replaceAll("\\s*\\n\\s*", " ");
    }

    private static String limitMessage(String message) {
        String text = message == null ? "" : message;
        if (text.startsWith("Number of aliases for non-scalar nodes exceeds")) {
            return "too many aliases: a matrix may refer to a list or mapping by alias at most "
                    + MAX_COLLECTION_ALIASES + " times";
        }
        if (text.startsWith("Nesting Depth exceeded")) {
            return "lists and mappings nest more than " + MAX_NESTING + " levels deep; a matrix needs only a few";
        }
        return "invalid YAML: " + text;
    }

    /** Tags the resolver would have given anyway (a plain date is a timestamp) are plain YAML too. */
    private static void reportTags(Node root, Problems problems) {
        Resolver resolver = new Resolver();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (!seen.add(node)) {
                continue;
            }
            Tag tag = node.getTag();
            boolean implicit = node instanceof ScalarNode
                    && tag.equals(resolver.resolve(NodeId.scalar, ((ScalarNode) node).getValue(), true));
            if (!CORE_TAGS.contains(tag) && !implicit) {
                problems.add(Pos.of(node.getStartMark()),
                        "tag '" + shown(tag) + "' is not allowed; matrices use plain YAML values only");
            }
            if (node instanceof SequenceNode) {
                ((SequenceNode) node).getValue().forEach(pending::push);
            } else if (node instanceof MappingNode) {
                for (NodeTuple t : ((MappingNode) node).getValue()) {
                    pending.push(t.getKeyNode());
                    pending.push(t.getValueNode());
                }
            }
        }
    }

    private static String shown(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }

    private static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Line and column of a character, counting line breaks as YAML does. */
    static Pos positionAt(CharSequence text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029' || (c == '\r' && !crlf)) {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
        return new Pos(line, column);
    }

    /** Remembers where the composer last was, for the limit errors SnakeYAML raises without a position. */
    private static final class MarkingParser implements Parser {
        private final Parser delegate;
        private Mark lastMark;

        MarkingParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return remember(delegate.peekEvent());
        }

        @Override
        public Event getEvent() {
            return remember(delegate.getEvent());
        }

        private Event remember(Event event) {
            if (event != null) {
                lastMark = event.getStartMark();
            }
            return event;
        }
    }
}
