package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenApplication;
import jp.tokuten.TokutenTest;
import jp.tokuten.audit.AuditCommand;
import jp.tokuten.audit.AuditVerification;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit anchoring: the signed heads of every chain, written to the backup location, catch a chain that
 * someone holding the owner's credentials rewrote so that it recomputes (which {@code audit verify} alone
 * cannot), and an anchor that was edited or signed with another key is refused.
 */
@TokutenTest
class AuditAnchorTests {

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
    AuditVerification verification;

    @Autowired
    ApplicationContext context;

    @Test
    void anAnchorCatchesAChainRewrittenByTheOwner() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "anchor");
        ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        Path anchor = backups.writeAnchor(backups.key().orElseThrow());
        assertThat(anchor).startsWith(backups.directory().resolve(Backups.ANCHORS));
        String text = Files.readString(anchor);
        assertThat(text)
                .startsWith("tokuten-audit-anchor 1\n")
                .contains("chain " + shop.id().value() + " ");

        var fine = verifyAnchor(text);
        assertThat(fine.status()).as(fine.output()).isZero();
        assertThat(fine.output()).contains("matches");

        try (Connection owner = OwnerAccess.ownerConnection(context);
                var st = owner.createStatement()) {
            st.execute("""
                    do $$
                    declare
                        e audit.entries;
                        prev bytea;
                    begin
                        update audit.entries set actor = 'someone else' where chain = '%1$s' and seq = 1;
                        select anchor_hash into prev from audit.chains where chain = '%1$s';
                        for e in select * from audit.entries where chain = '%1$s' and seq is not null order by seq loop
                            e.prev_hash := prev;
                            e.hash := audit.entry_hash(prev, e);
                            update audit.entries set prev_hash = e.prev_hash, hash = e.hash where id = e.id;
                            prev := e.hash;
                        end loop;
                        update audit.chains set last_hash = prev where chain = '%1$s';
                    end $$""".formatted(shop.id().value()));
        }
        assertThat(verification.verify(shop.id()).intact())
                .as("the rewritten chain recomputes: without an anchor nothing shows")
                .isTrue();

        var caught = verifyAnchor(text);
        assertThat(caught.status()).isEqualTo(1);
        assertThat(caught.output())
                .contains("does NOT match")
                .contains("chain of tenant " + shop.id().value())
                .contains("the chain was rewritten");
    }

    @Test
    void anEditedAnchorIsRefused() throws Exception {
        String text = Files.readString(backups.writeAnchor(backups.key().orElseThrow()));
        String edited = text.replaceFirst("(chain \\S+ )(\\d+)", "$1" + "999999");
        var refused = verifyAnchor(edited);
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.output()).contains("audit anchor REFUSED").contains("signature does not match");
    }

    @Test
    void theCommandExitsThreeWhenTheAnchorCannotBeRead() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = AuditCommand.run(
                TokutenApplication.class,
                new String[] {"verify", "--anchor", "/nonexistent/anchor.txt"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot read the anchor");
    }

    record Result(int status, String output) {}

    Result verifyAnchor(String text) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = AuditCommand.verifyAnchor(
                context,
                text,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
}
