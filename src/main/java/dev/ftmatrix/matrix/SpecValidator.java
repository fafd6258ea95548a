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
import java.net.URI;
import java.net.URISyntaxException;
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
    private static final int DEFAULT_REPEATS = 1;
    private static final int DEFAULT_PARALLEL = 1;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    private static final int DEFAULT_RETRIES = 2;
    // More than a few retries would hide a machine that is broken rather than unlucky.
    static final int MAX_RETRIES = 10;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,7})(KiB|MiB|GiB|TiB)");
    private static final Pattern CPUS = Pattern.compile("\\d{1,4}(?:\\.\\d{1,2})?");
    private static final long MIB = 1024L * 1024;
    // Below this not even apt-get update runs; above it no machine we know of.
    private static final long MIN_MEMORY = 64 * MIB;
    private static final long MAX_MEMORY = 1024L * 1024 * MIB;
    private static final int MAX_CPUS = 1024;
    private static final int MIN_PIDS = 64;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String ID_RULE = "use letters, digits, '.', '_' and '-', starting with a letter or digit";
    private static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_REF = Pattern.compile("env:([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    // Far beyond any sensible count, and safe to multiply: the cell limit catches the silly ones.
    private static final int MAX_INTEGER = 1_000_000_000;
    private static final int MAX_INTEGER_DIGITS = 18;
    // Four digits a part keeps the numbers small enough to parse; no CPython comes near.
    private static final Pattern VERSION = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:\\.\\d{1,4})?(t?)");
    private static final Pattern IMAGE = Pattern.compile("\\S+");
    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");
    private static final int FIRST_FREE_THREADED_MINOR = 13;
    // Room for any sensible one-liner; anything longer belongs in a test module of its own.
    private static final int MAX_CHECK_LENGTH = 500;

    private static final String RECIPES_HINT = "Recipes are the scripts in containers/recipes/";
    private static final String NO_CELLS = "matrix expands to no cells: every combination is excluded or no method"
            + " applies to any os; remove an exclude or widen a method's 'os' globs";
    private static final String CHECK_HINT = "; write a single Python expression such as 'numpy.ones(3).sum() == 3'";

    private final Problems problems;
    private final Set<String> knownRecipes;
    private final Path source;
    /** Ids as written, even invalid ones, so that references to them are not reported a second time. */
    private final Map<String, Field> osIds = new LinkedHashMap<>();
    private final Map<String, Field> methodIds = new LinkedHashMap<>();
    private final Map<String, Field> versions = new LinkedHashMap<>();

    private SpecValidator(Path source, Problems problems, Set<String> knownRecipes) {
        this.source = source;
        this.problems = problems;
        this.knownRecipes = new TreeSet<>(knownRecipes);
    }

    /** The matrix, or null when this file has any problem, found here or earlier. */
    static Matrix validate(Path source, MatrixSpec spec, Set<String> knownRecipes, Problems problems) {
        return new SpecValidator(source, problems, knownRecipes).matrix(source, spec);
    }

    private Matrix matrix(Path source, MatrixSpec spec) {
        String name = spec.name() == null ? null : id(spec.name(), "name");
        List<PythonVersion> python = python(spec.python());
        Integer repeats = spec.repeats() == null ? Integer.valueOf(DEFAULT_REPEATS) : positive(spec.repeats());
        Duration timeout = spec.timeout() == null ? DEFAULT_TIMEOUT : duration(spec.timeout());
        Integer parallel = spec.parallel() == null ? Integer.valueOf(DEFAULT_PARALLEL) : positive(spec.parallel());
        NetworkMode network = spec.network() == null ? NetworkMode.NONE : network(spec.network());
        Integer retries = spec.retries() == null ? Integer.valueOf(DEFAULT_RETRIES) : retries(spec.retries());
        ResourceLimits limits = limits(spec.limits(), ResourceLimits.DEFAULT);
        List<OsSpec> os = os(spec.os());
        List<MethodSpec> methods = methods(spec.methods(), limits == null ? ResourceLimits.DEFAULT : limits);
        List<Exclude> exclude = excludes(spec.exclude());
        Smoke smoke = smoke(spec.smoke());
        if (!problems.isEmpty()) {
            return null;
        }
        Matrix matrix = new Matrix(source, name, python, repeats, timeout, parallel, network, os, methods,
                exclude, smoke, retries, limits);
        long combinations = Matrices.combinations(matrix, true);
        if (combinations == 0) {
            boolean excludesRemovedAll = Matrices.combinations(matrix, false) > 0;
            problems.add(excludesRemovedAll ? spec.exclude().at() : spec.methods().at(), NO_CELLS);
            return null;
        }
        long cells = combinations * repeats;
        if (cells > MAX_CELLS) {
            problems.add(spec.repeats() != null ? spec.repeats().at() : spec.methods().at(),
                    "matrix expands to " + cells + " cells; at most " + MAX_CELLS
                            + " can run, so lower 'repeats' or split the matrix");
            return null;
        }
        return matrix;
    }

    private List<PythonVersion> python(Seq<Field> seq) {
        List<PythonVersion> result = new ArrayList<>();
        if (seq == null) {
            return result;
        }
        if (seq.written() == 0) {
            problems.add(seq.at(), seq.path() + ": must list at least one version");
        }
        for (Field f : seq.items()) {
            PythonVersion v = version(f);
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

    private PythonVersion version(Field f) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        String text = f.text();
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not a Python version; write a free-threaded version such as '3.13t' or '3.13.5t'");
            return null;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 3 || (major == 3 && minor < FIRST_FREE_THREADED_MINOR)) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not a free-threaded version; free threading starts with CPython 3.13, e.g. '3.13t'");
            return null;
        }
        if (m.group(3).isEmpty()) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not a free-threaded version; write it with a 't' suffix, e.g. '" + text + "t'");
            return null;
        }
        return PythonVersion.parseOrNull(text);
    }

    private List<OsSpec> os(Seq<OsEntry> seq) {
        List<OsSpec> result = new ArrayList<>();
        if (seq == null) {
            return result;
        }
        if (seq.written() == 0) {
            problems.add(seq.at(), seq.path() + ": must list at least one os");
        }
        for (OsEntry entry : seq.items()) {
            String id = uniqueId(entry.id(), osIds, "os");
            Executor executor = executor(entry.executor());
            if (executor == Executor.HOST) {
                String family = family(entry.family(), true);
                if (id != null && (entry.family() == null || family != null)) {
                    result.add(new OsSpec(id, null, executor,
                            family != null ? family : OsFamily.ofHostId(id).orElse(null)));
                }
                continue;
            }
            String image = entry.image() == null ? null : image(entry.image());
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

    /** Absent means a container; null after reporting a bad value. */
    private Executor executor(Field f) {
        if (f == null) {
            return Executor.CONTAINER;
        }
        for (Executor e : Executor.values()) {
            if (e.label().equals(f.text())) {
                return e;
            }
        }
        problems.add(f.at(), f.path() + ": " + f.shown() + " is not an executor; write 'container' (the default) or 'host'");
        return null;
    }

    private String image(Field f) {
        if (f.text() == null || f.text().isEmpty()) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        if (!IMAGE.matcher(f.text()).matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not an image reference; write it like 'debian:trixie'");
            return null;
        }
        return f.text();
    }

    private List<MethodSpec> methods(Seq<MethodEntry> seq, ResourceLimits matrixLimits) {
        List<MethodSpec> result = new ArrayList<>();
        if (seq == null) {
            return result;
        }
        if (seq.written() == 0) {
            problems.add(seq.at(), seq.path() + ": must list at least one method");
        }
        for (MethodEntry entry : seq.items()) {
            String id = uniqueId(entry.id(), methodIds, "method");
            String recipe = entry.recipe() == null ? null : recipe(entry.recipe());
            Tier tier = entry.tier() == null ? null : tier(entry.tier());
            Map<String, String> with = with(entry.with());
            List<String> globs = globs(entry.os());
            SmokeOverride smoke = entry.smoke() == null ? SmokeOverride.NONE : smokeSettings(entry.smoke());
            Map<String, Secret> secrets = secrets(entry.secrets());
            ResourceLimits limits = limits(entry.limits(), matrixLimits);
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
        Integer level = positiveOrNull(f.text());
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
        for (Param p : params) {
            if (!PARAMETER.matcher(p.key().text()).matches()) {
                problems.add(p.key().at(), p.key().path() + ": " + p.key().shown() + " is not a valid parameter"
                        + " name; use lowercase letters, digits and '_', starting with a letter");
                valid = false;
            }
            if (p.value().text() == null) {
                problems.add(p.value().at(), p.value().wrong());
                valid = false;
            }
            result.put(p.key().text(), p.value().text());
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
        for (Field f : seq.items()) {
            if (f.text() == null) {
                problems.add(f.at(), f.wrong());
                valid = false;
            } else if (!osIds.isEmpty() && osIds.keySet().stream().noneMatch(id -> Globs.matches(f.text(), id))) {
                problems.add(f.at(), f.path() + ": " + f.shown() + " matches no os id; os ids are "
                        + Suggestions.quotedList(osIds.keySet()));
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
        String hint = Suggestions.closest(f.text(), ids.keySet())
                .map(s -> "did you mean '" + s + "'?")
                .orElse(kind + " ids are " + Suggestions.quotedList(ids.keySet()));
        problems.add(f.at(), f.path() + ": no " + kind + " with id " + f.shown() + "; " + hint);
        return null;
    }

    private String excludedVersion(Field f) {
        PythonVersion v = version(f);
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

    private Smoke smoke(SmokeEntry entry) {
        if (entry == null) {
            return Smoke.DEFAULT;
        }
        Boolean venv = entry.venv() == null ? Boolean.valueOf(Smoke.DEFAULT.venv()) : bool(entry.venv());
        Integer threads =
                entry.threads() == null ? Integer.valueOf(Smoke.DEFAULT.threads()) : positive(entry.threads());
        Boolean timing = entry.timing() == null ? Boolean.TRUE : bool(entry.timing());
        Smoke.Baseline baseline = entry.baseline() == null ? Smoke.Baseline.TWIN : baseline(entry.baseline());
        SmokeOverride settings = smokeSettings(entry.settings());
        return venv == null || threads == null || timing == null || baseline == null ? null
                : settings.applyTo(Smoke.of(venv, threads).withTiming(new Smoke.Timing(timing, baseline)));
    }

    /**
     * The settings given, checked. A wrong one is reported and left out, as if not given: the matrix is not built
     * when there is any problem, so it never takes effect.
     */
    private SmokeOverride smokeSettings(SmokeSettings s) {
        return new SmokeOverride(
                s.packages() == null ? null : packages(s.packages()),
                s.indexUrl() == null ? null : httpUrl(s.indexUrl()),
                s.extraIndexUrl() == null ? null : httpUrl(s.extraIndexUrl()),
                s.findLinks() == null ? null : findLinks(s.findLinks()),
                s.allowSdist() == null ? null : bool(s.allowSdist()));
    }

    /** Each project at most once, compared by normalized name, as pip compares them. */
    private List<PackageSpec> packages(Seq<PackageEntry> seq) {
        List<PackageSpec> result = new ArrayList<>();
        Map<String, PackageEntry> seen = new HashMap<>();
        for (PackageEntry entry : seq.items()) {
            Field requirement = entry.requirement();
            String project = projectName(requirement);
            String name = project == null ? null : Requirements.normalize(project);
            PackageEntry first = name == null ? null : seen.putIfAbsent(name, entry);
            if (first != null) {
                problems.add(requirement.at(), entry.path() + ": " + MatrixSpec.quoted(project) + " is listed twice"
                        + " (first as " + first.path() + " on line " + first.requirement().at().line()
                        + "); list each project once");
            }
            String importName =
                    entry.importName() != null ? moduleName(entry.importName()) : derivedModuleName(entry, project);
            String check = entry.check() == null ? null : check(entry.check());
            if (name != null && first == null && importName != null) {
                result.add(new PackageSpec(requirement.text(), name, importName, check));
            }
        }
        return result;
    }

    /** Null when the requirement is wrong, or missing, which has been reported already. */
    private String projectName(Field f) {
        if (f == null) {
            return null;
        }
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        String project = Requirements.projectName(f.text());
        if (project == null) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a requirement specifier; write a project name"
                    + " with optional version bounds, e.g. 'numpy' or 'cython>=3.1'");
        }
        return project;
    }

    private String moduleName(Field f) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        if (!Requirements.isModuleName(f.text())) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a Python module name; write it as you would"
                    + " in an import statement, e.g. 'yaml'");
            return null;
        }
        return f.text();
    }

    /**
     * Projects such as {@code 3to2} have no module of the same name; those must say what to import. Null also when
     * there is no valid project name to derive from.
     */
    private String derivedModuleName(PackageEntry entry, String project) {
        if (project == null) {
            return null;
        }
        String derived = Requirements.importName(project);
        if (!Requirements.isModuleName(derived)) {
            problems.add(entry.requirement().at(), entry.path() + ": cannot derive a module name from "
                    + MatrixSpec.quoted(project) + "; add 'import' with the name you would write in an import"
                    + " statement");
            return null;
        }
        return derived;
    }

    private String check(Field f) {
        String text = f.text();
        if (text == null) {
            problems.add(f.at(), f.wrong());
        } else if (text.isBlank()) {
            problems.add(f.at(), f.path() + ": must not be empty" + CHECK_HINT);
        } else if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            problems.add(f.at(), f.path() + ": must be one line" + CHECK_HINT);
        } else if (text.codePointCount(0, text.length()) > MAX_CHECK_LENGTH) {
            problems.add(f.at(), f.path() + ": must be at most " + MAX_CHECK_LENGTH + " characters, got "
                    + text.codePointCount(0, text.length()) + CHECK_HINT);
        } else {
            return text;
        }
        return null;
    }

    private String httpUrl(Field f) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        if (!isHttpUrl(f.text())) {
            problems.add(f.at(), f.path() + ": " + f.shown()
                    + " is not an http(s) URL; write it like 'https://pypi.org/simple'");
            return null;
        }
        return f.text();
    }

    /** The path is inside the cell's container, so absolute means a POSIX path. */
    private String findLinks(Field f) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        String text = f.text();
        boolean absolutePath = text.startsWith("/") && text.chars().noneMatch(Character::isISOControl);
        if (!absolutePath && !isHttpUrl(text)) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is neither an http(s) URL nor an absolute path;"
                    + " write it like '/srv/wheels' or 'https://example.org/wheels/'");
            return null;
        }
        return text;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private String id(Field f, String noun) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        if (!ID.matcher(f.text()).matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a valid " + noun + "; " + ID_RULE);
            return null;
        }
        return f.text();
    }

    /** Checks an os or method id and that no earlier one has the same; records it for references. */
    private String uniqueId(Field f, Map<String, Field> seen, String kind) {
        if (f == null) {
            return null;
        }
        String id = id(f, "id");
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

    private Integer retries(Field f) {
        Integer n = f.text() != null && f.text().matches("0|[1-9][0-9]?") ? Integer.valueOf(f.text()) : null;
        if (n == null || n > MAX_RETRIES) {
            problems.add(f.at(), f.wrong() + "; 0 turns retries off");
            return null;
        }
        return n;
    }

    /** {@code base} with the limits given in {@code entry} in their place; null after reporting a bad one. */
    private ResourceLimits limits(LimitsEntry entry, ResourceLimits base) {
        if (entry == null) {
            return base;
        }
        Long memory = entry.memory() == null ? null : memory(entry.memory());
        Double cpus = entry.cpus() == null ? null : cpus(entry.cpus());
        Integer pids = entry.pids() == null ? null : pids(entry.pids());
        boolean valid = (entry.memory() == null || memory != null) && (entry.cpus() == null || cpus != null)
                && (entry.pids() == null || pids != null);
        return valid ? base.with(memory, cpus, pids == null ? null : Long.valueOf(pids)) : null;
    }

    private Long memory(Field f) {
        Matcher m = f.text() == null ? null : SIZE.matcher(f.text());
        if (m == null || !m.matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a size; write a whole number with a binary"
                    + " unit, e.g. 512MiB or 4GiB");
            return null;
        }
        long unit = switch (m.group(2)) {
            case "KiB" -> 1024L;
            case "MiB" -> MIB;
            case "GiB" -> 1024 * MIB;
            default -> 1024 * 1024 * MIB;
        };
        long bytes = Long.parseLong(m.group(1)) * unit;
        if (bytes < MIN_MEMORY) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is too small; a cell needs at least 64MiB");
            return null;
        }
        if (bytes > MAX_MEMORY) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is too large; use at most 1TiB");
            return null;
        }
        return bytes;
    }

    private Double cpus(Field f) {
        if (f.text() == null || !CPUS.matcher(f.text()).matches()) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is not a number of CPUs; write it like 2 or 1.5");
            return null;
        }
        double cpus = Double.parseDouble(f.text());
        if (cpus < 0.01 || cpus > MAX_CPUS) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is out of range; use from 0.01 to " + MAX_CPUS
                    + ", or leave 'cpus' out for no CPU limit");
            return null;
        }
        return cpus;
    }

    private Integer pids(Field f) {
        Integer n = positive(f);
        if (n != null && n < MIN_PIDS) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is too low; package managers and builds need at least "
                    + MIN_PIDS + " processes");
            return null;
        }
        return n;
    }

    private Integer positive(Field f) {
        Integer n = positiveOrNull(f.text());
        if (n != null) {
            return n;
        }
        if (f.text() != null && DIGITS.matcher(f.text()).matches() && !f.text().matches("0+")) {
            problems.add(f.at(), f.path() + ": " + f.shown() + " is too large; use at most " + MAX_INTEGER);
        } else {
            problems.add(f.at(), f.wrong());
        }
        return null;
    }

    private static Integer positiveOrNull(String text) {
        if (text == null || !DIGITS.matcher(text).matches()) {
            return null;
        }
        long n = text.length() > MAX_INTEGER_DIGITS ? Long.MAX_VALUE : Long.parseLong(text);
        return n > 0 && n <= MAX_INTEGER ? Integer.valueOf((int) n) : null;
    }

    private Duration duration(Field f) {
        if (f.text() == null) {
            problems.add(f.at(), f.wrong());
            return null;
        }
        try {
            return Durations.parse(f.text());
        } catch (IllegalArgumentException e) {
            problems.add(f.at(), f.path() + ": " + e.getMessage());
            return null;
        }
    }

    private NetworkMode network(Field f) {
        for (NetworkMode mode : NetworkMode.values()) {
            if (mode.dockerName().equals(f.text())) {
                return mode;
            }
        }
        problems.add(f.at(), f.wrong());
        return null;
    }

    private Smoke.Baseline baseline(Field f) {
        for (Smoke.Baseline b : Smoke.Baseline.values()) {
            if (b.word().equals(f.text())) {
                return b;
            }
        }
        problems.add(f.at(), f.wrong());
        return null;
    }

    private Boolean bool(Field f) {
        String text = f.text() == null ? "" : f.text().toLowerCase(Locale.ROOT);
        if (TRUE.contains(text)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(text)) {
            return Boolean.FALSE;
        }
        problems.add(f.at(), f.wrong());
        return null;
    }
}
