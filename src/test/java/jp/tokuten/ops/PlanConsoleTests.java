package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.awt.image.BufferedImage;
import java.time.LocalDate;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.files.Photo;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.OperatorAccounts;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.Plans;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consoles' side of plans and limits: a form past a cap shows a "limit reached" message, not a crash;
 * tenant admins see their usage; operators see it on the tenant page, move a tenant to another plan and edit a
 * plan's caps, with bad input answered by the form. The storage cap refuses a file before it is written.
 */
@TokutenTest
class PlanConsoleTests {

    static final String PASSWORD = "plan console pass phrase";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    Plans plans;

    @Autowired
    Campaigns campaigns;

    @Autowired
    StoredFiles files;

    @Autowired
    OperatorAccounts operators;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationContext context;

    TenantView shop;
    String planCode;

    @BeforeEach
    void aTenantOnASmallPlan() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "plan-console");
        planCode = "p" + Long.toString(System.nanoTime(), 36);
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("""
                        insert into tenancy.plans (code, name, max_campaigns, max_coupons, max_entries_per_month,
                            max_storage_bytes, max_console_sessions, api_requests_per_minute)
                        values (?, 'Small', 1, 3, 100, 2000, 5, 1000)""")) {
            st.setString(1, planCode);
            st.executeUpdate();
        }
        plans.assign(shop.id(), planCode);
    }

    Cookie admin() throws Exception {
        String email = "admin-" + System.nanoTime() + "@plan.example";
        binder.callAs(shop.id(), () -> users.create(email, "Admin", TenantRole.ADMIN, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(shop.slug(), email, PASSWORD);
    }

    @Test
    void aFormPastTheCapSaysTheLimitIsReachedAndTheAdminSeesTheUsage() throws Exception {
        binder.runAs(shop.id(), () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())));
        Cookie admin = admin();
        var refused = mvc.perform(post("/admin/campaigns")
                        .with(csrf())
                        .cookie(admin)
                        .header("Accept-Language", "en")
                        .param("name", "二つ目")
                        .param("purchaseFrom", "2026-12-01")
                        .param("purchaseTo", "2027-01-31")
                        .param("entryFrom", "2026-12-01")
                        .param("entryTo", "2027-02-07")
                        .param("receiptsPerEntry", "1")
                        .param("uploadGraceDays", "7")
                        .param("fraudAction", "review"))
                .andReturn()
                .getResponse();
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("limit is reached (Campaigns: 1)");

        String usage = mvc.perform(get("/admin/settings/plan").cookie(admin).header("Accept-Language", "en"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(usage)
                .contains("data-limit=\"campaigns\"")
                .contains("Limit reached")
                .contains("data-limit=\"console_sessions\"");

        // a tenant admin changes neither their plan nor its caps: those pages are the operator console's
        var notTheirs = mvc.perform(post("/operator/tenants/" + shop.slug() + "/plan")
                        .with(csrf())
                        .cookie(admin)
                        .param("plan", "enterprise"))
                .andReturn()
                .getResponse();
        assertThat(notTheirs.getStatus()).isIn(302, 401, 403);
        assertThat(notTheirs.getRedirectedUrl()).isNotEqualTo("/operator/tenants/" + shop.slug() + "?planChanged");
        assertThat(mvc.perform(post("/operator/plans/" + planCode)
                                .with(csrf())
                                .cookie(admin)
                                .param("name", "Mine")
                                .param("campaigns", "1000"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isIn(302, 401, 403);
        assertThat(tenants.findById(shop.id()).orElseThrow().plan()).isEqualTo(planCode);
        assertThat(plans.find(planCode).orElseThrow().name()).isEqualTo("Small");
    }

    @Test
    void theStorageCapRefusesAFileBeforeItIsWritten() {
        var image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        var photo = new Photo(image, "jpeg");
        long before = binder.callAs(shop.id(), files::count);
        try {
            binder.runAs(shop.id(), () -> tx.executeWithoutResult(s -> files.storeReceiptPhoto(photo)));
            throw new AssertionError("a photo over the 2,000-byte storage cap was stored");
        } catch (ProblemException e) {
            assertThat(e.code()).isEqualTo("plan_limit_reached");
            assertThat(e.properties()).containsEntry("limit", "storage_bytes");
        }
        assertThat(binder.callAs(shop.id(), files::count)).isEqualTo(before);
    }

    @Test
    void operatorsSeeUsageMoveTenantsAndEditCaps() throws Exception {
        var operator = new ConsoleSignIns(mvc, operators).newOperator("Plans");
        Cookie session = operator.session();
        String page = mvc.perform(get("/operator/tenants/" + shop.slug()).cookie(session))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("data-usage").contains("data-plan-select").contains("value=\"free\"");

        var moved = mvc.perform(post("/operator/tenants/" + shop.slug() + "/plan")
                        .with(csrf())
                        .cookie(session)
                        .param("plan", "enterprise"))
                .andReturn()
                .getResponse();
        assertThat(moved.getRedirectedUrl()).isEqualTo("/operator/tenants/" + shop.slug() + "?planChanged");
        assertThat(tenants.findById(shop.id()).orElseThrow().plan()).isEqualTo("enterprise");
        assertThat(mvc.perform(post("/operator/tenants/" + shop.slug() + "/plan")
                                .with(csrf())
                                .cookie(session)
                                .param("plan", "gold"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(400);

        var bad = mvc.perform(post("/operator/plans/" + planCode)
                        .with(csrf())
                        .cookie(session)
                        .header("Accept-Language", "en")
                        .param("name", "Small")
                        .param("campaigns", "many")
                        .param("coupons", "3")
                        .param("entries_per_month", "100")
                        .param("storage_bytes", "2000")
                        .param("console_sessions", "5")
                        .param("api_requests_per_minute", "1000"))
                .andReturn()
                .getResponse();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).contains("The plan settings are not valid (Campaigns)");

        var saved = mvc.perform(post("/operator/plans/" + planCode)
                        .with(csrf())
                        .cookie(session)
                        .param("name", "Small")
                        .param("campaigns", "9")
                        .param("coupons", "3")
                        .param("entries_per_month", "100")
                        .param("storage_bytes", "2000")
                        .param("console_sessions", "5")
                        .param("api_requests_per_minute", "1000"))
                .andReturn()
                .getResponse();
        assertThat(saved.getRedirectedUrl()).isEqualTo("/operator/plans?saved");
        assertThat(plans.find(planCode).orElseThrow().cap(jp.tokuten.tenancy.PlanLimit.CAMPAIGNS))
                .isEqualTo(9);
        assertThat(mvc.perform(get("/operator/plans").cookie(session))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("plan-" + planCode);
        assertThat(mvc.perform(get("/operator/release-notes").cookie(session))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("data-version");
    }
}
