package jp.tokuten.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Loading Japan Post's postal codes (the sample of real rows) and looking them up from a consumer page: the
 * load replaces the whole set in one transaction and is audited; a file that is not Japan Post's changes
 * nothing; the lookup answers JSON for any tenant's pages, 400 or 404 problem JSON for bad or unknown codes.
 */
@TokutenTest
class PostalCodesTests {

    @Autowired
    PostalCodes postalCodes;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    ApplicationContext context;

    TenantView shop;
    TenantView other;

    @BeforeEach
    void loadTheSample() throws IOException {
        postalCodes.load(KenAllFileTests.sample(), "utf_ken_all-sample.csv");
        shop = TenantFixtures.aTenant(tenants, "postal");
        other = TenantFixtures.aTenant(tenants, "postal-other");
    }

    @Test
    void looksUpTheAddressesOfACode() {
        assertThat(postalCodes.count()).isEqualTo(22);
        assertThat(postalCodes.lookup("1040061"))
                .containsExactly(new PostalAddress("1040061", "東京都", "中央区", "銀座", "ﾄｳｷｮｳﾄ", "ﾁｭｳｵｳｸ", "ｷﾞﾝｻﾞ"));
        assertThat(postalCodes.lookup("0288405")).hasSize(5);
        assertThat(postalCodes.lookup("9999999")).isEmpty();
        assertThat(postalCodes.lookup("104-0061")).isEmpty();
    }

    @Test
    void aReloadReplacesTheWholeSetAndIsAudited() throws IOException, SQLException {
        long entriesBefore = loadEntries();
        String oneCode =
                "13102,\"104  \",\"1040061\",\"ﾄｳｷｮｳﾄ\",\"ﾁｭｳｵｳｸ\",\"ｷﾞﾝｻﾞ\",\"東京都\",\"中央区\",\"銀座\",0,0,1,0,0,0\r\n";
        try {
            var report = postalCodes.load(oneCode.getBytes(StandardCharsets.UTF_8), "one-code.csv");

            assertThat(report.codes()).isEqualTo(1);
            assertThat(postalCodes.count()).isEqualTo(1);
            assertThat(postalCodes.lookup("1000001")).isEmpty();
            assertThat(loadEntries()).isEqualTo(entriesBefore + 1);
        } finally {
            postalCodes.load(KenAllFileTests.sample(), "utf_ken_all-sample.csv");
        }
        assertThat(postalCodes.count()).isEqualTo(22);
    }

    @Test
    void aFileThatIsNotJapanPostsChangesNothing() {
        assertThatThrownBy(() -> postalCodes.load("a,b\n".getBytes(StandardCharsets.UTF_8), "wrong.csv"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(postalCodes.count()).isEqualTo(22);
    }

    @Test
    void theCommandLoadsAFileAndSaysWhenItIsNotJapanPosts() throws IOException {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int loaded = PostalCodesCommand.load(
                context,
                KenAllFileTests.zipped("utf_ken_all.csv", KenAllFileTests.sample()),
                "utf_ken_all.zip",
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int refused = PostalCodesCommand.load(
                context,
                new byte[] {1, 2, 3},
                "junk.bin",
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(loaded).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Loaded 22 postal codes (26 addresses)");
        assertThat(refused).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Not Japan Post's postal-code file (junk.bin)");
        assertThat(postalCodes.count()).isEqualTo(22);
    }

    @Test
    void theConsumerLookupAnswersPrefectureCityAndTown() throws Exception {
        mvc.perform(get("/c/{slug}/postal-codes/{code}", shop.slug(), "100-0005")
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.postalCode").value("1000005"))
                .andExpect(jsonPath("$.prefecture").value("東京都"))
                .andExpect(jsonPath("$.city").value("千代田区"))
                .andExpect(jsonPath("$.town").value("丸の内"))
                .andExpect(jsonPath("$.addresses.length()").value(1));
        // one code, several towns: prefecture and city, the towns to choose from
        mvc.perform(get("/c/{slug}/postal-codes/{code}", shop.slug(), "0288405"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.city").value("下閉伊郡田野畑村"))
                .andExpect(jsonPath("$.town").value(""))
                .andExpect(jsonPath("$.addresses[4].town").value("南大芦"));
    }

    @Test
    void badAndUnknownCodesAreProblemJsonNeverAnErrorPage() throws Exception {
        mvc.perform(get("/c/{slug}/postal-codes/{code}", shop.slug(), "12345").locale(Locale.JAPANESE))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("invalid_postal_code"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("7桁")));
        mvc.perform(get("/c/{slug}/postal-codes/{code}", shop.slug(), "<script>"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_postal_code"));
        mvc.perform(get("/c/{slug}/postal-codes/{code}", shop.slug(), "9999999").param("lang", "en"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("postal_code_not_found"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not found")));
    }

    @Test
    void everyTenantsPagesSeeTheSameCodesAndAnUnknownTenantNone() throws Exception {
        mvc.perform(get("/c/{slug}/postal-codes/{code}", other.slug(), "1040061"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.town").value("銀座"));
        mvc.perform(get("/c/{slug}/postal-codes/{code}", "no-such-tenant-x", "1040061"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("銀座"))));
    }

    /** Meaning entries of loads, in the platform chain (read as the owner: the runtime role sees no platform entry). */
    private long loadEntries() throws SQLException {
        try (Connection owner = OwnerAccess.ownerConnection(context);
                var count = owner.prepareStatement(
                        "select count(*) from audit.entries where action = 'postal_codes.loaded' and tenant_id is null");
                var rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
