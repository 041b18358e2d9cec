package jp.tokuten.access;

import static jp.tokuten.access.AccessFixtures.from;
import static jp.tokuten.access.AccessFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.tokuten.TokutenTest;
import jp.tokuten.access.AccessFixtures.Staffed;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** {@code /admin/settings/access}: the allow-list form, its validation, the lock-out guard and who may use it. */
@TokutenTest
class AdminAccessSettingsTests {

    static final String HERE = "203.0.113.7";

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    IpAllowList allowList;

    Staffed shop;
    Cookie admin;

    @BeforeEach
    void anAdminSignedIn() throws Exception {
        shop = AccessFixtures.aTenantWithStaff(tenants, users, binder, "settings");
        admin = signIn(mvc, shop.tenant(), shop.admin(), HERE);
    }

    ResultActions add(Cookie session, String cidr, String note) throws Exception {
        return mvc.perform(post("/admin/settings/access/ip-allowlist")
                .cookie(session)
                .with(csrf())
                .with(from(HERE))
                .param("cidr", cidr)
                .param("note", note));
    }

    List<String> saved() {
        return binder.callAs(shop.tenant().id(), () -> allowList.entries()).stream()
                .map(AllowListEntry::cidr)
                .toList();
    }

    @Test
    void showsTheListAndTheCallersAddress() throws Exception {
        mvc.perform(get("/admin/settings/access").cookie(admin).with(from(HERE)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("現在のIPアドレス: " + HERE)))
                .andExpect(content().string(containsString("登録はありません")))
                .andExpect(content().string(containsString("消費者ページのBasic認証")));
        mvc.perform(get("/admin").cookie(admin).with(from(HERE)))
                .andExpect(content().string(containsString("/admin/settings/access")));
    }

    @Test
    void addsAndRemovesNetworks() throws Exception {
        add(admin, "203.0.113.0/24", "本社").andExpect(redirectedUrl("/admin/settings/access"));
        add(admin, "2001:DB8:0:0::/48", "").andExpect(redirectedUrl("/admin/settings/access"));
        assertThat(saved()).containsExactly("203.0.113.0/24", "2001:db8::/48");
        mvc.perform(get("/admin/settings/access").cookie(admin).with(from(HERE)))
                .andExpect(content().string(containsString("2001:db8::/48")))
                .andExpect(content().string(containsString("本社")));

        UUID v6 = binder.callAs(shop.tenant().id(), () -> allowList.entries())
                .get(1)
                .id();
        mvc.perform(post("/admin/settings/access/ip-allowlist/{id}/delete", v6)
                        .cookie(admin)
                        .with(csrf())
                        .with(from(HERE)))
                .andExpect(redirectedUrl("/admin/settings/access"));
        assertThat(saved()).containsExactly("203.0.113.0/24");
    }

