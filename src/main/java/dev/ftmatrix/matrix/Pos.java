package dev.ftmatrix.matrix;

import org.yaml.snakeyaml.error.Mark;

/** A 1-based line and column in a matrix file. */
record Pos(int line, int column) {
    static final Pos START = new Pos(1, 1);

    /** SnakeYAML marks count from 0. */
    static Pos of(Mark mark) {
        return mark == null ? START : new Pos(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
