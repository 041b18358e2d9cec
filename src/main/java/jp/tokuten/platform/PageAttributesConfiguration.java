package jp.tokuten.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import jp.tokuten.shared.PageAttributes;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.view.RedirectView;

/** Adds every {@link PageAttributes} contributor's attributes to a page about to be rendered. */
@Configuration(proxyBeanMethods = false)
class PageAttributesConfiguration implements WebMvcConfigurer {

    private final List<PageAttributes> contributors;

    PageAttributesConfiguration(List<PageAttributes> contributors) {
        this.contributors = contributors;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void postHandle(
                    HttpServletRequest request,
                    HttpServletResponse response,
                    Object handler,
                    @Nullable ModelAndView page) {
                if (rendered(page)) {
                    var added = new LinkedHashMap<String, Object>();
                    contributors.forEach(c -> c.addTo(request, added));
                    added.forEach((name, value) -> {
                        if (value != null && !page.getModelMap().containsAttribute(name)) {
                            page.addObject(name, value);
                        }
                    });
                }
            }
        });
    }

    /** A view to render: not a JSON answer (no model and view), a redirect or a forward. */
    static boolean rendered(@Nullable ModelAndView page) {
        if (page == null || page.wasCleared()) {
            return false;
        }
        String name = page.getViewName();
        if (name != null) {
            return !name.startsWith("redirect:") && !name.startsWith("forward:");
        }
        return !(page.getView() instanceof RedirectView);
    }
}
