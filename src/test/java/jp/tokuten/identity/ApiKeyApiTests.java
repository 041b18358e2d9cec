package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantStatus;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/api-keys}: admin keys issue, list and revoke the keys of their own tenant; the secret is
 * shown once and never logged; a key's last use is written at most once a minute, never as an audit entry.
 */
@TokutenTest
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyApiTests {

    static final String PATH = "/api/v1/api-keys";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    @Autowired
    ApiKeys apiKeys;

    final JsonMapper json = JsonMapper.builder().build();

    TenantView shop;
    String adminKey;

    @BeforeEach
    void aTenantWithItsProvisioningKey() {
        var provisioned = provisioning.provision(TenantFixtures.uniqueSlug("keys-api"), "キー管理 株式会社");
        shop = provisioned.tenant();
        adminKey = provisioned.apiKey().key();
    }

    ResultActions create(String key, String body) throws Exception {
        return mvc.perform(post(PATH)
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    /** Issues a key through the API and returns {id, key}. */
    Map<?, ?> issued(String name, String role) throws Exception {
        String body = create(adminKey, json.writeValueAsString(Map.of("name", name, "role", role)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readValue(body, Map.class);
    }

    @Test
    void issuesAKeyShownOnceThatWorksAtOnce(CapturedOutput output) throws Exception {
        String body = create(adminKey, "{\"name\":\"在庫連携\",\"role\":\"viewer\"}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith(PATH + "/")))
                .andExpect(jsonPath("$.name").value("在庫連携"))
                .andExpect(jsonPath("$.role").value("viewer"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        Map<?, ?> created = json.readValue(body, Map.class);
        String key = (String) created.get("key");
        assertThat(key).startsWith("tk_");

        String location = PATH + "/" + created.get("id");
        mvc.perform(get(location).header("Authorization", "Bearer " + adminKey))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("在庫連携"))
                .andExpect(jsonPath("$.active").value(true))
                .andExpect(jsonPath("$.key").doesNotExist());
        mvc.perform(get(PATH).header("Authorization", "Bearer " + adminKey))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(hasItem(created.get("id"))))
                .andExpect(jsonPath("$[*].key").isEmpty())
                .andExpect(jsonPath("$[*].secretSha256").isEmpty());
        // the new key authenticates, with its own (viewer) role
        mvc.perform(get(PATH).header("Authorization", "Bearer " + key)).andExpect(status().isForbidden());
        String secret = key.substring(key.lastIndexOf('_') + 1);
        assertThat(output.getAll()).doesNotContain(secret);
        assertThat(meaningEntries("api_key.issued")).isGreaterThanOrEqualTo(2); // provisioning + this one
    }

    @Test
    void revokesAKeyAtOnceAndAudits() throws Exception {
        var created = issued("一時的な連携", "editor");
        String key = (String) created.get("key");
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk());

        mvc.perform(delete(PATH + "/" + created.get("id")).header("Authorization", "Bearer " + adminKey))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(PATH + "/" + created.get("id")).header("Authorization", "Bearer " + adminKey))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.active").value(false));
        mvc.perform(delete(PATH + "/" + created.get("id")).header("Authorization", "Bearer " + adminKey))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("api_key_not_found"));
        assertThat(meaningEntries("api_key.revoked")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"role\":\"viewer\"}",
                "{\"name\":\"\",\"role\":\"viewer\"}",
                "{\"name\":\"   \",\"role\":\"viewer\"}",
                "{\"name\":\"line\\nbreak\",\"role\":\"viewer\"}"
            })
    void refusesABadName(String body) throws Exception {
        create(adminKey, body)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_key_name"));
    }

    @Test
    void refusesANulInTheNameBeforeItReachesTheKeys() throws Exception {
        long before = keyCount();
        create(adminKey, "{\"name\":\"a\\u0000b\",\"role\":\"viewer\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("control_characters"));
        assertThat(keyCount()).isEqualTo(before);
    }

    @Test
    void refusesATooLongName() throws Exception {
        create(adminKey, json.writeValueAsString(Map.of("name", "x".repeat(101), "role", "viewer")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_key_name"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"name\":\"n\"}", "{\"name\":\"n\",\"role\":\"owner\"}", "{\"name\":\"n\",\"role\":\"\"}"})
    void refusesABadRole(String body) throws Exception {
        create(adminKey, body)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_role"));
    }

    @Test
    void refusesMalformedJsonWithoutAServerError() throws Exception {
        create(adminKey, "{\"name\":").andExpect(status().isBadRequest());
        create(adminKey, "[]").andExpect(status().isBadRequest());
    }

    @Test
    void anUnknownOrMalformedIdIsNotFound() throws Exception {
        mvc.perform(get(PATH + "/%00").header("Authorization", "Bearer " + adminKey))
                .andExpect(status().isBadRequest());
        for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid", "x".repeat(300)}) {
            mvc.perform(get(PATH + "/" + id).header("Authorization", "Bearer " + adminKey))
                    .andExpect(status().isNotFound());
            mvc.perform(delete(PATH + "/" + id).header("Authorization", "Bearer " + adminKey))
                    .andExpect(status().isNotFound());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TenantRole.class,
            names = {"EDITOR", "REVIEWER", "STORE_STAFF", "VIEWER"})
    void onlyAdminKeysManageKeys(TenantRole role) throws Exception {
        String key = (String) issued("role " + role, role.name().toLowerCase()).get("key");
        var target = issued("target", "viewer");
        mvc.perform(get(PATH).header("Authorization", "Bearer " + key)).andExpect(status().isForbidden());
        create(key, "{\"name\":\"more\",\"role\":\"admin\"}").andExpect(status().isForbidden());
        mvc.perform(delete(PATH + "/" + target.get("id")).header("Authorization", "Bearer " + key))
                .andExpect(status().isForbidden());
        mvc.perform(get(PATH)).andExpect(status().isUnauthorized());
    }

    @Test
    void anotherTenantsKeysAreNotFound() throws Exception {
        var other = provisioning.provision(TenantFixtures.uniqueSlug("keys-rival"), "他社");
        String otherAdmin = other.apiKey().key();
        var ours = issued("ours", "viewer");

        mvc.perform(get(PATH + "/" + ours.get("id")).header("Authorization", "Bearer " + otherAdmin))
                .andExpect(status().isNotFound());
        mvc.perform(delete(PATH + "/" + ours.get("id")).header("Authorization", "Bearer " + otherAdmin))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("api_key_not_found"));
        mvc.perform(get(PATH).header("Authorization", "Bearer " + otherAdmin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(not(hasItem(ours.get("id")))));
        // still active for its own tenant
        mvc.perform(get(PATH + "/" + ours.get("id")).header("Authorization", "Bearer " + adminKey))
                .andExpect(jsonPath("$.active").value(true));
    }

    @Test
    void recordsLastUseAtMostOnceAMinuteAndNotInTheAuditLog() throws Exception {
        var created = issued("polling", "viewer");
        String key = (String) created.get("key");
        UUID id = UUID.fromString((String) created.get("id"));
        long changesBefore = keyChanges(id);

        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk());
        Instant first = lastUsed(id);
        assertThat(first).isNotNull();
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                    .andExpect(status().isOk());
        }
        assertThat(lastUsed(id)).as("unchanged within the minute").isEqualTo(first);

        Instant longAgo = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> new JdbcTemplate(dataSource)
                        .update(
                                "update identity.api_keys set last_used_at = ? where id = ?",
                                Timestamp.from(longAgo),
                                id)));
        apiKeys.forgetRecentAnswers(); // the key's check is reused for 5 s: this test changed its row itself
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk());
        assertThat(lastUsed(id)).isAfter(longAgo.plusSeconds(60));

        assertThat(keyChanges(id)).as("no change entry for last use").isEqualTo(changesBefore);
    }

    @Test
    void aSuspendedTenantsKeysStopWorking() throws Exception {
        mvc.perform(get(PATH).header("Authorization", "Bearer " + adminKey)).andExpect(status().isOk());
        tenants.changeStatus(shop.id(), TenantStatus.ACTIVE, TenantStatus.SUSPENDED);
        mvc.perform(get(PATH).header("Authorization", "Bearer " + adminKey)).andExpect(status().isUnauthorized());
        tenants.changeStatus(shop.id(), TenantStatus.SUSPENDED, TenantStatus.ACTIVE);
        mvc.perform(get(PATH).header("Authorization", "Bearer " + adminKey)).andExpect(status().isOk());
    }

    private Instant lastUsed(UUID id) {
        Timestamp t = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> new JdbcTemplate(dataSource)
                        .queryForObject(
                                "select last_used_at from identity.api_keys where id = ?", Timestamp.class, id)));
        return t == null ? null : t.toInstant();
    }

    private long keyChanges(UUID id) {
        return binder.callAs(
                shop.id(),
                () -> tx.execute(s -> new JdbcTemplate(dataSource).queryForObject("""
                                select count(*) from audit.entries
                                 where kind = 'change' and table_name = 'identity.api_keys'
                                   and row_key ->> 'id' = ?""", Long.class, id.toString())));
    }

    private long meaningEntries(String action) {
        return binder.callAs(
                shop.id(),
                () -> tx.execute(s -> new JdbcTemplate(dataSource)
                        .queryForObject(
                                "select count(*) from audit.entries where kind = 'meaning' and action = ?",
                                Long.class,
                                action)));
    }

    private long keyCount() {
        return binder.callAs(
                shop.id(),
                () -> tx.execute(s -> new JdbcTemplate(dataSource)
                        .queryForObject("select count(*) from identity.api_keys", Long.class)));
    }
}
