package jp.tokuten.operator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.PlanLimit;
import jp.tokuten.tenancy.PlanView;
import jp.tokuten.tenancy.Plans;
import jp.tokuten.tenancy.TenantId;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/operator/plans} and a tenant's plan and usage: operators list and edit the plans' caps and
 * put a tenant on a plan (decision 145). Operator tokens only (the operator API chain); the rows' changes are
 * captured into the platform audit chain.
 */
@RestController
@Tag(name = "Operator: plans and limits")
class OperatorPlanApiController {

    private final Plans plans;
    private final TenantOverviews overviews;

    OperatorPlanApiController(Plans plans, TenantOverviews overviews) {
        this.plans = plans;
        this.overviews = overviews;
    }

    /** A plan as the API shows it: caps by the limit's wire name. */
    record PlanJson(String code, String name, Map<String, Long> caps) {
        static PlanJson of(PlanView p) {
            var caps = new LinkedHashMap<String, Long>();
            for (PlanLimit limit : PlanLimit.values()) {
                caps.put(limit.wire(), p.cap(limit));
            }
            return new PlanJson(p.code(), p.name(), caps);
        }
    }

    record UsageJson(String plan, List<OperatorTenantDetailApiController.Usage> usage) {}

    @Operation(summary = "List the plans and their caps")
    @GetMapping("/api/v1/operator/plans")
    List<PlanJson> list() {
        return plans.list().stream().map(PlanJson::of).toList();
    }

    @Operation(
            summary = "Change a plan's name and caps",
            description = "Body {\"name\", \"caps\": {\"campaigns\", \"coupons\", \"entries_per_month\","
                    + " \"storage_bytes\", \"console_sessions\", \"api_requests_per_minute\"}}, every cap a"
                    + " whole number (console_sessions and api_requests_per_minute at least 1). 422 invalid_plan"
                    + " with field; 404 not_found. Applies to every tenant on the plan within 5 s.")
    @PutMapping(path = "/api/v1/operator/plans/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    PlanJson update(@PathVariable String code, @RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw new ProblemException(422, "invalid_plan", "body").with("field", "body");
        }
        var capsNode = body.get("caps");
        if (capsNode == null || !capsNode.isObject()) {
            throw new ProblemException(422, "invalid_plan", "caps").with("field", "caps");
        }
        var caps = new EnumMap<PlanLimit, Long>(PlanLimit.class);
        for (PlanLimit limit : PlanLimit.values()) {
            var v = capsNode.get(limit.wire());
            if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new ProblemException(422, "invalid_plan", limit.wire()).with("field", limit.wire());
            }
            caps.put(limit, v.asLong());
        }
        var name = body.get("name");
        return PlanJson.of(plans.update(code, name != null && name.isString() ? name.asString() : "", caps));
    }

    @Operation(
            summary = "Put a tenant on a plan",
            description = "Body {\"plan\": code}. 422 invalid_plan (field plan) for an unknown plan; 404"
                    + " tenant_not_found. Things past a lowered cap stay; new ones are refused.")
    @PutMapping(path = "/api/v1/operator/tenants/{id}/plan", consumes = MediaType.APPLICATION_JSON_VALUE)
    UsageJson assign(@PathVariable String id, @RequestBody JsonNode body) {
        TenantId tenant = tenant(id);
        var plan = body.isObject() ? body.get("plan") : null;
        if (plan == null || !plan.isString() || plan.asString().length() > 30) {
            throw new ProblemException(422, "invalid_plan", "plan").with("field", "plan");
        }
        plans.assign(tenant, plan.asString());
        return usage(id);
    }

    @Operation(
            summary = "A tenant's plan and its usage of every cap",
            description = "usage: [{limit, used, cap}]; api_requests_per_minute counts this node's current"
                    + " minute. 404 tenant_not_found.")
    @GetMapping("/api/v1/operator/tenants/{id}/usage")
    UsageJson usage(@PathVariable String id) {
        var o = overviews.byId(tenant(id)).orElseThrow(() -> new ProblemException(404, "tenant_not_found"));
        return new UsageJson(
                o.tenant().plan(),
                o.usage().stream()
                        .map(u -> new OperatorTenantDetailApiController.Usage(
                                u.limit().wire(), u.used(), u.cap()))
                        .toList());
    }

    private static TenantId tenant(String id) {
        try {
            if (id.length() == 36) {
                return new TenantId(UUID.fromString(id));
            }
        } catch (IllegalArgumentException e) {
            // not an id: no such tenant
        }
        throw new ProblemException(404, "tenant_not_found");
    }
}
