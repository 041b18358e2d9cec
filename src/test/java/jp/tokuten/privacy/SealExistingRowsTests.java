package jp.tokuten.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.Entrants;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.rewards.Delivery;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The migration step of issue 14: personal data written in plain text before the encryption (a winner's
 * address, entry-form fields) is sealed at start-up, its plain text cleared, and reads the same afterwards.
 */
@TokutenTest
class SealExistingRowsTests {

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Entrants entrants;

    @Autowired
    Delivery delivery;

    @Autowired
    SealExistingRows step;

    @Autowired
    ApplicationContext context;

    @Test
    void plainRowsWrittenBeforeTheEncryptionAreSealedAndStillRead() throws SQLException {
        TenantView shop = TenantFixtures.aTenant(tenants, "sealing");
        UUID campaign = UUID.randomUUID();
        UUID award = UUID.randomUUID();
        UUID details = UUID.randomUUID();
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> {
                    UUID old = UUID.randomUUID();
                    jdbc.sql(
                                    "insert into identity.entrants (id, email, created_at) values (?, 'Old@Example.com', now())")
                            .param(old)
                            .update();
                    var entrant = entrants.findOrCreateByEmail("old@example.com");
                    assertThat(entrant.id()).isEqualTo(old); // a plain row is found by its address before it is sealed
                    jdbc.sql("""
                    insert into rewards.awards (id, campaign_id, course_id, prize_id, entrant_id, source, kind, prize_name,
                                                value_yen, status, created_at, updated_at)
                    values (?, ?, ?, ?, ?, 'draw', 'physical', '特賞', 1000, 'address_given', now(), now())""")
                            .params(award, campaign, UUID.randomUUID(), UUID.randomUUID(), entrant.id())
                            .update();
                    jdbc.sql("""
                    insert into rewards.winner_addresses (award_id, full_name, postal_code, prefecture, city, town,
                        address_line1, address_line2, phone, submitted_at, updated_at)
                    values (?, '古川 一郎', '1000001', '東京都', '千代田区', '千代田', '1-1', '', '0312345678', now(), now())""").param(award).update();
                    jdbc.sql("insert into coupons.holders (id, reference, created_at) values (?, 'Member-0042', now())")
                            .param(UUID.randomUUID())
                            .update();
                    jdbc.sql("""
                    insert into identity.entrant_details (id, entrant_id, fields, created_at)
                    values (?, ?, '{"name": "古川 一郎"}'::jsonb, now())""").params(details, entrant.id()).update();
                }));

        step.sealAll();

        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("""
                        select w.full_name, w.phone, w.address_sealed is not null, d.fields, d.fields_sealed is not null
                          from rewards.winner_addresses w, identity.entrant_details d
                         where w.tenant_id = ? and w.award_id = ? and d.tenant_id = w.tenant_id and d.id = ?""")) {
            st.setObject(1, shop.id().value());
            st.setObject(2, award);
            st.setObject(3, details);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.getString(2)).isNull();
                assertThat(rs.getBoolean(3)).isTrue();
                assertThat(rs.getString(4)).isNull();
                assertThat(rs.getBoolean(5)).isTrue();
            }
        }
        var winner = binder.callAs(
                shop.id(), () -> tx.execute(s -> delivery.winners(campaign).getFirst()));
        assertThat(winner.address()).isNotNull();
        assertThat(winner.address().fullName()).isEqualTo("古川 一郎");
        assertThat(winner.address().phone()).isEqualTo("0312345678");
        Map<String, String> fields = binder.callAs(shop.id(), () -> tx.execute(s -> entrants.details(details)));
        assertThat(fields).containsEntry("name", "古川 一郎");
        // the e-mail address is sealed, and the entrant is found by it (its keyed hash) as before
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("select email, email_sealed is not null, email_lookup is not null"
                        + " from identity.entrants where tenant_id = ?")) {
            st.setObject(1, shop.id().value());
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.getBoolean(2)).isTrue();
                assertThat(rs.getBoolean(3)).isTrue();
                assertThat(rs.next()).isFalse();
            }
        }
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("select count(*) from coupons.holders"
                        + " where tenant_id = ? and reference is null and reference_lookup is not null")) {
            st.setObject(1, shop.id().value());
            try (var rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
        var again = binder.callAs(shop.id(), () -> tx.execute(s -> entrants.findOrCreateByEmail(" OLD@example.com")));
        assertThat(again.id()).isEqualTo(winner.entrantId());
        assertThat(again.email()).isEqualTo("Old@Example.com");
    }
}
