package dev.ftmatrix.matrix;

import dev.ftmatrix.matrix.MatrixSpec.Field;
import dev.ftmatrix.matrix.MatrixSpec.PackageEntry;
import dev.ftmatrix.matrix.MatrixSpec.Seq;
import dev.ftmatrix.matrix.MatrixSpec.SmokeEntry;
import dev.ftmatrix.matrix.MatrixSpec.SmokeSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rules for the smoke probe's settings: the matrix's and each method's, packages, indexes and checks. */
final class SmokeRules {
    // Room for any sensible one-liner; anything longer belongs in a test module of its own.
    private static final int MAX_CHECK_LENGTH = 500;
    private static final String CHECK_HINT = "; write a single Python expression such as 'numpy.ones(3).sum() == 3'";

    private final Problems problems;
    private final FieldRules fields;

    SmokeRules(Problems problems, FieldRules fields) {
        this.problems = problems;
        this.fields = fields;
    }

    Smoke smoke(SmokeEntry entry) {
        if (entry == null) {
            return Smoke.DEFAULT;
        }
        Boolean venv = entry.venv() == null ? Boolean.valueOf(Smoke.DEFAULT.venv()) : fields.bool(entry.venv());
        Integer threads =
                entry.threads() == null ? Integer.valueOf(Smoke.DEFAULT.threads()) : fields.positive(entry.threads());
        Boolean timing = entry.timing() == null ? Boolean.TRUE : fields.bool(entry.timing());
        Smoke.Baseline baseline = entry.baseline() == null ? Smoke.Baseline.TWIN : baseline(entry.baseline());
        SmokeOverride settings = smokeSettings(entry.settings());
        return venv == null || threads == null || timing == null || baseline == null ? null
                : settings.applyTo(Smoke.of(venv, threads).withTiming(new Smoke.Timing(timing, baseline)));
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

    /**
     * The settings given, checked. A wrong one is reported and left out, as if not given: the matrix is not built
     * when there is any problem, so it never takes effect.
     */
    SmokeOverride smokeSettings(SmokeSettings s) {
        return new SmokeOverride(
                s.packages() == null ? null : packages(s.packages()),
                s.indexUrl() == null ? null : httpUrl(s.indexUrl()),
                s.extraIndexUrl() == null ? null : httpUrl(s.extraIndexUrl()),
                s.findLinks() == null ? null : findLinks(s.findLinks()),
                s.allowSdist() == null ? null : fields.bool(s.allowSdist()));
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
}
