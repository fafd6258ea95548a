package dev.ftmatrix.cli;

import dev.ftmatrix.engine.ContainerGc;
import dev.ftmatrix.engine.Docker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Removes containers left by runs whose process is gone (kill -9, a lost agent).",
            "A container's owner is the process its labels name: host name, pid and start"
            + " time. Only containers of this host are judged; those of live runs, of other"
            + " hosts and without these labels are kept. 'run' does the same before it starts."})
final class GcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Say what would be removed, and remove nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ContainerGc.Report report;
        try (Docker docker = Docker.connect()) {
            report = ContainerGc.sweep(docker, dryRun);
        }
        if (report.entries().isEmpty()) {
            out.println("gc: no ftmatrix containers on this daemon");
            return ExitCodes.OK;
        }
        Table t = new Table("CONTAINER", "RUN", "CELL", "ACTION", "WHY");
        long failed = 0;
        for (ContainerGc.Entry e : report.entries()) {
            String action;
            if (e.error() != null) {
                action = "FAILED: " + e.error();
                failed++;
            } else if (e.removed()) {
                action = "removed";
            } else {
                action = e.decision().remove() ? "would remove" : "kept";
            }
            t.row(e.containerId().substring(0, Math.min(12, e.containerId().length())), e.runId(),
                    e.cell() == null ? "-" : e.cell(), action,
                    e.decision().reason());
        }
        t.print(out);
        long judgedGone = report.entries().stream().filter(e -> e.decision().remove()).count();
        long kept = report.entries().size() - judgedGone;
        out.println(dryRun
                ? "gc --dry-run: would remove " + judgedGone + ", keep " + kept + "; nothing was removed"
                : "gc: removed " + report.removed() + ", kept " + kept + (failed > 0 ? ", failed " + failed : ""));
        return failed > 0 ? ExitCodes.INFRASTRUCTURE : ExitCodes.OK;
    }
}
