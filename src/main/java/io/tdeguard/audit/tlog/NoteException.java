package io.tdeguard.audit.tlog;

/** A signed note or checkpoint that is refused, and why ({@link #reason()}); the message says what was wrong. */
public final class NoteException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a note was refused. */
    public enum Reason {
        /** Not a note or checkpoint as C2SP signed-note / tlog-checkpoint define it. */
        MALFORMED,
        /** A signature by a trusted key does not verify (signed-note: clients SHOULD reject the whole note). */
        INVALID_SIGNATURE,
        /** Well-formed, but no signature is by a trusted key (signed-note: clients MUST reject the note). */
        NO_TRUSTED_SIGNATURE
    }

    private final Reason reason;

    NoteException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    static NoteException malformed(String message) {
        return new NoteException(Reason.MALFORMED, message);
    }

    public Reason reason() {
        return reason;
    }
}
