package jp.tokuten.lottery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import jp.tokuten.lottery.DrawAlgorithm.Chance;
import tools.jackson.databind.JsonNode;

/**
 * Recomputes a published draw from its public record ({@link PublishedDraw} as JSON): the commitment from
 * the seed, the digest from the list of chances and the winners from both. Pure: no database, no Spring;
 * {@code draw verify} prints what it answers.
 */
final class DrawVerification {

    private DrawVerification() {}

    /** One part of the record checked: {@code seed}, {@code list} or {@code winners}. */
    record Check(String part, boolean matches, String message) {}

    /**
     * What was found: the checks made, or why the record could not be verified at all ({@code unreadable}:
     * not a draw record, not yet drawn, a field missing or malformed).
     */
    record Outcome(String title, List<Check> checks, String unreadable) {

        boolean verified() {
            return unreadable.isEmpty() && checks.stream().allMatch(Check::matches);
        }
    }

    /** Not a verifiable record: why. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    static Outcome verify(JsonNode record) {
        try {
            return check(record);
        } catch (Unreadable e) {
            return new Outcome("", List.of(), e.getMessage());
        }
    }

    private static Outcome check(JsonNode record) throws Unreadable {
        if (!record.isObject()) {
            throw new Unreadable("the record is not a JSON object");
        }
        String algorithm = text(record, "algorithm");
        if (!algorithm.equals(DrawAlgorithm.VERSION)) {
            throw new Unreadable("unknown algorithm \"" + printable(algorithm) + "\" (this verifier knows "
                    + DrawAlgorithm.VERSION + ")");
        }
        String id = text(record, "id");
        String commitment = text(record, "commitment");
        if (!DrawAlgorithm.isHex64(commitment)) {
            throw new Unreadable("commitment is not 64 lower-case hex digits");
        }
        JsonNode seedNode = record.get("seed");
        if (seedNode == null || seedNode.isNull()) {
            throw new Unreadable("draw " + printable(id) + " has not been run yet: its seed is still secret. "
                    + "Commitment (SHA-256 of the seed): " + commitment);
        }
        int wanted = number(record, "winnersWanted", 0);
        int maxWins = number(record, "maxWinsPerEntrant", 1);
        List<Chance> entries = entries(record);
        List<String> published = winners(record);
        String title = "draw " + printable(id) + ": " + entries.size() + " chances, " + wanted
                + " winners wanted, at most " + maxWins + " per entrant";

        var checks = new ArrayList<Check>();
        byte[] seed = null;
        String seedText = seedNode.isString() ? seedNode.stringValue() : "";
        if (!DrawAlgorithm.isHex64(seedText)) {
            checks.add(new Check("seed", false, "the seed is not 64 lower-case hex digits"));
        } else {
            seed = DrawAlgorithm.parseSeed(seedText);
            String recomputed = DrawAlgorithm.commitment(seed);
            checks.add(
                    recomputed.equals(commitment)
                            ? new Check("seed", true, "SHA-256 of the seed equals the commitment")
                            : new Check(
                                    "seed",
                                    false,
                                    "the seed does not match the commitment: SHA-256 of the seed is " + recomputed
                                            + ", the commitment published before the draw is " + commitment));
        }

        String digest = text(record, "entriesDigest");
        String listProblem = listProblem(entries);
        if (listProblem != null) {
            checks.add(new Check("list", false, "the list of chances is malformed: " + listProblem));
        } else {
            String recomputed = DrawAlgorithm.entriesDigest(entries);
            checks.add(
                    recomputed.equals(digest)
                            ? new Check(
                                    "list",
                                    true,
                                    "SHA-256 of the list of " + entries.size() + " chances equals entriesDigest")
                            : new Check(
                                    "list",
                                    false,
                                    "the list of chances does not match entriesDigest: SHA-256 of the list is "
                                            + recomputed + ", entriesDigest is " + printable(digest)
                                            + " (a chance changed, added, removed or moved)"));
        }

        if (seed == null || listProblem != null) {
            checks.add(new Check("winners", false, "the winners cannot be recomputed without a valid seed and list"));
        } else {
            List<String> recomputed = DrawAlgorithm.winners(seed, entries, wanted, maxWins);
            checks.add(
                    recomputed.equals(published)
                            ? new Check(
                                    "winners",
                                    true,
                                    "recomputed from the seed and the list: the same " + recomputed.size()
                                            + " winners in the same order")
                            : new Check("winners", false, winnersDiffer(published, recomputed)));
        }
        return new Outcome(title, checks, "");
    }

    private static String winnersDiffer(List<String> published, List<String> recomputed) {
        int common = Math.min(published.size(), recomputed.size());
        for (int i = 0; i < common; i++) {
            if (!published.get(i).equals(recomputed.get(i))) {
                return "the winners do not match the recomputation: winner " + (i + 1) + " is published as "
                        + printable(published.get(i)) + " but the seed and the list give " + recomputed.get(i);
            }
        }
        return "the winners do not match the recomputation: " + published.size() + " published, " + recomputed.size()
                + " recomputed";
    }

    private static String listProblem(List<Chance> entries) {
        var ids = new HashSet<String>();
        for (int i = 0; i < entries.size(); i++) {
            Chance chance = entries.get(i);
            if (!DrawAlgorithm.isPseudonym(chance.id()) || !DrawAlgorithm.isPseudonym(chance.entrant())) {
                return "chance " + (i + 1) + " is not two pseudonyms of 32 lower-case hex digits";
            }
            if (!ids.add(chance.id())) {
                return "chance " + (i + 1) + " repeats the id " + chance.id();
            }
        }
        return null;
    }

    private static List<Chance> entries(JsonNode record) throws Unreadable {
        JsonNode node = record.get("entries");
        if (node == null || !node.isArray()) {
            throw new Unreadable("entries is missing or not a list");
        }
        var entries = new ArrayList<Chance>(node.size());
        for (JsonNode entry : node) {
            if (!entry.isObject()) {
                throw new Unreadable("an item of entries is not an object with id and entrant");
            }
            entries.add(new Chance(text(entry, "id"), text(entry, "entrant")));
        }
        return entries;
    }

    private static List<String> winners(JsonNode record) throws Unreadable {
        JsonNode node = record.get("winners");
        if (node == null || !node.isArray()) {
            throw new Unreadable("winners is missing or not a list");
        }
        var winners = new ArrayList<String>(node.size());
        for (JsonNode winner : node) {
            if (!winner.isString()) {
                throw new Unreadable("an item of winners is not a chance id");
            }
            winners.add(winner.stringValue());
        }
        return winners;
    }

    private static String text(JsonNode node, String field) throws Unreadable {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new Unreadable(field + " is missing or not a string");
        }
        return value.stringValue();
    }

    private static int number(JsonNode node, String field, int least) throws Unreadable {
        JsonNode value = node.get(field);
        if (value == null || !value.isInt() || value.intValue() < least) {
            throw new Unreadable(field + " is missing or not a whole number of at least " + least);
        }
        return value.intValue();
    }

    /** At most 100 characters, control characters replaced: a record cannot drive the terminal. */
    static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
