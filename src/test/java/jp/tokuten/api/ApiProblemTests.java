package jp.tokuten.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.RequestDispatcher;
import java.util.Locale;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.platform.Problems;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Every error of {@code /api/v1} is RFC 9457 problem JSON with a stable {@code code} and a {@code detail}
 * in the caller's language (Japanese unless Accept-Language asks for English): ours, the framework's and
 * the security filters' alike.
 */
@TokutenTest
class ApiProblemTests {

    static final String HERE = "203.0.113.7";

    @Autowired
    MockMvc mvc;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping handlerMapping;

    @Autowired
    Tenants tenants;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Problems problems;

    TenantView tenant;
    String adminKey;
    String viewerKey;

    @BeforeEach
    void keys() {
        tenant = TenantFixtures.aTenant(tenants, "problems");
        adminKey = ApiKeyFixtures.aKey(dataSource, binder, tx, tenant, TenantRole.ADMIN);
        viewerKey = ApiKeyFixtures.aKey(dataSource, binder, tx, tenant, TenantRole.VIEWER);
    }

    ResultActions call(AbstractMockHttpServletRequestBuilder<?> request, String key, String language) throws Exception {
        if (key != null) {
            request.header("Authorization", key);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return mvc.perform(request.with(r -> {
            r.setRemoteAddr(HERE);
            return r;
        }));
    }

    @Test
    void unauthorizedIn401WithTheCallersLanguage() throws Exception {
        call(get("/api/v1/tenant"), null, null)
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("unauthorized"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("認証が必要です")));
        call(get("/api/v1/operator/tenants"), "Bearer wrong", "en")
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthorized"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Authentication is required")));
    }

    @Test
    void forbiddenIn403() throws Exception {
        call(get("/api/v1/settings/ip-allowlist"), viewerKey, null)
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"))
                .andExpect(jsonPath("$.detail").value("この操作を行う権限がありません。"));
        call(get("/api/v1/settings/ip-allowlist"), viewerKey, "en")
                .andExpect(jsonPath("$.detail").value("You are not allowed to do this."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/nothing-here", "/api/v1/receipts/x/y/z", "/api/v1/"})
    void unknownPathsAre404(String path) throws Exception {
        call(get(path), adminKey, null)
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("not_found"))
                .andExpect(jsonPath("$.detail").value("指定されたリソースが見つかりません。"));
        call(get(path), adminKey, "en").andExpect(jsonPath("$.detail").value("The requested resource was not found."));
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        call(delete("/api/v1/tenant"), adminKey, null)
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().exists("Allow"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("method_not_allowed"))
                .andExpect(jsonPath("$.detail").value("このURLでは、このHTTPメソッドは使用できません。"));
    }

    @Test
    void pathsWithVariablesAreMatchedByPathFirstAndStillAnswer405And415() throws Exception {
        // the handler mapping passes over mappings whose path cannot match (decision 153): a path with
        // variables still finds its handler, and a wrong method or content type is still told apart from 404
        assertThat(handlerMapping.getClass().getName())
                .isEqualTo("jp.tokuten.platform.PathFirstHandlerMapping$PathFirst");
        String path = "/api/v1/coupons/" + java.util.UUID.randomUUID() + "/acquire";
        call(delete(path), adminKey, null)
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", org.hamcrest.Matchers.containsString("POST")))
                .andExpect(jsonPath("$.code").value("method_not_allowed"));
        call(post(path).contentType(MediaType.TEXT_PLAIN).content("x"), adminKey, null)
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
        call(
                        post(path).contentType(MediaType.APPLICATION_JSON).content("{\"holder\": \"a@example.jp\"}"),
                        adminKey,
                        null)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        call(post(path + "/more").contentType(MediaType.APPLICATION_JSON).content("{}"), adminKey, null)
                .andExpect(status().isNotFound());
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        call(
                        put("/api/v1/settings/ip-allowlist")
                                .contentType(MediaType.TEXT_PLAIN)
                                .content("entries"),
                        adminKey,
                        "en")
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"))
                .andExpect(jsonPath("$.detail").value("This Content-Type is not supported."));
        call(post("/api/v1/receipts").contentType(MediaType.APPLICATION_JSON).content("{}"), adminKey, null)
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"entries\": 12}", "\"text\"", "{\"entries\": [1, 2]"})
    void unreadableJsonIs400(String body) throws Exception {
        call(
                        put("/api/v1/settings/ip-allowlist")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(body),
                        adminKey,
                        null)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("malformed_request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("リクエストの形式が正しくありません")));
    }

    @Test
    void mistypedOrMissingParametersAre400() throws Exception {
        call(get("/api/v1/receipts/not-a-uuid"), adminKey, null)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_request"));
        call(multipart("/api/v1/receipts"), adminKey, "en")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The request is malformed")));
    }

    @Test
    void conflictIs409() throws Exception {
        call(
                        put("/api/v1/settings/ip-allowlist")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"entries\": [{\"cidr\": \"198.51.100.0/24\"}]}"),
                        adminKey,
                        null)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("would_lock_out"))
                .andExpect(jsonPath("$.clientAddress").value(HERE));
    }

    /** Statuses no endpoint of today can be driven to through MockMvc render alike from their codes. */
    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503})
    void everyStatusHasACodeAndATextInBothLanguages(int status) throws Exception {
        String code = Problems.codeOf(status);
        for (String language : new String[] {null, "en"}) {
            var request = new MockHttpServletRequest("GET", "/api/v1/anything");
            if (language != null) {
                request.addHeader("Accept-Language", language);
                request.setPreferredLocales(java.util.List.of(Locale.ENGLISH));
            }
            var response = new MockHttpServletResponse();
            problems.write(new ProblemException(status, code), request, response);
            assertThat(response.getStatus()).isEqualTo(status);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            String body = response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).contains("\"code\":\"" + code + "\"").doesNotContain("\"detail\":\"" + code + "\"");
            boolean hasJapanese = body.codePoints()
                    .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                            || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA
                            || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
            assertThat(hasJapanese).as(status + " " + language).isEqualTo(language == null);
        }
    }

    @Test
    void busyCarriesRetryAfter() throws Exception {
        var request = new MockHttpServletRequest("POST", "/api/v1/receipts");
        var response = new MockHttpServletResponse();
        problems.write(ProblemException.busy(java.time.Duration.ofSeconds(7)), request, response);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("7");
        assertThat(response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"code\":\"busy\"", "混み合っています");
    }

    /** What the container forwards to /error (a filter's or Tomcat's failure) for an API call. */
    @Test
    void errorsReachingTheErrorPathOfAnApiCallAreProblems() throws Exception {
        mvc.perform(get("/error")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/receipts")
                        .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new MaxUploadSizeExceededException(22L)))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("too_large"))
                .andExpect(jsonPath("$.instance").value("/api/v1/receipts"));
        mvc.perform(get("/error")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/nowhere")
                        .header("Accept-Language", "en"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"))
                .andExpect(jsonPath("$.detail").value("The requested resource was not found."));
        mvc.perform(get("/error")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/tenant")
                        .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("our fault")))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("internal_error"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("our fault"))));
    }

    @Test
    void visitingTheErrorPathItselfIsNotAnError() throws Exception {
        mvc.perform(get("/error").accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("ページが見つかりません")));
    }
}
