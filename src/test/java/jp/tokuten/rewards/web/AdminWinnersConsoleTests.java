package jp.tokuten.rewards.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.Entrants;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.rewards.AwardView;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.Delivery;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.rewards.PremiumLimits;
import jp.tokuten.rewards.PremiumSettings;
import jp.tokuten.rewards.RewardsTestsAccess;
import jp.tokuten.rewards.WinnerAddress;
import jp.tokuten.rewards.WinnerMessages;
import jp.tokuten.rewards.WinnerNotice;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Winners in the admin console on the real database: the list per campaign, shipping with a tracking number
 * and delivery, the shipping CSV with addresses in UTF-8 with BOM and in Shift_JIS (editors only), the
 * winner e-mail's text per campaign with a preview, bad input as messages, and another tenant's campaign or
 * award as 404.
 */
@TokutenTest
class AdminWinnersConsoleTests {

    static final String PASSWORD = "winners console pass phrase";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Entrants entrants;

    @Autowired
    Awards awards;

    @Autowired
    Delivery delivery;

    @Autowired
    WinnerMessages mail;

    @Autowired
    PremiumSettings premiums;

    @Autowired
    ApplicationContext context;

    TenantView shop;
    TenantView other;
    Cookie editor;
    Cookie viewer;
    UUID campaign;
    UUID given;
    UUID waiting;
    String email;

