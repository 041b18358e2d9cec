package jp.tokuten;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Every MockMvc request comes from its own documentation-range address (192.0.2.0/24, 198.51.100.0/24),
 * so the per-address sign-in throttle sees unrelated tests as unrelated clients. A test that needs a
 * fixed address sets it on its request.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestWebConfiguration {

    @Bean
    MockMvcBuilderCustomizer distinctClientAddresses() {
        return builder -> builder.defaultRequest(MockMvcRequestBuilders.get("/").with(request -> {
            var r = ThreadLocalRandom.current();
            request.setRemoteAddr((r.nextBoolean() ? "192.0.2." : "198.51.100.") + r.nextInt(1, 255));
            return request;
        }));
    }
}
