package dev.ftmatrix.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;

/**
 * What can be checked of a declarative Jenkinsfile without Jenkins, from the plugins' sources: sections and
 * directives in their places, option and step names, {@code unit:} values, and Groovy statements only inside
 * {@code script {}}. A stand-in for the pipeline-model-definition validator, named as such: it knows the names
 * below, not every plugin's parameters.
 */
final class DeclarativeModel {
    /**
     * The {@code pipeline} and {@code stage} properties of jenkinsci/pipeline-model-definition-plugin,
     * pipeline-model-api/src/main/resources/ast-schema.json at commit 79cad4ee2026e2123dcf13c6614c1988303fc034
     * ({@code branches} is written {@code steps}).
     */
    static final Set<String> PIPELINE_SECTIONS = Set.of("agent", "environment", "libraries", "options",
            "parameters", "post", "stages", "tools", "triggers");
    static final Set<String> STAGE_DIRECTIVES = Set.of("agent", "environment", "failFast", "input", "options",
            "parallel", "post", "stages", "steps", "tools", "when");
    /** Build conditions of {@code post}, pipeline-model-definition's BuildCondition extensions. */
    static final Set<String> POST_CONDITIONS = Set.of("always", "changed", "fixed", "regression", "aborted",
            "failure", "success", "unstable", "unsuccessful", "notBuilt", "cleanup");

    /**
     * Every step, option, parameter, trigger and agent keyword the Jenkinsfile may call, with the plugin that
     * provides it. Checked against source: workflow-basic-steps-plugin (src/main/java/org/jenkinsci/plugins/workflow/
     * steps/*Step.java and support/steps/stash/{Stash,Unstash}Step.java; CatchErrorStep at 117c22bd, RetryStep and
     * UnstashStep at f5aff4c8, TimeoutStep at c77b3414, UnstableStep at ce7b2841, WriteFileStep and StashStep at
     * c5468bf4, ReadFileStep at 617cc25b, DeleteDirStep at c2b5744e, Echo/Error/FileExistsStep at d2547d61),
     * junit-plugin (hudson/tasks/junit/pipeline/JUnitResultsStep.java: function name "junit"), and
     * pipeline-model-definition-plugin (options/impl/SkipDefaultCheckout.java at a9fbdce7,
     * properties/PreserveStashesJobProperty.java at 35df7b16). The rest are named by their plugin only.
     */
    static final Map<String, String> CALLABLE = new TreeMap<>();

    static {
        for (String step : List.of("catchError", "deleteDir", "echo", "error", "fileExists", "readFile", "retry",
                "timeout", "unstable", "writeFile", "stash", "unstash", "isUnix")) {
            CALLABLE.put(step, "workflow-basic-steps");
        }
        CALLABLE.put("junit", "junit");
        for (String keyword : List.of("pipeline", "agent", "stages", "stage", "steps", "post", "script", "options",
                "parameters", "triggers", "label", "skipDefaultCheckout", "preserveStashes", "none", "any")) {
            CALLABLE.put(keyword, "pipeline-model-definition");
        }
        POST_CONDITIONS.forEach(c -> CALLABLE.put(c, "pipeline-model-definition"));
        CALLABLE.put("sh", "workflow-durable-task-step");
        CALLABLE.put("node", "workflow-durable-task-step");
        CALLABLE.put("parallel", "workflow-cps");
        CALLABLE.put("checkout", "workflow-scm-step");
        CALLABLE.put("withCredentials", "credentials-binding");
        CALLABLE.put("string", "credentials-binding (a binding) or Jenkins core (a parameter)");
        CALLABLE.put("credentials", "credentials (a parameter)");
        CALLABLE.put("lock", "lockable-resources");
        CALLABLE.put("publishHTML", "htmlpublisher");
        CALLABLE.put("archiveArtifacts", "Jenkins core");
        CALLABLE.put("cron", "Jenkins core");
        CALLABLE.put("buildDiscarder", "Jenkins core");
        CALLABLE.put("logRotator", "Jenkins core");
        CALLABLE.put("disableConcurrentBuilds", "workflow-job");
    }

    /** Options a declarative {@code options {}} takes that the Jenkinsfile may use. */
    static final Set<String> OPTIONS = Set.of("buildDiscarder", "disableConcurrentBuilds", "preserveStashes",
            "skipDefaultCheckout", "timeout", "retry");

    private final List<String> problems = new ArrayList<>();
    private final Set<String> functions;

    private DeclarativeModel(Set<String> functions) {
        this.functions = functions;
    }

    /** Every way the file leaves the model, as "line N: what". */
    static List<String> problems(ModuleNode module) {
        Set<String> functions = module.getMethods().stream().map(MethodNode::getName).collect(Collectors.toSet());
        DeclarativeModel model = new DeclarativeModel(functions);
        List<MethodCallExpression> pipelines = new ArrayList<>();
        for (Statement s : module.getStatementBlock().getStatements()) {
            if (call(s) instanceof MethodCallExpression c && "pipeline".equals(c.getMethodAsString())) {
                pipelines.add(c);
            }
        }
        if (pipelines.size() != 1) {
            model.problems.add("line 1: expected one pipeline { } block, found " + pipelines.size());
            return model.problems;
        }
        model.section(pipelines.get(0), PIPELINE_SECTIONS, "pipeline");
        model.everyCallIsKnown(module);
        return model.problems;
    }

