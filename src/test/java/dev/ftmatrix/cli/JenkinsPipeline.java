package dev.ftmatrix.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import picocli.CommandLine;

/**
 * A Jenkinsfile as the Groovy parser reads it: every call with the calls around it, every assignment, and the
 * {@code ./ftmatrix} command lines of its {@code sh} steps, parsed by the real picocli command tree. Placeholders
 * in a GString command take each of their sample values; a placeholder without samples, a command this class
 * cannot split into words like a shell, or one ftmatrix would not accept is a problem, never skipped.
 */
final class JenkinsPipeline {
    /** A method call at a line, with the calls it sits in, outermost first. */
    record Call(String name, MethodCallExpression expression, List<MethodCallExpression> enclosing) {
        boolean inside(String callName) {
            return enclosing.stream().anyMatch(c -> callName.equals(c.getMethodAsString()));
        }

        boolean insideCall(String callName, String firstArgument) {
            return enclosing.stream().anyMatch(c -> callName.equals(c.getMethodAsString())
                    && firstArgument.equals(firstStringArgument(c)));
        }

        int line() {
            return expression.getLineNumber();
        }
    }

    /**
     * An sh step that runs ./ftmatrix: the command as written, its words after ./ftmatrix per sample, and the words
     * of a {@code timeout ... DURATION} prefix (GNU timeout, empty without one).
     */
    record FtmatrixStep(Call call, String written, List<List<String>> argumentLists, String subcommand,
            List<String> limit) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final List<String> assigned = new ArrayList<>();
    private final List<FtmatrixStep> steps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private ModuleNode module;

    private JenkinsPipeline() {
    }

    /** Parses the text; a Groovy syntax error fails here. */
    static JenkinsPipeline parse(String text, Map<String, List<String>> samples) {
        CompilationUnit unit = new CompilationUnit();
        SourceUnit source = unit.addSource("Jenkinsfile", text);
        unit.compile(Phases.CONVERSION);
        ModuleNode module = source.getAST();
        JenkinsPipeline pipeline = new JenkinsPipeline();
        pipeline.module = module;
        Walker walker = pipeline.new Walker();
        module.getStatementBlock().visit(walker);
        module.getMethods().forEach(m -> m.getCode().visit(walker));
        for (Call sh : pipeline.calls("sh")) {
            pipeline.readSh(sh, samples);
        }
        return pipeline;
    }

    /** The parsed file, for checks of its statements (try/catch) that calls alone do not show. */
    ModuleNode module() {
        return module;
    }

    List<Call> calls(String name) {
        return calls.stream().filter(c -> name.equals(c.name())).toList();
    }

    /** The left-hand sides of assignments, as written: {@code currentBuild.description}. */
    List<String> assigned() {
        return assigned;
    }

    List<FtmatrixStep> ftmatrixSteps() {
        return steps;
    }

    List<String> problems() {
        return problems;
    }

    /**
     * Where running cells would be retried: an {@code ftmatrix run} step or a {@code parallel} inside
     * {@code retry}, or a {@code retry} option on the pipeline or a stage that runs cells.
     */
    List<String> retriedRuns() {
        List<String> found = new ArrayList<>();
        List<FtmatrixStep> runs = steps.stream().filter(s -> "run".equals(s.subcommand())).toList();
        for (FtmatrixStep run : runs) {
            if (run.call().inside("retry")) {
                found.add("line " + run.call().line() + ": " + run.written() + " inside retry");
            }
        }
        for (Call parallel : calls("parallel")) {
            if (parallel.inside("retry")) {
                found.add("line " + parallel.line() + ": parallel inside retry");
            }
        }
        for (Call retry : calls("retry")) {
            if (!retry.inside("options")) {
                continue;
            }
            List<MethodCallExpression> around = retry.enclosing();
            MethodCallExpression owner = around.get(around.size() - 2);
            boolean ownsARun = runs.stream().anyMatch(r -> r.call().enclosing().contains(owner));
            if (ownsARun) {
                found.add("line " + retry.line() + ": retry option on " + owner.getMethodAsString()
                        + ", which runs cells");
            }
        }
        return found;
    }

    private void readSh(Call sh, Map<String, List<String>> samples) {
        Expression command = shCommand(sh.expression());
        List<String> renderings;
        String written;
        if (command instanceof ConstantExpression c && c.getValue() instanceof String s) {
            written = s;
            renderings = List.of(s);
        } else if (command instanceof GStringExpression g) {
            written = template(g);
            renderings = render(sh, g, samples);
            if (renderings == null) {
                return;
            }
        } else {
            problems.add("line " + sh.line() + ": sh takes no string this test can read: "
                    + (command == null ? "no command" : command.getText()));
            return;
        }
        if (!written.contains("./ftmatrix")) {
            return;
        }
        List<List<String>> argumentLists = new ArrayList<>();
        List<String> limit = List.of();
        String subcommand = null;
        for (String rendering : renderings) {
            List<String> words;
            try {
                words = ShellWords.split(rendering);
            } catch (IllegalArgumentException e) {
                problems.add("line " + sh.line() + ": cannot interpret `" + rendering + "`: " + e.getMessage());
                return;
            }
            if (!words.isEmpty() && words.get(0).equals("timeout")) {
                // GNU timeout's options, then its duration, then the command it bounds.
                int bounded = words.indexOf("./ftmatrix");
                if (bounded < 2 || !words.subList(1, bounded - 1).stream().allMatch(w -> w.startsWith("--"))) {
                    problems.add("line " + sh.line() + ": `" + rendering + "`: timeout must be followed by its"
                            + " --options, one duration and ./ftmatrix");
                    return;
                }
                limit = List.copyOf(words.subList(0, bounded));
                words = words.subList(bounded, words.size());
            }
            if (words.isEmpty() || !words.get(0).equals("./ftmatrix")) {
                problems.add("line " + sh.line() + ": `" + rendering + "` must start with ./ftmatrix to be checked");
                return;
            }
            List<String> args = words.subList(1, words.size());
            try {
                CommandLine.ParseResult parsed = Main.commandLine(new FtmatrixCommand())
                        .parseArgs(args.toArray(String[]::new));
                subcommand = parsed.hasSubcommand() ? parsed.subcommand().commandSpec().name() : null;
            } catch (CommandLine.ParameterException e) {
                problems.add("line " + sh.line() + ": ftmatrix rejects `" + rendering + "`: " + e.getMessage());
                return;
            }
            argumentLists.add(List.copyOf(args));
        }
        steps.add(new FtmatrixStep(sh, written, argumentLists, subcommand, limit));
    }

