package jp.tokuten.ops.web;

import jp.tokuten.ops.ReleaseNotes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Release notes per version, from {@code CHANGELOG.md}, in both consoles: {@code /admin/release-notes} (any
 * signed-in tenant user) and {@code /operator/release-notes} (operators). Each chain guards its path.
 */
@Controller
class ReleaseNotesController {

    private final ReleaseNotes notes;

    ReleaseNotesController(ReleaseNotes notes) {
        this.notes = notes;
    }

    @GetMapping("/admin/release-notes")
    String admin(Model model) {
        model.addAttribute("versions", notes.versions());
        return "ops/admin/release-notes";
    }

    @GetMapping("/operator/release-notes")
    String operator(Model model) {
        model.addAttribute("versions", notes.versions());
        return "ops/operator/release-notes";
    }
}
