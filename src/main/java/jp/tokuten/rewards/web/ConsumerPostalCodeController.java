package jp.tokuten.rewards.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.tokuten.rewards.PostalAddress;
import jp.tokuten.rewards.PostalCodes;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The postal-code lookup of the consumer pages' address forms: {@code GET /c/{slug}/postal-codes/{code}} →
 * {@code {"postalCode", "prefecture", "city", "town", "addresses": [...]}} (the town only when the code has
 * one; every address of the code in {@code addresses}); 404 {@code postal_code_not_found} for a code Japan
 * Post does not list, 400 {@code invalid_postal_code} for anything but seven digits (a hyphen and
 * full-width digits are accepted). Problem JSON in the page's language, never an HTML error page: a script
 * reads it.
 */
@RestController
class ConsumerPostalCodeController {

    private final PostalCodes postalCodes;
    private final MessageSource messages;

    ConsumerPostalCodeController(PostalCodes postalCodes, MessageSource messages) {
        this.postalCodes = postalCodes;
        this.messages = messages;
    }

    @GetMapping(path = "/c/{slug}/postal-codes/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> lookup(@PathVariable String slug, @PathVariable String code) {
        String digits = code.length() > 20 ? null : PostalCodes.normalise(code);
        if (digits == null) {
            return problem(400, "invalid_postal_code");
        }
        List<PostalAddress> addresses = postalCodes.lookup(digits);
        if (addresses.isEmpty()) {
            return problem(404, "postal_code_not_found");
        }
        var first = addresses.getFirst();
        boolean oneTown = addresses.stream().map(PostalAddress::town).distinct().count() == 1;
        boolean onePrefecture =
                addresses.stream().map(PostalAddress::prefecture).distinct().count() == 1;
        boolean oneCity = onePrefecture
                && addresses.stream().map(PostalAddress::city).distinct().count() == 1;
        var body = new LinkedHashMap<String, Object>();
        body.put("postalCode", digits);
        body.put("prefecture", onePrefecture ? first.prefecture() : "");
        body.put("city", oneCity ? first.city() : "");
        body.put("town", oneCity && oneTown ? first.town() : "");
        body.put(
                "addresses",
                addresses.stream()
                        .map(a -> Map.of("prefecture", a.prefecture(), "city", a.city(), "town", a.town()))
                        .toList());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .body(body);
    }

    private ResponseEntity<Map<String, Object>> problem(int status, String code) {
        Locale locale = LocaleContextHolder.getLocale();
        var body = new LinkedHashMap<String, Object>();
        body.put("status", status);
        body.put("code", code);
        body.put("detail", messages.getMessage("problem." + code, null, locale));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}
