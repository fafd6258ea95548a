package dev.ftmatrix.matrix;

import dev.ftmatrix.matrix.MatrixSpec.ExcludeEntry;
import dev.ftmatrix.matrix.MatrixSpec.Field;
import dev.ftmatrix.matrix.MatrixSpec.MethodEntry;
import dev.ftmatrix.matrix.MatrixSpec.OsEntry;
import dev.ftmatrix.matrix.MatrixSpec.Param;
import dev.ftmatrix.matrix.MatrixSpec.Seq;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the values of a {@link MatrixSpec} and how they refer to each other, then builds the {@link Matrix}.
 * Every problem is added to the same {@link Problems}; the matrix is built only when there are none.
 */
final class SpecValidator {
    static final int MAX_CELLS = 100_000;
    static final int MAX_RETRIES = FieldRules.MAX_RETRIES;
    private static final int DEFAULT_REPEATS = 1;
    private static final int DEFAULT_PARALLEL = 1;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    private static final int DEFAULT_RETRIES = 2;

    private static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // Linux takes at most 128 KiB for one environment string and about 2 MiB for all; aliases can expand a small
    // file far beyond both, and a recipe that cannot start must be refused here, not recorded as an infrastructure
    // error and retried.
    // Far more than any real matrix; bounds what counting the cells and matching the globs can cost.
    static final int MAX_OS = 1000;
    static final int MAX_METHODS = 1000;
    static final int MAX_VERSIONS = 100;
    static final int MAX_GLOBS = 32;
    static final int MAX_GLOB_LENGTH = 2 * FieldRules.MAX_ID_LENGTH;
    static final int MAX_PARAMETER_BYTES = 32 * 1024;
    static final int MAX_PARAMETERS_BYTES = 128 * 1024;
    /**
     * Variables a recipe or the shell running it relies on: a secret of that name would replace them, and the method
     * would be blamed for the failure that follows.
     */
    private static final Set<String> RESERVED_VARIABLES = Set.of("PATH", "HOME", "SHELL", "IFS", "PWD", "OLDPWD",
            "USER", "LOGNAME", "TMPDIR", "TERM", "LANG", "LANGUAGE", "LC_ALL", "ENV", "BASH_ENV", "SHELLOPTS",
            "BASHOPTS", "PS4", "CDPATH", "GLOBIGNORE", "LD_PRELOAD", "LD_LIBRARY_PATH", "PYTHONHOME", "PYTHONPATH",
            "PYTHONSTARTUP", "DEBIAN_FRONTEND", "SYSTEMROOT", "COMSPEC", "PATHEXT", "PSMODULEPATH");
    private static final Pattern SECRET_REF = Pattern.compile("env:([A-Za-z_][A-Za-z0-9_]*)");

    private static final String RECIPES_HINT = "Recipes are the scripts in containers/recipes/";
    private static final String NO_CELLS = "matrix expands to no cells: every combination is excluded or no method"
            + " applies to any os; remove an exclude or widen a method's 'os' globs";

    private final Problems problems;
    private final FieldRules fields;
    private final SmokeRules smokeRules;
    private final LimitRules limitRules;
    private final Set<String> knownRecipes;
    private final Path source;
    /** Ids as written, even invalid ones, so that references to them are not reported a second time. */
    private final Map<String, Field> osIds = new LinkedHashMap<>();
    private final Map<String, Field> methodIds = new LinkedHashMap<>();
    private final Map<String, Field> versions = new LinkedHashMap<>();
    private final Map<String, Boolean> globMatchesAnOs = new HashMap<>();
    private long matrixParameterBytes;

    private SpecValidator(Path source, Problems problems, Set<String> knownRecipes) {
        this.source = source;
        this.problems = problems;
        this.fields = new FieldRules(problems);
        this.smokeRules = new SmokeRules(problems, fields);
        this.limitRules = new LimitRules(problems, fields);
        this.knownRecipes = new TreeSet<>(knownRecipes);
    }

