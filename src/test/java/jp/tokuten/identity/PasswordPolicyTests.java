package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTests {

    static final PasswordPolicy POLICY = new PasswordPolicy();

    @Test
    void checksAgainstAListOfAtLeastOneHundredThousandCommonPasswords() {
        assertThat(POLICY.listedCommonPasswords()).isGreaterThanOrEqualTo(100_000);
        // compared case-insensitively, so case variants of one password count once
        assertThat(POLICY.distinctFoldedPasswords()).isGreaterThan(95_000);
    }

    @Test
    void refusesFourteenCharactersWithoutASecondFactor() {
        assertThatThrownBy(() -> POLICY.check("tabi-no-omoide", false, List.of()))
                .isInstanceOf(PasswordRejectedException.class)
                .hasMessage("password.error.tooShortSingle")
                .satisfies(e -> {
                    assertThat(((PasswordRejectedException) e).reason()).isEqualTo("too_short");
                    assertThat(((PasswordRejectedException) e).getArguments()[0])
                            .isEqualTo(15);
                });
    }

    @Test
    void acceptsEightCharactersWithASecondFactorButNotSeven() {
        assertThatCode(() -> POLICY.check("kq7#vLp2", true, List.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> POLICY.check("kq7#vLp", true, List.of()))
                .hasMessage("password.error.tooShort")
                .satisfies(e -> assertThat(((PasswordRejectedException) e).getArguments()[0])
                        .isEqualTo(8));
    }

    @Test
    void refusesPassword1234567AsCommon() {
        assertThatThrownBy(() -> POLICY.check("password1234567", false, List.of()))
                .isInstanceOf(PasswordRejectedException.class)
                .extracting(e -> ((PasswordRejectedException) e).reason())
                .isEqualTo("common");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "123456789012345",
                "aaaaaaaaaaaaaaa",
                "qwertyuiop12345",
                "iloveyou1111111",
                "9876543210987654",
                "ＰＡＳＳＷＯＲＤ１２３４５６７", // full-width: NFKC makes it password1234567
                "Password1234567"
            })
    void refusesCommonRepetitiveAndSequentialPasswords(String password) {
        assertThatThrownBy(() -> POLICY.check(password, false, List.of()))
                .isInstanceOf(PasswordRejectedException.class);
    }

    @Test
    void refusesTheAccountsOwnNameWithARunAdded() {
        assertThatThrownBy(() -> POLICY.check("yamada.taro12345", false, List.of("yamada.taro@example.jp")))
                .hasMessageContaining("common");
        assertThatThrownBy(() -> POLICY.check("tokuten123456789", false, List.of()))
                .isInstanceOf(PasswordRejectedException.class);
    }

    @Test
    void acceptsASixtyFourCharacterUnicodePassphrase() {
        String passphrase = "春はあけぼの。やうやう白くなりゆく山ぎは、少しあかりて、紫だちたる雲のほそくたなびきたる。夏は夜。月のころはさらなり、闇もなほ。";
        assertThat(passphrase.codePointCount(0, passphrase.length())).isEqualTo(64);
        assertThatCode(() -> POLICY.check(passphrase, false, List.of())).doesNotThrowAnyException();
    }

    @Test
    void acceptsPassphrasesWithoutCompositionRules() {
        assertThatCode(() -> POLICY.check("violet tram oyster lantern", false, List.of()))
                .doesNotThrowAnyException();
        // the famous example is on the list itself
        assertThatThrownBy(() -> POLICY.check("correct horse battery staple", false, List.of()))
                .hasMessageContaining("common");
        assertThatCode(() -> POLICY.check("すしとてんぷらがだいすき", true, List.of())).doesNotThrowAnyException();
    }

    @Test
    void refusesMoreThan256Characters() {
        assertThatCode(() -> POLICY.check("あいう".repeat(85) + "え", false, List.of()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> POLICY.check("あいう".repeat(86), false, List.of()))
                .hasMessage("password.error.tooLong")
                .satisfies(e -> assertThat(((PasswordRejectedException) e).getArguments()[0])
                        .isEqualTo(256));
    }

    @Test
    void normalisesWithNfkc() {
        assertThat(PasswordPolicy.normalise("ｶﾀｶﾅ①")).isEqualTo("カタカナ1");
    }
}
