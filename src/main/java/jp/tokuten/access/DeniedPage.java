package jp.tokuten.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * The 403 page of an admin console request from outside the tenant's allow-list. Rendered here, in the
 * security chain, because the request must not reach the application (nor the sign-in) at all.
 */
@Component
class DeniedPage {

    private final ITemplateEngine templates;
    private final LocaleResolver locales;

    DeniedPage(ITemplateEngine templates, LocaleResolver locales) {
        this.templates = templates;
        this.locales = locales;
    }

    void write(HttpServletRequest request, HttpServletResponse response, String clientAddress) throws IOException {
        var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response);
        var context = new WebContext(exchange, locales.resolveLocale(request), Map.of("clientAddress", clientAddress));
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        templates.process("access/denied", context, response.getWriter());
    }
}
