package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.ConsoleSeats;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.Plans;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The plan's cap of concurrent admin console sessions (decision 148): a sign-in past the cap ends the tenant's
 * oldest sign-in, whose next request goes to the sign-in page with a message; the newer ones go on working;
 * even many sign-ins at once never leave more sessions than the cap; signing out gives the seat back.
 */
@TokutenTest
class ConcurrentSessionCapTests {

    static final String PASSWORD = "session cap pass phrase";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    Plans plans;

    @Autowired
    ConsoleSeats seats;

    @Autowired
    TenantBinder binder;

    @Autowired
    ApplicationContext context;

    TenantView shop;
    ConsoleSignIns signIns;

    @BeforeEach
    void aTenantWithTwoSeats() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "seats");
        String code = "s" + Long.toString(System.nanoTime(), 36);
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("""
                        insert into tenancy.plans (code, name, max_campaigns, max_coupons, max_entries_per_month,
                            max_storage_bytes, max_console_sessions, api_requests_per_minute)
                        values (?, 'Two seats', 5, 5, 100, 1000000, 2, 1000)""")) {
            st.setString(1, code);
            st.executeUpdate();
        }
        plans.assign(shop.id(), code);
        signIns = ConsoleSignIns.forTenantUsers(mvc);
    }

    Cookie signIn(String email) throws Exception {
        Cookie session = signIns.adminSignIn(shop.slug(), email, PASSWORD);
        // the first signed-in request takes the seat
        assertThat(mvc.perform(get("/admin").cookie(session))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        return session;
    }

    String next(Cookie session) throws Exception {
        var r = mvc.perform(get("/admin").cookie(session)).andReturn().getResponse();
        return r.getStatus() == 200 ? "ok" : r.getRedirectedUrl();
    }

    @Test
    void aSignInPastTheCapEndsTheOldestAndTheNewerOnesGoOn() throws Exception {
        binder.runAs(shop.id(), () -> {
            users.create("first@seats.example", "First", TenantRole.ADMIN, PASSWORD);
            users.create("second@seats.example", "Second", TenantRole.EDITOR, PASSWORD);
        });
        Cookie first = signIn("first@seats.example");
        Cookie second = signIn("second@seats.example");
        assertThat(binder.callAs(shop.id(), seats::inUse)).isEqualTo(2);
        Cookie third = signIn("first@seats.example");

        assertThat(next(first)).isEqualTo("/admin/login?ended");
        assertThat(next(second)).isEqualTo("ok");
        assertThat(next(third)).isEqualTo("ok");
        assertThat(binder.callAs(shop.id(), seats::inUse)).isEqualTo(2);
        String page = mvc.perform(get("/admin/login?ended").header("Accept-Language", "en"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("concurrent sign-ins");

        // the ended session stays ended; signing out gives a seat back, so a new sign-in ends nobody
        assertThat(next(first)).endsWith("/admin/login");
        mvc.perform(post("/admin/logout").with(csrf()).cookie(second));
        assertThat(binder.callAs(shop.id(), seats::inUse)).isEqualTo(1);
        Cookie fourth = signIn("second@seats.example");
        assertThat(next(third)).isEqualTo("ok");
        assertThat(next(fourth)).isEqualTo("ok");
    }

    @Test
    void manySignInsAtOnceNeverLeaveMoreSessionsThanTheCap() throws Exception {
        binder.runAs(shop.id(), () -> users.create("crowd@seats.example", "Crowd", TenantRole.VIEWER, PASSWORD));
        var sessions = new ArrayList<Cookie>();
        for (int i = 0; i < 12; i++) {
            sessions.add(signIns.adminSignIn(shop.slug(), "crowd@seats.example", PASSWORD));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> all = new ArrayList<>();
            for (Cookie c : sessions) {
                Callable<Integer> firstRequest = () -> mvc.perform(get("/admin").cookie(c))
                        .andReturn()
                        .getResponse()
                        .getStatus();
                all.add(pool.submit(firstRequest));
            }
            for (Future<Integer> f : all) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(binder.callAs(shop.id(), seats::inUse)).isEqualTo(2);
        long working = 0;
        for (Cookie c : sessions) {
            working += "ok".equals(next(c)) ? 1 : 0;
        }
        assertThat(working).isEqualTo(2);
    }
}
