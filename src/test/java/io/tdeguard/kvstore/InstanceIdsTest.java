package io.tdeguard.kvstore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstanceIdsTest {

    @Test
    void acceptsIdsShapedLikeRealOnes() {
        assertTrue(InstanceIds.isWellFormed("r-bp1zxszhcgatnx0001"));
        assertTrue(InstanceIds.isWellFormed("r-12345678"));
        assertTrue(InstanceIds.isWellFormed("r-" + "a".repeat(32)));
    }

    @Test
    void rejectsMissingOrEmptyIds() {
        assertFalse(InstanceIds.isWellFormed(null));
        assertFalse(InstanceIds.isWellFormed(""));
        assertFalse(InstanceIds.isWellFormed("r-"));
    }

    @Test
    void rejectsIdsOutsideTheLengthRange() {
        assertFalse(InstanceIds.isWellFormed("r-1234567"));
        assertFalse(InstanceIds.isWellFormed("r-" + "a".repeat(33)));
    }

    @Test
    void rejectsUpperCaseAndOtherPrefixes() {
        assertFalse(InstanceIds.isWellFormed("R-bp1zxszhcgatnx0001"));
        assertFalse(InstanceIds.isWellFormed("r-BP1ZXSZHCGATNX0001"));
        assertFalse(InstanceIds.isWellFormed("rm-bp1zxszhcgatnx0001"));
        assertFalse(InstanceIds.isWellFormed("bp1zxszhcgatnx0001"));
    }

    @Test
    void rejectsSeparatorsAndSurroundingWhitespace() {
        assertFalse(InstanceIds.isWellFormed("r-bp1zxszh-cgatnx0001"));
        assertFalse(InstanceIds.isWellFormed("r-bp1zxszh_cgatnx0001"));
        assertFalse(InstanceIds.isWellFormed(" r-bp1zxszhcgatnx0001"));
        assertFalse(InstanceIds.isWellFormed("r-bp1zxszhcgatnx0001 "));
        assertFalse(InstanceIds.isWellFormed("r-bp1zxszhcgatnx0001\n"));
    }
}
