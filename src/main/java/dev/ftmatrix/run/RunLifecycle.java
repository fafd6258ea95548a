package dev.ftmatrix.run;

import dev.ftmatrix.engine.CellExecution;
import dev.ftmatrix.engine.Engine;
import dev.ftmatrix.engine.EngineListener;
import dev.ftmatrix.engine.InfraFailure;
import dev.ftmatrix.engine.StepResult;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.results.RunJournal;
import dev.ftmatrix.results.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run from its first cell to its end, normal or by a signal. Cells are recorded as they finish. On SIGINT or
 * SIGTERM a shutdown hook ({@link #stopFromSignal}) starts no more cells and interrupts the running ones; each is
 * recorded as {@code INFRA_ERROR} with category {@code interrupted} (its container removed), any the engine has not
 * handed back within {@link #STOP_GRACE} is recorded so by the hook, the run's remaining containers are removed and
 * run.json says {@code interrupted}. The JVM then exits with 128 + the signal's number.
 */
final class RunLifecycle {
    /** How long running cells get to end and be recorded once the run is stopped. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** How long the hook waits for the run's containers to be removed. */
    private static final Duration REMOVE_DEADLINE = Duration.ofSeconds(20);
    /** How long the main thread waits for the hook beyond that: removing containers and writing run.json. */
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(30);

    private enum State { RUNNING, STOPPING, ENDED }

    /** Engine events passed on to the run's listener, with the cells running now kept for the hook. */
    static final class Tracking implements EngineListener {
        private final RunListener delegate;
        private final Map<String, Started> running = new LinkedHashMap<>();

        Tracking(RunListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void cellStarted(Cell cell) {
            synchronized (running) {
                running.put(cell.id(), new Started(cell, Instant.now()));
            }
            delegate.cellStarted(cell);
        }

        @Override
        public void stepFinished(Cell cell, StepResult step) {
            delegate.stepFinished(cell, step);
        }

        @Override
        public void pullFailed(String image, int attempt, String error, long backoffSeconds, int retriesLeft) {
            delegate.pullFailed(image, attempt, error, backoffSeconds, retriesLeft);
        }

        private boolean isRunning(String cellId) {
            synchronized (running) {
                return running.containsKey(cellId);
            }
        }

        private void ended(String cellId) {
            synchronized (running) {
                running.remove(cellId);
            }
        }

        private List<Started> running() {
            synchronized (running) {
                return List.copyOf(running.values());
            }
        }
    }

    private record Started(Cell cell, Instant at) {
    }

    private final RunRequest request;
    private final RunJournal journal;
    private final RunInfo info;
    private final Engine engine;
    private final Tracking tracking;
    private final RunListener listener;
    private final List<Cell> planned;
    private final Map<String, CellResult> last = new LinkedHashMap<>();
    /** Attempts recorded by this process, per cell. */
    private final Map<String, Integer> attemptsRecorded = new HashMap<>();
    /** Cells whose last attempt the machine failed and that wait for their retry. */
    private final Set<String> awaitingRetry = new HashSet<>();
    private final CountDownLatch engineReturned = new CountDownLatch(1);
    private final CountDownLatch hookDone = new CountDownLatch(1);
    private State state = State.RUNNING;
    private int recordedNow;
    private int interruptedNow;
    private RunInfo ended;

    RunLifecycle(RunRequest request, RunJournal journal, RunInfo info, Engine engine, Tracking tracking,
            RunListener listener) {
        this.request = request;
        this.journal = journal;
        this.info = info;
        this.engine = engine;
        this.tracking = tracking;
        this.listener = listener;
        this.planned = request.resume() == null ? request.cells() : request.resume().planned();
        if (request.resume() != null) {
            request.resume().lastAttempts().forEach(r -> last.put(r.identity().cell(), r));
        }
    }

    /**
     * The engine's sink: records an attempt of a cell, unless the hook has already recorded the cell as interrupted,
     * and says whether to run it again (the machine failed it, a retry is left and the run is not stopping).
     */
    synchronized boolean record(CellExecution e, int engineAttempt, int retriesLeft) {
        String id = e.cell().id();
        if (state == State.ENDED || !tracking.isRunning(id)) {
            return false;
        }
        CellResult result = RunService.record(request.runId(), journal, e, nextAttempt(id),
                info.dockerServerVersion());
        tracking.ended(id);
        last.put(id, result);
        if (state == State.RUNNING && retriesLeft > 0 && Classifier.retryable(result.verdict().outcome(),
                result.verdict().failure())) {
            awaitingRetry.add(id);
            listener.attemptFailed(result, retriesLeft);
            return true;
        }
        awaitingRetry.remove(id);
        recordedNow++;
        if (isInterrupted(result)) {
            interruptedNow++;
        }
        listener.cellRecorded(result, recordedNow, request.cells().size());
        return false;
    }

    /** The attempt number of a cell's next result: after those of the run being resumed and of this process. */
    private int nextAttempt(String cellId) {
        int first = request.resume() == null ? 1 : request.resume().attemptOf(cellId);
        return first + attemptsRecorded.merge(cellId, 1, Integer::sum) - 1;
    }

    /** The engine has returned (normally or not): the hook need wait no longer for running cells. */
    void engineReturned() {
        engineReturned.countDown();
    }

    /** Ends a run whose engine returned: complete, unless a signal is ending it, then as the hook ends it. */
    RunInfo finish() {
        engineReturned();
        synchronized (this) {
            if (state == State.RUNNING) {
                state = State.ENDED;
                ended = endInfo();
                journal.writeRunInfo(ended);
                return ended;
            }
        }
        await(hookDone, STOP_GRACE.plus(CLEANUP_GRACE));
        synchronized (this) {
            return ended != null ? ended : endInfo();
        }
    }

    /** The shutdown hook. Every wait has a deadline: the JVM exits only when this returns. */
    void stopFromSignal() {
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            state = State.STOPPING;
        }
        try {
            engine.stop();
            await(engineReturned, STOP_GRACE);
            synchronized (this) {
                for (Started s : tracking.running()) {
                    record(new CellExecution(s.cell(), null, null, s.at(), Instant.now(), null, null, null,
                            new InfraFailure(InfraFailure.INTERRUPTED, "the run was interrupted"), null, false,
                            null), 0, 0);
                }
                state = State.ENDED;
                ended = endInfo();
            }
            removeContainers();
            journal.writeRunInfo(ended);
            listener.runStopped(ended, journal.dir(), interruptedNow, request.cells().size() - recordedNow);
        } finally {
            hookDone.countDown();
        }
    }

    /**
     * The daemon's API calls have no deadline of their own, so they run beside the hook, which waits
     * {@link #REMOVE_DEADLINE} for them; what a hung daemon keeps, the next run or 'ftmatrix gc' removes.
     */
    private void removeContainers() {
        Thread remover = new Thread(() -> {
            try {
                engine.removeContainers();
            } catch (RuntimeException daemonGone) {
                // The run is recorded anyway; its containers are left to the next run or 'ftmatrix gc'.
            }
        }, "ftmatrix-stop-remove");
        remover.setDaemon(true);
        remover.start();
        try {
            remover.join(REMOVE_DEADLINE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last attempt of every planned cell that has one, in plan order. */
    synchronized List<CellResult> lastAttemptsInPlanOrder() {
        return RunService.inPlanOrder(planned, new ArrayList<>(last.values()));
    }

    /** Complete when every planned cell has a final result and none was cut short by a stop. */
    private RunInfo endInfo() {
        boolean complete = awaitingRetry.isEmpty()
                && planned.stream().allMatch(c -> last.containsKey(c.id()) && !isInterrupted(last.get(c.id())));
        List<CellResult> results = new ArrayList<>(last.values());
        return info.finished(complete ? RunStatus.COMPLETE : RunStatus.INTERRUPTED, Instant.now(), results.size(),
                RunInfo.outcomeCounts(results));
    }

    private static boolean isInterrupted(CellResult r) {
        return r.verdict().outcome() == Outcome.INFRA_ERROR && r.verdict().failure() != null
                && Classifier.INTERRUPTED.equals(r.verdict().failure().category());
    }

    private static void await(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
