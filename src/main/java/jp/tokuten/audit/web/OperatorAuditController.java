package jp.tokuten.audit.web;

import jp.tokuten.audit.AuditVerification;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

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

    @PostMapping("/operator/audit/verify")
    String verify(Model model) {
        model.addAttribute("report", verification.verifyAll());
        return "audit/operator/verify";
    }
}
