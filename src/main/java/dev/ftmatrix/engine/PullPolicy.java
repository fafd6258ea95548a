package dev.ftmatrix.engine;

/** When to pull a cell's image: never (it must be present), when missing (the default), or always. */
public enum PullPolicy {
    NEVER, MISSING, ALWAYS
}
