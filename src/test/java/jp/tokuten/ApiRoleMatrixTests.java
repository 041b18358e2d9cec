package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what on the API: every {@code /api/v1} endpoint, for a key of every role, for a call
 * without a key and for the operator token. The table {@link #endpoints()} must name every endpoint the
 * application maps under {@code /api/v1}: a new endpoint fails {@link #theTableNamesEveryApiEndpoint} until
 * its row (method, path pattern as mapped, a harmless sample request and its least role) is added.
 */
@TokutenTest
class ApiRoleMatrixTests {

    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;
    static final String HERE = "203.0.113.7";

    /** Who may call an endpoint: the operator, or tenant keys of this role and the roles above it. */
    enum Least {
        OPERATOR(Set.of()),
        ANY_ROLE(EnumSet.allOf(TenantRole.class)),
        VIEWER(EnumSet.of(TenantRole.ADMIN, TenantRole.EDITOR, TenantRole.REVIEWER, TenantRole.VIEWER)),
        REVIEWER(EnumSet.of(TenantRole.ADMIN, TenantRole.EDITOR, TenantRole.REVIEWER)),
        EDITOR(EnumSet.of(TenantRole.ADMIN, TenantRole.EDITOR)),
        STORE_STAFF(EnumSet.of(TenantRole.ADMIN, TenantRole.STORE_STAFF)),
        EDITOR_OR_STORE_STAFF(EnumSet.of(TenantRole.ADMIN, TenantRole.EDITOR, TenantRole.STORE_STAFF)),
        VIEWER_OR_STORE_STAFF(EnumSet.allOf(TenantRole.class)),
        ADMIN(EnumSet.of(TenantRole.ADMIN));

        final Set<TenantRole> allowed;

        Least(Set<TenantRole> allowed) {
            this.allowed = allowed;
        }
    }

    /**
     * An endpoint as mapped ({@code "GET /api/v1/receipts/{id}"}), a sample request and its least role.
     * Samples change nothing a later row depends on: an empty photo (refused after the role check), an
     * unknown id, an allow-list that would lock the caller out (409).
     */
    record Endpoint(String mapping, Supplier<AbstractMockHttpServletRequestBuilder<?>> request, Least least) {}

    static List<Endpoint> endpoints() {
        String unknown = UUID.randomUUID().toString();
        var empty = new MockMultipartFile("image", "r.jpg", "image/jpeg", new byte[0]);
        return List.of(
                new Endpoint("GET /api/v1/tenant", () -> get("/api/v1/tenant"), Least.ANY_ROLE),
                // campaigns: refused (an empty name) or an unknown id, so the matrix creates and changes none
                new Endpoint("GET /api/v1/campaigns", () -> get("/api/v1/campaigns"), Least.VIEWER),
                new Endpoint(
                        "POST /api/v1/campaigns",
                        () -> post("/api/v1/campaigns")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\": \"\"}"),
                        Least.EDITOR),
                new Endpoint("GET /api/v1/campaigns/{id}", () -> get("/api/v1/campaigns/" + unknown), Least.VIEWER),
                new Endpoint(
                        "PUT /api/v1/campaigns/{id}",
                        () -> put("/api/v1/campaigns/" + unknown)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\": \"x\"}"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/campaigns/{id}/open",
                        () -> post("/api/v1/campaigns/" + unknown + "/open"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/campaigns/{id}/close",
                        () -> post("/api/v1/campaigns/" + unknown + "/close"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/campaigns/{id}/image",
                        () -> multipart("/api/v1/campaigns/" + unknown + "/image")
                                .file(empty),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/campaigns/{id}/archive",
                        () -> post("/api/v1/campaigns/" + unknown + "/archive"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/receipts",
                        () -> multipart("/api/v1/receipts").file(empty),
                        Least.REVIEWER),
                new Endpoint(
                        "POST /api/v1/receipts/read",
                        () -> multipart("/api/v1/receipts/read").file(empty),
                        Least.REVIEWER),
                new Endpoint("GET /api/v1/receipts/{id}", () -> get("/api/v1/receipts/" + unknown), Least.VIEWER),
                new Endpoint(
                        "GET /api/v1/campaigns/{id}/entries.csv",
                        () -> get("/api/v1/campaigns/" + unknown + "/entries.csv"),
                        Least.VIEWER),
                new Endpoint(
                        "GET /api/v1/receipts/{id}/photo",
                        () -> get("/api/v1/receipts/" + unknown + "/photo"),
                        Least.REVIEWER),
                // entries: an unknown campaign or entry, refused after the role check with 404
                new Endpoint(
                        "POST /api/v1/campaigns/{id}/entries",
                        () -> multipart("/api/v1/campaigns/" + unknown + "/entries")
                                .file(new MockMultipartFile("receipt", "r.jpg", "image/jpeg", new byte[0]))
                                .param("email", "matrix@example.jp"),
                        Least.REVIEWER),
                new Endpoint(
                        "GET /api/v1/campaigns/{id}/entries",
                        () -> get("/api/v1/campaigns/" + unknown + "/entries"),
                        Least.VIEWER),
                new Endpoint("GET /api/v1/entries/{id}", () -> get("/api/v1/entries/" + unknown), Least.VIEWER),
                new Endpoint(
                        "POST /api/v1/entries/{id}/decision",
                        () -> post("/api/v1/entries/" + unknown + "/decision")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"decision\": \"approve\"}"),
                        Least.REVIEWER),
                new Endpoint(
                        "GET /api/v1/settings/ip-allowlist", () -> get("/api/v1/settings/ip-allowlist"), Least.ADMIN),
                new Endpoint(
                        "PUT /api/v1/settings/ip-allowlist",
                        () -> put("/api/v1/settings/ip-allowlist")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"entries\": [{\"cidr\": \"198.51.100.0/24\"}]}"),
                        Least.ADMIN),
                new Endpoint("GET /api/v1/operator/tenants", () -> get("/api/v1/operator/tenants"), Least.OPERATOR),
                new Endpoint(
                        "POST /api/v1/operator/tenants",
                        () -> post("/api/v1/operator/tenants")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/tenants/{id}",
                        () -> get("/api/v1/operator/tenants/" + unknown),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/maintenance-windows",
                        () -> get("/api/v1/operator/maintenance-windows"),
                        Least.OPERATOR),
                // refused (no times), so no window is scheduled by the matrix
                new Endpoint(
                        "POST /api/v1/operator/maintenance-windows",
                        () -> post("/api/v1/operator/maintenance-windows")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/maintenance-windows/{id}",
                        () -> get("/api/v1/operator/maintenance-windows/" + unknown),
                        Least.OPERATOR),
                new Endpoint(
                        "DELETE /api/v1/operator/maintenance-windows/{id}",
                        () -> delete("/api/v1/operator/maintenance-windows/" + unknown),
                        Least.OPERATOR),
                new Endpoint("GET /api/v1/operator/checks", () -> get("/api/v1/operator/checks"), Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/availability",
                        () -> get("/api/v1/operator/availability"),
                        Least.OPERATOR),
                new Endpoint("GET /api/v1/operator/incidents", () -> get("/api/v1/operator/incidents"), Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/incidents/{id}",
                        () -> get("/api/v1/operator/incidents/" + unknown),
                        Least.OPERATOR),
                // refused (no message), so no update is posted by the matrix
                new Endpoint(
                        "POST /api/v1/operator/incidents/{id}/updates",
                        () -> post("/api/v1/operator/incidents/" + unknown + "/updates")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.OPERATOR),
                new Endpoint("GET /api/v1/operator/plans", () -> get("/api/v1/operator/plans"), Least.OPERATOR),
                // refused (no caps), so no plan changes under the matrix
                new Endpoint(
                        "PUT /api/v1/operator/plans/{code}",
                        () -> put("/api/v1/operator/plans/standard")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.OPERATOR),
                new Endpoint(
                        "PUT /api/v1/operator/tenants/{id}/plan",
                        () -> put("/api/v1/operator/tenants/" + unknown + "/plan")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"plan\": \"free\"}"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/tenants/{id}/usage",
                        () -> get("/api/v1/operator/tenants/" + unknown + "/usage"),
                        Least.OPERATOR),
                new Endpoint("GET /api/v1/operator/backups", () -> get("/api/v1/operator/backups"), Least.OPERATOR),
                // refused (a reason that is not text), so no backup is started by the matrix
                new Endpoint(
                        "POST /api/v1/operator/backups",
                        () -> post("/api/v1/operator/backups")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"reason\": 1}"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/backups/{id}",
                        () -> get("/api/v1/operator/backups/" + unknown),
                        Least.OPERATOR),
                // data lifecycle: refused (a bad charset, a bad file) or an unknown tenant, export or certificate
                new Endpoint(
                        "POST /api/v1/exports",
                        () -> post("/api/v1/exports")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"charset\": \"latin1\"}"),
                        Least.ADMIN),
                new Endpoint("GET /api/v1/exports", () -> get("/api/v1/exports"), Least.ADMIN),
                new Endpoint("GET /api/v1/exports/{id}", () -> get("/api/v1/exports/" + unknown), Least.ADMIN),
                new Endpoint(
                        "GET /api/v1/exports/{id}/file",
                        () -> get("/api/v1/exports/" + unknown + "/file"),
                        Least.ADMIN),
                new Endpoint(
                        "POST /api/v1/operator/tenants/{tenant}/exports",
                        () -> post("/api/v1/operator/tenants/" + unknown + "/exports"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/tenants/{tenant}/exports",
                        () -> get("/api/v1/operator/tenants/" + unknown + "/exports"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/tenants/{tenant}/exports/{id}",
                        () -> get("/api/v1/operator/tenants/" + unknown + "/exports/" + unknown),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/tenants/{tenant}/exports/{id}/file",
                        () -> get("/api/v1/operator/tenants/" + unknown + "/exports/" + unknown + "/file"),
                        Least.OPERATOR),
                new Endpoint(
                        "POST /api/v1/operator/tenants/{tenant}/termination",
                        () -> post("/api/v1/operator/tenants/" + unknown + "/termination"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/tenants/{tenant}/termination",
                        () -> get("/api/v1/operator/tenants/" + unknown + "/termination"),
                        Least.OPERATOR),
                new Endpoint(
                        "DELETE /api/v1/operator/tenants/{tenant}/termination",
                        () -> delete("/api/v1/operator/tenants/" + unknown + "/termination"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/terminations",
                        () -> get("/api/v1/operator/terminations"),
                        Least.OPERATOR),
                new Endpoint("GET /api/v1/operator/holidays", () -> get("/api/v1/operator/holidays"), Least.OPERATOR),
                new Endpoint(
                        "PUT /api/v1/operator/holidays",
                        () -> put("/api/v1/operator/holidays")
                                .contentType("text/csv")
                                .content("no dates"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/deletion-certificates/{id}",
                        () -> get("/api/v1/operator/deletion-certificates/" + unknown),
                        Least.OPERATOR),
                new Endpoint(
                        "POST /api/v1/operator/deletion-certificates/verify",
                        () -> post("/api/v1/operator/deletion-certificates/verify")
                                .contentType(MediaType.APPLICATION_PDF)
                                .content("not a pdf"),
                        Least.OPERATOR),
                new Endpoint(
                        "GET /api/v1/operator/deletion-certificates/public-key",
                        () -> get("/api/v1/operator/deletion-certificates/public-key"),
                        Least.OPERATOR),
                new Endpoint("GET /api/v1/api-keys", () -> get("/api/v1/api-keys"), Least.ADMIN),
                // refused (an empty name), so no key is created by the matrix
                new Endpoint(
                        "POST /api/v1/api-keys",
                        () -> post("/api/v1/api-keys")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\": \"\", \"role\": \"viewer\"}"),
                        Least.ADMIN),
                new Endpoint("GET /api/v1/api-keys/{id}", () -> get("/api/v1/api-keys/" + unknown), Least.ADMIN),
                new Endpoint("DELETE /api/v1/api-keys/{id}", () -> delete("/api/v1/api-keys/" + unknown), Least.ADMIN),
                new Endpoint("GET /api/v1/stores", () -> get("/api/v1/stores"), Least.VIEWER),
                // refused (no name), so no store is created by the matrix
                new Endpoint(
                        "POST /api/v1/stores",
                        () -> post("/api/v1/stores")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.EDITOR),
                new Endpoint("GET /api/v1/stores/{id}", () -> get("/api/v1/stores/" + unknown), Least.VIEWER),
                new Endpoint(
                        "PUT /api/v1/stores/{id}",
                        () -> put("/api/v1/stores/" + unknown)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\": \"x\"}"),
                        Least.EDITOR),
                new Endpoint("DELETE /api/v1/stores/{id}", () -> delete("/api/v1/stores/" + unknown), Least.EDITOR),
                // an empty file is refused (422): nothing is imported
                new Endpoint(
                        "POST /api/v1/stores/import",
                        () -> post("/api/v1/stores/import")
                                .contentType("text/csv")
                                .content(""),
                        Least.EDITOR),
                new Endpoint("GET /api/v1/stores/export", () -> get("/api/v1/stores/export"), Least.VIEWER),
                // a store's PIN and QR code (decision 106): unknown ids, so 404 past the role check
                new Endpoint(
                        "GET /api/v1/stores/{id}/secrets",
                        () -> get("/api/v1/stores/" + unknown + "/secrets"),
                        Least.EDITOR_OR_STORE_STAFF),
                new Endpoint(
                        "GET /api/v1/stores/{id}/qr.png",
                        () -> get("/api/v1/stores/" + unknown + "/qr.png"),
                        Least.EDITOR_OR_STORE_STAFF),
                new Endpoint(
                        "POST /api/v1/stores/{id}/pin",
                        () -> post("/api/v1/stores/" + unknown + "/pin")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/stores/{id}/qr", () -> post("/api/v1/stores/" + unknown + "/qr"), Least.EDITOR),
                // coupons: refused bodies, unknown ids and codes, so nothing is created or used by the matrix
                new Endpoint("GET /api/v1/coupons", () -> get("/api/v1/coupons"), Least.VIEWER_OR_STORE_STAFF),
                new Endpoint("POST /api/v1/coupons", () -> jsonPost("/api/v1/coupons", "{}"), Least.EDITOR),
                new Endpoint(
                        "GET /api/v1/coupons/{id}",
                        () -> get("/api/v1/coupons/" + unknown),
                        Least.VIEWER_OR_STORE_STAFF),
                new Endpoint(
                        "PUT /api/v1/coupons/{id}",
                        () -> put("/api/v1/coupons/" + unknown)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/coupons/{id}/publish",
                        () -> post("/api/v1/coupons/" + unknown + "/publish"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/coupons/{id}/close",
                        () -> post("/api/v1/coupons/" + unknown + "/close"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/coupons/{id}/acquire",
                        () -> jsonPost("/api/v1/coupons/" + unknown + "/acquire", "{\"holder\": \"m@example.jp\"}"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/coupons/{id}/issue",
                        () -> jsonPost("/api/v1/coupons/" + unknown + "/issue", "{\"holder\": \"m@example.jp\"}"),
                        Least.EDITOR),
                new Endpoint(
                        "GET /api/v1/coupons/{id}/redemptions.csv",
                        () -> get("/api/v1/coupons/" + unknown + "/redemptions.csv"),
                        Least.VIEWER),
                new Endpoint(
                        "GET /api/v1/coupons/{id}/poster.pdf",
                        () -> get("/api/v1/coupons/" + unknown + "/poster.pdf"),
                        Least.VIEWER_OR_STORE_STAFF),
                new Endpoint(
                        "GET /api/v1/coupons/settlement.csv",
                        () -> get("/api/v1/coupons/settlement.csv"),
                        Least.VIEWER),
                new Endpoint(
                        "GET /api/v1/coupon-instances/{code}",
                        () -> get("/api/v1/coupon-instances/AAAAAAAAAAAA"),
                        Least.VIEWER_OR_STORE_STAFF),
                new Endpoint(
                        "POST /api/v1/coupon-instances/{code}/redeem",
                        () -> jsonPost("/api/v1/coupon-instances/AAAAAAAAAAAA/redeem", "{}"),
                        Least.EDITOR_OR_STORE_STAFF),
                new Endpoint(
                        "POST /api/v1/coupon-instances/{code}/reverse",
                        () -> jsonPost(
                                "/api/v1/coupon-instances/AAAAAAAAAAAA/reverse",
                                "{\"redemptionId\": \"" + unknown + "\", \"reason\": \"r\"}"),
                        Least.STORE_STAFF),
                new Endpoint(
                        "POST /api/v1/coupon-instances/{code}/check-token",
                        () -> jsonPost("/api/v1/coupon-instances/AAAAAAAAAAAA/check-token", "{\"token\": \"1\"}"),
                        Least.EDITOR_OR_STORE_STAFF),
                // distribution: unknown ids and codes, so 404 past the role check and nothing is made
                new Endpoint(
                        "POST /api/v1/coupons/{id}/serials",
                        () -> jsonPost("/api/v1/coupons/" + unknown + "/serials", "{\"count\": 1}"),
                        Least.EDITOR),
                new Endpoint(
                        "GET /api/v1/coupons/{id}/serials.csv",
                        () -> get("/api/v1/coupons/" + unknown + "/serials.csv"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/coupons/{id}/serials/import",
                        () -> post("/api/v1/coupons/" + unknown + "/serials/import")
                                .contentType("text/csv")
                                .content("AAAA-CCCC-DDDD\n"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/coupon-instances/{code}/claim",
                        () -> jsonPost("/api/v1/coupon-instances/AAAAAAAAAAAA/claim", "{\"holder\": \"m@example.jp\"}"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/coupons/{id}/apply",
                        () -> jsonPost("/api/v1/coupons/" + unknown + "/apply", "{\"holder\": \"m@example.jp\"}"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/coupons/{id}/draw",
                        () -> post("/api/v1/coupons/" + unknown + "/draw"),
                        Least.EDITOR),
                new Endpoint(
                        "GET /api/v1/coupons/{id}/applications",
                        () -> get("/api/v1/coupons/" + unknown + "/applications"),
                        Least.VIEWER),
                // lottery: courses of an unknown campaign or course, so 404 past the role check
                new Endpoint(
                        "POST /api/v1/campaigns/{id}/courses",
                        () -> jsonPost("/api/v1/campaigns/" + unknown + "/courses", "{}"),
                        Least.EDITOR),
                new Endpoint(
                        "GET /api/v1/campaigns/{id}/courses",
                        () -> get("/api/v1/campaigns/" + unknown + "/courses"),
                        Least.VIEWER),
                new Endpoint("GET /api/v1/courses/{id}", () -> get("/api/v1/courses/" + unknown), Least.VIEWER),
                new Endpoint(
                        "POST /api/v1/entries/{id}/play",
                        () -> jsonPost("/api/v1/entries/" + unknown + "/play", "{\"courseId\": \"" + unknown + "\"}"),
                        Least.EDITOR),
                new Endpoint(
                        "PUT /api/v1/courses/{id}",
                        () -> put("/api/v1/courses/" + unknown)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.EDITOR),
                // lottery: closed draws of an unknown campaign or draw, so 404 past the role check
                new Endpoint(
                        "POST /api/v1/campaigns/{id}/draws",
                        () -> jsonPost(
                                "/api/v1/campaigns/" + unknown + "/draws", "{\"courseId\": \"" + unknown + "\"}"),
                        Least.EDITOR),
                new Endpoint(
                        "GET /api/v1/campaigns/{id}/draws",
                        () -> get("/api/v1/campaigns/" + unknown + "/draws"),
                        Least.VIEWER),
                new Endpoint("GET /api/v1/draws/{id}", () -> get("/api/v1/draws/" + unknown), Least.VIEWER),
                new Endpoint(
                        "POST /api/v1/draws/{id}/run", () -> post("/api/v1/draws/" + unknown + "/run"), Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/draws/{id}/redraws",
                        () -> post("/api/v1/draws/" + unknown + "/redraws"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/courses/{id}/point-chances",
                        () -> jsonPost(
                                "/api/v1/courses/" + unknown + "/point-chances",
                                "{\"entrantId\": \"" + unknown + "\"}"),
                        Least.EDITOR),
                new Endpoint(
                        "POST /api/v1/courses/{id}/exchanges",
                        () -> jsonPost(
                                "/api/v1/courses/" + unknown + "/exchanges", "{\"entrantId\": \"" + unknown + "\"}"),
                        Least.EDITOR),
                // rewards: refused bodies and unknown ids, so nothing is created
                new Endpoint(
                        "POST /api/v1/gift-code-pools", () -> jsonPost("/api/v1/gift-code-pools", "{}"), Least.EDITOR),
                new Endpoint("GET /api/v1/gift-code-pools", () -> get("/api/v1/gift-code-pools"), Least.VIEWER),
                new Endpoint(
                        "GET /api/v1/gift-code-pools/{id}",
                        () -> get("/api/v1/gift-code-pools/" + unknown),
                        Least.VIEWER),
                new Endpoint(
                        "POST /api/v1/gift-code-pools/{id}/codes",
                        () -> post("/api/v1/gift-code-pools/" + unknown + "/codes")
                                .contentType("text/csv")
                                .content("CODE-1\n"),
                        Least.EDITOR),
                new Endpoint(
                        "GET /api/v1/entrants/{id}/points",
                        () -> get("/api/v1/entrants/" + unknown + "/points"),
                        Least.VIEWER),
                new Endpoint(
                        "GET /api/v1/campaigns/{id}/reward-settings",
                        () -> get("/api/v1/campaigns/" + unknown + "/reward-settings"),
                        Least.VIEWER),
                new Endpoint(
                        "PUT /api/v1/campaigns/{id}/reward-settings",
                        () -> put("/api/v1/campaigns/" + unknown + "/reward-settings")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        Least.EDITOR));
    }

    static AbstractMockHttpServletRequestBuilder<?> jsonPost(String path, String body) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    Tenants tenants;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    TenantView tenant;

    @BeforeEach
    void tenant() {
        tenant = TenantFixtures.aTenant(tenants, "api-matrix");
    }

    /** "METHOD pattern" of every handler method mapped under /api/v1, and whether it has a role rule. */
    List<String> mappedApiEndpoints(List<String> withoutRoleRule) {
        var found = new TreeSet<String>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/v1/")) {
                    continue;
                }
                boolean ruled = AnnotatedElementUtils.hasAnnotation(method.getMethod(), PreAuthorize.class)
                        || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), PreAuthorize.class);
                for (var m : info.getMethodsCondition().getMethods()) {
                    found.add(m.name() + " " + pattern);
                    if (!ruled && !pattern.startsWith("/api/v1/operator/")) {
                        withoutRoleRule.add(m.name() + " " + pattern);
                    }
                }
                if (info.getMethodsCondition().getMethods().isEmpty()) {
                    found.add("ANY " + pattern);
                }
            }
        });
        return new ArrayList<>(found);
    }

    @Test
    void theTableNamesEveryApiEndpoint() {
        var unruled = new ArrayList<String>();
        var mapped = mappedApiEndpoints(unruled);
        var inTable = endpoints().stream().map(Endpoint::mapping).toList();
        assertThat(inTable)
                .as(
                        "every endpoint under /api/v1 has a row in ApiRoleMatrixTests.endpoints(), and every row an endpoint")
                .containsExactlyInAnyOrderElementsOf(mapped);
        assertThat(unruled)
                .as("every tenant endpoint declares its least role with @PreAuthorize")
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TenantRole.class)
    void eachKeyRoleReachesExactlyWhatItMay(TenantRole role) throws Exception {
        String key = ApiKeyFixtures.aKey(dataSource, binder, tx, tenant, role);
        for (Endpoint e : endpoints()) {
            var response = mvc.perform(
                            e.request().get().header("Authorization", key).with(from(HERE)))
                    .andReturn()
                    .getResponse();
            String what = role + " → " + e.mapping();
            if (e.least() == Least.OPERATOR) {
                assertThat(response.getStatus()).as(what).isEqualTo(401);
            } else if (e.least().allowed.contains(role)) {
                assertThat(response.getStatus()).as(what).isIn(200, 201, 202, 204, 400, 404, 409, 422);
            } else {
                assertThat(response.getStatus()).as(what).isEqualTo(403);
                assertThat(response.getContentAsString()).as(what).contains("\"code\":\"forbidden\"");
            }
        }
    }

    @Test
    void withoutAKeyEveryEndpointAnswers401() throws Exception {
        for (Endpoint e : endpoints()) {
            var response =
                    mvc.perform(e.request().get().with(from(HERE))).andReturn().getResponse();
            assertThat(response.getStatus()).as(e.mapping()).isEqualTo(401);
            assertThat(response.getContentAsString()).as(e.mapping()).contains("\"code\":\"unauthorized\"");
        }
    }

    @Test
    void theOperatorTokenReachesOnlyTheOperatorApi() throws Exception {
        for (Endpoint e : endpoints()) {
            int status = mvc.perform(
                            e.request().get().header("Authorization", OPERATOR).with(from(HERE)))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            if (e.least() == Least.OPERATOR) {
                assertThat(status).as(e.mapping()).isIn(200, 400, 404, 422);
            } else {
                assertThat(status).as(e.mapping()).isEqualTo(401);
            }
        }
    }

    static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
