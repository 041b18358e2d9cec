package jp.tokuten.operator;

import java.util.EnumMap;
import java.util.Locale;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.PlanLimit;
import jp.tokuten.tenancy.Plans;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Operator console: the plans and their caps, edited in place (decision 145). Operators only. */
@Controller
class OperatorPlanController {

    private final Plans plans;

    OperatorPlanController(Plans plans) {
        this.plans = plans;
    }

    @GetMapping("/operator/plans")
    String list(Model model) {
        model.addAttribute("plans", plans.list());
        model.addAttribute("limits", PlanLimit.values());
        return "operator/plans";
    }

    @PostMapping("/operator/plans/{code}")
    String update(
            @PathVariable String code,
            @RequestParam MultiValueMap<String, String> sent,
            Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        var caps = new EnumMap<PlanLimit, Long>(PlanLimit.class);
        try {
            for (PlanLimit limit : PlanLimit.values()) {
                String v = sent.getFirst(limit.wire());
                try {
                    caps.put(limit, Long.parseLong(v == null ? "" : v.strip()));
                } catch (NumberFormatException e) {
                    throw new ProblemException(422, "invalid_plan", limit.wire()).with("field", limit.wire());
                }
            }
            String name = sent.getFirst("name");
            plans.update(code, name == null ? "" : name, caps);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND);
            }
            response.setStatus(400);
            model.addAttribute("formError", e.arguments().length > 0 ? e.arguments()[0] : "");
            model.addAttribute("formPlan", code.toLowerCase(Locale.ROOT));
            return list(model);
        }
        return "redirect:/operator/plans?saved";
    }
}
