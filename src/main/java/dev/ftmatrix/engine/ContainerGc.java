package dev.ftmatrix.engine;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds containers that runs left behind after being killed ({@code kill -9}, a lost agent) and removes them. A
 * container belongs to the process named by its labels: host name, pid and that process's start time. Only
 * containers of this host are judged, and one is removed only when its process is gone: no process has the pid,
 * or the process that has it started at another time (the pid was reused). Containers of live runs, of other
 * hosts sharing the daemon, and without these labels are kept.
 */
public final class ContainerGc {
    /** Start times are read from /proc in clock ticks against a boot time that clock corrections can shift. */
    private static final Duration SAME_START = Duration.ofSeconds(2);

    private ContainerGc() {
    }

    /** The process that owns a container. */
    public record Owner(String host, long pid, Instant started) {
        public Owner {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(started, "started");
        }

        public static Owner current() {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(hostName(), self.pid(), self.info().startInstant().orElse(Instant.EPOCH));
        }

        Map<String, String> labels() {
            return Map.of(RunContext.LABEL_HOST, host, RunContext.LABEL_PID, Long.toString(pid),
                    RunContext.LABEL_STARTED, started.toString());
        }
    }

    /** What to do with one container, and why, in words for the user. */
    public record Decision(boolean remove, String reason) {
    }

    /** One container looked at; {@code error} is set when removing it failed. */
    public record Entry(String containerId, String runId, String cell, Decision decision, boolean removed,
            String error) {
    }

    public record Report(List<Entry> entries, boolean dryRun) {
        public Report {
            entries = List.copyOf(entries);
        }

        public long removed() {
            return entries.stream().filter(Entry::removed).count();
        }

        public long runsRemoved() {
            return entries.stream().filter(Entry::removed).map(Entry::runId).distinct().count();
        }
    }

    /** Judges every container labelled with a run; removes those whose process is gone, unless {@code dryRun}. */
    public static Report sweep(Docker docker, boolean dryRun) {
        String host = hostName();
        List<Entry> entries = new ArrayList<>();
        List<Container> containers = docker.client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(RunContext.LABEL_RUN))
                .exec();
        for (Container c : containers) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            Decision d = judge(labels, host);
            boolean removed = false;
            String error = null;
            if (d.remove() && !dryRun) {
                try {
                    docker.client().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    removed = true;
                } catch (NotFoundException alreadyGone) {
                    removed = true;
                } catch (RuntimeException e) {
                    error = Docker.rootMessage(e);
                }
            }
            entries.add(new Entry(c.getId(), labels.get(RunContext.LABEL_RUN), labels.get(RunContext.LABEL_CELL), d,
                    removed, error));
        }
        entries.sort(Comparator.comparing((Entry e) -> String.valueOf(e.runId()))
                .thenComparing(e -> String.valueOf(e.cell())).thenComparing(Entry::containerId));
        return new Report(entries, dryRun);
    }

    /** The decision for a container with these labels, seen from {@code thisHost}. */
    static Decision judge(Map<String, String> labels, String thisHost) {
        if ("true".equals(labels.get(Inspection.LABEL_KEEP))) {
            return new Decision(false, "kept for inspection by 'repro --keep': remove it with 'docker rm -f' when"
                    + " done");
        }
        String host = labels.get(RunContext.LABEL_HOST);
        String pidLabel = labels.get(RunContext.LABEL_PID);
        String startedLabel = labels.get(RunContext.LABEL_STARTED);
        if (host == null || pidLabel == null || startedLabel == null) {
            return new Decision(false, "no owner labels (made by an older ftmatrix): remove it with 'docker rm -f'"
                    + " once its run is over");
        }
        if (!host.equals(thisHost)) {
            return new Decision(false, "made on host " + host + ": only a gc there can tell whether its run is over");
        }
        long pid;
        Instant started;
        try {
            pid = Long.parseLong(pidLabel);
            started = Instant.parse(startedLabel);
        } catch (NumberFormatException | DateTimeParseException e) {
            return new Decision(false, "unreadable owner labels (pid '" + pidLabel + "', started '" + startedLabel
                    + "'): remove it with 'docker rm -f' once its run is over");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return new Decision(true, "its run's process " + pid + " has ended");
        }
        // A process whose start time cannot be read might be the owner: keep its containers.
        Optional<Instant> now = process.get().info().startInstant();
        if (now.isPresent() && Duration.between(started, now.get()).abs().compareTo(SAME_START) > 0) {
            return new Decision(true, "its run's process " + pid + " has ended (pid " + pid
                    + " now belongs to a process started at " + now.get() + ")");
        }
        return new Decision(false, "its run's process " + pid + " is still running");
    }

    /** The kernel's host name: no DNS lookup, which can hang on a misconfigured agent. */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException notLinux) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
