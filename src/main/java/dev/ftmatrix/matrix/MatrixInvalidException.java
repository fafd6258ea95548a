package dev.ftmatrix.matrix;

import dev.ftmatrix.BadInputException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A matrix file that cannot be used, with every problem found in it, sorted by position. */
public class MatrixInvalidException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private static final Comparator<Problem> BY_POSITION =
            Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column);

    private final transient List<Problem> problems;

    public MatrixInvalidException(List<Problem> problems) {
        super(sorted(problems).stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = sorted(problems);
    }

    private static List<Problem> sorted(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a matrix is invalid only with at least one problem");
        }
        return problems.stream().sorted(BY_POSITION).collect(Collectors.toUnmodifiableList());
    }

    /** The problems, by line then column; problems at the same position keep the order they were found in. */
    public List<Problem> problems() {
        return problems;
    }
}
