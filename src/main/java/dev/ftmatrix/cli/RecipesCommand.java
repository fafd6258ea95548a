package dev.ftmatrix.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ftmatrix.recipe.Recipe;
import dev.ftmatrix.recipe.RecipeCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = {"Lists the install recipes under containers/recipes/ with what each declares in its leading"
            + " comment block: the platforms it supports, its parameters (a method's 'with:' keys), the versions it"
            + " pins and where each was confirmed, the FTMATRIX-FAILURE categories it emits, and how it was verified"
            + " where ftmatrix is built and tested.",
            "The header lines it reads (docs/recipes.md, \"Recipe headers\", describes them):",
            "  # Platforms: <families>  required; os-release IDs or host:linux|macos|windows",
            "  # Pin: <tool> <version> (source: <where confirmed>)  zero or more",
            "  # Verified: <kind> (<the test that showed it>)  kind: real-upstream (the vendor's servers),"
                + " real-tool-local-repository (the real tool, real artifacts on loopback), fake-only (a fake with the"
                + " tool's cited messages: never evidence), not-run-here",
            "  # Parameters (...):  then '#   name  description', one per parameter",
            "  # Emits FTMATRIX-FAILURE categories: a, b, c.",
            "validate rejects a method on an os whose family is not among its recipe's platforms; run records a host"
                + " row of another OS than this machine's as NOT_APPLICABLE, never as a trial."})
final class RecipesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Only these recipes (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = "--json", description = "A JSON array of {name, script, platforms, parameters, pins: [{tool,"
            + " version, source}], categories, verified: [{kind, how}]} instead of the table.")
    boolean json;

    @Mixin
    ContainersOption containers = new ContainersOption();

    @Override
    public Integer call() throws IOException {
        RecipeCatalog catalog = containers.catalog();
        List<Recipe> recipes = names.isEmpty() ? List.copyOf(catalog.recipes())
                : names.stream().map(catalog::require).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
            g.writeStartArray();
            for (Recipe r : recipes) {
                g.writeStartObject();
                g.writeStringField("name", r.name());
                g.writeStringField("script", catalog.root().relativize(r.script()).toString());
                strings(g, "platforms", r.platforms());
                strings(g, "parameters", r.parameters());
                g.writeArrayFieldStart("pins");
                for (Recipe.Pin p : r.pins()) {
                    g.writeStartObject();
                    g.writeStringField("tool", p.tool());
                    g.writeStringField("version", p.version());
                    g.writeStringField("source", p.source());
                    g.writeEndObject();
                }
                g.writeEndArray();
                strings(g, "categories", r.categories());
                g.writeArrayFieldStart("verified");
                for (Recipe.Verification v : r.verified()) {
                    g.writeStartObject();
                    g.writeStringField("kind", v.kind());
                    g.writeStringField("how", v.how());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.flush();
            out.println();
            return ExitCodes.OK;
        }
        Table t = new Table("RECIPE", "PLATFORMS", "PARAMETERS", "PINS", "FAILURE CATEGORIES", "VERIFIED");
        for (Recipe r : recipes) {
            t.row(r.name(), String.join(" ", r.platforms()), orNone(String.join(", ", r.parameters())),
                    orNone(String.join(", ", r.pins().stream().map(p -> p.tool() + " " + p.version()).toList())),
                    orNone(String.join(", ", r.categories())),
                    orNone(String.join(", ", r.verified().stream().map(Recipe.Verification::kind).toList())));
        }
        t.print(out);
        out.println(recipes.size() + " recipes in " + catalog.root().resolve("recipes")
                + "; pin sources and how each was verified: ftmatrix recipes --json");
        return ExitCodes.OK;
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "-" : s;
    }
}
