package jp.tokuten.access;

import static jp.tokuten.access.AccessFixtures.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code GET/PUT /api/v1/settings/ip-allowlist}: admin keys only, validated, never locking the caller out. */
@TokutenTest
class IpAllowListApiTests {

    static final String HERE = "203.0.113.7";
    static final String PATH = "/api/v1/settings/ip-allowlist";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    IpAllowList allowList;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    TenantView shop;
    String adminKey;

    @BeforeEach
    void aTenantWithAnAdminKey() {
        shop = TenantFixtures.aTenant(tenants, "api-allow");
        adminKey = AccessFixtures.anApiKey(dataSource, binder, tx, shop, TenantRole.ADMIN);
    }

    ResultActions putList(String key, String json) throws Exception {
        return mvc.perform(put(PATH)
                .header("Authorization", key)
                .with(from(HERE))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    List<String> saved() {
        return binder.callAs(shop.id(), () -> allowList.entries()).stream()
                .map(AllowListEntry::cidr)
                .toList();
    }

    @Test
    void readsAndReplacesTheList() throws Exception {
        mvc.perform(get(PATH).header("Authorization", adminKey).with(from(HERE)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries").isEmpty())
                .andExpect(jsonPath("$.clientAddress").value(HERE));
        putList(adminKey, """
                {"entries": [{"cidr": "203.0.113.0/24", "note": "本社"}, {"cidr": "2001:db8:1::/48"}]}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries[0].cidr").value("203.0.113.0/24"))
                .andExpect(jsonPath("$.entries[0].note").value("本社"))
                .andExpect(jsonPath("$.entries[1].cidr").value("2001:db8:1::/48"))
                .andExpect(jsonPath("$.entries[1].note").value(""));
        putList(adminKey, """
                {"entries": [{"cidr": "203.0.113.0/24", "note": "本社 (東京)"}, {"cidr": "192.0.2.0/24"}]}""").andExpect(status().isOk());
        assertThat(saved()).containsExactly("192.0.2.0/24", "203.0.113.0/24");
        putList(adminKey, "{\"entries\": []}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries").isEmpty());
        assertThat(saved()).isEmpty();
    }

    @Test
    void namesEveryBadEntryAndSavesNothing() throws Exception {
        putList(adminKey, """
                {"entries": [{"cidr": "203.0.113.0/24"}, {"cidr": "office"}, {"cidr": "0.0.0.0/0"},
                             {"cidr": "203.0.113.0/24"}, null, {"cidr": "192.0.2.1/24", "note": "x"}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("entries[1].cidr"))
                .andExpect(jsonPath("$.code").value("invalid_request"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("CIDR表記ではありません")))
                .andExpect(jsonPath("$.errors[1].field").value("entries[2].cidr"))
                .andExpect(jsonPath("$.errors[2].field").value("entries[3].cidr"))
                .andExpect(jsonPath("$.errors[3].field").value("entries[4].cidr"))
                .andExpect(jsonPath("$.errors[4].field").value("entries[5].cidr"))
                .andExpect(jsonPath("$.errors[4].message").value(containsString("192.0.2.0/24")));
        assertThat(saved()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"entries\": \"203.0.113.0/24\"}", "{\"entries\": [", "[]", ""})
    void refusesMalformedBodies(String json) throws Exception {
        putList(adminKey, json).andExpect(status().isBadRequest());
        assertThat(saved()).isEmpty();
    }

    @Test
    void explainsInEnglishWhenAskedTo() throws Exception {
        mvc.perform(put(PATH)
                        .header("Authorization", adminKey)
                        .header("Accept-Language", "en")
                        .with(from(HERE))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entries\": [{\"cidr\": \"office\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_request"))
                .andExpect(jsonPath("$.detail").value("The request contains invalid values."))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("is not an IPv4/IPv6 address")));
        putList(adminKey, "{\"entries\": [{\"cidr\": \"198.51.100.0/24\"}]}").andExpect(status().isConflict());
        mvc.perform(put(PATH)
                        .header("Authorization", adminKey)
                        .header("Accept-Language", "en-US,en;q=0.9")
                        .with(from(HERE))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entries\": [{\"cidr\": \"198.51.100.0/24\"}]}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("locked out")));
    }

    @Test
    void refusesTooManyEntries() throws Exception {
        var entries = new StringBuilder("{\"entries\": [");
        for (int i = 0; i <= IpAllowList.MAX_ENTRIES; i++) {
            entries.append(i == 0 ? "" : ",")
                    .append("{\"cidr\": \"10.")
                    .append(i)
                    .append(".0.0/16\"}");
        }
        putList(adminKey, entries.append("]}").toString())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("entries"));
        assertThat(saved()).isEmpty();
    }

    @Test
    void refusesAListThatLocksTheCallerOut() throws Exception {
        putList(adminKey, "{\"entries\": [{\"cidr\": \"198.51.100.0/24\"}]}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.clientAddress").value(HERE))
                .andExpect(jsonPath("$.code").value("would_lock_out"))
                .andExpect(jsonPath("$.detail").value(containsString("利用できなくなる")));
        assertThat(saved()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = TenantRole.class, names = "ADMIN", mode = EnumSource.Mode.EXCLUDE)
    void isForAdminKeysOnly(TenantRole role) throws Exception {
        String key = AccessFixtures.anApiKey(dataSource, binder, tx, shop, role);
        mvc.perform(get(PATH).header("Authorization", key).with(from(HERE))).andExpect(status().isForbidden());
        putList(key, "{\"entries\": [{\"cidr\": \"203.0.113.0/24\"}]}")
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        assertThat(saved()).isEmpty();
    }

    @Test
    void aKeyChangesOnlyItsOwnTenantsList() throws Exception {
        TenantView other = TenantFixtures.aTenant(tenants, "api-other");
        String otherKey = AccessFixtures.anApiKey(dataSource, binder, tx, other, TenantRole.ADMIN);
        putList(otherKey, "{\"entries\": [{\"cidr\": \"203.0.113.0/24\"}]}").andExpect(status().isOk());
        assertThat(saved()).isEmpty();
        mvc.perform(get(PATH).header("Authorization", adminKey).with(from(HERE)))
                .andExpect(jsonPath("$.entries").isEmpty());
    }

    @Test
    void needsAKey() throws Exception {
        mvc.perform(get(PATH).with(from(HERE))).andExpect(status().isUnauthorized());
    }
}
