package io.tdeguard.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tdeguard.api.ApiException;

/** A stretch of the chain by seq, as VerifyAuditTrail and ExportAuditTrail take it: both ends inclusive and optional. */
public record SeqRange(Long startSeq, Long endSeq) {

    public static final SeqRange WHOLE = new SeqRange(null, null);

    /** The first seq (1 when none is given), refusing a range that cannot hold an event. */
    public long validatedStart() {
        long start = startSeq == null ? 1 : startSeq;
        if (start < 1) {
            throw ApiException.invalidParameter("StartSeq", "must be 1 or more");
        }
        if (endSeq != null && endSeq < start) {
            throw ApiException.invalidParameter("EndSeq", "must not be below StartSeq");
        }
        return start;
    }

    /** The request parameters, as the audit event of the call records them. */
    public Map<String, Object> asParameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("StartSeq", startSeq);
        parameters.put("EndSeq", endSeq);
        return parameters;
    }
}
