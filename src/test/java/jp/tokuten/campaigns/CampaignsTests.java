package jp.tokuten.campaigns;

import static jp.tokuten.campaigns.CampaignFixtures.aDraft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@TokutenTest
class CampaignsTests {

    @Autowired
    Campaigns campaigns;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Clock clock;

    TenantView tenant;
    LocalDate today;

    @BeforeEach
    void tenant() {
        tenant = TenantFixtures.aTenant(tenants, "camp");
        today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
    }

    @Test
    void createsADraftAndMovesItThroughItsLife() {
        binder.runAs(tenant.id(), () -> {
            var product = new CampaignView.TargetProduct(
                    "お茶 500ml", List.of("ｵﾁｬ 500", "緑茶"), List.of("4901234567894"), 2, null);
            var draft = CampaignFixtures.withRules(
                    aDraft(today), aDraft(today).purchasePeriod(), 1000L, List.of("トクテンマート 渋谷店"), List.of(product));
            var created = campaigns.create(draft);
            assertThat(created.status()).isEqualTo(CampaignStatus.DRAFT);
            assertThat(created.targetProducts()).containsExactly(product);
            assertThat(created.stores()).containsExactly("トクテンマート 渋谷店");
            assertThat(created.minimumTotal()).isEqualTo(1000L);
            assertThat(created.previewToken()).hasSizeGreaterThanOrEqualTo(22);
            assertThat(created.takesEntriesOn(today)).isFalse();

            var open = campaigns.open(created.id());
            assertThat(open.status()).isEqualTo(CampaignStatus.OPEN);
            assertThat(open.takesEntriesOn(today)).isTrue();
            assertThat(open.takesEntriesOn(today.plusDays(30 + 7))).as("grace").isTrue();
            assertThat(open.takesEntriesOn(today.plusDays(30 + 8))).isFalse();
            assertThatThrownBy(() -> campaigns.archive(created.id()))
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.code()).isEqualTo("invalid_transition"));
            assertThat(campaigns.close(created.id()).status()).isEqualTo(CampaignStatus.CLOSED);
            assertThat(campaigns.archive(created.id()).status()).isEqualTo(CampaignStatus.ARCHIVED);
            assertThatThrownBy(() -> campaigns.update(created.id(), draft))
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.status()).isEqualTo(409));
        });
    }

    @Test
    void refusesABadDraftNamingTheField() {
        binder.runAs(tenant.id(), () -> {
            var d = aDraft(today);
            var backwards = new CampaignView.Period(today, today.minusDays(1));
            assertThatThrownBy(() ->
                            campaigns.create(CampaignFixtures.withRules(d, backwards, null, List.of(), List.of())))
                    .isInstanceOfSatisfying(ProblemException.class, p -> {
                        assertThat(p.code()).isEqualTo("invalid_campaign");
                        assertThat(p.properties()).containsEntry("field", "purchasePeriod");
                    });
            assertThatThrownBy(() -> campaigns.create(CampaignFixtures.withLimit(d, 5, 2)))
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            p -> assertThat(p.properties()).containsEntry("field", "perEntrantLimit"));
            assertThatThrownBy(() -> campaigns.create(CampaignFixtures.withForm(
                            d, List.of(CampaignFixtures.field("shoeSize", FormField.CharType.DIGITS, 3, true)))))
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            p -> assertThat(p.properties()).containsEntry("field", "formFields"));
            assertThat(campaigns.list(null)).isEmpty();
        });
    }

    @Test
    void anotherTenantSeesNone() {
        var id =
                binder.callAs(tenant.id(), () -> campaigns.create(aDraft(today)).id());
        var other = TenantFixtures.aTenant(tenants, "camp-other");
        binder.runAs(other.id(), () -> {
            assertThat(campaigns.find(id)).isEmpty();
            assertThat(campaigns.list(null)).isEmpty();
            assertThatThrownBy(() -> campaigns.open(id))
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.status()).isEqualTo(404));
        });
        assertThat(binder.callAs(tenant.id(), () -> campaigns.require(id).status()))
                .isEqualTo(CampaignStatus.DRAFT);
    }

    @Test
    void checksFormValuesByTheirDeclaredType() {
        var kana = CampaignFixtures.field("kana", FormField.CharType.KATAKANA, 10, true);
        assertThat(kana.check("トクテン　タロウ", 2026)).isEmpty();
        assertThat(kana.check("とくてん", 2026)).contains("not_katakana");
        assertThat(kana.check("", 2026)).contains("required");
        assertThat(kana.check("アイウエオカキクケコサ", 2026)).contains("too_long");
        var postal = CampaignFixtures.field("postalCode", FormField.CharType.POSTAL_CODE, 8, true);
        assertThat(postal.check("150-0002", 2026)).isEmpty();
        assertThat(postal.check("1500002", 2026)).isEmpty();
        assertThat(postal.check("150-002", 2026)).contains("not_postal_code");
        var email = CampaignFixtures.field("email", FormField.CharType.EMAIL, 254, true);
        assertThat(email.check("taro@example.jp", 2026)).isEmpty();
        assertThat(email.check("taro@", 2026)).contains("not_email");
        var year = CampaignFixtures.field("birthYear", FormField.CharType.YEAR, 4, false);
        assertThat(year.check("1990", 2026)).isEmpty();
        assertThat(year.check("2027", 2026)).contains("not_year");
        assertThat(year.check(null, 2026)).isEmpty();
        var phone = CampaignFixtures.field("phone", FormField.CharType.PHONE, 13, true);
        assertThat(phone.check("03-1234-5678", 2026)).isEmpty();
        assertThat(phone.check("090-1234-5678", 2026)).isEmpty();
        assertThat(phone.check("1234", 2026)).contains("not_phone");
    }
}