    /** Every rendering of the GString with each placeholder's sample values; null (and a problem) if one has none. */
    private List<String> render(Call sh, GStringExpression g, Map<String, List<String>> samples) {
        List<String> renderings = new ArrayList<>(List.of(""));
        int parts = Math.max(g.getStrings().size(), g.getValues().size());
        for (int i = 0; i < parts; i++) {
            if (i < g.getStrings().size()) {
                String literal = (String) g.getStrings().get(i).getValue();
                renderings.replaceAll(r -> r + literal);
            }
            if (i < g.getValues().size()) {
                String placeholder = g.getValues().get(i).getText();
                List<String> values = samples.get(placeholder);
                if (values == null) {
                    problems.add("line " + sh.line() + ": no sample value for ${" + placeholder + "} in " + template(g));
                    return null;
                }
                List<String> next = new ArrayList<>();
                for (String r : renderings) {
                    values.forEach(v -> next.add(r + v));
                }
                renderings = next;
            }
        }
        return renderings;
    }

    /** The GString as written, each placeholder as ${text}. */
    private static String template(GStringExpression g) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.max(g.getStrings().size(), g.getValues().size()); i++) {
            if (i < g.getStrings().size()) {
                text.append(g.getStrings().get(i).getValue());
            }
            if (i < g.getValues().size()) {
                text.append("${").append(g.getValues().get(i).getText()).append('}');
            }
        }
        return text.toString();
    }

    /** {@code sh 'cmd'}, {@code sh "cmd"} or {@code sh script: 'cmd', ...}. */
    private static Expression shCommand(MethodCallExpression call) {
        if (call.getArguments() instanceof ArgumentListExpression args && !args.getExpressions().isEmpty()) {
            return args.getExpression(0);
        }
        if (call.getArguments() instanceof TupleExpression tuple) {
            for (Expression e : tuple.getExpressions()) {
                if (e instanceof MapExpression map) {
                    for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                        if ("script".equals(entry.getKeyExpression().getText())) {
                            return entry.getValueExpression();
                        }
                    }
                }
            }
        }
        return null;
    }

    static String firstStringArgument(MethodCallExpression call) {
        if (call.getArguments() instanceof ArgumentListExpression args && !args.getExpressions().isEmpty()
                && args.getExpression(0) instanceof ConstantExpression c && c.getValue() instanceof String s) {
            return s;
        }
        return null;
    }

    private final class Walker extends CodeVisitorSupport {
        private final List<MethodCallExpression> around = new ArrayList<>();

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            calls.add(new Call(String.valueOf(call.getMethodAsString()), call, List.copyOf(around)));
            around.add(call);
            super.visitMethodCallExpression(call);
            around.remove(around.size() - 1);
        }

        @Override
        public void visitBinaryExpression(BinaryExpression expression) {
            if (expression.getOperation().getText().equals("=")) {
                assigned.add(expression.getLeftExpression().getText());
            }
            super.visitBinaryExpression(expression);
        }
    }

    /** Splits a command line into words as a shell would, for the simple forms a Jenkinsfile needs. */
    static final class ShellWords {
        /** Characters that make a shell do more than split words: refused rather than guessed at. */
        private static final Set<Character> SPECIAL = Set.of('$', '`', '\\', ';', '|', '&', '<', '>', '(', ')', '{',
                '}', '[', ']', '?', '~', '#', '!', '\n', '\r');
        /** What a shell still expands between double quotes. */
        private static final Set<Character> SPECIAL_IN_DOUBLE_QUOTES = Set.of('$', '`', '\\');
        private static final Pattern ENV_WORD = Pattern.compile("\\$[A-Z_][A-Z0-9_]*");

        private ShellWords() {
        }

        /**
         * Words separated by blanks, with '...' and "..." quoting. A {@code *} is kept in its word: the shell
         * expands it to existing paths, which are the same kind of argument.
         */
        static List<String> split(String command) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            for (int i = 0; i < command.length(); i++) {
                char c = command.charAt(i);
                if (c == ' ' || c == '\t') {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                    continue;
                }
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    int end = command.indexOf(c, i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed " + c + " quote");
                    }
                    String quoted = command.substring(i + 1, end);
                    // "$NAME", one environment variable as one word, is what a credential binding needs; the
                    // option receives some string, as it does here.
                    if (c == '"' && ENV_WORD.matcher(quoted).matches()) {
                        word.append(quoted);
                        i = end;
                        continue;
                    }
                    if (c == '"' && quoted.chars().anyMatch(q -> SPECIAL_IN_DOUBLE_QUOTES.contains((char) q))) {
                        throw new IllegalArgumentException("expansion inside \"...\": " + quoted);
                    }
                    word.append(quoted);
                    i = end;
                } else if (SPECIAL.contains(c)) {
                    throw new IllegalArgumentException("shell syntax '" + c + "' is not a plain word");
                } else {
                    word.append(c);
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
