package jp.tokuten.consumer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.EntrantSessions;
import jp.tokuten.identity.Entrants;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.GiftCodePools;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.rewards.Points;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** An entrant sees their points balance per campaign and the prizes they won on "my entries", and only their own. */
@TokutenTest
class MyPointsPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Entrants entrants;

    @Autowired
    EntrantSessions sessions;

    @Autowired
    Points points;

    @Autowired
    GiftCodePools pools;

    @Autowired
    Awards awards;

    @Test
    void anEntrantSeesTheirBalanceOnMyEntries() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "my-points");
        var campaign = binder.callAs(shop.id(), () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())));
        UUID hanako = binder.callAs(
                shop.id(),
                () -> entrants.findOrCreateByEmail("hanako@example.jp").id());
        UUID taro = binder.callAs(
                shop.id(), () -> entrants.findOrCreateByEmail("taro@example.jp").id());
        binder.callAs(shop.id(), () -> points.earn(hanako, campaign.id(), 1250, "receipt_approved", null));

        String page = mvc.perform(get("/c/" + shop.slug() + "/mine")
                        .cookie(session(shop, hanako))
                        .locale(Locale.JAPANESE))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("data-points").contains(campaign.name()).contains("1,250 ポイント");

        String other = mvc.perform(get("/c/" + shop.slug() + "/mine").cookie(session(shop, taro)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(other).doesNotContain("data-points").doesNotContain("1,250");
    }

    @Test
    void aWinnerSeesTheirGiftCodeAndOthersDoNot() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "my-prizes");
        var campaign = binder.callAs(shop.id(), () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())));
        UUID hanako = binder.callAs(
                shop.id(),
                () -> entrants.findOrCreateByEmail("hanako@example.jp").id());
        UUID taro = binder.callAs(
                shop.id(), () -> entrants.findOrCreateByEmail("taro@example.jp").id());
        var pool = binder.callAs(shop.id(), () -> pools.create("ギフト", campaign.id(), 0));
        binder.callAs(shop.id(), () -> pools.upload(pool.id(), "GIFT-HANAKO-1\n".getBytes(StandardCharsets.UTF_8)));
        binder.callAs(
                shop.id(),
                () -> awards.grant(new NewAward(
                        campaign.id(),
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        hanako,
                        null,
                        NewAward.Source.INSTANT_WIN,
                        NewAward.Kind.GIFT_CODE,
                        "デジタルギフト500円分",
                        500,
                        pool.id(),
                        null,
                        null)));

        String page = mvc.perform(get("/c/" + shop.slug() + "/mine")
                        .cookie(session(shop, hanako))
                        .locale(Locale.JAPANESE))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("data-prizes").contains("デジタルギフト500円分").contains("GIFT-HANAKO-1");

        String other = mvc.perform(get("/c/" + shop.slug() + "/mine").cookie(session(shop, taro)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(other).doesNotContain("data-prizes").doesNotContain("GIFT-HANAKO-1");
    }

    Cookie session(TenantView t, UUID entrant) {
        return new Cookie(EntrantCookies.SESSION, binder.callAs(t.id(), () -> sessions.open(entrant)));
    }
}
