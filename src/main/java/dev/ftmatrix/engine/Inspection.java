package dev.ftmatrix.engine;

/**
 * What happens to a cell's container once its steps are done, for {@code ftmatrix repro}: a shell opened in it
 * ({@code shell}, null for none), and whether it is left for inspection ({@code keep}) instead of removed. A kept
 * container carries the label {@value #LABEL_KEEP}{@code =true}.
 */
public record Inspection(boolean keep, Shell shell) {
    /** Normal runs: no shell, and the container is removed. */
    public static final Inspection NONE = new Inspection(false, null);
    public static final String LABEL_KEEP = "dev.ftmatrix.keep";

    public void afterSteps(String containerName) throws InterruptedException {
        if (shell != null) {
            shell.open(containerName);
        }
    }
}
