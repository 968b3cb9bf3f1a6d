package io.tdeguard.startup;

/** A start that would be unsafe in production, refused with the reason and what to configure instead. */
public class UnsafeStart extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsafeStart(String message) {
        super("refusing to start: " + message);
    }
}