    /** The matrix, or null when this file has any problem, found here or earlier. */
    static Matrix validate(Path source, MatrixSpec spec, Set<String> knownRecipes, Problems problems) {
        return new SpecValidator(source, problems, knownRecipes).matrix(source, spec);
    }

    private Matrix matrix(Path source, MatrixSpec spec) {
        String name = spec.name() == null ? null : fields.id(spec.name(), "name");
        List<PythonVersion> python = python(spec.python());
        Integer repeats = spec.repeats() == null ? Integer.valueOf(DEFAULT_REPEATS) : fields.positive(spec.repeats());
        Duration timeout = spec.timeout() == null ? DEFAULT_TIMEOUT : fields.duration(spec.timeout());
        Integer parallel =
                spec.parallel() == null ? Integer.valueOf(DEFAULT_PARALLEL) : fields.positive(spec.parallel());
        NetworkMode network = spec.network() == null ? NetworkMode.NONE : fields.network(spec.network());
        Integer retries = spec.retries() == null ? Integer.valueOf(DEFAULT_RETRIES) : fields.retries(spec.retries());
        ResourceLimits limits = limitRules.limits(spec.limits(), ResourceLimits.DEFAULT);
        List<OsSpec> os = os(spec.os());
        List<MethodSpec> methods = methods(spec.methods(), limits == null ? ResourceLimits.DEFAULT : limits);
        List<Exclude> exclude = excludes(spec.exclude());
        Smoke smoke = smokeRules.smoke(spec.smoke());
        if (!problems.isEmpty()) {
            return null;
        }
        Matrix matrix = new Matrix(source, name, python, repeats, timeout, parallel, network, os, methods,
                exclude, smoke, retries, limits);
        Combinations combinations = new Combinations(matrix);
        long runs = combinations.count(true, MAX_CELLS);
        if (runs == 0) {
            boolean excludesRemovedAll = combinations.count(false, 0) > 0;
            problems.add(excludesRemovedAll ? spec.exclude().at() : spec.methods().at(), NO_CELLS);
            return null;
        }
        if (runs * repeats > MAX_CELLS) {
            // Counting stops past the limit, so a huge matrix is told so at once rather than counted to the end.
            String cells = runs > MAX_CELLS ? "more than " + MAX_CELLS : String.valueOf(runs * repeats);
            problems.add(spec.repeats() != null ? spec.repeats().at() : spec.methods().at(),
                    "matrix expands to " + cells + " cells; at most " + MAX_CELLS
                            + " can run, so lower 'repeats' or split the matrix");
            return null;
        }
        return matrix;
    }

    private boolean tooMany(Seq<?> seq, int max, String noun) {
        if (seq.written() <= max) {
            return false;
        }
        problems.add(seq.at(), seq.path() + ": lists " + seq.written() + " " + noun + "; a matrix has at most " + max
                + ", so split it into several matrices");
        return true;
    }

    private List<PythonVersion> python(Seq<Field> seq) {
        List<PythonVersion> result = new ArrayList<>();
        if (seq == null) {
            return result;
        }
        if (seq.written() == 0) {
            problems.add(seq.at(), seq.path() + ": must list at least one version");
        }
        if (tooMany(seq, MAX_VERSIONS, "versions")) {
            return result;
        }
        for (Field f : seq.items()) {
            PythonVersion v = fields.version(f);
            if (v == null) {
                continue;
            }
            Field first = versions.putIfAbsent(v.toString(), f);
            if (first != null) {
                problems.add(f.at(), f.path() + ": duplicate version '" + v + "' (first as " + first.path()
                        + " on line " + first.at().line() + "); list each version once");
            } else {
                result.add(v);
            }
        }
        return result;
    }

