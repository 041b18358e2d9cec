package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code /api/v1/operator/backups}: an operator starts a backup (202 with its id, audited) and follows it to
 * {@code done} with its location, size and SHA-256; bad input is a 4xx problem with a code; a tenant's key,
 * even an admin's, reaches none of it (backups hold every tenant).
 */
@TokutenTest
class BackupApiTests {

    static final String PATH = "/api/v1/operator/backups";
    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;

    @Autowired
    MockMvc mvc;

    @Autowired
    Backups backups;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    @Autowired
    ApplicationContext context;

    @Autowired
    Jobs jobs;

    @Test
    void anOperatorStartsABackupAndFollowsItToDone() throws Exception {
        String body = mvc.perform(post(PATH)
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"before the upgrade\"}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith(PATH + "/")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        UUID id = UUID.fromString(JsonPath.read(body, "$.id"));
        mvc.perform(get(PATH + "/" + id).header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id.toString()))
                .andExpect(jsonPath("$.status").value("running"));

        backups.run(id); // what the job worker does

        String done = mvc.perform(get(PATH + "/" + id).header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("done"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        Path location = Path.of(JsonPath.<String>read(done, "$.location"));
        assertThat(location.resolve(BackupFormat.MANIFEST)).exists();
        assertThat(JsonPath.<String>read(done, "$.sha256"))
                .isEqualTo(BackupFormat.sha256(location.resolve(BackupFormat.MANIFEST)));
        long size = ((Number) JsonPath.read(done, "$.sizeBytes")).longValue();
        long onDisk = 0;
        try (var files = Files.list(location)) {
            for (Path p : files.toList()) {
                onDisk += Files.size(p);
            }
        }
        assertThat(size).isEqualTo(onDisk);
        assertThat(location.getParent().resolve(Backups.ANCHORS)).isDirectory();

        mvc.perform(get(PATH).header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '" + id + "')].status").value("done"));

        try (Connection owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("select reason from audit.entries where action = 'backup.requested'"
                        + " and details ->> 'backup' = ? and tenant_id is null")) {
            st.setString(1, id.toString());
            try (var rs = st.executeQuery()) {
                assertThat(rs.next())
                        .as("the request is a meaning entry of the platform chain")
                        .isTrue();
                assertThat(rs.getString(1)).isEqualTo("before the upgrade");
            }
        }
    }

    @Test
    void everyNodeQueuesTheDaysBackupOnceItsTimeHasComeButOnlyOneIsMade() {
        var before = java.time.ZonedDateTime.of(2001, 2, 3, 2, 59, 0, 0, BackupJobs.TOKYO);
        var after = before.plusMinutes(2);
        var properties = new BackupProperties(null, null, "03:00", 7, null, true, null);
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
        for (var at : List.of(before, after, after.plusMinutes(1))) {
            for (int node = 0; node < 2; node++) {
                new BackupJobs.Schedule(backups, jobs, properties, Clock.fixed(at.toInstant(), BackupJobs.TOKYO))
                        .queueDue();
            }
        }
        var daily = jdbc.sql("select id from ops.backups where daily_for = date '2001-02-03'")
                .query(UUID.class)
                .list();
        assertThat(daily).hasSize(1);
        assertThat(jdbc.sql("select count(*) from jobs.jobs where unique_key = ?")
                        .param(Backups.JOB + ":" + daily.getFirst())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from jobs.jobs where unique_key like 'ops.audit-anchor:2001-02-03T%'")
                        .query(Long.class)
                        .single())
                .as("one anchor job per hour: 02:00 and 03:00")
                .isEqualTo(2);
        // not to be run by other tests' job workers
        jdbc.sql("update ops.backups set status = 'failed', finished_at = now(), error = 'test' where id = ?")
                .param(daily.getFirst())
                .update();
        jdbc.sql(
                        "update jobs.jobs set status = 'done', finished_at = now() where unique_key like 'ops.audit-anchor:2001-%'")
                .update();
    }

    @Test
    void keepsSevenGenerations() throws Exception {
        Path root = Files.createTempDirectory("tokuten-prune");
        for (int i = 0; i < 9; i++) {
            Path b = Files.createDirectories(root.resolve(Backups.PREFIX + "2026120" + i + "T030000Z-0000000" + i));
            Files.writeString(b.resolve(BackupFormat.MANIFEST), "{}");
        }
        Files.createDirectories(root.resolve(Backups.PREFIX + "20261231T030000Z-incomplete"));
        backups.prune(root);
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
                    .hasSize(8)
                    .doesNotContain(
                            Backups.PREFIX + "20261200T030000Z-00000000", Backups.PREFIX + "20261201T030000Z-00000001")
                    .contains(
                            Backups.PREFIX + "20261231T030000Z-incomplete",
                            Backups.PREFIX + "20261208T030000Z-00000008");
        }
    }

    @Test
    void refusesBadInputWithAProblemCode() throws Exception {
        for (String bad : new String[] {
            "[]", "\"now\"", "{\"reason\": 5}", "{\"when\": \"now\"}", "{\"reason\": \"" + "x".repeat(201) + "\"}"
        }) {
            mvc.perform(post(PATH)
                            .header("Authorization", OPERATOR)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(bad))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_backup_request"));
        }
        mvc.perform(get(PATH + "/not-a-uuid").header("Authorization", OPERATOR))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get(PATH + "/" + UUID.randomUUID()).header("Authorization", OPERATOR))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        for (String limit : new String[] {"0", "201", "many"}) {
            mvc.perform(get(PATH).param("limit", limit).header("Authorization", OPERATOR))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("invalid_limit"));
        }
    }

    @Test
    void aTenantKeyReachesNoBackup() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "bk");
        String admin = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.ADMIN);
        UUID id = backups.list(1).stream().findFirst().map(Backup::id).orElse(UUID.randomUUID());
        for (var request : new org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder[] {
            post(PATH), get(PATH), get(PATH + "/" + id)
        }) {
            int status = mvc.perform(request.header("Authorization", "Bearer " + admin))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            assertThat(status).isIn(401, 403);
        }
    }
}