    /** The block's directives, each allowed here and each checked for what it holds. */
    private void section(MethodCallExpression owner, Set<String> allowed, String where) {
        List<String> seen = new ArrayList<>();
        for (Statement s : body(owner)) {
            if (!(call(s) instanceof MethodCallExpression c)) {
                problems.add(line(s) + ": " + where + " holds a Groovy statement; only directives go here");
                continue;
            }
            String name = c.getMethodAsString();
            seen.add(name);
            if (!allowed.contains(name)) {
                problems.add(line(c) + ": '" + name + "' is not a directive of " + where + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
                continue;
            }
            switch (name) {
                case "stages" -> stages(c);
                case "options" -> options(c);
                case "post" -> post(c);
                case "steps" -> steps(c);
                default -> {
                }
            }
        }
        if (where.equals("pipeline") && !(seen.contains("agent") && seen.contains("stages"))) {
            problems.add(line(owner) + ": pipeline needs agent and stages");
        }
        if (where.startsWith("stage ") && seen.stream().filter(Set.of("steps", "stages", "parallel")::contains)
                .count() != 1) {
            problems.add(line(owner) + ": " + where + " needs exactly one of steps, stages, parallel");
        }
    }

    private void stages(MethodCallExpression stages) {
        for (Statement s : body(stages)) {
            if (call(s) instanceof MethodCallExpression c && "stage".equals(c.getMethodAsString())) {
                section(c, STAGE_DIRECTIVES, "stage " + JenkinsPipeline.firstStringArgument(c));
            } else {
                problems.add(line(s) + ": stages holds only stage blocks");
            }
        }
    }

    private void options(MethodCallExpression options) {
        for (Statement s : body(options)) {
            if (!(call(s) instanceof MethodCallExpression c) || !OPTIONS.contains(c.getMethodAsString())) {
                problems.add(line(s) + ": '" + (call(s) instanceof MethodCallExpression c ? c.getMethodAsString()
                        : "statement") + "' is not an option this pipeline may use (" + String.join(", ",
                        OPTIONS.stream().sorted().toList()) + ")");
            }
        }
    }

    private void post(MethodCallExpression post) {
        for (Statement s : body(post)) {
            if (call(s) instanceof MethodCallExpression c && POST_CONDITIONS.contains(c.getMethodAsString())) {
                steps(c);
            } else {
                problems.add(line(s) + ": post holds only build conditions (" + String.join(", ",
                        POST_CONDITIONS.stream().sorted().toList()) + ")");
            }
        }
    }

    /** Steps: calls only, their closures steps again, anything inside script { } free. */
    private void steps(MethodCallExpression owner) {
        for (Statement s : body(owner)) {
            if (!(call(s) instanceof MethodCallExpression c)) {
                problems.add(line(s) + ": Groovy outside script { } in " + owner.getMethodAsString()
                        + " (declarative steps are step calls only)");
                continue;
            }
            if ("script".equals(c.getMethodAsString())) {
                continue;
            }
            if (closure(c) != null) {
                steps(c);
            }
        }
    }

    /** Every call on the script itself is a step or keyword of a plugin, or a function of the file. */
    private void everyCallIsKnown(ModuleNode module) {
        CodeVisitorSupport visitor = new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                String name = call.getMethodAsString();
                if (call.isImplicitThis() && name != null && !CALLABLE.containsKey(name) && !functions.contains(name)) {
                    problems.add(line(call) + ": '" + name + "' is no step of the plugins this pipeline needs and no"
                            + " function of the file");
                }
                if ("timeout".equals(name)) {
                    unit(call);
                }
                super.visitMethodCallExpression(call);
            }
        };
        module.getStatementBlock().visit(visitor);
        module.getMethods().forEach(m -> m.getCode().visit(visitor));
    }

    private void unit(MethodCallExpression timeout) {
        if (!(timeout.getArguments() instanceof TupleExpression t)) {
            return;
        }
        for (Expression e : t.getExpressions()) {
            if (e instanceof org.codehaus.groovy.ast.expr.MapExpression map) {
                for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                    String value = entry.getValueExpression().getText();
                    if ("unit".equals(entry.getKeyExpression().getText()) && Arrays.stream(TimeUnit.values())
                            .noneMatch(u -> u.name().equals(value))) {
                        problems.add(line(timeout) + ": timeout unit '" + value + "' is not a TimeUnit ("
                                + Arrays.stream(TimeUnit.values()).map(Enum::name).collect(Collectors.joining(", "))
                                + ")");
                    }
                }
            }
        }
    }

    private static Expression call(Statement s) {
        return s instanceof ExpressionStatement e ? e.getExpression() : null;
    }

    private static ClosureExpression closure(MethodCallExpression c) {
        if (c.getArguments() instanceof ArgumentListExpression args && !args.getExpressions().isEmpty()
                && args.getExpression(args.getExpressions().size() - 1) instanceof ClosureExpression closure) {
            return closure;
        }
        return null;
    }

    private static List<Statement> body(MethodCallExpression c) {
        ClosureExpression closure = closure(c);
        if (closure == null) {
            return List.of();
        }
        return closure.getCode() instanceof BlockStatement b ? b.getStatements() : List.of(closure.getCode());
    }

    private static String line(ASTNode node) {
        return "line " + node.getLineNumber();
    }
}