    @ParameterizedTest
    @CsvSource({
        "office, IPv4/IPv6のアドレスまたはCIDR表記ではありません",
        "'', ネットワーク（CIDR）を入力してください",
        "0.0.0.0/0, すべてのアドレスを許可するため登録できません",
        "::/0, すべてのアドレスを許可するため登録できません",
        "203.0.113.5/24, 203.0.113.0/24 のことですか",
        "203.0.113.0/40, プレフィックス長が正しくありません",
        "'<script>alert(1)</script>', IPv4/IPv6のアドレスまたはCIDR表記ではありません"
    })
    void refusesBadNetworksWithAReason(String cidr, String message) throws Exception {
        add(admin, cidr, "")
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString(message)))
                .andExpect(content().string(not(containsString("<script>alert"))));
        assertThat(saved()).isEmpty();
    }

    @Test
    void refusesBadNotesDuplicatesAndTooManyEntries() throws Exception {
        add(admin, "203.0.113.0/24", "x".repeat(101))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("メモは100文字以内")));
        add(admin, "203.0.113.0/24", "line\u0007bell").andExpect(status().isBadRequest());
        assertThat(saved()).isEmpty();

        add(admin, "203.0.113.0/24", "").andExpect(status().is3xxRedirection());
        add(admin, "203.0.113.0/24", "again")
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("すでに登録されています")));

        var many = new ArrayList<IpAllowList.NewEntry>();
        many.add(new IpAllowList.NewEntry("203.0.113.0/24", ""));
        for (int i = 1; i < IpAllowList.MAX_ENTRIES; i++) {
            many.add(new IpAllowList.NewEntry("10." + i + ".0.0/16", ""));
        }
        InetAddress here = InetAddress.getByName(HERE);
        binder.callAs(shop.tenant().id(), () -> allowList.replace(many, here, ChangedBy.tenantUser(UUID.randomUUID())));
        add(admin, "192.0.2.0/24", "")
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("最大100件")));
        assertThat(saved()).hasSize(IpAllowList.MAX_ENTRIES).doesNotContain("192.0.2.0/24");
    }

    @Test
    void refusesToLockTheAdminOut() throws Exception {
        add(admin, "198.51.100.0/24", "elsewhere")
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("現在のIPアドレス（" + HERE + "）から利用できなくなる")));
        assertThat(saved()).isEmpty();

        add(admin, "203.0.113.0/24", "").andExpect(status().is3xxRedirection());
        add(admin, "198.51.100.0/24", "").andExpect(status().is3xxRedirection());
        UUID ours = binder.callAs(shop.tenant().id(), () -> allowList.entries()).stream()
                .filter(e -> e.cidr().equals("203.0.113.0/24"))
                .findFirst()
                .orElseThrow()
                .id();
        mvc.perform(post("/admin/settings/access/ip-allowlist/{id}/delete", ours)
                        .cookie(admin)
                        .with(csrf())
                        .with(from(HERE))
                        .param("lang", "en"))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("you would be locked out")));
        assertThat(saved()).containsExactly("198.51.100.0/24", "203.0.113.0/24");
    }

    @ParameterizedTest
    @EnumSource(value = TenantRole.class, names = "ADMIN", mode = EnumSource.Mode.EXCLUDE)
    void isForTenantAdminsOnly(TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@"
                + shop.tenant().slug() + ".example";
        binder.callAs(shop.tenant().id(), () -> users.create(email, "スタッフ", role, AccessFixtures.PASSWORD));
        var staff = signIn(mvc, shop.tenant(), email, HERE);
        mvc.perform(get("/admin/settings/access").cookie(staff).with(from(HERE)))
                .andExpect(status().isForbidden());
        add(staff, "203.0.113.0/24", "").andExpect(status().isForbidden());
        mvc.perform(post("/admin/settings/access/ip-allowlist/{id}/delete", UUID.randomUUID())
                        .cookie(staff)
                        .with(csrf())
                        .with(from(HERE)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/settings/access/basic-auth")
                        .cookie(staff)
                        .with(csrf())
                        .with(from(HERE))
                        .param("enabled", "true")
                        .param("username", "preview")
                        .param("password", "a preview password"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin").cookie(staff).with(from(HERE)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("/admin/settings/access"))));
        assertThat(saved()).isEmpty();
    }

    @Test
    void needsASignedInUser() throws Exception {
        mvc.perform(get("/admin/settings/access").with(from(HERE))).andExpect(redirectedUrl("/admin/login"));
        mvc.perform(post("/admin/settings/access/ip-allowlist")
                        .with(csrf())
                        .with(from(HERE))
                        .param("cidr", "203.0.113.0/24"))
                .andExpect(redirectedUrl("/admin/login"));
        assertThat(saved()).isEmpty();
    }

    @Test
    void anotherTenantsAdminChangesOnlyTheirOwnList() throws Exception {
        add(admin, "203.0.113.0/28", "").andExpect(status().is3xxRedirection());
        UUID ours = binder.callAs(shop.tenant().id(), () -> allowList.entries())
                .getFirst()
                .id();

        Staffed other = AccessFixtures.aTenantWithStaff(tenants, users, binder, "intruder");
        var intruder = signIn(mvc, other.tenant(), other.admin(), HERE);
        mvc.perform(post("/admin/settings/access/ip-allowlist/{id}/delete", ours)
                        .cookie(intruder)
                        .with(csrf())
                        .with(from(HERE)))
                .andExpect(status().isNotFound());
        add(intruder, "192.0.2.0/24", "").andExpect(status().isConflict());
        add(intruder, "203.0.113.0/25", "").andExpect(status().is3xxRedirection());

        assertThat(saved()).containsExactly("203.0.113.0/28");
        assertThat(binder.callAs(other.tenant().id(), () -> allowList.entries()))
                .extracting(AllowListEntry::cidr)
                .containsExactly("203.0.113.0/25");
        mvc.perform(get("/admin/settings/access").cookie(intruder).with(from(HERE)))
                .andExpect(content().string(not(containsString("203.0.113.0/28"))));
    }

    @Test
    void everyFormNeedsTheCsrfToken() throws Exception {
        mvc.perform(post("/admin/settings/access/ip-allowlist")
                        .cookie(admin)
                        .with(from(HERE))
                        .param("cidr", "203.0.113.0/24"))
                .andExpect(status().isForbidden());
        assertThat(saved()).isEmpty();
    }

    @Test
    void aMalformedEntryIdIsABadRequest() throws Exception {
        mvc.perform(post("/admin/settings/access/ip-allowlist/not-a-uuid/delete")
                        .cookie(admin)
                        .with(csrf())
                        .with(from(HERE)))
                .andExpect(status().isBadRequest());
    }
}
