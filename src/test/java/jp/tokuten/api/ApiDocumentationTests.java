package jp.tokuten.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import jp.tokuten.TokutenTest;
import jp.tokuten.platform.WebSecurityDefaults;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** {@code /v3/api-docs}: public, and describing every endpoint the application maps under /api/v1. */
@TokutenTest
class ApiDocumentationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    String document() throws Exception {
        return mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    TreeSet<String> mapped() {
        var found = new TreeSet<String>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/v1/")) {
                    info.getMethodsCondition().getMethods().forEach(m -> found.add(m.name() + " " + pattern));
                }
            }
        });
        return found;
    }

    @Test
    void documentsEveryMappedApiEndpointAndNothingElse() throws Exception {
        Map<String, Map<String, Object>> paths = JsonPath.read(document(), "$.paths");
        var documented = new TreeSet<String>();
        paths.forEach((path, operations) ->
                operations.keySet().forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(mapped()).isNotEmpty();
        assertThat(documented)
                .as("every controller mapping under /api/v1 is in /v3/api-docs")
                .containsAll(mapped());
        assertThat(documented).allMatch(d -> d.contains(" /api/v1/"));
    }

    @Test
    void eachOperationNamesItsSecuritySchemeRoleAndProblems() throws Exception {
        String doc = document();
        assertThat(JsonPath.<String>read(doc, "$.components.securitySchemes.tenantApiKey.scheme"))
                .isEqualTo("bearer");
        assertThat(JsonPath.<String>read(doc, "$.components.securitySchemes.operatorToken.scheme"))
                .isEqualTo("bearer");
        assertThat(JsonPath.<Map<String, Object>>read(doc, "$.components.schemas.Problem.properties"))
                .containsKeys("type", "title", "status", "detail", "code");
        Map<String, Map<String, Map<String, Object>>> paths = JsonPath.read(doc, "$.paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            String what = method + " " + path;
            String scheme = path.startsWith("/api/v1/operator/") ? "operatorToken" : "tenantApiKey";
            List<Map<String, Object>> security = JsonPath.read(operation, "$.security");
            assertThat(security)
                    .as(what)
                    .singleElement()
                    .satisfies(s -> assertThat(s).containsOnlyKeys(scheme));
            Map<String, Object> responses = JsonPath.read(operation, "$.responses");
            assertThat(responses).as(what).containsKeys("400", "401", "403", "404");
            assertThat(JsonPath.<String>read(
                            operation, "$.responses.401.content['application/problem+json'].schema.$ref"))
                    .isEqualTo("#/components/schemas/Problem");
            if (scheme.equals("tenantApiKey")) {
                assertThat(operation).as(what + " names its least role").containsKey("x-least-role");
            }
        }));
        assertThat(JsonPath.<String>read(doc, "$.paths['/api/v1/receipts'].post.x-least-role"))
                .isEqualTo("reviewer");
        assertThat(JsonPath.<String>read(doc, "$.paths['/api/v1/receipts/{id}'].get.x-least-role"))
                .isEqualTo("viewer");
    }

    @Test
    void requestAndResponseBodiesHaveSchemas() throws Exception {
        String doc = document();
        assertThat(
                        JsonPath.<String>read(
                                doc,
                                "$.paths['/api/v1/settings/ip-allowlist'].put.requestBody.content['application/json'].schema.$ref"))
                .endsWith("/AllowListBody");
        List<String> tenantAnswer =
                JsonPath.read(doc, "$.paths['/api/v1/tenant'].get.responses.200.content.*.schema.$ref");
        assertThat(tenantAnswer).isNotEmpty().allMatch(ref -> ref.endsWith("/CurrentTenant"));
        assertThat(JsonPath.<Map<String, Object>>read(doc, "$.components.schemas.CurrentTenant.properties"))
                .containsKeys("id", "slug", "name", "plan", "status");
        assertThat(JsonPath.<Map<String, Object>>read(
                        doc, "$.paths['/api/v1/receipts'].post.requestBody.content['multipart/form-data'].schema"))
                .isNotEmpty();
    }

    @Test
    void theBrowsablePageIsPublicWithItsOwnStylePolicyOnly() throws Exception {
        mvc.perform(get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
        var page = mvc.perform(get("/swagger-ui/index.html")).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getHeader("Content-Security-Policy"))
                .isEqualTo(WebSecurityDefaults.API_DOCS_CONTENT_SECURITY_POLICY)
                .contains("script-src 'self';");
        assertThat(mvc.perform(get("/swagger-ui/swagger-initializer.js"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("/v3/api-docs");
        assertThat(mvc.perform(get("/")).andReturn().getResponse().getHeader("Content-Security-Policy"))
                .isEqualTo(WebSecurityDefaults.CONTENT_SECURITY_POLICY);
    }
}
