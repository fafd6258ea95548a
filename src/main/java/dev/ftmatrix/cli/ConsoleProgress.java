package dev.ftmatrix.cli;

import dev.ftmatrix.engine.StepResult;
import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.RunInfo;
import dev.ftmatrix.run.RunListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws run progress from engine events: a redrawn bar on a terminal, plain lines elsewhere (CI logs).
 * Called from cell worker threads, hence synchronized.
 */
final class ConsoleProgress implements RunListener {
    enum Style {
        auto, bar, plain;

        Style resolve() {
            if (this != auto) {
                return this;
            }
            String term = System.getenv("TERM");
            return System.console() != null && term != null && !term.equals("dumb") ? bar : plain;
        }
    }

    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final Style style;
    private final int total;
    private final Map<String, String> running = new TreeMap<>();
    private int finished;

    ConsoleProgress(PrintWriter out, Style style, int total) {
        this.out = out;
        this.style = style;
        this.total = total;
    }

    @Override
    public synchronized void cellStarted(Cell cell) {
        running.put(cell.id(), "install");
        if (style == Style.plain) {
            out.println("[" + finished + "/" + total + "] started  " + cell.id());
        }
        redraw();
    }

    @Override
    public synchronized void stepFinished(Cell cell, StepResult step) {
        if (step.name().equals("install") && step.succeeded()) {
            running.put(cell.id(), "probe");
        }
        if (style == Style.plain) {
            out.println("[" + finished + "/" + total + "]   " + cell.id() + ": " + step.name() + " "
                    + (step.timedOut() ? "timed out" : "exit " + step.exitCode()) + " after "
                    + Formats.seconds(step.duration().toMillis() / 1000.0));
        }
        redraw();
    }

    @Override
    public synchronized void pullFailed(String image, int attempt, String error, long backoffSeconds,
            int retriesLeft) {
        out.println("pulling " + image + " failed (" + error + "), attempt " + attempt + "; retrying in "
                + backoffSeconds + " s, " + retriesLeft + (retriesLeft == 1 ? " retry" : " retries") + " left");
    }

    @Override
    public synchronized void attemptFailed(CellResult result, int retriesLeft) {
        if (style == Style.bar) {
            out.print("\r\033[2K");
        }
        out.println("[" + finished + "/" + total + "] " + result.verdict().outcome() + "  " + result.identity().cell()
                + "  (" + result.verdict().failure().category() + "), attempt " + result.identity().attempt()
                + "; retrying, " + retriesLeft + (retriesLeft == 1 ? " retry" : " retries") + " left");
        redraw();
    }

    @Override
    public synchronized void cellRecorded(CellResult result, int done, int all) {
        finished = done;
        running.remove(result.identity().cell());
        String line = "[" + done + "/" + all + "] " + result.verdict().outcome() + "  " + result.identity().cell()
                + "  " + Formats.seconds(result.execution().durations().totalS())
                + (result.verdict().failure() == null ? "" : "  (" + result.verdict().failure().category() + ")");
        if (style == Style.bar) {
            out.print("\r\033[2K");
        }
        out.println(line);
        redraw();
    }

    @Override
    public synchronized void leftoversRemoved(long containers, long runs) {
        out.println("gc: removed " + containers + " container" + (containers == 1 ? "" : "s") + " of " + runs
                + " earlier run" + (runs == 1 ? "" : "s") + " whose process is gone (see ftmatrix gc --help)");
        out.flush();
    }

    @Override
    public synchronized void tornLineRemoved(Path cellsFile, long bytes) {
        out.println(cellsFile + ": removed a torn last line (" + bytes + " bytes, a cell being recorded when the run"
                + " was killed); that cell runs again");
        out.flush();
    }

    @Override
    public synchronized void runStopped(RunInfo info, Path dir, int interrupted, int notStarted) {
        if (style == Style.bar) {
            out.print("\r\033[2K");
        }
        out.println("ftmatrix: run " + info.runId() + " stopped: " + interrupted + " running cell"
                + (interrupted == 1 ? "" : "s") + " recorded as interrupted, " + notStarted + " not started, its"
                + " containers removed; finish it with: ftmatrix run --resume " + dir);
        out.flush();
    }

    synchronized void finish() {
        if (style == Style.bar) {
            out.print("\r\033[2K");
        }
        out.flush();
    }

    private void redraw() {
        if (style != Style.bar) {
            out.flush();
            return;
        }
        int filled = total == 0 ? BAR_WIDTH : finished * BAR_WIDTH / total;
        String current = running.isEmpty() ? "" : "  " + running.entrySet().iterator().next().getKey() + " ("
                + running.entrySet().iterator().next().getValue() + ")" + (running.size() > 1 ? " +" + (running.size() - 1) : "");
        out.print("\r\033[2K[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + finished + "/" + total + current);
        out.flush();
    }
}