    @BeforeEach
    void aCampaignWithTwoWinners() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "console-winners");
        other = TenantFixtures.aTenant(tenants, "console-winners-other");
        editor = signedIn(shop, TenantRole.EDITOR);
        viewer = signedIn(shop, TenantRole.VIEWER);
        campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())).id());
        email = "winner-" + System.nanoTime() + "@example.jp";
        given = grant("=SUM(A1) 特製タオル");
        waiting = grant("特製マグカップ");
        RewardsTestsAccess.sweep(context, shop.id());
        String token = tokenFor(given);
        binder.callAs(
                shop.id(),
                () -> delivery.submit(
                        token,
                        new WinnerAddress.Typed(
                                "𠮷田 一郎", "1040061", "東京都", "中央区", "銀座", "1-2-3", "", "090-1111-2222")));
    }

    UUID grant(String prize) {
        return binder.callAs(
                shop.id(),
                () -> awards.grant(NewAward.physical(
                                campaign,
                                UUID.randomUUID(),
                                UUID.randomUUID(),
                                entrants.findOrCreateByEmail(email).id(),
                                null,
                                NewAward.Source.DRAW,
                                prize,
                                1500))
                        .id());
    }

    String tokenFor(UUID award) throws Exception {
        for (var m : jp.tokuten.TestMailServer.server().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(email)) {
                var matcher = java.util.regex.Pattern.compile("/winners/([A-Za-z0-9_-]+)")
                        .matcher((String) m.getContent());
                if (matcher.find()) {
                    String token = matcher.group(1);
                    var form = binder.callAs(shop.id(), () -> delivery.form(token));
                    if (form.isPresent() && form.get().awardId().equals(award)) {
                        return token;
                    }
                }
            }
        }
        throw new AssertionError("no link for " + award);
    }

    Cookie signedIn(TenantView t, TenantRole role) throws Exception {
        String login = role.name().toLowerCase(Locale.ROOT) + "-" + System.nanoTime() + "@winners.example";
        binder.callAs(t.id(), () -> users.create(login, role.name(), role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(t.slug(), login, PASSWORD);
    }

    @Test
    void theListShowsEachWinnerWithStatusAndDeadline() throws Exception {
        mvc.perform(get("/admin/rewards/campaigns/{c}/winners", campaign).cookie(viewer))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(email)))
                .andExpect(content().string(containsString("特製マグカップ")))
                .andExpect(content().string(containsString("お届け先入力済み")))
                .andExpect(content().string(containsString("お届け先の入力待ち")))
                .andExpect(content().string(not(containsString("発送用CSV"))));
        mvc.perform(get("/admin/rewards/winners").cookie(viewer))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/admin/rewards/campaigns/" + campaign + "/winners")));
    }

    @Test
    void anEditorShipsWithATrackingNumberAndThenMarksDelivered() throws Exception {
        mvc.perform(post("/admin/rewards/campaigns/{c}/winners/{a}/ship", campaign, given)
                        .with(csrf())
                        .cookie(editor)
                        .param("trackingNumber", "1234-5678-9012"))
                .andExpect(status().is3xxRedirection());
        assertThat(binder.callAs(shop.id(), () -> awards.get(given)).status()).isEqualTo(AwardView.Status.SHIPPED);
        mvc.perform(post("/admin/rewards/campaigns/{c}/winners/{a}/delivered", campaign, given)
                        .with(csrf())
                        .cookie(editor))
                .andExpect(status().is3xxRedirection());
        assertThat(binder.callAs(shop.id(), () -> awards.get(given)).status()).isEqualTo(AwardView.Status.DELIVERED);
    }

    @Test
    void badStatusChangesAreMessagesAndOtherTenantsAwardsAreNotFound() throws Exception {
        mvc.perform(post("/admin/rewards/campaigns/{c}/winners/{a}/ship", campaign, given)
                        .with(csrf())
                        .cookie(editor)
                        .param("trackingNumber", " "))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("お問い合わせ番号を50文字以内で入力してください。")));
        mvc.perform(post("/admin/rewards/campaigns/{c}/winners/{a}/ship", campaign, waiting)
                        .with(csrf())
                        .cookie(editor)
                        .param("trackingNumber", "1"))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("現在の状態の当選景品には、この操作を行えません。")));
        mvc.perform(post("/admin/rewards/campaigns/{c}/winners/{a}/delivered", campaign, given)
                        .with(csrf())
                        .cookie(editor))
                .andExpect(status().isConflict());
        Cookie otherEditor = signedIn(other, TenantRole.EDITOR);
        mvc.perform(get("/admin/rewards/campaigns/{c}/winners", campaign).cookie(otherEditor))
                .andExpect(status().isNotFound());
        mvc.perform(post("/admin/rewards/campaigns/{c}/winners/{a}/ship", campaign, given)
                        .with(csrf())
                        .cookie(otherEditor)
                        .param("trackingNumber", "1"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/rewards/campaigns/{c}/winners.csv", campaign).cookie(otherEditor))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/rewards/campaigns/{c}/winners", "not-a-uuid").cookie(editor))
                .andExpect(status().isNotFound());
        assertThat(binder.callAs(shop.id(), () -> awards.get(given)).status())
                .isEqualTo(AwardView.Status.ADDRESS_GIVEN);
    }

    @Test
    void theShippingCsvHasTheAddressesInUtf8WithBomOrShiftJis() throws Exception {
        byte[] utf8 = mvc.perform(get("/admin/rewards/campaigns/{c}/winners.csv", campaign)
                        .cookie(editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(utf8).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(utf8, 3, utf8.length - 3, StandardCharsets.UTF_8);
        var lines = text.split("\r\n");
        assertThat(lines).hasSize(2); // the header and the one winner who gave an address
        assertThat(lines[0]).startsWith("当選ID,氏名,郵便番号,都道府県");
        assertThat(lines[1])
                .contains("𠮷田 一郎", "104-0061", "東京都", "中央区", "銀座", "1-2-3", "09011112222", email)
                .contains("'=SUM(A1) 特製タオル");

        byte[] sjis = mvc.perform(get("/admin/rewards/campaigns/{c}/winners.csv", campaign)
                        .param("charset", "Shift_JIS")
                        .cookie(editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String decoded = new String(sjis, Charset.forName("windows-31j"));
        assertThat(decoded).contains("東京都", "銀座").contains("〓田 一郎"); // 𠮷 is not in CP932
        mvc.perform(get("/admin/rewards/campaigns/{c}/winners.csv", campaign).cookie(viewer))
                .andExpect(status().isForbidden());
    }

    @Test
    void theWinnerEMailIsWrittenPerCampaignWithAPreview() throws Exception {
        mvc.perform(get("/admin/rewards/campaigns/{c}/mail", campaign).cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("【ご当選】サンプル景品（オリジナルタオル） のお届け先をご入力ください")));
        mvc.perform(post("/admin/rewards/campaigns/{c}/mail", campaign)
                        .with(csrf())
                        .cookie(editor)
                        .param("kind", "address_request")
                        .param("lang", "ja")
                        .param("action", "preview")
                        .param("subject", "{prize} が当たりました")
                        .param("body", "こちらから: {link}"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("サンプル景品（オリジナルタオル） が当たりました")));
        mvc.perform(post("/admin/rewards/campaigns/{c}/mail", campaign)
                        .with(csrf())
                        .cookie(editor)
                        .param("kind", "address_request")
                        .param("lang", "ja")
                        .param("subject", "{prize} が当たりました")
                        .param("body", "リンクのない本文"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("{link} を、")));
        mvc.perform(post("/admin/rewards/campaigns/{c}/mail", campaign)
                        .with(csrf())
                        .cookie(editor)
                        .param("kind", "address_request")
                        .param("lang", "ja")
                        .param("subject", "{prize} が当たりました")
                        .param("body", "こちらから: {link}\n期限: {deadline}"))
                .andExpect(status().is3xxRedirection());
        var saved = binder.callAs(
                shop.id(), () -> mail.template(campaign, WinnerNotice.Kind.ADDRESS_REQUEST, Locale.JAPANESE));
        assertThat(saved.custom()).isTrue();
        assertThat(saved.subject()).isEqualTo("{prize} が当たりました");

        // the next winner of the campaign gets the campaign's own text
        String next = "next-" + System.nanoTime() + "@example.jp";
        binder.callAs(
                shop.id(),
                () -> awards.grant(NewAward.physical(
                        campaign,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        entrants.findOrCreateByEmail(next).id(),
                        null,
                        NewAward.Source.DRAW,
                        "特製マグカップ",
                        1500)));
        RewardsTestsAccess.sweep(context, shop.id());
        var received = java.util.Arrays.stream(
                        jp.tokuten.TestMailServer.server().getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equals(next);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().getSubject()).isEqualTo("特製マグカップ が当たりました");
        assertThat((String) received.getFirst().getContent()).contains("/c/" + shop.slug() + "/winners/");

        mvc.perform(post("/admin/rewards/campaigns/{c}/mail", campaign)
                        .with(csrf())
                        .cookie(viewer)
                        .param("kind", "address_request")
                        .param("lang", "ja")
                        .param("subject", "x")
                        .param("body", "{link}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/rewards/campaigns/{c}/mail", campaign)
                        .param("kind", "nope")
                        .cookie(editor))
                .andExpect(status().isNotFound());
    }

    @Test
    void anEditorStatesTheAmountsTheLegalCapsAreCheckedAgainst() throws Exception {
        mvc.perform(post("/admin/rewards/campaigns/{c}/premiums", campaign)
                        .with(csrf())
                        .cookie(editor)
                        .param("transactionYen", "1,000")
                        .param("expectedSalesYen", "¥10,000,000"))
                .andExpect(status().is3xxRedirection());
        var stated = binder.callAs(shop.id(), () -> premiums.of(campaign));
        assertThat(stated.transactionYen()).isEqualTo(1_000L);
        assertThat(stated.expectedSalesYen()).isEqualTo(10_000_000L);
        var warnings = binder.callAs(
                shop.id(),
                () -> premiums.warnings(
                        campaign,
                        java.util.List.of(new PremiumLimits.Course(
                                "A賞",
                                PremiumLimits.Offer.SWEEPSTAKES,
                                null,
                                java.util.List.of(new PremiumLimits.Prize("旅行券", 30_000, 10))))));
        assertThat(warnings) // ¥30,000 over 20 × ¥1,000; 10 × ¥30,000 over 2% of ¥10,000,000
                .extracting(PremiumLimits.Warning::code)
                .containsExactly(PremiumLimits.PRIZE_OVER_LIMIT, PremiumLimits.TOTAL_OVER_LIMIT);
        mvc.perform(get("/admin/rewards/campaigns/{c}/premiums", campaign).cookie(viewer))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"10000000\"")));

        mvc.perform(post("/admin/rewards/campaigns/{c}/premiums", campaign)
                        .with(csrf())
                        .cookie(editor)
                        .param("transactionYen", "-5")
                        .param("expectedSalesYen", ""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("取引価額は1億円以下の金額を数字で入力してください。")));
        assertThat(binder.callAs(shop.id(), () -> premiums.of(campaign)).transactionYen())
                .isEqualTo(1_000L);
        mvc.perform(post("/admin/rewards/campaigns/{c}/premiums", campaign)
                        .with(csrf())
                        .cookie(signedIn(other, TenantRole.EDITOR))
                        .param("transactionYen", "1"))
                .andExpect(status().isNotFound());
    }
}
