package jp.tokuten.access;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import jp.tokuten.identity.ApiKeyPrincipal;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.platform.ClientAddresses;
import jp.tokuten.platform.Problems;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The filters the shells put into their security chains. They are not beans (a filter bean would be
 * applied to every request by the servlet container); each shell adds the one it needs:
 *
 * <ul>
 *   <li>{@link #adminConsole}: before the sign-in filter of {@code /admin}; refuses the sign-in POST for a
 *       tenant, and every request of a signed-in tenant user, from an address outside the tenant's
 *       allow-list (403 page);
 *   <li>{@link #tenantApi}: after the API key filter; refuses a tenant key's call from outside its
 *       tenant's allow-list (403 problem JSON);
 *   <li>{@link #consumerPages}: after the consumer tenant resolution; asks for the tenant's Basic
 *       authentication when it is on (401 with a challenge).
 * </ul>
 */
@Component
public class AccessRestrictions {

    private static final Logger log = LoggerFactory.getLogger(AccessRestrictions.class);

    private final IpAllowList allowList;
    private final ConsumerBasicAuth basicAuth;
    private final ClientAddresses clientAddresses;
    private final Tenants tenants;
    private final DeniedPage deniedPage;
    private final Problems problems;
    private final TenantBinder binder;
    private final MessageSource messages;
    private final LocaleResolver locales;

    AccessRestrictions(
            IpAllowList allowList,
            ConsumerBasicAuth basicAuth,
            ClientAddresses clientAddresses,
            Tenants tenants,
            DeniedPage deniedPage,
            Problems problems,
            TenantBinder binder,
            MessageSource messages,
            LocaleResolver locales) {
        this.allowList = allowList;
        this.basicAuth = basicAuth;
        this.clientAddresses = clientAddresses;
        this.tenants = tenants;
        this.deniedPage = deniedPage;
        this.problems = problems;
        this.binder = binder;
        this.messages = messages;
        this.locales = locales;
    }

    /** For the admin console chain, before its username/password filter ({@code signInPath}: the POST). */
    public Filter adminConsole(String signInPath) {
        return new AdminConsoleFilter(signInPath);
    }

    /** For the tenant API chain, after the filter that authenticates the key. */
    public Filter tenantApi() {
        return new TenantApiFilter();
    }

    /** For the consumer chain, after the filter that resolves and binds the tenant of {@code /c/{slug}}. */
    public Filter consumerPages() {
        return new ConsumerPagesFilter();
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    final class AdminConsoleFilter extends OncePerRequestFilter {
        private final String signInPath;

        AdminConsoleFilter(String signInPath) {
            this.signInPath = signInPath;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            TenantId tenant = null;
            if ("POST".equals(request.getMethod()) && signInPath.equals(path(request))) {
                String slug = request.getParameter("tenant");
                if (slug != null && !slug.isBlank() && slug.length() <= 64) {
                    tenant = tenants.findBySlug(slug.strip())
                            .filter(TenantView::isActive)
                            .map(TenantView::id)
                            .orElse(null);
                }
            } else {
                var auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && auth.getPrincipal() instanceof TenantUserPrincipal user) {
                    tenant = user.tenantId();
                }
            }
            InetAddress client = clientAddresses.of(request);
            if (tenant != null && !binder.callAs(tenant, () -> allowList.allows(client))) {
                log.info(
                        "Refused {} {} of tenant {} from {}: not on the IP allow-list",
                        request.getMethod(),
                        path(request),
                        tenant,
                        ClientAddresses.format(client));
                deniedPage.write(request, response, ClientAddresses.format(client));
                return;
            }
            chain.doFilter(request, response);
        }
    }

    final class TenantApiFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof ApiKeyPrincipal key) {
                InetAddress client = clientAddresses.of(request);
                if (!binder.callAs(key.tenantId(), () -> allowList.allows(client))) {
                    String address = ClientAddresses.format(client);
                    log.info(
                            "Refused {} {} with API key {} of tenant {} from {}: not on the IP allow-list",
                            request.getMethod(),
                            path(request),
                            key.keyId(),
                            key.tenantId(),
                            address);
                    problems.write(
                            new ProblemException(403, "address_not_allowed", address).with("clientAddress", address),
                            request,
                            response);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    final class ConsumerPagesFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var tenant = TenantBinder.current();
            if (tenant.isEmpty()) {
                chain.doFilter(request, response);
                return;
            }
            switch (basicAuth.check(request.getHeader("Authorization"))) {
                case OPEN, ADMITTED -> chain.doFilter(request, response);
                case CHALLENGE -> {
                    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + realm(request) + "\", charset=\"UTF-8\"");
                    writeText(response, text("access.basic.challenge", request));
                }
                case BUSY -> {
                    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                    response.setHeader("Retry-After", "5");
                    writeText(response, text("access.busy", request));
                }
            }
        }

        /** The tenant's part of the path ({@code /c/demo}): ASCII, so it is safe in the header. */
        private static String realm(HttpServletRequest request) {
            String p = path(request);
            int end = p.indexOf('/', 3);
            String realm = "tokuten " + (end < 0 ? p : p.substring(0, end));
            return realm.replaceAll("[^A-Za-z0-9 /._-]", "");
        }
    }

    /** A line for the person in front of the browser, in their language. */
    private String text(String key, HttpServletRequest request) {
        return messages.getMessage(key, null, locales.resolveLocale(request)) + "\n";
    }

    private static void writeText(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
