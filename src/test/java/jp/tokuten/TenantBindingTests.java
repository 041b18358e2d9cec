package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.junit.jupiter.api.Test;

/**
 * The tenant is bound only where a request, a job or an event enters, never by a module service for a
 * caller that hands it a {@link TenantId}. Binding is calling {@link TenantBinder#bind},
 * {@link TenantBinder#callAs} or {@link TenantBinder#runAs}; reading the bound tenant
 * ({@link TenantBinder#current()}, {@link TenantBinder#required()}) is open to everyone.
 */
class TenantBindingTests {

    /** The entry points, by top-level class (their nested filters included). Keep it short. */
    static final Set<String> ENTRY_POINTS = Set.of(
            // security filters: the session's tenant, the API key's tenant, the consumer page's tenant
            "jp.tokuten.admin.AdminSecurityConfiguration",
            "jp.tokuten.api.ApiSecurityConfiguration",
            "jp.tokuten.consumer.ConsumerSecurityConfiguration",
            "jp.tokuten.access.AccessRestrictions",
            // sign-in and invitation links: the tenant the form or the link names
            "jp.tokuten.identity.TenantUserSignIn",
            "jp.tokuten.identity.web.InviteController",
            // the job worker: the tenant a job row carries
            "jp.tokuten.jobs.JobWorker",
            // event listeners: the tenant an event carries
            "jp.tokuten.rewards.PointsOnApproval",
            "jp.tokuten.lottery.EveryoneOnApproval",
            "jp.tokuten.lottery.RedrawOnLapse",
            // a maintenance window announced to every tenant's admins, one tenant at a time
            "jp.tokuten.ops.MaintenanceMail",
            // operators export a tenant's data: the tenant the path names, for that export only
            "jp.tokuten.ops.web.OperatorLifecycleApiController",
            // start-up: personal data written in plain text before issue 14 is sealed, tenant by tenant
            "jp.tokuten.privacy.SealExistingRows",
            // operators: break-glass (audited, only while an access is open) and provisioning a tenant
            "jp.tokuten.identity.BreakGlass",
            "jp.tokuten.identity.TenantProvisioning",
            "jp.tokuten.identity.Bootstrap");

    /** Of the entry points, those whose public methods may take the tenant to bind from their caller. */
    static final Set<String> TAKES_TENANT_FROM_CALLER = Set.of("jp.tokuten.identity.BreakGlass");

    static final Set<String> BINDING_METHODS = Set.of("bind", "callAs", "runAs");

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jp.tokuten");

    @Test
    void onlyEntryPointsBindATenant() {
        var offenders = new TreeSet<String>();
        for (JavaClass c : CLASSES) {
            if (isEntryPoint(c) || c.getPackageName().equals("jp.tokuten.tenancy")) {
                continue;
            }
            c.getMethodCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().isEquivalentTo(TenantBinder.class)
                            && BINDING_METHODS.contains(call.getName()))
                    .forEach(call -> offenders.add(call.getOrigin().getFullName() + " binds a tenant"));
            c.getFields().stream()
                    .filter(f -> f.getRawType().isEquivalentTo(TenantBinder.class))
                    .forEach(f -> offenders.add(f.getFullName() + " holds the TenantBinder"));
            c.getConstructors().stream()
                    .filter(k -> k.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(TenantBinder.class)))
                    .forEach(k -> offenders.add(k.getFullName() + " is given the TenantBinder"));
        }
        assertThat(offenders)
                .as("TenantBinder used outside the entry points (TenantBindingTests.ENTRY_POINTS)")
                .isEmpty();
    }

    @Test
    void noPublicModuleMethodTakesATenantToBindIt() {
        List<String> offenders = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC)
                    || TAKES_TENANT_FROM_CALLER.contains(topLevel(c).getName())
                    || c.getPackageName().equals("jp.tokuten.tenancy")) {
                continue;
            }
            c.getMethods().stream()
                    .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
                    .filter(m -> m.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(TenantId.class)))
                    .filter(m -> bindsInItselfOrItsLambdas(c, m.getName()))
                    .forEach(m -> offenders.add(m.getFullName()));
        }
        assertThat(offenders)
                .as("public methods that take a TenantId and bind it for their caller")
                .isEmpty();
    }

    @Test
    void theCheckSeesTheBindingsThatExist() {
        // Guards the rules above against passing vacuously (e.g. after a rename of the binding methods).
        var binders = new TreeSet<String>();
        for (JavaClass c : CLASSES) {
            if (c.getPackageName().equals("jp.tokuten.tenancy")) {
                continue;
            }
            c.getMethodCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().isEquivalentTo(TenantBinder.class)
                            && BINDING_METHODS.contains(call.getName()))
                    .forEach(call -> binders.add(topLevel(c).getName()));
        }
        assertThat(binders)
                .contains("jp.tokuten.api.ApiSecurityConfiguration", "jp.tokuten.jobs.JobWorker")
                .isSubsetOf(ENTRY_POINTS);
    }

    private static boolean isEntryPoint(JavaClass c) {
        return ENTRY_POINTS.contains(topLevel(c).getName());
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    /** Whether the method, or a lambda written in it ({@code lambda$name$n}), calls a binding method. */
    private static boolean bindsInItselfOrItsLambdas(JavaClass c, String method) {
        return c.getMethodCallsFromSelf().stream()
                .filter(call -> call.getTargetOwner().isEquivalentTo(TenantBinder.class)
                        && BINDING_METHODS.contains(call.getName()))
                .map(call -> call.getOrigin().getName())
                .anyMatch(origin -> origin.equals(method) || origin.startsWith("lambda$" + method + "$"));
    }
}
