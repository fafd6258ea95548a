package dev.ftmatrix.run;

import dev.ftmatrix.matrix.Cell;
import dev.ftmatrix.results.CellResult;
import dev.ftmatrix.results.Outcome;
import dev.ftmatrix.results.RunInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code run --resume} still has to do for a run: every planned cell whose last recorded attempt is missing or
 * an {@code INFRA_ERROR} (interrupted cells included) runs again, as the next attempt; the others are done.
 *
 * @param info the run as its run.json says
 * @param planned every cell of the run, in plan order
 * @param remaining the cells to run, in plan order
 * @param attempts the attempt number each remaining cell runs as
 * @param lastAttempts the last recorded attempt of each planned cell that has one, in plan order
 */
public record ResumePlan(RunInfo info, List<Cell> planned, List<Cell> remaining, Map<String, Integer> attempts,
        List<CellResult> lastAttempts) {
    public ResumePlan {
        Objects.requireNonNull(info, "info");
        planned = List.copyOf(planned);
        remaining = List.copyOf(remaining);
        attempts = Map.copyOf(attempts);
        lastAttempts = List.copyOf(lastAttempts);
    }

    /** The plan for these cells, given every result line the run recorded (in file order). */
    public static ResumePlan of(RunInfo info, List<Cell> planned, List<CellResult> recorded) {
        Map<String, CellResult> last = new HashMap<>();
        for (CellResult r : recorded) {
            last.merge(r.identity().cell(), r,
                    (earlier, later) -> later.identity().attempt() >= earlier.identity().attempt() ? later : earlier);
        }
        List<Cell> remaining = new ArrayList<>();
        Map<String, Integer> attempts = new LinkedHashMap<>();
        List<CellResult> lastAttempts = new ArrayList<>();
        for (Cell cell : planned) {
            CellResult r = last.get(cell.id());
            if (r != null) {
                lastAttempts.add(r);
            }
            if (r == null || r.verdict().outcome() == Outcome.INFRA_ERROR) {
                remaining.add(cell);
                attempts.put(cell.id(), r == null ? 1 : r.identity().attempt() + 1);
            }
        }
        return new ResumePlan(info, planned, remaining, attempts, lastAttempts);
    }

    public int attemptOf(String cellId) {
        return attempts.getOrDefault(cellId, 1);
    }
}
