package dev.ftmatrix.results;

import dev.ftmatrix.BadInputException;
import dev.ftmatrix.Sha256;
import dev.ftmatrix.matrix.Shard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Combines result directories, the shards of one run ({@code run --shard I/N}) or earlier merges of them, into one
 * result directory that reads like a single run: {@code cells.jsonl} sorted by cell id and attempt, the logs,
 * and a {@code run.json} describing the whole.
 *
 * <p>Rules: every input must come from the same matrix file (name and SHA-256). A cell attempt (cell id and
 * attempt number) is kept once: the same result given twice (a directory named twice, or a shard and a merge that
 * holds it) is a duplicate and dropped; two different results for one cell attempt are an error, because shards
 * never share cells and picking one would hide a result. A merged directory lists the original runs in
 * {@code merged_from}, never an intermediate merge, so merging is idempotent and a merge can be merged again.
 * Everything is checked before anything is written; an output directory that already holds a run is refused.
 */
public final class ResultsMerge {
    private static final Comparator<Key> CELL_ORDER =
            Comparator.comparing(Key::cell).thenComparingInt(Key::attempt);

    private ResultsMerge() {
    }

    /**
     * What a merge wrote: its run.json, how many results it kept and dropped as duplicates, the shards that are
     * missing ({@code I/N}), and what it could not carry over (a result's log that was not there).
     */
    public record Merged(RunInfo info, Path dir, int results, int duplicates, List<String> missingShards,
            List<String> warnings) {
        public Merged {
            missingShards = List.copyOf(missingShards);
            warnings = List.copyOf(warnings);
        }
    }

    /** The inputs cannot be merged, or one is not a result directory: bad input, exit 2. */
    public static final class MergeException extends BadInputException {
        private static final long serialVersionUID = 1L;

        public MergeException(String message) {
            super(message);
        }
    }

    private record Source(Path dir, RunInfo info) {
    }

    private record Key(String cell, int attempt) {
    }

    /** One kept result: where it came from, its canonical JSON line, and the log file to copy. */
    private record Kept(Source source, CellResult result, String json, Path logFile) {
    }

    public static Merged merge(List<Path> inputs, Path out) {
        if (inputs.isEmpty()) {
            throw new MergeException("name at least one result directory to merge");
        }
        List<Source> sources = inputs.stream().map(ResultsMerge::open).toList();
        requireOneMatrix(sources);
        List<String> warnings = new ArrayList<>();
        Map<Key, Kept> kept = new TreeMap<>(CELL_ORDER);
        int duplicates = 0;
        for (Source source : sources) {
            for (CellResult read : readCells(source, warnings)) {
                Kept candidate = withLog(source, read, warnings);
                Kept earlier = kept.putIfAbsent(new Key(read.identity().cell(), read.identity().attempt()), candidate);
                if (earlier == null) {
                    continue;
                }
                if (!earlier.json().equals(candidate.json())) {
                    throw new MergeException(earlier.source().dir() + " and " + source.dir() + " both hold cell "
                            + read.identity().cell() + " attempt " + read.identity().attempt()
                            + " with different results (from runs " + earlier.result().identity().runId() + " and "
                            + read.identity().runId() + "); merge combines the shards of"
                            + " one run, which never share a cell: leave one of the two directories out");
                }
                duplicates++;
            }
        }
        Map<String, Path> logs = logCopies(kept.values());
        List<CellResult> results = kept.values().stream().map(Kept::result).toList();
        List<RunInfo> runs = originalRuns(sources);
        List<String> missing = missingShards(runs);
        RunInfo info = describe(runs, results, missing);
        try (RunJournal journal = RunJournal.create(out)) {
            for (Map.Entry<String, Path> log : logs.entrySet()) {
                copy(log.getValue(), out.resolve(log.getKey()));
            }
            results.forEach(journal::append);
            journal.writeRunInfo(info);
        }
        return new Merged(info, out, results.size(), duplicates, missing, warnings.stream().distinct().toList());
    }

