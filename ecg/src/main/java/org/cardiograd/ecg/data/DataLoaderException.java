package org.cardiograd.ecg.data;

/**
 * A failure while assembling a batch (reading a record, or the per-sample transform), raised on the consumer's
 * thread. The message names the epoch, batch and record; the cause is the original exception.
 */
public class DataLoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataLoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
