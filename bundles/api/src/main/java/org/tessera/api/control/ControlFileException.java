package org.tessera.api.control;

/**
 * A control file exists but cannot be read (qmail's {@code unable to read controls}).
 * Callers answer with a temporary failure.
 */
@org.osgi.annotation.versioning.ProviderType
public final class ControlFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which file could not be read and why
     * @param cause the I/O error
     */
    public ControlFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
