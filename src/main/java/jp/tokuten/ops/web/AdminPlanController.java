package jp.tokuten.ops.web;

import jp.tokuten.files.StoredFiles;
import jp.tokuten.identity.ConsoleSeats;
import jp.tokuten.tenancy.PlanLimits;
import jp.tokuten.tenancy.Plans;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /admin/settings/plan}: the tenant's plan and how much of each cap it uses (decision 145), for its
 * admins. Read-only: only operators change plans.
 */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class AdminPlanController {

    private final Plans plans;
    private final PlanLimits limits;
    private final StoredFiles files;
    private final ConsoleSeats seats;

    AdminPlanController(Plans plans, PlanLimits limits, StoredFiles files, ConsoleSeats seats) {
        this.plans = plans;
        this.limits = limits;
        this.files = files;
        this.seats = seats;
    }

    @GetMapping("/admin/settings/plan")
    String show(Model model) {
        model.addAttribute("plan", plans.planOf(TenantBinder.required()));
        model.addAttribute("usage", limits.usage(files.usageBytes(), seats.inUse()));
        return "ops/admin/plan";
    }
}
