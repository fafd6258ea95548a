package dev.ftmatrix.cli;

import dev.ftmatrix.results.ResultsMerge;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combines result directories of one matrix, the shards of a run (run --shard I/N) or"
                + " earlier merges, into one: cells.jsonl sorted by cell id and attempt, the logs, and a run.json"
                + " with the counts, the status (complete, or incomplete when a shard is missing or a run did not"
                + " finish) and the runs it came from (merged_from).",
            "A result given twice is kept once; two different results for one cell attempt, or directories of"
                + " different matrices, are an error. Merging is idempotent, and a merged directory can be merged"
                + " again. Exit 0 when merged, 2 when the inputs cannot be merged."})
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Result directories (each with run.json and cells.jsonl).")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the merged results. Never overwritten.")
    Path out;

    @Override
    public Integer call() {
        ResultsMerge.Merged merged = ResultsMerge.merge(dirs, out);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        merged.warnings().forEach(w -> stderr.println("warning: " + w));
        RunInfo info = merged.info();
        stdout.println("merged " + dirs.size() + " result director" + (dirs.size() == 1 ? "y" : "ies") + " of "
                + info.matrix() + " into " + merged.dir() + ": " + merged.results() + " results from "
                + runs(info.mergedFrom()));
        if (merged.duplicates() > 0) {
            stdout.println("duplicates: " + merged.duplicates() + " result" + (merged.duplicates() == 1 ? "" : "s")
                    + " given more than once, kept once");
        }
        stdout.println("outcomes: " + new TreeMap<>(info.outcomes()));
        stdout.println("status:   " + info.status() + why(merged));
        return ExitCodes.OK;
    }

    private static String runs(List<RunInfo> runs) {
        String shards = runs.stream().map(r -> r.shard() == null ? "unsharded" : "shard " + r.shard())
                .collect(Collectors.joining(", "));
        return runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " (" + shards + ")";
    }

    private static String why(ResultsMerge.Merged merged) {
        if (merged.info().status() == RunStatus.COMPLETE) {
            return "";
        }
        List<String> reasons = new ArrayList<>();
        if (!merged.missingShards().isEmpty()) {
            reasons.add("missing shard " + String.join(", ", merged.missingShards()));
        }
        merged.info().mergedFrom().stream().filter(r -> r.status() != RunStatus.COMPLETE)
                .forEach(r -> reasons.add("run " + r.runId() + " is " + r.status()));
        return " (" + String.join("; ", reasons) + ")";
    }
}
