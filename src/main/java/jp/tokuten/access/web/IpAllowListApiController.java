package jp.tokuten.access.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.tokuten.access.AllowListEntry;
import jp.tokuten.access.ChangedBy;
import jp.tokuten.access.InvalidAccessSettingsException;
import jp.tokuten.access.IpAllowList;
import jp.tokuten.access.LockoutRefusedException;
import jp.tokuten.identity.ApiKeyPrincipal;
import jp.tokuten.platform.ClientAddresses;
import jp.tokuten.platform.Problems;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's IP allow-list for its automation: read and replace it whole. Admin keys only. */
@RestController
@RequestMapping("/api/v1/settings/ip-allowlist")
@PreAuthorize("hasRole('TENANT_ADMIN')")
class IpAllowListApiController {

    private final IpAllowList allowList;
    private final ClientAddresses clientAddresses;
    private final MessageSource messages;
    private final Problems problems;

    IpAllowListApiController(
            IpAllowList allowList, ClientAddresses clientAddresses, MessageSource messages, Problems problems) {
        this.allowList = allowList;
        this.clientAddresses = clientAddresses;
        this.messages = messages;
        this.problems = problems;
    }

    record EntryBody(@Nullable String cidr, @Nullable String note) {}

    record AllowListBody(@Nullable List<@Nullable EntryBody> entries) {}

    record Entry(String cidr, String note, Instant createdAt) {
        static Entry of(AllowListEntry e) {
            return new Entry(e.cidr(), e.note(), e.createdAt());
        }
    }

    /** The list, and the address this call came from (which a new list must keep allowing). */
    record AllowList(List<Entry> entries, String clientAddress) {}

    @GetMapping
    AllowList get(@AuthenticationPrincipal ApiKeyPrincipal key, HttpServletRequest request) {
        return view(allowList.entries(), request);
    }

    @PutMapping
    AllowList replace(
            @AuthenticationPrincipal ApiKeyPrincipal key, @RequestBody AllowListBody body, HttpServletRequest request) {
        if (body.entries() == null) {
            throw new InvalidAccessSettingsException(List.of(
                    new InvalidAccessSettingsException.Problem("entries", "access.error.entries.required", List.of())));
        }
        var wanted = body.entries().stream()
                .map(e -> e == null ? null : new IpAllowList.NewEntry(e.cidr(), e.note()))
                .toList();
        return view(allowList.replace(wanted, clientAddresses.of(request), ChangedBy.apiKey(key.keyId())), request);
    }

    private AllowList view(List<AllowListEntry> entries, HttpServletRequest request) {
        return new AllowList(entries.stream().map(Entry::of).toList(), clientAddresses.textOf(request));
    }

    @ExceptionHandler(InvalidAccessSettingsException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidAccessSettingsException e, HttpServletRequest request, Locale locale) {
        var errors = e.problems().stream()
                .map(p -> Map.of(
                        "field",
                        p.field(),
                        "message",
                        messages.getMessage(p.code(), p.args().toArray(), locale)))
                .toList();
        var problem = new ProblemException(400, "invalid_request").with("errors", errors);
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problems.of(problem, request));
    }

    @ExceptionHandler(LockoutRefusedException.class)
    ResponseEntity<ProblemDetail> lockout(LockoutRefusedException e, HttpServletRequest request) {
        var problem =
                new ProblemException(409, "would_lock_out", e.clientAddress()).with("clientAddress", e.clientAddress());
        return ResponseEntity.status(409)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problems.of(problem, request));
    }
}
