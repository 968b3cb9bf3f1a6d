package io.tdeguard.audit.offline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;

import io.tdeguard.audit.tlog.Checkpoint;
import io.tdeguard.audit.tlog.CompactRange;
import io.tdeguard.audit.tlog.InOrderBatches;
import io.tdeguard.audit.tlog.MerkleHash;
import io.tdeguard.audit.tlog.NoteException;
import io.tdeguard.audit.tlog.ProofException;
import io.tdeguard.audit.tlog.ProofVerifier;
import io.tdeguard.audit.tlog.SignedNote;
import io.tdeguard.audit.tlog.VerifierKey;

/**
 * {@code verify-audit-export --note-key ...}: verifies the audit log v2 offline, trusting only the note verifier
 * key(s) and the checkpoints the auditor kept. Depends only on the JDK and {@code io.tdeguard.audit.tlog}.
 *
 * <p>An export ({@code tdeguard.audit.export.v2}, JSON Lines: a header, {@code leaf} lines with the exact leaf bytes
 * in base64 from index 0, after the leaf that completes a tree size the checkpoint signed for it, and an {@code end}
 * line) is recomputed leaf by leaf: every checkpoint in it must be a note signed by a trusted key for the same
 * origin, with the root of the leaves before it; every kept checkpoint ({@code --checkpoints}) must have the root of
 * the export's leaves at its size. The tree size to verify comes from the command line ({@code --tree-size}; default
 * the largest kept checkpoint the export covers, else the export's newest), never from the export's header.
 *
 * <p>One event: {@code --inclusion-proof FILE} (the JSON answer of GetAuditInclusionProof) is verified against the
 * kept checkpoint of its tree size, and needs nothing else.
 *
 * <p>Exit status: 0 verified against a kept checkpoint; 1 not verified; 2 could not run; 3 a kept checkpoint lies
 * beyond the export (not covered: the log may have been truncated, or the export is old); 4 verified, but the only
 * anchor is the export's own checkpoints (keep a checkpoint, e.g. GetAuditCheckpoint, and pass it next time).
 */
public final class VerifyLog {

    static final String FORMAT = "tdeguard.audit.export.v2";
    static final int VERIFIED = 0;
    static final int NOT_VERIFIED = 1;
    static final int CANNOT_RUN = 2;
    static final int NOT_COVERED = 3;
    static final int SELF_ANCHORED = 4;
    /** Lines parsed as one task. */
    private static final int BATCH = 1000;
    /** Batches in work at once beyond the one being split: the threads of the common pool. */
    private static final int PARALLELISM = ForkJoinPool.getCommonPoolParallelism();
    /** The members that matter of every leaf line read: its type (index and hash are the record's). */
    private static final Map<String, Object> LEAF = Map.of("type", "leaf");

    static final String USAGE = """
            usage: verify-audit-export --note-key KEY [--note-key KEY ...] [--checkpoints FILE ...]
                                       [--tree-size N] EXPORT.jsonl
                   verify-audit-export --note-key KEY [--checkpoints FILE ...] --inclusion-proof PROOF.json

            Verifies the audit log (export format tdeguard.audit.export.v2) or one event's inclusion proof offline.

              --note-key KEY          a note verifier key to trust (NoteVerifierKey of DescribeAuditPublicKey, or a
                                      file holding it); repeat for retired keys
              --checkpoints FILE      checkpoints you kept: a signed checkpoint note (GetAuditCheckpoint's
                                      Checkpoint), or an earlier export; repeat for more
              --tree-size N           the tree size to verify (default: your largest kept checkpoint the export
                                      covers, else the export's newest); it needs a signed checkpoint
              --inclusion-proof FILE  GetAuditInclusionProof's answer (JSON): verifies that one event

            exit status: 0 verified against a kept checkpoint, 1 not verified, 2 could not run, 3 a kept checkpoint
            is beyond the export (not covered), 4 verified but anchored only on the export's own checkpoints
            """;

    private final PrintStream out;
    private final PrintStream err;