    private static Source open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MergeException(dir + " is not a result directory (give the --out directory of ftmatrix run"
                    + " or ftmatrix merge)");
        }
        for (String required : List.of(RunJournal.RUN, RunJournal.CELLS)) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new MergeException(dir + " is not a result directory: it has no " + required
                        + " (give the --out directory of ftmatrix run or ftmatrix merge)");
            }
        }
        Path file = dir.resolve(RunJournal.RUN);
        RunInfo info;
        try {
            info = Json.MAPPER.readValue(file.toFile(), RunInfo.class);
        } catch (IOException e) {
            throw new MergeException(file + ": not a run description: " + firstLine(e.getMessage()));
        }
        if (info == null || info.runId() == null || info.matrix() == null) {
            throw new MergeException(file + ": not a run description: it names no run id or matrix");
        }
        return new Source(dir, info);
    }

    private static void requireOneMatrix(List<Source> sources) {
        Source first = sources.get(0);
        for (Source other : sources) {
            if (!first.info().matrix().equals(other.info().matrix())
                    || !Objects.equals(first.info().matrixSha256(), other.info().matrixSha256())) {
                throw new MergeException("cannot merge results of different matrices: " + describeMatrix(first)
                        + " but " + describeMatrix(other) + "; merge only results of one matrix file");
            }
        }
    }

    private static String describeMatrix(Source s) {
        return s.dir() + " has matrix '" + s.info().matrix() + "' (matrix_sha256 " + s.info().matrixSha256() + ")";
    }

    /** The results of a directory's cells.jsonl; a torn last line (a run killed while writing it) is left out. */
    private static List<CellResult> readCells(Source source, List<String> warnings) {
        List<CellResult> results = new ArrayList<>();
        ResultsReader.ReadSummary summary = ResultsReader.read(source.dir(), results::add);
        if (summary.tornLastLine()) {
            warnings.add(summary.file() + ": left out an unfinished last line (the run was stopped while writing it)");
        }
        return results;
    }

    /** The result with the log file it names, or with no log (and a warning) when that file is not there. */
    private static Kept withLog(Source source, CellResult r, List<String> warnings) {
        CellResult result = r;
        Path logFile = null;
        if (r.execution().log() != null) {
            logFile = logFile(source.dir(), r.execution().log());
            if (logFile == null) {
                warnings.add(source.dir() + ": the log of " + r.identity().cell() + " attempt " + r.identity().attempt()
                        + " (" + r.execution().log()
                        + ") is not in the directory; the merged result names no log for it");
                result = r.withLog(null);
            }
        }
        try {
            return new Kept(source, result, Json.MAPPER.writeValueAsString(result), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file a relative log path names inside the directory; null if it is elsewhere or missing. */
    private static Path logFile(Path dir, String log) {
        Path relative;
        try {
            relative = Path.of(log);
        } catch (InvalidPathException e) {
            return null;
        }
        Path base = dir.toAbsolutePath().normalize();
        Path file = base.resolve(relative).normalize();
        return !relative.isAbsolute() && file.startsWith(base) && Files.isRegularFile(file) ? file : null;
    }

    /**
     * Log files to copy, by the relative path results name them with. Two results naming one path must have
     * the same log (a shard merged twice); different logs under one name would leave one result pointing at
     * the other's log.
     */
    private static Map<String, Path> logCopies(Iterable<Kept> kept) {
        Map<String, Path> copies = new TreeMap<>();
        for (Kept k : kept) {
            if (k.logFile() == null) {
                continue;
            }
            String name = Path.of(k.result().execution().log()).normalize().toString();
            Path earlier = copies.putIfAbsent(name, k.logFile());
            if (earlier != null && !earlier.equals(k.logFile()) && !sameContent(earlier, k.logFile())) {
                throw new MergeException(earlier + " and " + k.logFile() + " are different logs that results name"
                        + " with the same path " + name + "; merge combines the shards of one run, which never share"
                        + " a cell: leave one of the two directories out");
            }
        }
        return copies;
    }

    private static boolean sameContent(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            throw new MergeException("cannot read " + a + " or " + b + ": " + e.getMessage());
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    /** The runs behind the inputs, each once: a merged input stands for the runs it lists. */
    private static List<RunInfo> originalRuns(List<Source> sources) {
        Map<String, RunInfo> byId = new LinkedHashMap<>();
        for (Source s : sources) {
            List<RunInfo> runs = s.info().mergedFrom().isEmpty() ? List.of(s.info()) : s.info().mergedFrom();
            for (RunInfo run : runs) {
                checkShard(s, run);
                byId.putIfAbsent(run.runId(), run);
            }
        }
        List<RunInfo> runs = new ArrayList<>(byId.values());
        runs.sort(Comparator.comparing((RunInfo r) -> r.shard() == null ? 0 : Shard.parse(r.shard()).count())
                .thenComparing(r -> r.shard() == null ? 0 : Shard.parse(r.shard()).index())
                .thenComparing(RunInfo::runId));
        return runs;
    }

    private static void checkShard(Source s, RunInfo run) {
        if (run.shard() == null) {
            return;
        }
        try {
            Shard.parse(run.shard());
        } catch (IllegalArgumentException e) {
            throw new MergeException(s.dir().resolve(RunJournal.RUN) + ": run " + run.runId() + " has shard "
                    + e.getMessage());
        }
    }

    /**
     * Shards absent from each split. Runs of one split share the shard count and the options that chose their
     * cells (--only, --skip, --repeats); shards of different splits do not complete each other.
     */
    private static List<String> missingShards(List<RunInfo> runs) {
        Map<List<Object>, TreeSet<Integer>> present = new LinkedHashMap<>();
        Map<List<Object>, Integer> counts = new LinkedHashMap<>();
        for (RunInfo r : runs) {
            if (r.shard() == null) {
                continue;
            }
            Shard shard = Shard.parse(r.shard());
            List<Object> split = Arrays.asList(shard.count(), r.only(), r.skip(), r.repeats());
            present.computeIfAbsent(split, k -> new TreeSet<>()).add(shard.index());
            counts.put(split, shard.count());
        }
        List<String> missing = new ArrayList<>();
        present.forEach((split, indexes) -> {
            int count = counts.get(split);
            for (int i = 1; i <= count; i++) {
                if (!indexes.contains(i)) {
                    missing.add(i + "/" + count);
                }
            }
        });
        return missing;
    }

    /**
     * The merged run.json. A value the runs agree on is kept; where they differ (hosts, versions) it is null
     * and each run's own value is in merged_from. Images map to every digest the runs used, joined by ", ".
     */
    private static RunInfo describe(List<RunInfo> runs, List<CellResult> results, List<String> missing) {
        RunInfo first = runs.get(0);
        boolean complete = missing.isEmpty() && runs.stream().allMatch(r -> r.status() == RunStatus.COMPLETE);
        Instant started = runs.stream().map(RunInfo::startedAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .orElse(null);
        Instant finished = runs.stream().map(RunInfo::finishedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new RunInfo(mergeId(runs, started), complete ? RunStatus.COMPLETE : RunStatus.INCOMPLETE, first.matrix(),
                common(runs, RunInfo::matrixFile), first.matrixSha256(), common(runs, RunInfo::ftmatrixVersion),
                started, finished, common(runs, RunInfo::dockerHost), common(runs, RunInfo::dockerServerVersion),
                common(runs, RunInfo::dockerApiVersion), common(runs, RunInfo::javaVersion),
                common(runs, RunInfo::hostOs), runs.stream().mapToInt(RunInfo::parallel).sum(),
                common(runs, RunInfo::pull), common(runs, RunInfo::only), common(runs, RunInfo::skip),
                common(runs, RunInfo::repeats), null,
                runs.stream().mapToInt(RunInfo::cellsPlanned).sum(), results.size(), RunInfo.outcomeCounts(results),
                images(runs), runs);
    }

    private static <T> T common(List<RunInfo> runs, Function<RunInfo, T> field) {
        T value = field.apply(runs.get(0));
        return runs.stream().allMatch(r -> Objects.equals(field.apply(r), value)) ? value : null;
    }

    private static Map<String, String> images(List<RunInfo> runs) {
        Map<String, TreeSet<String>> digests = new TreeMap<>();
        runs.forEach(r -> r.images().forEach((image, digest) -> digests.computeIfAbsent(image, k -> new TreeSet<>())
                .add(digest)));
        Map<String, String> joined = new TreeMap<>();
        digests.forEach((image, set) -> joined.put(image, String.join(", ", set)));
        return joined;
    }

    /**
     * Derived from the runs, so that merging the same runs again gives the same id; it sorts by the first start
     * among run ids: {@code 20261125-170000-merge-1a2b3c4d}.
     */
    private static String mergeId(List<RunInfo> runs, Instant started) {
        String ids = runs.stream().map(RunInfo::runId).sorted().collect(Collectors.joining("\n"));
        return (started == null ? "" : RunInfo.ID_TIME.format(started) + "-") + "merge-"
                + Sha256.hex(ids).substring(0, 8);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
