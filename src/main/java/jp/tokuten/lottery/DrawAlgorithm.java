package jp.tokuten.lottery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verifiable closed draw (抽選), as pure functions: a seed committed by its SHA-256 before the draw, the
 * digest of the published list of chances, and the winners chosen from both by a documented generator
 * (HMAC-SHA256 of a counter, rejection sampling, partial Fisher–Yates). {@code docs/draws.md} specifies it
 * so that it can be re-implemented in a few lines; the server and {@code draw verify} both use this class.
 */
public final class DrawAlgorithm {

    /** The name of this version of the algorithm, as the public record states it. */
    public static final String VERSION = "tokuten-draw/1";

    /** Seeds are 32 random bytes. */
    public static final int SEED_BYTES = 32;

    private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private DrawAlgorithm() {}

    /**
     * The verifier of {@code docs/draws.md} in Python (standard library only), shown to entrants on the
     * campaign's page; {@code DrawSpecTests} runs it and checks it is the one the documentation shows.
     */
    public static String pythonVerifier() {
        try (var in = DrawAlgorithm.class.getResourceAsStream("/lottery/verify_draw.py")) {
            if (in == null) {
                throw new IllegalStateException("lottery/verify_draw.py is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One chance in a draw's published list: its pseudonymous id and the pseudonym of the entrant it
     * belongs to (both 32 lower-case hex digits, random, meaningful only within the draw and its re-draws).
     */
    public record Chance(String id, String entrant) {}

    /** A new secret seed from {@link SecureRandom}. */
    public static byte[] newSeed() {
        byte[] seed = new byte[SEED_BYTES];
        RANDOM.nextBytes(seed);
        return seed;
    }

    /** A new pseudonym: 16 random bytes as 32 lower-case hex digits. */
    public static String newPseudonym() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** Whether {@code value} has the form of a pseudonym (32 lower-case hex digits). */
    public static boolean isPseudonym(String value) {
        return PSEUDONYM.matcher(value).matches();
    }

    /** Whether {@code value} has the form of a seed, a commitment or a digest (64 lower-case hex digits). */
    public static boolean isHex64(String value) {
        return HEX64.matcher(value).matches();
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The seed of the public record's {@code seed} (64 lower-case hex digits). */
    public static byte[] parseSeed(String hex) {
        if (!isHex64(hex)) {
            throw new IllegalArgumentException("a seed is 64 lower-case hex digits");
        }
        return HEX.parseHex(hex);
    }

    /** The commitment to a seed: SHA-256 of its 32 bytes, as 64 lower-case hex digits. */
    public static String commitment(byte[] seed) {
        return hex(sha256().digest(seed));
    }

    /**
     * The canonical encoding of a list: for each chance in order, its id, one space, its entrant and a line
     * feed, in ASCII. Refuses a chance whose id or entrant is not a pseudonym, so no encoding is ambiguous.
     */
    public static byte[] canonical(List<Chance> chances) {
        var text = new StringBuilder(chances.size() * 66);
        for (Chance chance : chances) {
            if (!isPseudonym(chance.id()) || !isPseudonym(chance.entrant())) {
                throw new IllegalArgumentException("not a pseudonym: " + chance);
            }
            text.append(chance.id()).append(' ').append(chance.entrant()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The digest of a list: SHA-256 of its {@linkplain #canonical canonical encoding}, hex. */
    public static String entriesDigest(List<Chance> chances) {
        return hex(sha256().digest(canonical(chances)));
    }

    /**
     * The winners, in the order drawn: the ids of up to {@code wanted} chances, at most
     * {@code maxWinsPerEntrant} of one entrant. A partial Fisher–Yates shuffle of the positions
     * {@code 0..n-1}: step {@code i} swaps position {@code i} with {@code i + below(n - i)}; the chance
     * then at {@code i} wins unless its entrant already has {@code maxWinsPerEntrant} wins (then it is
     * skipped, and the step still counts). It stops at {@code wanted} winners or after {@code n} steps.
     */
    public static List<String> winners(byte[] seed, List<Chance> chances, int wanted, int maxWinsPerEntrant) {
        if (wanted < 0 || maxWinsPerEntrant < 1) {
            throw new IllegalArgumentException("wanted >= 0 and maxWinsPerEntrant >= 1");
        }
        int n = chances.size();
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        var stream = new Stream(seed);
        var wins = new HashMap<String, Integer>();
        var winners = new ArrayList<String>();
        for (int i = 0; i < n && winners.size() < wanted; i++) {
            int j = i + (int) stream.below(n - i);
            int swapped = positions[i];
            positions[i] = positions[j];
            positions[j] = swapped;
            Chance chance = chances.get(positions[i]);
            int held = wins.getOrDefault(chance.entrant(), 0);
            if (held < maxWinsPerEntrant) {
                wins.put(chance.entrant(), held + 1);
                winners.add(chance.id());
            }
        }
        return winners;
    }

    /**
     * The draw's random numbers: block {@code k} is HMAC-SHA256 keyed with the seed over {@code k} as an
     * unsigned 64-bit big-endian integer ({@code k} = 0, 1, 2 …); each block gives one candidate, its first
     * 8 bytes as an unsigned big-endian integer {@code x}. {@code below(m)} takes candidates until
     * {@code x < 2^64 - (2^64 mod m)} and answers {@code x mod m}.
     */
    static final class Stream {
        private final Mac mac;
        private long counter;

        Stream(byte[] seed) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException(e);
            }
        }

        long next() {
            byte[] block = mac.doFinal(ByteBuffer.allocate(8).putLong(counter++).array());
            return ByteBuffer.wrap(block, 0, 8).getLong();
        }

        /** An unbiased integer in {@code [0, bound)}. */
        long below(long bound) {
            if (bound < 1) {
                throw new IllegalArgumentException("bound >= 1");
            }
            // 2^64 mod bound, computed in unsigned arithmetic: (2^64 - bound) mod bound.
            long excess = Long.remainderUnsigned(-bound, bound);
            while (true) {
                long x = next();
                if (excess == 0 || Long.compareUnsigned(x, -excess) < 0) {
                    return Long.remainderUnsigned(x, bound);
                }
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
