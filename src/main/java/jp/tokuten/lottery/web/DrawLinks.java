package jp.tokuten.lottery.web;

import java.util.UUID;

/** Where a draw's public record is: {@code /c/{slug}/draws/{id}.json}, served without sign-in. */
final class DrawLinks {

    private DrawLinks() {}

    static String publicRecord(String slug, UUID draw) {
        return "/c/" + slug + "/draws/" + draw + ".json";
    }
}
