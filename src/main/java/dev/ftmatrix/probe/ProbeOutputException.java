package dev.ftmatrix.probe;

/**
 * The probe printed no parsable JSON object: the interpreter crashed or the probe itself broke. Not an
 * {@code FtmatrixException}: the classifier always catches it and records the cell as a probe failure.
 */
public class ProbeOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProbeOutputException(String message) {
        super(message);
    }

    public ProbeOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
