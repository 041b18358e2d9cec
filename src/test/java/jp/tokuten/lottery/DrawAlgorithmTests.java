package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import jp.tokuten.lottery.DrawAlgorithm.Chance;
import org.junit.jupiter.api.Test;

/** The draw algorithm of {@code docs/draws.md}, against its test vector and its promises. */
class DrawAlgorithmTests {

    static final byte[] VECTOR_SEED =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /** The test vector's list: chance i is {@code sha256("c" + i)[:32]}, its entrant {@code sha256("e" + i % 7)[:32]}. */
    static List<Chance> vectorList() {
        return IntStream.range(0, 20)
                .mapToObj(i -> new Chance(pseudonym("c" + i), pseudonym("e" + (i % 7))))
                .toList();
    }

    static String pseudonym(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void matchesTheDocumentedTestVector() {
        var list = vectorList();
        assertThat(DrawAlgorithm.commitment(VECTOR_SEED))
                .isEqualTo("630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
        assertThat(DrawAlgorithm.entriesDigest(list))
                .isEqualTo("35f1ff2ca0e7081fd2cb3941fed4863c7f22eea1fae1a66e87452bc563e489d3");
        assertThat(DrawAlgorithm.winners(VECTOR_SEED, list, 5, 1))
                .containsExactly(
                        "d0bf3e6ee1d668de18c9ca200a4f1520",
                        "7c1c97df17c066924822b0af09a65251",
                        "6db53c9d5a2ca72a85ddf3a681c0d956",
                        "95144b44f2a5ff5aa796af152bc61f59",
                        "d0f631ca1ddba8db3bcfcb9e057cdc98");
    }

    @Test
    void theDigestChangesWhenAChanceIsChangedRemovedOrMoved() {
        var list = vectorList();
        String digest = DrawAlgorithm.entriesDigest(list);
        var changed = new ArrayList<>(list);
        changed.set(3, new Chance(pseudonym("other"), list.get(3).entrant()));
        var removed = new ArrayList<>(list);
        removed.remove(3);
        var moved = new ArrayList<>(list);
        moved.set(3, list.get(4));
        moved.set(4, list.get(3));
        var otherEntrant = new ArrayList<>(list);
        otherEntrant.set(3, new Chance(list.get(3).id(), list.get(4).entrant()));
        assertThat(List.of(changed, removed, moved, otherEntrant))
                .extracting(DrawAlgorithm::entriesDigest)
                .doesNotContain(digest)
                .doesNotHaveDuplicates();
    }

    @Test
    void refusesAListThatIsNotPseudonyms() {
        assertThatThrownBy(() -> DrawAlgorithm.entriesDigest(List.of(new Chance("a b", pseudonym("e")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DrawAlgorithm.entriesDigest(List.of(new Chance(pseudonym("c"), "E".repeat(32)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverGivesAnEntrantMoreThanTheCapAndStopsWhenTheListRunsOut() {
        var list = vectorList();
        for (int seed = 0; seed < 200; seed++) {
            byte[] s = seedOf(seed);
            for (int cap = 1; cap <= 3; cap++) {
                var winners = DrawAlgorithm.winners(s, list, 100, cap);
                assertThat(winners).doesNotHaveDuplicates();
                Map<String, Integer> wins = new HashMap<>();
                for (String id : winners) {
                    String entrant = list.stream()
                            .filter(c -> c.id().equals(id))
                            .findFirst()
                            .orElseThrow()
                            .entrant();
                    wins.merge(entrant, 1, Integer::sum);
                }
                final int max = cap;
                assertThat(wins.values()).allMatch(n -> n <= max);
                // 7 entrants with 3 chances (0..6 hold i, i+7, i+14 except 6 with two): every entrant reaches the cap
                assertThat(winners)
                        .hasSize(IntStream.range(0, 7)
                                .map(e -> Math.min(max, e < 6 ? 3 : 2))
                                .sum());
            }
        }
    }

    @Test
    void isDeterministicAndDependsOnTheSeed() {
        var list = vectorList();
        assertThat(DrawAlgorithm.winners(seedOf(1), list, 5, 1))
                .isEqualTo(DrawAlgorithm.winners(seedOf(1), list, 5, 1))
                .isNotEqualTo(DrawAlgorithm.winners(seedOf(2), list, 5, 1));
        assertThat(DrawAlgorithm.winners(seedOf(1), list, 0, 1)).isEmpty();
        assertThat(DrawAlgorithm.winners(seedOf(1), List.of(), 3, 1)).isEmpty();
    }

    @Test
    void everyChanceIsEquallyLikelyToWinFirst() {
        int n = 10;
        var list = IntStream.range(0, n)
                .mapToObj(i -> new Chance(pseudonym("c" + i), pseudonym("e" + i)))
                .toList();
        int draws = 20_000;
        int[] first = new int[n];
        for (int s = 0; s < draws; s++) {
            String winner = DrawAlgorithm.winners(seedOf(s), list, 1, 1).getFirst();
            first[
                    list.indexOf(list.stream()
                            .filter(c -> c.id().equals(winner))
                            .findFirst()
                            .orElseThrow())]++;
        }
        // chi-square with 9 degrees of freedom: above 27.9 one time in a thousand
        double expected = draws / (double) n;
        double chiSquare = IntStream.of(first)
                .mapToDouble(o -> (o - expected) * (o - expected) / expected)
                .sum();
        assertThat(chiSquare).isLessThan(27.9);
    }

    @Test
    void belowIsUnbiasedForBoundsThatDoNotDivideTwoToThe64() {
        var stream = new DrawAlgorithm.Stream(seedOf(7));
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[(int) stream.below(3)]++;
        }
        assertThat(IntStream.of(counts).allMatch(c -> Math.abs(c - 10_000) < 400))
                .isTrue();
        assertThat(stream.below(1)).isZero();
        long huge = Long.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            assertThat(stream.below(huge)).isBetween(0L, huge - 1);
        }
    }

    @Test
    void aSeedIs32FreshBytesAndItsCommitmentIsItsSha256() throws Exception {
        byte[] seed = DrawAlgorithm.newSeed();
        assertThat(seed).hasSize(32).isNotEqualTo(DrawAlgorithm.newSeed());
        assertThat(DrawAlgorithm.commitment(seed))
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(seed)));
        assertThat(DrawAlgorithm.isPseudonym(DrawAlgorithm.newPseudonym())).isTrue();
    }

    static byte[] seedOf(int value) {
        byte[] seed = new byte[32];
        seed[28] = (byte) (value >>> 24);
        seed[29] = (byte) (value >>> 16);
        seed[30] = (byte) (value >>> 8);
        seed[31] = (byte) value;
        return seed;
    }
}
