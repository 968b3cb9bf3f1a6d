package io.tdeguard.kvstore;

import java.util.List;

/** The answer to DescribeEncryptionKeyList: the ids of the custom KMS keys an instance can use. */
public record EncryptionKeyList(String backendRequestId, List<String> keyIds) {

    public EncryptionKeyList {
        keyIds = List.copyOf(keyIds);
    }
}
