package jp.tokuten.ops.web;

import java.time.Duration;
import java.util.UUID;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.ops.Availability;
import jp.tokuten.ops.Incidents;
import jp.tokuten.ops.Monitoring;
import jp.tokuten.shared.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Operator console: the checks, monthly availability and incidents, with a form to post an incident update. */
@Controller
class OperatorMonitoringController {

    private final Monitoring monitoring;
    private final Availability availability;
    private final Incidents incidents;
    private final java.time.Clock clock;

    OperatorMonitoringController(
            Monitoring monitoring, Availability availability, Incidents incidents, java.time.Clock clock) {
        this.clock = clock;
        this.monitoring = monitoring;
        this.availability = availability;
        this.incidents = incidents;
    }

    @GetMapping("/operator/monitoring")
    String page(Model model) {
        model.addAttribute("checks", monitoring.states());
        model.addAttribute("lastRun", monitoring.lastRun().orElse(null));
        model.addAttribute("months", availability.recent(6));
        model.addAttribute("incidents", incidents.since(clock.instant().minus(Duration.ofDays(90)), 50));
        return "ops/operator/monitoring";
    }

    @PostMapping("/operator/monitoring/incidents/{id}/updates")
    String update(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @PathVariable String id,
            @RequestParam(required = false) @org.jspecify.annotations.Nullable String message,
            Model model) {
        UUID incident;
        try {
            incident = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "not_found");
        }
        try {
            incidents.post(incident, message, operator.operatorId());
        } catch (ProblemException e) {
            if (e.status() != 422) {
                throw e;
            }
            model.addAttribute("updateError", incident);
            model.addAttribute("message", message);
            return page(model);
        }
        return "redirect:/operator/monitoring";
    }
}
