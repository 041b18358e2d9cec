package jp.tokuten.rewards.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.Entrants;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.rewards.Points;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rewards API as issue 13 names it: gift-code pools and their CSV upload with counts, an entrant's points,
 * a campaign's reward settings; bad input is a 4xx with its code, another tenant's ids are not found.
 */
@TokutenTest
class RewardsApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Entrants entrants;

    @Autowired
    Points points;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    TenantView shop;
    String editor;
    String viewer;

    @BeforeEach
    void aTenantWithKeys() {
        shop = TenantFixtures.aTenant(tenants, "api-rewards");
        editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
    }

    String pool(String key, String body) throws Exception {
        String json = mvc.perform(post("/api/v1/gift-code-pools")
                        .header("Authorization", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.remaining").value(0))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return JsonPath.read(json, "$.id");
    }

    @Test
    void aPoolIsCreatedFilledByCsvAndReadWithItsRemainingCount() throws Exception {
        UUID campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())).id());
        String id = pool(editor, """
                {"name": "Amazonギフト 500円", "campaignId": "%s", "lowThreshold": 5}""".formatted(campaign));

        mvc.perform(post("/api/v1/gift-code-pools/" + id + "/codes")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content("\uFEFFcode\r\nA-1\r\nA-2\r\n\r\nA-1\r\n".getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.added").value(2))
                .andExpect(jsonPath("$.duplicates").value(1))
                .andExpect(jsonPath("$.rejected").value(1))
                .andExpect(jsonPath("$.remaining").value(2))
                .andExpect(jsonPath("$.duplicateLines[0]").value(5));
        var file = new MockMultipartFile(
                "file", "codes.csv", "text/csv", "B-1\nB-2\nA-2\n".getBytes(Charset.forName("windows-31j")));
        mvc.perform(multipart("/api/v1/gift-code-pools/" + id + "/codes")
                        .file(file)
                        .header("Authorization", editor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.added").value(2))
                .andExpect(jsonPath("$.duplicates").value(1))
                .andExpect(jsonPath("$.remaining").value(4));

        String read = mvc.perform(get("/api/v1/gift-code-pools/" + id).header("Authorization", viewer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.remaining").value(4))
                .andExpect(jsonPath("$.taken").value(0))
                .andExpect(jsonPath("$.low").value(true))
                .andExpect(jsonPath("$.campaignId").value(campaign.toString()))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(read).doesNotContain("A-1").doesNotContain("B-1");
        mvc.perform(get("/api/v1/gift-code-pools").header("Authorization", viewer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pools[0].id").value(id));
    }

    @Test
    void badPoolsAndUploadsAreRefusedWithTheirCodes() throws Exception {
        for (String body : new String[] {
            "{}",
            "[]",
            "{\"name\": 5}",
            "{\"name\": \"x\", \"lowThreshold\": -1}",
            "{\"name\": \"x\", \"lowThreshold\": \"many\"}",
            "{\"name\": \"x\", \"campaignId\": \"nope\"}",
            "{\"name\": \"x\", \"campaignId\": \"" + UUID.randomUUID() + "\"}"
        }) {
            mvc.perform(post("/api/v1/gift-code-pools")
                            .header("Authorization", editor)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_pool"));
        }
        mvc.perform(post("/api/v1/gift-code-pools")
                        .header("Authorization", editor)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{not json"))
                .andExpect(status().is4xxClientError());
        String id = pool(editor, "{\"name\": \"ギフト\"}");
        mvc.perform(post("/api/v1/gift-code-pools/" + id + "/codes")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content("\"unterminated\nA\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("unreadable_csv"));
        mvc.perform(post("/api/v1/gift-code-pools/not-an-id/codes")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content("A\n"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(post("/api/v1/gift-code-pools/" + id + "/codes")
                        .header("Authorization", viewer)
                        .contentType("text/csv")
                        .content("A\n"))
                .andExpect(status().isForbidden());
    }

    @Test
    void anotherTenantsPoolsEntrantsAndCampaignsAreNotFound() throws Exception {
        String id = pool(editor, "{\"name\": \"ギフト\"}");
        UUID entrant = binder.callAs(
                shop.id(), () -> entrants.findOrCreateByEmail("pts@example.jp").id());
        UUID campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())).id());
        var rival = TenantFixtures.aTenant(tenants, "api-rewards-rival");
        String rivalKey = ApiKeyFixtures.aKey(dataSource, binder, tx, rival, TenantRole.EDITOR);

        mvc.perform(get("/api/v1/gift-code-pools/" + id).header("Authorization", rivalKey))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/gift-code-pools/" + id + "/codes")
                        .header("Authorization", rivalKey)
                        .contentType("text/csv")
                        .content("A\n"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/entrants/" + entrant + "/points").header("Authorization", rivalKey))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/campaigns/" + campaign + "/reward-settings")
                        .header("Authorization", rivalKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"addressDays\": 7}"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/gift-code-pools").header("Authorization", rivalKey))
                .andExpect(jsonPath("$.pools").isEmpty());
    }

    @Test
    void anEntrantsPointsShowTheBalancePerCampaignAndTheLedger() throws Exception {
        UUID entrant = binder.callAs(
                shop.id(), () -> entrants.findOrCreateByEmail("pts@example.jp").id());
        UUID campaign = UUID.randomUUID();
        binder.callAs(shop.id(), () -> points.earn(entrant, campaign, 120, "receipt_approved", null));
        binder.callAs(shop.id(), () -> points.spend(entrant, campaign, 100, "course_a"));

        mvc.perform(get("/api/v1/entrants/" + entrant + "/points").header("Authorization", viewer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entrantId").value(entrant.toString()))
                .andExpect(jsonPath("$.balances[0].campaignId").value(campaign.toString()))
                .andExpect(jsonPath("$.balances[0].balance").value(20))
                .andExpect(jsonPath("$.ledger.length()").value(2))
                .andExpect(jsonPath("$.ledger[0].points").value(-100))
                .andExpect(jsonPath("$.ledger[1].points").value(120));
        mvc.perform(get("/api/v1/entrants/not-an-id/points").header("Authorization", viewer))
                .andExpect(status().isNotFound());
    }

    @Test
    void aCampaignsRewardSettingsAreSetAndCheckedField() throws Exception {
        UUID campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())).id());
        mvc.perform(get("/api/v1/campaigns/" + campaign + "/reward-settings").header("Authorization", viewer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.addressDays").value(14))
                .andExpect(jsonPath("$.pointsRule").value("none"));
        mvc.perform(
                        put("/api/v1/campaigns/" + campaign + "/reward-settings")
                                .header("Authorization", editor)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"addressDays\": 7, \"pointsRule\": \"per_yen\", \"pointsPer\": 1, \"yenUnit\": 100}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.addressDays").value(7))
                .andExpect(jsonPath("$.pointsRule").value("per_yen"));
        for (String bad : new String[] {
            "{\"addressDays\": 0}", "{\"pointsRule\": \"per_day\"}", "{\"pointsPer\": \"1\"}", "{\"yenUnit\": 0}", "[]"
        }) {
            mvc.perform(put("/api/v1/campaigns/" + campaign + "/reward-settings")
                            .header("Authorization", editor)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(bad))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_settings"));
        }
    }
}
