package jp.tokuten.platform;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Japanese by default; English when {@code ?lang=en} asks (remembered in a cookie) or when the browser
 * prefers English over Japanese.
 */
@Configuration(proxyBeanMethods = false)
class WebLocaleConfiguration implements WebMvcConfigurer {

    static final Locale JAPANESE = Locale.JAPANESE;
    static final List<Locale> SUPPORTED = List.of(Locale.JAPANESE, Locale.ENGLISH);
    static final String COOKIE = "tokuten_lang";

    @Bean
    LocaleResolver localeResolver() {
        return new TokutenLocaleResolver();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Locale asked = supported(request.getParameter("lang"));
                if (asked != null) {
                    var cookie = new Cookie(COOKIE, asked.getLanguage());
                    cookie.setPath("/");
                    cookie.setMaxAge(365 * 24 * 3600);
                    cookie.setHttpOnly(true);
                    cookie.setSecure(request.isSecure());
                    cookie.setAttribute("SameSite", "Lax");
                    response.addCookie(cookie);
                }
                return true;
            }
        });
    }

    static @Nullable Locale supported(@Nullable String language) {
        if (language == null) {
            return null;
        }
        for (Locale l : SUPPORTED) {
            if (l.getLanguage().equalsIgnoreCase(language.strip())) {
                return l;
            }
        }
        return null;
    }

    static final class TokutenLocaleResolver implements LocaleResolver {

        @Override
        public Locale resolveLocale(HttpServletRequest request) {
            Locale asked = supported(request.getParameter("lang"));
            if (asked != null) {
                return asked;
            }
            if (request.getCookies() != null) {
                for (Cookie c : request.getCookies()) {
                    Locale remembered = COOKIE.equals(c.getName()) ? supported(c.getValue()) : null;
                    if (remembered != null) {
                        return remembered;
                    }
                }
            }
            if (request.getHeader("Accept-Language") != null) {
                var preferences = request.getLocales();
                while (preferences.hasMoreElements()) {
                    Locale preferred = supported(preferences.nextElement().getLanguage());
                    if (preferred != null) {
                        return preferred;
                    }
                }
            }
            return JAPANESE;
        }

        @Override
        public void setLocale(
                HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
            throw new UnsupportedOperationException("Use ?lang=ja or ?lang=en");
        }
    }
}
