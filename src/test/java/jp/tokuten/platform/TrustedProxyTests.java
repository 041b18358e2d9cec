package jp.tokuten.platform;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jp.tokuten.TokutenTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Behind a trusted TLS-terminating proxy the request counts as secure (HSTS); nobody else can claim it. */
@TokutenTest
class TrustedProxyTests {

    @Autowired
    MockMvc mvc;

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void aTrustedProxysForwardedProtoMakesTheRequestSecure() throws Exception {
        mvc.perform(get("/").with(from("10.200.0.1")).header("X-Forwarded-Proto", "https"))
                .andExpect(status().isOk())
                .andExpect(header().string("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains"));
        mvc.perform(get("/").with(from("fd00:200::1")).header("X-Forwarded-Proto", "http, https"))
                .andExpect(header().exists("Strict-Transport-Security"));
    }

    @Test
    void anyoneElsesForwardedProtoIsIgnored() throws Exception {
        mvc.perform(get("/").with(from("198.51.100.9")).header("X-Forwarded-Proto", "https"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Strict-Transport-Security"));
        mvc.perform(get("/").with(from("10.200.0.1")).header("X-Forwarded-Proto", "gopher"))
                .andExpect(header().doesNotExist("Strict-Transport-Security"));
        mvc.perform(get("/").with(from("10.200.0.1"))).andExpect(header().doesNotExist("Strict-Transport-Security"));
    }
}
