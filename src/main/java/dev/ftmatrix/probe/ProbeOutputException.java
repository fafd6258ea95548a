package dev.ftmatrix.probe;

import dev.ftmatrix.FtmatrixException;

/** The probe printed no parsable JSON object: the interpreter crashed or the probe itself broke. */
public class ProbeOutputException extends FtmatrixException {
    private static final long serialVersionUID = 1L;

    public ProbeOutputException(String message) {
        super(message);
    }

    public ProbeOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
