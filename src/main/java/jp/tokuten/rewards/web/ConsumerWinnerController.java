package jp.tokuten.rewards.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import jp.tokuten.rewards.Delivery;
import jp.tokuten.rewards.WinnerAddress;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The winner's address form ({@code /c/{slug}/winners/{token}}), reached by the link of the winner e-mail:
 * name, postal code (the lookup fills prefecture, city and town), the rest of the address and a phone number,
 * checked field by field; saved once, and changed by submitting again until the deadline or until shipped.
 * An unknown link, another tenant's alike, is the 404 page.
 */
@Controller
class ConsumerWinnerController {

    private final Delivery delivery;
    private final Tenants tenants;

    ConsumerWinnerController(Delivery delivery, Tenants tenants) {
        this.delivery = delivery;
        this.tenants = tenants;
    }

    @GetMapping("/c/{slug}/winners/{token}")
    String form(@PathVariable String slug, @PathVariable String token, Model model) {
        var form = delivery.form(token).orElseThrow(() -> new ProblemException(404, "not_found"));
        model.addAttribute("tenant", tenant());
        model.addAttribute("form", form);
        model.addAttribute("token", token);
        model.addAttribute("prefectures", WinnerAddress.PREFECTURES);
        var a = form.address();
        model.addAttribute(
                "typed",
                a == null
                        ? new WinnerAddress.Typed(null, null, null, null, null, null, null, null)
                        : new WinnerAddress.Typed(
                                a.fullName(),
                                a.postalCode().substring(0, 3) + "-"
                                        + a.postalCode().substring(3),
                                a.prefecture(),
                                a.city(),
                                a.town(),
                                a.addressLine1(),
                                a.addressLine2(),
                                a.phone()));
        model.addAttribute("errors", Map.of());
        model.addAttribute("deadline", deadline(form));
        return "rewards/consumer/winner";
    }

    @PostMapping("/c/{slug}/winners/{token}")
    String submit(
            @PathVariable String slug,
            @PathVariable String token,
            @RequestParam(required = false) @Nullable String fullName,
            @RequestParam(required = false) @Nullable String postalCode,
            @RequestParam(required = false) @Nullable String prefecture,
            @RequestParam(required = false) @Nullable String city,
            @RequestParam(required = false) @Nullable String town,
            @RequestParam(required = false) @Nullable String addressLine1,
            @RequestParam(required = false) @Nullable String addressLine2,
            @RequestParam(required = false) @Nullable String phone,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var form = delivery.form(token).orElseThrow(() -> new ProblemException(404, "not_found"));
        var typed = new WinnerAddress.Typed(
                fullName, postalCode, prefecture, city, town, addressLine1, addressLine2, phone);
        try {
            boolean first = form.address() == null;
            delivery.submit(token, typed);
            redirect.addFlashAttribute("saved", first ? "winner.saved" : "winner.changed");
            return "redirect:/c/" + slug + "/winners/" + token;
        } catch (WinnerAddress.Rejected e) {
            response.setStatus(422);
            model.addAttribute("errors", e.errors());
        } catch (ProblemException e) {
            if (!e.code().equals("address_closed")) {
                throw e;
            }
            response.setStatus(409);
            model.addAttribute("closed", true);
            model.addAttribute("errors", Map.of());
            form = delivery.form(token).orElseThrow();
        }
        model.addAttribute("tenant", tenant());
        model.addAttribute("form", form);
        model.addAttribute("token", token);
        model.addAttribute("prefectures", WinnerAddress.PREFECTURES);
        model.addAttribute("typed", typed);
        model.addAttribute("deadline", deadline(form));
        return "rewards/consumer/winner";
    }

    private TenantView tenant() {
        return tenants.findById(TenantBinder.required()).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    private static String deadline(Delivery.WinnerForm form) {
        Locale locale = LocaleContextHolder.getLocale();
        return form.deadline() == null ? "" : jp.tokuten.rewards.WinnerMessages.deadlineText(form.deadline(), locale);
    }
}