    VerifyLog(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A command-line or input problem: exit 2. */
    static final class CannotRun extends Exception {
        private static final long serialVersionUID = 1L;

        CannotRun(String message) {
            super(message);
        }
    }

    int run(List<String> args) {
        List<VerifierKey> keys = new ArrayList<>();
        List<Path> keptFiles = new ArrayList<>();
        Long treeSize = null;
        Path export = null;
        Path proof = null;
        try {
            for (Iterator<String> it = args.iterator(); it.hasNext();) {
                String arg = it.next();
                switch (arg) {
                    case "--note-key" -> keys.add(noteKey(value(it, arg)));
                    case "--checkpoints" -> keptFiles.add(existing(value(it, arg)));
                    case "--inclusion-proof" -> proof = existing(value(it, arg));
                    case "--tree-size" -> {
                        try {
                            treeSize = Long.parseLong(value(it, arg));
                        } catch (NumberFormatException e) {
                            throw new CannotRun("--tree-size is not a number");
                        }
                        if (treeSize < 1) {
                            throw new CannotRun("--tree-size must be 1 or more");
                        }
                    }
                    default -> {
                        if (arg.startsWith("--") || export != null) {
                            throw new CannotRun("unexpected argument '" + arg + "'");
                        }
                        export = existing(arg);
                    }
                }
            }
            if (keys.isEmpty()) {
                throw new CannotRun("give the log's note verifier key with --note-key");
            }
            if ((export == null) == (proof == null)) {
                throw new CannotRun("name an export file, or an --inclusion-proof");
            }
            TreeMap<Long, Checkpoint> kept = new TreeMap<>();
            for (Path file : keptFiles) {
                for (String note : notesIn(file)) {
                    Checkpoint checkpoint = open(note, keys, "kept checkpoint in " + file);
                    Checkpoint earlier = kept.put(checkpoint.treeSize(), checkpoint);
                    if (earlier != null && !MessageDigest.isEqual(earlier.rootHash(), checkpoint.rootHash())) {
                        out.println("Verified: false");
                        out.println("Reason: KeptCheckpointsDisagree");
                        out.println("ReasonDetail: two kept checkpoints sign different roots for tree size "
                                + checkpoint.treeSize() + ": the log forked");
                        return NOT_VERIFIED;
                    }
                }
            }
            return proof != null ? verifyProof(proof, keys, kept) : verifyExport(export, keys, kept, treeSize);
        } catch (CannotRun e) {
            err.println("verify-audit-export: " + e.getMessage());
            err.print(USAGE);
            return CANNOT_RUN;
        } catch (UncheckedIOException e) {
            err.println("verify-audit-export: " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    private int verifyExport(Path file, List<VerifierKey> keys, TreeMap<Long, Checkpoint> kept, Long requested)
            throws CannotRun {
        ExportWalk walk = new ExportWalk(file, keys, kept);
        try (ExportLines lines = new ExportLines(file)) {
            byte[] first = lines.next();
            Map<String, Object> header = line(first == null ? null : text(first, file), 1);
            if (!"header".equals(header.get("type")) || !FORMAT.equals(header.get("format"))) {
                throw new CannotRun(file + ": line 1 is not a header of format " + FORMAT);
            }
            // each line is parsed, decoded and its leaf hashed on other threads, and folded in file order here
            InOrderBatches<NumberedLine, ReadLine> reading = new InOrderBatches<>(BATCH, PARALLELISM,
                    ForkJoinPool.commonPool(), line -> read(line, file), walk::fold);
            long lineNumber = 1;
            for (byte[] next = lines.next(); next != null && reading.add(new NumberedLine(++lineNumber, next));
                    next = lines.next()) {
                // each line is handed over as it is split off
            }
            reading.finish();
        } catch (IOException e) {
            throw new CannotRun("cannot read " + file + ": " + e.getMessage());
        }
        if (walk.cannotRun != null) {
            throw walk.cannotRun;
        }
        return walk.report(requested);
    }

    /** A line of the export as split off the file. */
    private record NumberedLine(long number, byte[] bytes) {
    }

    /**
     * A line as the work on other threads leaves it: its members, or for a leaf line its index and leaf hash
     * ({@code leafHash} null when its data is not base64); or why the export cannot be read ({@code refused}).
     */
    private record ReadLine(long number, Map<String, Object> members, long leafIndex, byte[] leafHash,
            String refused) {
    }

    /** Parses one line, and decodes and hashes the leaf of a leaf line; thread-safe. */
    private static ReadLine read(NumberedLine line, Path file) {
        ExportLines.Line parsed;
        try {
            parsed = ExportLines.parse(line.bytes());
        } catch (CharacterCodingException e) {
            return new ReadLine(line.number(), null, 0, null, "cannot read " + file + ": " + e.getMessage());
        }
        if (parsed.leafData() != null) {
            return new ReadLine(line.number(), LEAF, parsed.leafIndex(), MerkleHash.leafHash(parsed.leafData()),
                    null);
        }
        Map<String, Object> members;
        try {
            members = FlatJson.parse(parsed.text());
        } catch (IllegalArgumentException e) {
            return new ReadLine(line.number(), null, 0, null, "line " + line.number()
                    + " is not a JSON object of the export: " + e.getMessage());
        }
        if (!"leaf".equals(members.get("type"))) {
            return new ReadLine(line.number(), members, 0, null, null);
        }
        if (!(members.get("index") instanceof Long index) || !(members.get("data") instanceof String data)) {
            return new ReadLine(line.number(), null, 0, null, file + ": line " + line.number()
                    + ": a leaf needs index and data");
        }
        byte[] leafHash;
        try {
            leafHash = MerkleHash.leafHash(Base64.getDecoder().decode(data));
        } catch (IllegalArgumentException e) {
            leafHash = null;
        }
        return new ReadLine(line.number(), LEAF, index, leafHash, null);
    }

    /** The recomputation of an export, line by line in file order: what it found, up to the first break. */
    private final class ExportWalk {
        private final Path file;
        private final List<VerifierKey> keys;
        private final TreeMap<Long, Checkpoint> kept;
        private final CompactRange range = new CompactRange();
        private final Map<Long, byte[]> signedRoots = new TreeMap<>();
        private String origin;
        private long checkpoints;
        private long keptChecked;
        private long newestInExport;
        private boolean ended;
        private String broken;
        private String detail;
        CannotRun cannotRun;

        ExportWalk(Path file, List<VerifierKey> keys, TreeMap<Long, Checkpoint> kept) {
            this.file = file;
            this.keys = keys;
            this.kept = kept;
        }

        /** Folds in the next line; false when the export cannot be read on ({@link #cannotRun}). */
        boolean fold(ReadLine line) {
            try {
                take(line);
                return true;
            } catch (CannotRun e) {
                cannotRun = e;
                return false;
            }
        }

        private void take(ReadLine line) throws CannotRun {
            long lineNumber = line.number();
            if (line.refused() != null) {
                throw new CannotRun(line.refused());
            }
            if (ended) {
                throw new CannotRun(file + ": line " + lineNumber + " after the end line");
            }
            switch (String.valueOf(line.members().get("type"))) {
                case "leaf" -> {
                    if (line.leafIndex() != range.size()) {
                        broken = broken == null ? "LeafGap" : broken;
                        detail = detail == null ? "leaf " + range.size() + " is missing (line " + lineNumber
                                + " holds leaf " + line.leafIndex() + ")" : detail;
                        return;
                    }
                    if (line.leafHash() == null) {
                        throw new CannotRun(file + ": line " + lineNumber + ": leaf data is not base64");
                    }
                    range.add(line.leafHash());
                    Checkpoint keptHere = kept.get(range.size());
                    if (broken == null && keptHere != null) {
                        if (!MessageDigest.isEqual(keptHere.rootHash(), range.rootHash())) {
                            broken = "KeptCheckpointMismatch";
                            detail = "the export's leaves up to tree size " + range.size()
                                    + " do not have the root of your kept checkpoint: the log was rewritten";
                        }
                        keptChecked++;
                    }
                }
                case "checkpoint" -> {
                    if (!(line.members().get("note") instanceof String note)) {
                        throw new CannotRun(file + ": line " + lineNumber + ": a checkpoint needs its note");
                    }
                    Checkpoint checkpoint;
                    try {
                        checkpoint = Checkpoint.parse(SignedNote.open(note, keys).text());
                    } catch (NoteException e) {
                        broken = broken == null ? "BadCheckpointSignature" : broken;
                        detail = detail == null ? "the checkpoint on line " + lineNumber + " is refused: "
                                + e.getMessage() : detail;
                        return;
                    }
                    if (origin == null) {
                        origin = checkpoint.origin();
                    }
                    if (broken == null && (!origin.equals(checkpoint.origin())
                            || checkpoint.treeSize() != range.size()
                            || !MessageDigest.isEqual(checkpoint.rootHash(), range.rootHash()))) {
                        broken = "CheckpointMismatch";
                        detail = "the checkpoint of tree size " + checkpoint.treeSize() + " (line " + lineNumber
                                + ") does not sign the root of the " + range.size() + " leaves before it";
                    }
                    signedRoots.put(checkpoint.treeSize(), checkpoint.rootHash());
                    newestInExport = Math.max(newestInExport, checkpoint.treeSize());
                    checkpoints++;
                }
                case "end" -> ended = true;
                default -> throw new CannotRun(file + ": line " + lineNumber + ": unknown line type");
            }
        }

        /** Prints what the walk found, for the tree size asked for (null: the default), and its exit status. */
        int report(Long requested) throws CannotRun {
            if (!ended) {
                throw new CannotRun(file + " has no end line: the export is incomplete");
            }
            long target = requested != null ? requested : -1;
            if (target < 0) { // the largest kept checkpoint the export covers, else the export's newest checkpoint
                Long covered = kept.floorKey(range.size());
                target = covered != null ? covered : newestInExport;
            }
            if (broken == null && target > range.size()) {
                broken = "ExportTooShort";
                detail = "tree size " + target + " was asked for, the export holds " + range.size() + " leaves";
            }
            if (broken == null && !signedRoots.containsKey(target) && !kept.containsKey(target)) {
                broken = "NoCheckpointAtTreeSize";
                detail = "no signed checkpoint in the export or among yours is for tree size " + target;
            }
            List<Long> notCovered = new ArrayList<>(kept.tailMap(range.size(), false).keySet());
            out.println("Verified: " + (broken == null));
            out.println("TreeSize: " + target);
            out.println("CheckedLeaves: " + range.size());
            out.println("CheckedCheckpoints: " + checkpoints);
            out.println("CheckedKeptCheckpoints: " + keptChecked);
            if (broken != null) {
                out.println("Reason: " + broken);
                out.println("ReasonDetail: " + detail);
                return NOT_VERIFIED;
            }
            if (!notCovered.isEmpty()) {
                out.println("NotCovered: kept checkpoints of tree sizes " + notCovered + " lie beyond the export's "
                        + range.size() + " leaves: the log was truncated, or this export is older than them");
                return NOT_COVERED;
            }
            if (keptChecked == 0) {
                out.println("Anchor: the export's own checkpoints only (pass a checkpoint you kept with --checkpoints)");
                return SELF_ANCHORED;
            }
            out.println("Anchor: " + keptChecked + " kept checkpoint(s)");
            return VERIFIED;
        }
    }

    private int verifyProof(Path file, List<VerifierKey> keys, TreeMap<Long, Checkpoint> kept) throws CannotRun {
        Map<String, Object> proof;
        try {
            proof = FlatJson.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new CannotRun("cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CannotRun(file + " is not GetAuditInclusionProof's answer: " + e.getMessage());
        }
        if (!(proof.get("LeafIndex") instanceof Long index) || !(proof.get("TreeSize") instanceof Long size)
                || !(proof.get("LeafData") instanceof String data) || !(proof.get("Hashes") instanceof List<?> hashes)
                || !(proof.get("Checkpoint") instanceof String note)) {
            throw new CannotRun(file + " lacks LeafIndex, TreeSize, LeafData, Hashes or Checkpoint");
        }
        byte[] leaf;
        List<byte[]> path = new ArrayList<>();
        try {
            leaf = Base64.getDecoder().decode(data);
            for (Object hash : hashes) {
                path.add(Base64.getDecoder().decode((String) hash));
            }
        } catch (IllegalArgumentException e) {
            throw new CannotRun(file + ": LeafData or Hashes is not base64");
        }
        Checkpoint anchor = kept.get(size);
        boolean self = anchor == null;
        if (self) {
            anchor = open(note, keys, "the proof's checkpoint");
            if (anchor.treeSize() != size) {
                throw new CannotRun(file + ": its checkpoint is for tree size " + anchor.treeSize() + ", not " + size);
            }
        }
        out.println("LeafIndex: " + index);
        out.println("TreeSize: " + size);
        try {
            ProofVerifier.verifyInclusion(index, size, MerkleHash.leafHash(leaf), path, anchor.rootHash());
        } catch (ProofException e) {
            out.println("Verified: false");
            out.println("Reason: InclusionProofMismatch");
            out.println("ReasonDetail: " + e.getMessage());
            return NOT_VERIFIED;
        }
        out.println("Verified: true");
        out.println("Event: " + new String(leaf, StandardCharsets.UTF_8));
        if (self) {
            out.println("Anchor: the proof's own checkpoint only (request the proof at the TreeSize of a checkpoint "
                    + "you kept, and pass it with --checkpoints)");
            return SELF_ANCHORED;
        }
        out.println("Anchor: your kept checkpoint of tree size " + size);
        return VERIFIED;
    }

    /** The signed notes in a kept file: one note, or the checkpoint lines of an export. */
    private static List<String> notesIn(Path file) throws CannotRun {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CannotRun("cannot read " + file + ": " + e.getMessage());
        }
        if (!text.startsWith("{")) {
            return List.of(text);
        }
        List<String> notes = new ArrayList<>();
        long lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            Map<String, Object> parsed = line(line, lineNumber);
            if ("checkpoint".equals(parsed.get("type")) && parsed.get("note") instanceof String note) {
                notes.add(note);
            }
            if (parsed.get("Checkpoint") instanceof String note) {
                notes.add(note); // a saved GetAuditCheckpoint answer
            }
        }
        return notes;
    }

    private static Checkpoint open(String note, List<VerifierKey> keys, String what) throws CannotRun {
        try {
            return Checkpoint.parse(SignedNote.open(note, keys).text());
        } catch (NoteException e) {
            throw new CannotRun(what + " does not verify under the given keys: " + e.getMessage());
        }
    }

    /** A line's text, strict UTF-8. */
    private static String text(byte[] line, Path file) throws CannotRun {
        try {
            ExportLines.Line parsed = ExportLines.parse(line);
            return parsed.text() != null ? parsed.text() : new String(line, StandardCharsets.US_ASCII);
        } catch (CharacterCodingException e) {
            throw new CannotRun("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> line(String text, long lineNumber) throws CannotRun {
        if (text == null) {
            throw new CannotRun("the file is empty");
        }
        try {
            return FlatJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CannotRun("line " + lineNumber + " is not a JSON object of the export: " + e.getMessage());
        }
    }

    private static VerifierKey noteKey(String text) throws CannotRun {
        String key = text;
        try {
            Path file = Path.of(text);
            if (Files.isRegularFile(file)) {
                key = Files.readString(file).strip();
            }
        } catch (IOException | RuntimeException e) {
            // not a file: the key itself
        }
        try {
            return VerifierKey.parse(key);
        } catch (IllegalArgumentException e) {
            throw new CannotRun("--note-key " + text + ": " + e.getMessage());
        }
    }

    private static Path existing(String name) throws CannotRun {
        Path path = Path.of(name);
        if (!Files.isReadable(path)) {
            throw new CannotRun("cannot read " + name);
        }
        return path;
    }

    private static String value(Iterator<String> it, String option) throws CannotRun {
        if (!it.hasNext()) {
            throw new CannotRun(option + " needs a value");
        }
        return it.next();
    }
}
