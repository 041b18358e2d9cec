package jp.tokuten.rewards;

import java.util.List;

/**
 * What an upload of codes did: codes {@code added}; {@code duplicates} (already in the pool, or repeated in the
 * file); {@code rejected} (blank lines, codes longer than 200 characters or with control characters); the pool's
 * {@code remaining} count after it. The line numbers (at most 100 each) say where, never the codes.
 */
public record GiftCodeUpload(
        int added,
        int duplicates,
        int rejected,
        long remaining,
        List<Integer> duplicateLines,
        List<Integer> rejectedLines) {}
