package jp.tokuten.rewards.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.Entrants;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.rewards.RewardsTestsAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The winner's address form over HTTP: the form of a link, field messages for bad input (422, nothing
 * saved), saving and changing, the closed form after the deadline (409), and 404 for an unknown link or
 * another tenant's.
 */
@TokutenTest
class ConsumerWinnerPagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Entrants entrants;

    @Autowired
    Awards awards;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    TenantView shop;
    TenantView other;
    UUID award;
    String token;

    @BeforeEach
    void winner() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "winner-pages");
        other = TenantFixtures.aTenant(tenants, "winner-other");
        String email = "winner-" + System.nanoTime() + "@example.jp";
        award = binder.callAs(
                shop.id(),
                () -> awards.grant(NewAward.physical(
                                UUID.randomUUID(),
                                UUID.randomUUID(),
                                UUID.randomUUID(),
                                entrants.findOrCreateByEmail(email).id(),
                                null,
                                NewAward.Source.INSTANT_WIN,
                                "図書カード3,000円分",
                                3000))
                        .id());
        RewardsTestsAccess.sweep(context, shop.id());
        token = RewardsTestsAccess.mailedFormToken(email);
    }

    MockHttpServletRequestBuilder submit(String slug, String phone) {
        return submit(slug, phone, "1-1");
    }

    MockHttpServletRequestBuilder submit(String slug, String phone, String addressLine1) {
        return post("/c/{slug}/winners/{token}", slug, token)
                .with(csrf())
                .param("fullName", "佐藤 太郎")
                .param("postalCode", "100-0001")
                .param("prefecture", "東京都")
                .param("city", "千代田区")
                .param("town", "千代田")
                .param("addressLine1", addressLine1)
                .param("addressLine2", "")
                .param("phone", phone);
    }

    @Test
    void showsTheFormOfTheLink() throws Exception {
        mvc.perform(get("/c/{slug}/winners/{token}", shop.slug(), token))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("図書カード3,000円分")))
                .andExpect(content().string(containsString("お届け先の入力期限")))
                .andExpect(content().string(containsString("/c/" + shop.slug() + "/postal-codes/")));
    }

    @Test
    void badInputIsAMessageAtEachFieldAndSavesNothing() throws Exception {
        mvc.perform(submit(shop.slug(), "12-34").param("prefecture", "ムー大陸").param("fullName", " "))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("電話番号は0から始まる10桁または11桁")))
                .andExpect(content().string(containsString("都道府県を一覧から選んでください。")))
                .andExpect(content().string(containsString("入力してください。")))
                .andExpect(content().string(containsString("value=\"千代田区\"")));
        mvc.perform(post("/c/{slug}/winners/{token}", shop.slug(), token).with(csrf()))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(get("/c/{slug}/winners/{token}", shop.slug(), token))
                .andExpect(content().string(not(containsString("佐藤"))));
    }

    @Test
    void savesAndThenChangesTheAddress() throws Exception {
        mvc.perform(submit(shop.slug(), "090-0000-1111"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/c/" + shop.slug() + "/winners/" + token));
        mvc.perform(get("/c/{slug}/winners/{token}", shop.slug(), token))
                .andExpect(content().string(containsString("value=\"佐藤 太郎\"")))
                .andExpect(content().string(containsString("お届け先を変更する")));
        mvc.perform(submit(shop.slug(), "03-1111-2222", "2-2")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/c/{slug}/winners/{token}", shop.slug(), token))
                .andExpect(content().string(containsString("value=\"2-2\"")));
    }

    @Test
    void afterTheDeadlineTheFormIsClosed() throws Exception {
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> jdbc.update(
                        "update rewards.awards set deadline = now() - interval '1 second' where id = ?", award)));

        mvc.perform(submit(shop.slug(), "090-0000-1111"))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("入力期限を過ぎたか発送済みのため")));
        mvc.perform(get("/c/{slug}/winners/{token}", shop.slug(), token))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("<form method=\"post\" class=\"winner-form\""))));
    }

    @Test
    void anUnknownLinkOrAnotherTenantsIsNotFound() throws Exception {
        mvc.perform(get("/c/{slug}/winners/{token}", other.slug(), token)).andExpect(status().isNotFound());
        mvc.perform(submit(other.slug(), "090-0000-1111")).andExpect(status().isNotFound());
        mvc.perform(get("/c/{slug}/winners/{token}", shop.slug(), "not-a-token"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/c/{slug}/winners/{token}", shop.slug(), "A".repeat(43)))
                .andExpect(status().isNotFound());
    }
}
