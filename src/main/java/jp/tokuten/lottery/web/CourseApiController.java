package jp.tokuten.lottery.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import jp.tokuten.lottery.Courses;
import jp.tokuten.rewards.PremiumSettings;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** A campaign's courses and their prizes for the tenant's automation: viewers read, editors define. */
@RestController
class CourseApiController {

    private final Courses courses;
    private final PremiumSettings premiums;
    private final MessageSource messages;

    CourseApiController(Courses courses, PremiumSettings premiums, MessageSource messages) {
        this.courses = courses;
        this.premiums = premiums;
        this.messages = messages;
    }

    @Operation(
            summary = "Add a course (a prize tier such as A or B) with its prizes to a campaign",
            description = "422 invalid_course names the field at fault; 404 not_found for an unknown campaign. The"
                    + " answer's warnings say where the campaign's prizes exceed the limits of the Premiums and"
                    + " Representations Act; the course is saved all the same.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/campaigns/{id}/courses", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CourseJson.Resource> create(
            @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = CourseJson.Body.class)))
                    @RequestBody
                    JsonNode body) {
        var campaign = CourseJson.id(id);
        var created = courses.create(campaign, CourseJson.draft(body));
        Locale locale = LocaleContextHolder.getLocale();
        var warnings = premiums
                .warnings(
                        campaign,
                        courses.list(campaign).stream()
                                .map(AdminCourseController::planned)
                                .toList())
                .stream()
                .map(w -> new CourseJson.LegalWarning(
                        w.code(),
                        w.course(),
                        w.prize(),
                        messages.getMessage(w.messageKey(), w.arguments().toArray(), locale)))
                .toList();
        return ResponseEntity.created(URI.create("/api/v1/courses/" + created.id()))
                .body(CourseJson.created(created, warnings));
    }

    record CourseList(List<CourseJson.Resource> courses) {}

    @Operation(summary = "List a campaign's courses, in order, with their stock left")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/campaigns/{id}/courses")
    CourseList list(@PathVariable String id) {
        return new CourseList(courses.list(CourseJson.id(id)).stream()
                .map(CourseJson::resource)
                .toList());
    }

    @Operation(summary = "Read a course with its prizes and stock left")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/courses/{id}")
    CourseJson.Resource get(@PathVariable String id) {
        return CourseJson.resource(courses.require(CourseJson.id(id)));
    }

    @Operation(
            summary = "Replace a course's settings and prizes",
            description = "Prizes by position; a stock may not go below what has been won (409 stock_below_won),"
                    + " a prize won may not be taken out (409 prize_won), the mechanic may not change after"
                    + " plays (409 course_played).")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PutMapping(path = "/api/v1/courses/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CourseJson.Resource update(
            @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = CourseJson.Body.class)))
                    @RequestBody
                    JsonNode body) {
        return CourseJson.resource(courses.update(CourseJson.id(id), CourseJson.draft(body)));
    }
}
