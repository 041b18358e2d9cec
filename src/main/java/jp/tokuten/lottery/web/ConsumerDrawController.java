package jp.tokuten.lottery.web;

import jp.tokuten.lottery.Draws;
import jp.tokuten.lottery.PublishedDraw;
import jp.tokuten.shared.ProblemException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A draw's public record (docs/draws.md) at {@code /c/{slug}/draws/{id}.json}: no sign-in, nothing personal;
 * before the run the commitment and the parameters, after it everything {@code draw verify} needs. Readable
 * from any origin, so that anyone's verifier page can fetch it.
 */
@RestController
class ConsumerDrawController {

    private final Draws draws;

    ConsumerDrawController(Draws draws) {
        this.draws = draws;
    }

    @GetMapping(path = "/c/{slug}/draws/{id}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PublishedDraw> record(@PathVariable String id) {
        var uuid = CourseJson.uuid(id);
        PublishedDraw record = (uuid == null ? java.util.Optional.<PublishedDraw>empty() : draws.published(uuid))
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noCache())
                .header("Access-Control-Allow-Origin", "*")
                .body(record);
    }
}
