package io.tdeguard.audit.offline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tdeguard.audit.chain.ChainHash;
import io.tdeguard.audit.chain.Checkpoint;
import io.tdeguard.audit.chain.CheckpointKeys;
import io.tdeguard.audit.chain.TrailVerification;
import io.tdeguard.audit.chain.TrailVerifier;

/**
 * {@code verify-audit-export}: verifies an ExportAuditTrail export on the auditor's own machine, with no database and
 * no running function: given only the export and the public key(s) of the checkpoints, it recomputes every hash,
 * checks seq continuity and every checkpoint signature, and reports the first break as VerifyAuditTrail does.
 * Depends only on the JDK and {@code io.tdeguard.audit.chain}.
 *
 * <p>Exit status as {@link VerifyLog}'s: 0 verified against a checkpoint the auditor kept, 1 not verified, 2 it could
 * not run (command line, unreadable or malformed export), 3 a kept checkpoint lies beyond the export's last event
 * (not covered: the trail was truncated, or the export is older), 4 verified but anchored only on the export itself.
 * The export's extent is taken from its events, never from its header.
 *
 * <p>This is the verifier of the sealed v1 hash chain ({@code --public-key}); with {@code --note-key} the command
 * verifies the audit log v2 ({@link VerifyLog}).
 */
public final class VerifyExport {

    static final String USAGE = """
            usage: verify-audit-export --public-key KEY [--public-key KEY ...] [--prev-hash HASH]
                                       [--checkpoints FILE ...] [--end-seq N] EXPORT.jsonl

            Verifies an export of ExportAuditTrail (JSON Lines) offline and prints what it found.

              --public-key KEY    a checkpoint key to trust: base64 of its SubjectPublicKeyInfo DER (the PublicKey of
                                  DescribeAuditPublicKey), or a file holding it or its PEM; repeat for retired keys
              --prev-hash HASH    for an export that starts after seq 1: the hash of the seq before it that you trust
                                  (from an earlier verification); without it the export's own header is the anchor
              --checkpoints FILE  checkpoints you kept, e.g. an earlier export: their signed heads reveal a truncated
                                  tail even if the database lost its checkpoints as well
              --end-seq N         the last seq the export must hold (default: its last event); the export's header
                                  is never trusted for its extent

            exit status: 0 verified against a checkpoint you kept, 1 not verified, 2 could not verify (usage,
            unreadable or malformed export), 3 a kept checkpoint lies beyond the export (not covered), 4 verified but
            anchored only on the export itself (its own checkpoints or header)
            """;

    static final int VERIFIED = 0;
    static final int NOT_VERIFIED = 1;
    static final int CANNOT_RUN = 2;
    static final int NOT_COVERED = VerifyLog.NOT_COVERED;
    static final int SELF_ANCHORED = VerifyLog.SELF_ANCHORED;

    private final PrintStream out;
    private final PrintStream err;

