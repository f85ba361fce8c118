package org.osteon.curation.build;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which split a study falls in: a pure function of its pseudonym, so every image of a study lands in one
 * split and the held-out studies stay held out in every later build (a study never moves from test to
 * train when more data arrives). The bucket is the SHA-256 of the study key's UTF-8 bytes, read as an
 * unsigned big-endian integer, modulo 100; in Python {@code int(hashlib.sha256(k.encode()).hexdigest(), 16) % 100}.
 *
 * @param testPct buckets {@code [0, testPct)} are test
 * @param calPct buckets {@code [testPct, testPct + calPct)} are cal (calibration); the rest train
 */
public record SplitRule(int testPct, int calPct) {

    public static final String DESCRIPTION =
            "sha256(study_key) mod 100: <test_pct → test, < test_pct+cal_pct → cal, else train";

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    public SplitRule {
        if (testPct < 0 || calPct < 0 || testPct + calPct > 100) {
            throw new IllegalArgumentException("test and cal percentages must be >= 0 and add up to at most 100");
        }
    }

    public String splitOf(String studyKey) {
        int bucket = bucketOf(studyKey);
        if (bucket < testPct) {
            return "test";
        }
        return bucket < testPct + calPct ? "cal" : "train";
    }

    static int bucketOf(String studyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(studyKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest).mod(HUNDRED).intValue();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
