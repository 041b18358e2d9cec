package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@TokutenTest
class OperatorTenantApiTests {

    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    ResultActions createTenant(String authorization, String json) throws Exception {
        return mvc.perform(post("/api/v1/operator/tenants")
                .header("Authorization", authorization)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    @Test
    void createsATenantAndReturnsItsApiKeyOnce() throws Exception {
        String slug = TenantFixtures.uniqueSlug("acme");
        String body = createTenant(OPERATOR, "{\"slug\":\"" + slug + "\",\"name\":\"アクメ商事\"}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/v1/operator/tenants/")))
                .andExpect(jsonPath("$.slug").value(slug))
                .andExpect(jsonPath("$.name").value("アクメ商事"))
                .andExpect(jsonPath("$.apiKey").value(startsWith("tk_")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");
        String apiKey = JsonPath.read(body, "$.apiKey");

        assertThat(tenants.findBySlug(slug))
                .hasValueSatisfying(t -> assertThat(t.id().toString()).isEqualTo(id));
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + apiKey))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.slug").value(slug));
        mvc.perform(get("/api/v1/operator/tenants").header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].slug", hasItem(slug)))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString(apiKey))));
    }

    @Test
    void refusesADuplicateSlugWithConflictAndKeepsTheFirstTenant() throws Exception {
        String slug = TenantFixtures.uniqueSlug("dup");
        createTenant(OPERATOR, "{\"slug\":\"" + slug + "\",\"name\":\"First\"}").andExpect(status().isCreated());
        createTenant(OPERATOR, "{\"slug\":\"" + slug + "\",\"name\":\"Second\"}")
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", startsWith("application/problem+json")))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.field").value("slug"))
                .andExpect(jsonPath("$.detail", containsString(slug)));
        assertThat(tenants.findBySlug(slug))
                .hasValueSatisfying(t -> assertThat(t.displayName()).isEqualTo("First"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"slug\":\"Upper\",\"name\":\"x\"}",
                "{\"slug\":\"with space\",\"name\":\"x\"}",
                "{\"slug\":\"-leading\",\"name\":\"x\"}",
                "{\"slug\":\"trailing-\",\"name\":\"x\"}",
                "{\"slug\":\"toolong-toolong-toolong-toolong-toolong-x\",\"name\":\"x\"}",
                "{\"slug\":\"\",\"name\":\"x\"}",
                "{\"slug\":\"かな\",\"name\":\"x\"}",
                "{\"slug\":\"admin\",\"name\":\"x\"}",
                "{\"name\":\"no slug\"}",
                "{\"slug\":\"no-name-given\"}",
                "{\"slug\":\"blank-name\",\"name\":\"   \"}",
                "{\"slug\":12,\"name\":\"x\"}",
                "{\"slug\":",
                "[]",
                "not json"
            })
    void answersBadInputWithAProblem(String json) throws Exception {
        long before = tenants.count();
        createTenant(OPERATOR, json)
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", startsWith("application/problem+json")))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").isNotEmpty());
        assertThat(tenants.count()).isEqualTo(before);
    }

    @Test
    void refusesANameLongerThan200Characters() throws Exception {
        createTenant(
                        OPERATOR,
                        "{\"slug\":\"" + TenantFixtures.uniqueSlug("long") + "\",\"name\":\"" + "あ".repeat(201) + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"));
    }

    @Test
    void refusesCallsWithoutAValidOperatorToken() throws Exception {
        String json = "{\"slug\":\"" + TenantFixtures.uniqueSlug("nope") + "\",\"name\":\"x\"}";
        mvc.perform(post("/api/v1/operator/tenants")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.status").value(401));
        createTenant("Bearer not-the-token-not-the-token-not-the-token", json).andExpect(status().isUnauthorized());
        createTenant("Basic " + TokutenTest.OPERATOR_TOKEN, json).andExpect(status().isUnauthorized());
    }

    @Test
    void aTenantApiKeyIsNotAnOperatorToken() throws Exception {
        String body = createTenant(
                        OPERATOR, "{\"slug\":\"" + TenantFixtures.uniqueSlug("keyed") + "\",\"name\":\"Keyed\"}")
                .andReturn()
                .getResponse()
                .getContentAsString();
        String apiKey = JsonPath.read(body, "$.apiKey");
        createTenant("Bearer " + apiKey, "{\"slug\":\"" + TenantFixtures.uniqueSlug("x") + "\",\"name\":\"x\"}")
                .andExpect(status().isUnauthorized());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Bearer ",
                "Bearer tk_",
                "Bearer tk_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "Bearer tk_zz_zz",
                "Token abc"
            })
    void refusesTenantApiCallsWithoutAValidKey(String authorization) throws Exception {
        var request = get("/api/v1/tenant");
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        mvc.perform(request)
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", startsWith("application/problem+json")));
    }

    @Test
    void anotherTenantsKeyWithATamperedTenantPartIsRefused() throws Exception {
        String keyA = JsonPath.read(
                createTenant(OPERATOR, "{\"slug\":\"" + TenantFixtures.uniqueSlug("ka") + "\",\"name\":\"A\"}")
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
        String keyB = JsonPath.read(
                createTenant(OPERATOR, "{\"slug\":\"" + TenantFixtures.uniqueSlug("kb") + "\",\"name\":\"B\"}")
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.apiKey");
        // B's tenant id with A's secret: the secret is looked up only inside B, where it does not exist.
        String forged = keyB.substring(0, 36) + keyA.substring(36);
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + forged))
                .andExpect(status().isUnauthorized());
    }
}
