package jp.tokuten.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestMailServer;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.Entrants;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Gift-code pools: uploads counted, each code to exactly one winner under a burst, a low-stock alert per crossing. */
@TokutenTest
class GiftCodePoolsTests {

    @Autowired
    GiftCodePools pools;

    @Autowired
    Awards awards;

    @Autowired
    Entrants entrants;

    @Autowired
    TenantUsers users;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    TenantView shop;
    UUID campaign = UUID.randomUUID();
    UUID entrant;

    @BeforeEach
    void aTenantWithAnEntrant() {
        shop = TenantFixtures.aTenant(tenants, "gift-codes");
        entrant = binder.callAs(
                shop.id(), () -> entrants.findOrCreateByEmail("gift@example.jp").id());
    }

    static byte[] csv(int from, int count) {
        var sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append("CODE-").append(i).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fiveHundredConcurrentGrantsOnAPoolOfTenGiveTenAwardsWithTenDistinctCodes() throws Exception {
        var pool = binder.callAs(shop.id(), () -> pools.create("500円分ギフト", campaign, 0));
        binder.callAs(shop.id(), () -> pools.upload(pool.id(), csv(0, 10)));

        Map<String, Integer> outcomes = RewardFixtures.burst(
                binder, shop.id(), 500, 100, n -> awards.grant(RewardFixtures.giftCode(campaign, entrant, pool.id())));

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 10, "out_of_stock", 490));
        var granted = binder.callAs(shop.id(), () -> awards.list(campaign));
        assertThat(granted).hasSize(10);
        assertThat(granted.stream().map(AwardView::giftCode).distinct()).hasSize(10);
        assertThat(binder.callAs(shop.id(), () -> pools.get(pool.id()))).satisfies(p -> {
            assertThat(p.remaining()).isZero();
            assertThat(p.taken()).isEqualTo(10);
        });
    }

    @Test
    void anUploadCountsAddedDuplicatesAndRejectedLinesWithAByteOrderMark() {
        var pool = binder.callAs(shop.id(), () -> pools.create("ギフト", null, 0));
        binder.callAs(shop.id(), () -> pools.upload(pool.id(), "OLD-1\n".getBytes(StandardCharsets.UTF_8)));
        String text = "\uFEFFcode\nNEW-1\n\nNEW-2,extra column\nNEW-1\nOLD-1\n\"NEW-3\"\n" + "X".repeat(201) + "\n";

        var upload = binder.callAs(shop.id(), () -> pools.upload(pool.id(), text.getBytes(StandardCharsets.UTF_8)));

        assertThat(upload.added()).isEqualTo(3);
        assertThat(upload.duplicates()).isEqualTo(2);
        assertThat(upload.rejected()).isEqualTo(2);
        assertThat(upload.remaining()).isEqualTo(4);
        assertThat(upload.duplicateLines()).containsExactly(5, 6);
        assertThat(upload.rejectedLines()).containsExactly(3, 8);
    }

    @Test
    void aShiftJisFileIsReadAsShiftJis() {
        var pool = binder.callAs(shop.id(), () -> pools.create("ギフト", null, 0));
        byte[] sjis = "コード\nギフト券ＡＢＣ\nギフト券ＤＥＦ\n".getBytes(Charset.forName("windows-31j"));
        UUID winner = entrant;

        var upload = binder.callAs(shop.id(), () -> pools.upload(pool.id(), sjis));
        var first = binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, winner, pool.id())));
        var second = binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, winner, pool.id())));

        assertThat(upload.added()).isEqualTo(2);
        assertThat(List.of(first.giftCode(), second.giftCode())).containsExactlyInAnyOrder("ギフト券ＡＢＣ", "ギフト券ＤＥＦ");
    }

    @Test
    void badInputIsRefusedWithItsCode() {
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> pools.create(" ", null, 0)))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("invalid_pool"));
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> pools.create("ギフト", null, -1)))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("invalid_pool"));
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> pools.upload(UUID.randomUUID(), csv(0, 1))))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("not_found"));
    }

    @Test
    void theAdminsAreMailedOnceWhenThePoolFallsBelowItsThresholdAndAgainAfterARefill() throws Exception {
        String admin = "gift-admin-" + System.nanoTime() + "@staff.example";
        String editor = "gift-editor-" + System.nanoTime() + "@staff.example";
        binder.callAs(shop.id(), () -> users.create(admin, "Admin", TenantRole.ADMIN, "correct horse battery 42"));
        binder.callAs(shop.id(), () -> users.create(editor, "Editor", TenantRole.EDITOR, "correct horse battery 42"));
        var pool = binder.callAs(shop.id(), () -> pools.create("アラート確認用", null, 3));
        binder.callAs(shop.id(), () -> pools.upload(pool.id(), csv(0, 5)));

        for (int i = 0; i < 5; i++) {
            binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, entrant, pool.id())));
        }
        assertThat(mailsTo(admin)).hasSize(1);
        assertThat(mailsTo(editor)).isEmpty();
        MimeMessage alert = mailsTo(admin).get(0);
        assertThat(alert.getSubject()).contains("アラート確認用");
        String body = (String) alert.getContent();
        assertThat(body).contains("2 件").contains("http://tokuten.test/admin/rewards/gift-code-pools/" + pool.id());
        assertThat(body).doesNotContain("CODE-");

        binder.callAs(shop.id(), () -> pools.upload(pool.id(), csv(100, 5)));
        for (int i = 0; i < 3; i++) {
            binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, entrant, pool.id())));
        }
        assertThat(mailsTo(admin)).hasSize(2);
    }

    static List<MimeMessage> mailsTo(String email) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : TestMailServer.server().getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(email))) {
                found.add(m);
            }
        }
        return found;
    }
}