    VerifyExport(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new VerifyExport(System.out, System.err).run(List.of(args)));
    }

    private static final class Usage extends Exception {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
        }
    }

    int run(List<String> args) {
        if (args.contains("--note-key")) { // the audit log v2 (a Merkle log): VerifyLog
            if (args.contains("--help") || args.contains("-h")) {
                out.print(VerifyLog.USAGE);
                return VERIFIED;
            }
            return new VerifyLog(out, err).run(args);
        }
        if (args.contains("--help") || args.contains("-h")) {
            out.print(VerifyLog.USAGE);
            out.println();
            out.print(USAGE);
            return VERIFIED;
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        List<Path> keptCheckpoints = new ArrayList<>();
        String prevHash = null;
        Long endSeq = null;
        Path export = null;
        try {
            for (Iterator<String> it = args.iterator(); it.hasNext();) {
                String arg = it.next();
                switch (arg) {
                    case "--public-key" -> {
                        PublicKey key = publicKey(value(it, arg));
                        keys.put(CheckpointKeys.keyId(key), key);
                    }
                    case "--prev-hash" -> {
                        prevHash = value(it, arg);
                        if (!ChainHash.isWellFormedHash(prevHash)) {
                            throw new Usage("--prev-hash is not 64 lowercase hex digits");
                        }
                    }
                    case "--checkpoints" -> keptCheckpoints.add(existing(value(it, arg)));
                    case "--end-seq" -> {
                        try {
                            endSeq = Long.parseLong(value(it, arg));
                        } catch (NumberFormatException e) {
                            throw new Usage("--end-seq is not a number");
                        }
                        if (endSeq < 1) {
                            throw new Usage("--end-seq must be 1 or more");
                        }
                    }
                    default -> {
                        if (arg.startsWith("--") || export != null) {
                            throw new Usage("unexpected argument '" + arg + "'");
                        }
                        export = existing(arg);
                    }
                }
            }
            if (keys.isEmpty()) {
                throw new Usage("give the checkpoints' public key with --public-key");
            }
            if (export == null) {
                throw new Usage("name the export file");
            }
        } catch (Usage e) {
            err.println("verify-audit-export: " + e.getMessage());
            err.print(USAGE);
            return CANNOT_RUN;
        }
        try {
            return verify(new ExportFile(export), keys, prevHash, endSeq, keptCheckpoints);
        } catch (ExportFile.MalformedExport e) {
            err.println("verify-audit-export: " + export + " is not a usable export: " + e.getMessage());
            return CANNOT_RUN;
        } catch (UncheckedIOException e) {
            err.println("verify-audit-export: " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    private int verify(ExportFile export, Map<String, PublicKey> keys, String givenPrevHash, Long endSeq,
            List<Path> kept) {
        ExportFile.Summary summary = export.summary();
        String anchor;
        String prevHash;
        boolean selfAnchored = false;
        if (summary.startSeq() == 1) {
            prevHash = ChainHash.GENESIS;
            anchor = "genesis";
        } else if (givenPrevHash != null) {
            prevHash = givenPrevHash;
            anchor = "--prev-hash";
        } else if (ChainHash.isWellFormedHash(summary.prevHash())) {
            prevHash = summary.prevHash();
            anchor = "the export's header (as trustworthy as the function that wrote it; give --prev-hash)";
            selfAnchored = true;
        } else {
            throw new ExportFile.MalformedExport("the header has no prevHash for seq " + (summary.startSeq() - 1)
                    + "; give --prev-hash");
        }
        // the export's extent is what its events show, never what its header says
        long last = summary.lastEventSeq() == null ? summary.startSeq() - 1 : summary.lastEventSeq();
        List<Checkpoint> keptCheckpoints = keptCheckpoints(kept);
        List<Long> notCovered = keptCheckpoints.stream().map(Checkpoint::seq).filter(seq -> seq > last).distinct()
                .sorted().toList();
        List<Checkpoint> keptWithin = keptCheckpoints.stream()
                .filter(checkpoint -> checkpoint.seq() >= summary.startSeq() && checkpoint.seq() <= last).toList();
        TrailVerification result = TrailVerifier.verify(summary.startSeq(), prevHash, export.events(),
                merged(export, keptWithin), keys);
        out.println("Verified: " + result.verified());
        out.println("StartSeq: " + summary.startSeq());
        out.println("EndSeq: " + (endSeq != null ? endSeq : last));
        out.println("CheckedEvents: " + result.checkedEvents());
        out.println("CheckedCheckpoints: " + result.checkedCheckpoints());
        out.println("CheckedKeptCheckpoints: " + (result.verified() ? keptWithin.size() : 0));
        if (!result.verified()) {
            out.println("FirstBrokenSeq: " + result.firstBrokenSeq());
            out.println("Reason: " + result.reason());
            out.println("ReasonDetail: " + result.detail());
        } else if (endSeq != null && endSeq > last) {
            out.println("Reason: ExportTooShort");
            out.println("ReasonDetail: seq " + endSeq + " was asked for, the export's events end at seq " + last);
        }
        out.println("HeadSeq: " + result.headSeq());
        out.println("HeadHash: " + result.headHash());
        out.println("Anchor: " + anchor);
        out.println("TrustedKeys: " + String.join(", ", keys.keySet()));
        if (!result.verified() || (endSeq != null && endSeq > last)) {
            return NOT_VERIFIED;
        }
        if (!notCovered.isEmpty()) {
            out.println("NotCovered: kept checkpoints of seqs " + notCovered + " lie beyond the export's last event "
                    + last + ": the trail was truncated, or this export is older than them");
            return NOT_COVERED;
        }
        if (selfAnchored || keptWithin.isEmpty()) {
            out.println("SelfAnchored: the only anchor is the export itself (pass a checkpoint you kept with "
                    + "--checkpoints" + (selfAnchored ? ", and --prev-hash" : "") + ")");
            return SELF_ANCHORED;
        }
        return VERIFIED;
    }

    /** Every checkpoint in the files the auditor kept (earlier exports). */
    private static List<Checkpoint> keptCheckpoints(List<Path> kept) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (Path file : kept) {
            new ExportFile(file).checkpoints().forEachRemaining(checkpoints::add);
        }
        return checkpoints;
    }

    /**
     * The export's checkpoints and the kept ones, in seq order, each once. Held in memory: checkpoints are few (one
     * per period), unlike events.
     */
    private static Iterator<Checkpoint> merged(ExportFile export, List<Checkpoint> kept) {
        Set<Checkpoint> all = new LinkedHashSet<>();
        export.checkpoints().forEachRemaining(all::add);
        all.addAll(kept);
        List<Checkpoint> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(Checkpoint::seq));
        return sorted.iterator();
    }

    private static PublicKey publicKey(String text) throws Usage {
        String key = text;
        Path file = Path.of(text);
        try {
            if (Files.isRegularFile(file)) {
                key = Files.readString(file);
            }
        } catch (IOException | RuntimeException e) {
            throw new Usage("cannot read the public key file " + text + ": " + e.getMessage());
        }
        try {
            return CheckpointKeys.publicKey(key);
        } catch (IllegalArgumentException e) {
            throw new Usage("--public-key " + text + ": " + e.getMessage());
        }
    }

    private static Path existing(String name) throws Usage {
        Path path = Path.of(name);
        if (!Files.isReadable(path)) {
            throw new Usage("cannot read " + name);
        }
        return path;
    }

    private static String value(Iterator<String> it, String option) throws Usage {
        if (!it.hasNext()) {
            throw new Usage(option + " needs a value");
        }
        return it.next();
    }
}
