package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.Cookie;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Release notes per version from CHANGELOG.md (packaged into the jar), shown safely in both consoles. */
@TokutenTest
class ReleaseNotesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ReleaseNotes notes;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Test
    void splitsTheFileIntoVersionsSectionsItemsAndCode() {
        var versions = ReleaseNotes.parse("""
                # Changelog

                Intro text before any version is not a version.

                ## 1.1.0 (2026-12-04)

                ### Plans
                - Caps per plan: `plan_limit_reached` and
                  `rate_limited` with Retry-After.
                - <script>alert(1)</script> stays text

                A paragraph.

                ## 1.0.0
                - First
                """);
        assertThat(versions).extracting(ReleaseNotes.Version::name).containsExactly("1.1.0 (2026-12-04)", "1.0.0");
        var blocks = versions.getFirst().blocks();
        assertThat(blocks).extracting(ReleaseNotes.Block::kind).containsExactly("heading", "item", "item", "paragraph");
        assertThat(blocks.get(1).spans())
                .containsExactly(
                        new ReleaseNotes.Span("Caps per plan: ", false),
                        new ReleaseNotes.Span("plan_limit_reached", true),
                        new ReleaseNotes.Span(" and ", false),
                        new ReleaseNotes.Span("rate_limited", true),
                        new ReleaseNotes.Span(" with Retry-After.", false));
        assertThat(ReleaseNotes.spans("an `unclosed tick"))
                .containsExactly(new ReleaseNotes.Span("an `unclosed tick", false));
        assertThat(ReleaseNotes.parse("")).isEmpty();
    }

    @Test
    void theConsolesShowTheChangelogOfTheBuild() throws Exception {
        assertThat(notes.versions()).isNotEmpty();
        assertThat(notes.versions().getFirst().name()).isEqualTo("Unreleased");

        var shop = TenantFixtures.aTenant(tenants, "notes");
        binder.callAs(
                shop.id(), () -> users.create("viewer@notes.example", "V", TenantRole.VIEWER, "notes pass phrase"));
        Cookie viewer = ConsoleSignIns.forTenantUsers(mvc)
                .adminSignIn(shop.slug(), "viewer@notes.example", "notes pass phrase");
        String page = mvc.perform(get("/admin/release-notes").cookie(viewer))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("data-version").contains("Unreleased").contains("<code>plan_limit_reached</code>");

        var operator = mvc.perform(get("/operator/release-notes")).andReturn().getResponse();
        assertThat(operator.getRedirectedUrl()).endsWith("/operator/login");
    }
}
