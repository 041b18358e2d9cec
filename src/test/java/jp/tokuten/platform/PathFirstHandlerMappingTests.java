package jp.tokuten.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.util.pattern.PathPatternParser;

/** The literal part a mapping is passed over by (decision 153); the whole lookup is in ApiProblemTests. */
class PathFirstHandlerMappingTests {

    static String prefix(String pattern) {
        return PathFirstHandlerMapping.PathFirst.literalPrefix(PathPatternParser.defaultInstance.parse(pattern));
    }

    @Test
    void theLiteralPartEndsAtTheFirstVariableOrWildcard() {
        assertThat(prefix("/api/v1/coupons/{id}/acquire")).isEqualTo("/api/v1/coupons/");
        assertThat(prefix("/c/{slug}/coupons/mine/{code}")).isEqualTo("/c/");
        assertThat(prefix("/api/v1/stores")).isEqualTo("/api/v1/stores");
        assertThat(prefix("/static/**")).isEqualTo("/static/");
        assertThat(prefix("/files/*.png")).isEqualTo("/files/");
        assertThat(prefix("/{lang}/help")).isEqualTo("/");
    }

    @Test
    void aLiteralPartThatMayBePercentEncodedIsNotUsed() {
        assertThat(prefix("/店舗/{id}")).isEmpty();
        assertThat(prefix("/a b/{id}")).isEmpty();
        assertThat(prefix("/a~b/{id}")).isEmpty();
    }
}
