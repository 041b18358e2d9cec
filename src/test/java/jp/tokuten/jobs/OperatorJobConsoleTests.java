package jp.tokuten.jobs;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.util.Map;
import java.util.UUID;
import jp.tokuten.TestJobHandlers;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.OperatorAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

@TokutenTest
class OperatorJobConsoleTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    OperatorAccounts operators;

    @Autowired
    Jobs jobs;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void operatorsSeeDeadJobsAndRetryThemOnce() throws Exception {
        UUID id = jobs.enqueue(TestJobHandlers.TYPE, null, Map.of("key", "dead-" + UUID.randomUUID()), null);
        jdbc.update(
                "update jobs.jobs set status = 'dead', attempts = 5, finished_at = now(),"
                        + " last_error = 'IllegalStateException: printer on fire' where id = ?",
                id);
        var op = new ConsoleSignIns(mvc, operators).newOperator("jobs");
        mvc.perform(get("/operator/jobs").cookie(op.session()))
                .andExpect(content().string(containsString("printer on fire")));
        mvc.perform(post("/operator/jobs/" + id + "/retry").with(csrf()).cookie(op.session()))
                .andExpect(redirectedUrl("/operator/jobs"));
        mvc.perform(post("/operator/jobs/" + id + "/retry").with(csrf()).cookie(op.session()))
                .andExpect(content().string(containsString("すでに再実行された")));
        mvc.perform(post("/operator/jobs/not-a-uuid/retry").with(csrf()).cookie(op.session()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                        .isBadRequest());
        mvc.perform(get("/operator/jobs")).andExpect(redirectedUrl("/operator/login"));
    }
}
