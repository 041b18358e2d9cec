package jp.tokuten.audit.web;

import java.util.ArrayList;
import jp.tokuten.audit.AuditVerification;
import jp.tokuten.audit.ChainVerification;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Operator console: recompute every audit chain on demand (the same check as {@code audit verify}). */
@Controller
class OperatorAuditController {

    private final AuditVerification verification;

    OperatorAuditController(AuditVerification verification) {
        this.verification = verification;
    }

    @GetMapping("/operator/audit")
    String page() {
        return "audit/operator/verify";
    }

    /** Runs the check and shows its result after a redirect (the page can be reloaded without re-running it). */
    @PostMapping("/operator/audit/verify")
    String verify(RedirectAttributes redirect) {
        var report = verification.verifyAll();
        redirect.addFlashAttribute("verified", true);
        redirect.addFlashAttribute("intact", report.intact());
        redirect.addFlashAttribute("chains", report.chains().size());
        redirect.addFlashAttribute("entries", report.checkedEntries());
        redirect.addFlashAttribute(
                "pending",
                report.chains().stream().mapToLong(ChainVerification::pending).sum());
        var broken = new ArrayList<String>();
        for (var c : report.chains()) {
            if (!c.intact()) {
                // technical detail for operators: chain, first bad entry and what is wrong, as the command prints it
                broken.add(c.chainName() + ": " + (c.firstBadEntry() == null ? "-" : c.firstBadEntry()) + ": "
                        + c.problem());
            }
        }
        redirect.addFlashAttribute("broken", broken);
        return "redirect:/operator/audit";
    }
}
