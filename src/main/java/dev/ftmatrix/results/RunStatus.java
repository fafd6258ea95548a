package dev.ftmatrix.results;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run stands, as run.json's {@code status} says it, in lower case. */
public enum RunStatus {
    /** Started and not yet ended, or killed before it could say how it ended. */
    RUNNING,
    /** Every planned cell was recorded. */
    COMPLETE,
    /** Stopped by a signal; {@code run --resume} finishes it. */
    INTERRUPTED,
    /** A merge whose runs did not all finish or lack a shard: the results are a part of the plan. */
    INCOMPLETE;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
