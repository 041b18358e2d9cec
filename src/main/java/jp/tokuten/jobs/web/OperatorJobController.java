package jp.tokuten.jobs.web;

import java.util.UUID;
import jp.tokuten.jobs.Jobs;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** Operator console: jobs that failed every attempt (dead letter), and retrying them. */
@Controller
class OperatorJobController {

    private final Jobs jobs;

    OperatorJobController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/operator/jobs")
    String dead(Model model) {
        model.addAttribute("jobs", jobs.dead(200));
        return "jobs/operator/dead";
    }

    @PostMapping("/operator/jobs/{id}/retry")
    String retry(@PathVariable UUID id, Model model) {
        if (!jobs.retry(id)) {
            model.addAttribute("actionError", true);
            return dead(model);
        }
        return "redirect:/operator/jobs";
    }
}
