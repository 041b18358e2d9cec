package jp.tokuten.identity;

import java.io.PrintStream;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On start, before the web server takes requests: creates the first operator when there is none, attaches the configured operator API token,
 * and on an empty embedded database creates the demo tenant with an admin user. Generated passwords are
 * printed once to the console (standard output), never to the log. Only the server does this; the
 * command line ({@code audit verify}) does not.
 */
@Component
@ConditionalOnWebApplication
@EnableConfigurationProperties(BootstrapProperties.class)
class Bootstrap implements SmartInitializingSingleton {

    static final String DEMO_SLUG = "demo";
    static final String DEMO_ADMIN_EMAIL = "admin@demo.example";
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final BootstrapProperties props;
    private final OperatorAccounts operators;
    private final Tenants tenants;
    private final TenantProvisioning provisioning;
    private final TenantUsers users;
    private final Environment environment;
    private final TenantBinder binder;
    private final ApplicationEventPublisher events;
    private final PrintStream console = System.out;

    Bootstrap(
            BootstrapProperties props,
            OperatorAccounts operators,
            Tenants tenants,
            TenantProvisioning provisioning,
            TenantUsers users,
            Environment environment,
            TenantBinder binder,
            ApplicationEventPublisher events) {
        this.props = props;
        this.operators = operators;
        this.tenants = tenants;
        this.provisioning = provisioning;
        this.users = users;
        this.environment = environment;
        this.binder = binder;
        this.events = events;
    }

    /** Runs once every bean exists and before the web server accepts a request. */
    @Override
    public void afterSingletonsInstantiated() {
        bootstrapOperator();
        if (demoWanted() && tenants.count() == 0) {
            createDemoTenant();
        }
    }

    private void bootstrapOperator() {
        String email = blankToNull(props.operatorEmail());
        String password = blankToNull(props.operatorPassword());
        if (operators.count() == 0) {
            if (email != null && password != null) {
                operators.create(email, "Operator", password);
                log.info("Created the first operator {} from TOKUTEN_BOOTSTRAP_OPERATOR_*", email);
            } else {
                String generated = jp.tokuten.shared.Secrets.readablePassword(20);
                String e = email != null ? email : "operator@tokuten.local";
                operators.create(e, "Operator", generated);
                console.println();
                console.println("=== tokuten: first operator created (shown only this once) ===");
                console.println("    e-mail:   " + e);
                console.println("    password: " + generated);
                console.println("    sign in:  /operator/login");
                console.println("==============================================================");
                console.println();
                console.flush();
            }
        }
        String token = blankToNull(props.operatorToken());
        if (token != null) {
            var first = email != null
                    ? operators.findByEmail(email).map(OperatorAccounts.StoredOperator::id)
                    : operators.list().stream().findFirst().map(OperatorPrincipal::operatorId);
            operators.ensureToken(
                    first.orElseThrow(() -> new IllegalStateException(
                            "TOKUTEN_BOOTSTRAP_OPERATOR_TOKEN is set but its operator does not exist")),
                    token);
        }
    }

    private boolean demoWanted() {
        String demo = props.demo() == null ? "auto" : props.demo().strip().toLowerCase(java.util.Locale.ROOT);
        return switch (demo) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> blankToNull(environment.getProperty("tokuten.db.url")) == null;
        };
    }

    private void createDemoTenant() {
        var demo = provisioning.provision(DEMO_SLUG, "デモ株式会社");
        String password = blankToNull(props.demoAdminPassword());
        boolean generated = password == null;
        if (generated) {
            password = jp.tokuten.shared.Secrets.readablePassword(20);
        }
        String demoPassword = password;
        binder.runAs(demo.tenant().id(), () -> {
            users.create(DEMO_ADMIN_EMAIL, "デモ管理者", TenantRole.ADMIN, demoPassword);
            events.publishEvent(new DemoTenantCreated(demo.tenant().id()));
        });
        log.info("Created the demo tenant '{}'", DEMO_SLUG);
        console.println();
        console.println("=== tokuten: demo tenant created (shown only this once) ===");
        console.println("    consumer page: /c/" + DEMO_SLUG + "/");
        console.println("    admin console: /admin/login  tenant: " + DEMO_SLUG + "  e-mail: " + DEMO_ADMIN_EMAIL);
        console.println("    password:      " + (generated ? password : "(TOKUTEN_DEMO_ADMIN_PASSWORD)"));
        console.println("    API key:       " + demo.apiKey().key());
        console.println("===========================================================");
        console.println();
        console.flush();
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