    private List<OsSpec> os(Seq<OsEntry> seq) {
        List<OsSpec> result = new ArrayList<>();
        if (seq == null) {
            return result;
        }
        if (seq.written() == 0) {
            problems.add(seq.at(), seq.path() + ": must list at least one os");
        }
        if (tooMany(seq, MAX_OS, "os entries")) {
            return result;
        }
        for (OsEntry entry : seq.items()) {
            String id = uniqueId(entry.id(), osIds, "os");
            Executor executor = fields.executor(entry.executor());
            if (executor == Executor.HOST) {
                String family = family(entry.family(), true);
                if (id != null && (entry.family() == null || family != null)) {
                    result.add(new OsSpec(id, null, executor,
                            family != null ? family : OsFamily.ofHostId(id).orElse(null)));
                }
                continue;
            }
            String image = entry.image() == null ? null : fields.image(entry.image());
            String family = family(entry.family(), false);
            if (id != null && image != null && executor != null && (entry.family() == null || family != null)) {
                result.add(new OsSpec(id, image, executor, family != null ? family : OsFamily.ofImage(image).orElse(null)));
            }
        }
        return result;
    }

    /** The family as given; null when not given or after reporting a bad value. */
    private String family(Field f, boolean host) {
        if (f == null) {
            return null;
        }
        String text = f.text() == null ? "" : f.text();
        if (host && !OsFamily.validForHost(text)) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a host family; write host:linux, host:macos"
                    + " or host:windows");
            return null;
        }
        if (!host && (text.startsWith(OsFamily.HOST_PREFIX) || !OsFamily.validForContainer(text))) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not an image family; write the image's"
                    + " os-release ID, e.g. 'debian', 'fedora' or 'almalinux' (host families go with 'executor: host')");
            return null;
        }
        return text;
    }

    private List<MethodSpec> methods(Seq<MethodEntry> seq, ResourceLimits matrixLimits) {
        List<MethodSpec> result = new ArrayList<>();
        if (seq == null) {
            return result;
        }
        if (seq.written() == 0) {
            problems.add(seq.at(), seq.path() + ": must list at least one method");
        }
        if (tooMany(seq, MAX_METHODS, "methods")) {
            return result;
        }
        for (MethodEntry entry : seq.items()) {
            String id = uniqueId(entry.id(), methodIds, "method");
            String recipe = entry.recipe() == null ? null : recipe(entry.recipe());
            Tier tier = entry.tier() == null ? null : tier(entry.tier());
            Map<String, String> with = with(entry.with());
            List<String> globs = globs(entry.os());
            SmokeOverride smoke = entry.smoke() == null ? SmokeOverride.NONE : smokeRules.smokeSettings(entry.smoke());
            Map<String, Secret> secrets = secrets(entry.secrets());
            ResourceLimits limits = limitRules.limits(entry.limits(), matrixLimits);
            if (id != null && recipe != null && tier != null && with != null && globs != null && secrets != null
                    && limits != null) {
                result.add(new MethodSpec(id, recipe, tier, with, globs, smoke, limits, secrets));
            }
        }
        return result;
    }

    private String recipe(Field f) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        if (knownRecipes.contains(f.text())) {
            return f.text();
        }
        String hint = Suggestions.closest(f.text(), knownRecipes)
                .map(s -> "did you mean '" + s + "'? ")
                .orElse(knownRecipes.isEmpty()
                        ? "no recipes are known. "
                        : "known recipes are " + Suggestions.quotedList(knownRecipes) + ". ");
        problems.add(f.at(), f.path() + ": unknown recipe " + f.shown() + "; " + hint + RECIPES_HINT);
        return null;
    }

    private Tier tier(Field f) {
        if ("control".equals(f.text())) {
            return Tier.CONTROL;
        }
        Integer level = FieldRules.positiveOrNull(f.text());
        if (level == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        return Tier.of(level);
    }

    /** Null when any parameter is wrong. */
    private Map<String, String> with(List<Param> params) {
        Map<String, String> result = new LinkedHashMap<>();
        boolean valid = true;
        long total = 0;
        for (Param p : params) {
            if (!PARAMETER.matcher(p.key().text()).matches()) {
                problems.add(p.key().at(), p.key().path() + ": " + p.key().shown() + " is not a valid parameter"
                        + " name; use lowercase letters, digits and '_', starting with a letter");
                valid = false;
            }
            String value = p.value().text();
            if (value == null) {
                problems.add(p.value().at(), p.value().wrong());
                valid = false;
            } else if (value.indexOf('\0') >= 0) {
                problems.add(p.value().at(), p.value().path() + ": contains a NUL character, which no process can"
                        + " receive in its environment; remove it (a YAML \"\\0\" escape writes one)");
                valid = false;
            } else {
                int bytes = value.getBytes(StandardCharsets.UTF_8).length;
                total += bytes;
                if (bytes > MAX_PARAMETER_BYTES) {
                    problems.add(p.value().at(), p.value().path() + ": is " + bytes + " bytes long; a parameter"
                            + " reaches the recipe as one environment variable of at most " + MAX_PARAMETER_BYTES
                            + " bytes, so pass something shorter, such as a URL or a path");
                    valid = false;
                } else if ((matrixParameterBytes += bytes) > YamlSource.MAX_BYTES) {
                    problems.add(p.value().at(), p.value().path() + ": the matrix's parameters come to "
                            + matrixParameterBytes + " bytes with this one, more than the " + YamlSource.MAX_BYTES
                            + " bytes a matrix file may hold; aliases repeat a value in every cell's record, so"
                            + " write each value once");
                    valid = false;
                } else if (total > MAX_PARAMETERS_BYTES) {
                    problems.add(p.value().at(), p.value().path() + ": the method's parameters come to " + total
                            + " bytes with this one; at most " + MAX_PARAMETERS_BYTES + " reach a recipe, so pass"
                            + " something shorter, such as a URL or a path");
                    valid = false;
                }
            }
            result.put(p.key().text(), value);
        }
        return valid ? result : null;
    }

    /** Null when any secret is wrong. Values name a variable only: a secret's value never belongs in the file. */
    private Map<String, Secret> secrets(List<Param> params) {
        Map<String, Secret> result = new LinkedHashMap<>();
        boolean valid = true;
        for (Param p : params) {
            String name = p.key().text();
            if (!ENV_NAME.matcher(name).matches() || name.startsWith("FTMATRIX_")) {
                problems.add(p.key().at(), p.key().path() + ": " + p.key().shown() + " is not a valid secret name;"
                        + " use an environment variable name such as 'UV_INDEX_TOKEN' (not starting with FTMATRIX_)");
                valid = false;
            } else if (name.startsWith("FTM_") || RESERVED_VARIABLES.contains(name.toUpperCase(Locale.ROOT))) {
                problems.add(p.key().at(), p.key().path() + ": " + p.key().shown() + " is a variable the recipe or"
                        + " its shell relies on, and a secret of that name would replace it; give the secret the name"
                        + " the tool that reads it expects, such as 'UV_INDEX_TOKEN'");
                valid = false;
            }
            String ref = p.value().text();
            Matcher m = ref == null ? null : SECRET_REF.matcher(ref);
            if (m == null || !m.matches()) {
                problems.add(p.value().at(), p.key().path() + "." + name + ": expected 'env:VARIABLE', the"
                        + " environment variable to read the secret from at run time, got " + p.value().shown()
                        + "; never write a secret's value in the matrix");
                valid = false;
            } else {
                result.put(name, new Secret(m.group(1), source, p.value().at().line(), p.value().at().column(),
                        p.key().path() + "." + name, null));
            }
        }
        return valid ? result : null;
    }

    /** Null when any glob is wrong. */
    private List<String> globs(Seq<Field> seq) {
        List<String> result = new ArrayList<>();
        if (seq == null) {
            return result;
        }
        boolean valid = true;
        if (seq.written() == 0) {
            problems.add(seq.at(), seq.path() + ": must list at least one os id glob; leave 'os' out to run the"
                    + " method on every os");
            valid = false;
        }
        if (seq.items().size() > MAX_GLOBS) {
            problems.add(seq.at(), seq.path() + ": lists " + seq.items().size() + " globs; a method has at most "
                    + MAX_GLOBS + ", so match several os ids with one glob such as 'debian-*'");
            return null;
        }
        for (Field f : seq.items()) {
            if (f.text() == null) {
                problems.add(f.at(), f.wrong());
                valid = false;
            } else if (f.text().length() > MAX_GLOB_LENGTH) {
                problems.add(f.at(), f.path() + ": is " + f.text().length() + " characters long; a glob has at most "
                        + MAX_GLOB_LENGTH);
                valid = false;
            } else if (!osIds.isEmpty() && !globMatchesAnOs.computeIfAbsent(f.text(),
                    glob -> osIds.keySet().stream().anyMatch(id -> Globs.matches(glob, id)))) {
                problems.add(f.at(), f.path() + ": " + f.shown() + " matches no os id"
                        + (problems.many() ? "" : "; os ids are " + Suggestions.quotedList(osIds.keySet())));
                valid = false;
            } else {
                result.add(f.text());
            }
        }
        return valid ? result : null;
    }

    private List<Exclude> excludes(Seq<ExcludeEntry> seq) {
        List<Exclude> result = new ArrayList<>();
        if (seq == null) {
            return result;
        }
        for (ExcludeEntry entry : seq.items()) {
            if (entry.empty()) {
                problems.add(entry.at(), entry.path() + ": an empty exclude would remove every cell; name at least"
                        + " one of 'os', 'method' or 'python'");
                continue;
            }
            String os = entry.os() == null ? null : reference(entry.os(), osIds, "os");
            String method = entry.method() == null ? null : reference(entry.method(), methodIds, "method");
            String python = entry.python() == null ? null : excludedVersion(entry.python());
            result.add(new Exclude(os, method, python));
        }
        return result;
    }

    private String reference(Field f, Map<String, Field> ids, String kind) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        if (ids.isEmpty() || ids.containsKey(f.text())) {
            return f.text();
        }
        if (problems.many() || f.text().length() > FieldRules.MAX_ID_LENGTH) {
            problems.add(f.at(), f.path() + ": no " + kind + " with id " + f.shown());
            return null;
        }
        String hint = Suggestions.closest(f.text(), ids.keySet())
                .map(s -> "did you mean '" + s + "'?")
                .orElse(kind + " ids are " + Suggestions.quotedList(ids.keySet()));
        problems.add(f.at(), f.path() + ": no " + kind + " with id " + f.shown() + "; " + hint);
        return null;
    }

    private String excludedVersion(Field f) {
        PythonVersion v = fields.version(f);
        if (v == null) {
            return null;
        }
        if (!versions.isEmpty() && !versions.containsKey(v.toString())) {
            problems.add(f.at(), f.path() + ": no python version '" + v + "'; versions are "
                    + Suggestions.quotedList(versions.keySet()));
            return null;
        }
        return v.toString();
    }

    /** Checks an os or method id and that no earlier one has the same; records it for references. */
    private String uniqueId(Field f, Map<String, Field> seen, String kind) {
        if (f == null) {
            return null;
        }
        String id = fields.id(f, "id");
        if (f.text() == null) {
            return null;
        }
        Field first = seen.putIfAbsent(f.text(), f);
        if (first != null) {
            problems.add(f.at(), f.path() + ": duplicate " + kind + " id " + f.shown() + " (first as " + first.path()
                    + " on line " + first.at().line() + "); give each " + kind + " a unique id");
            return null;
        }
        return id;
    }

}
