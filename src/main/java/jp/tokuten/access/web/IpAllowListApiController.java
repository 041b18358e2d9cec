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
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

    IpAllowListApiController(IpAllowList allowList, ClientAddresses clientAddresses, MessageSource messages) {
        this.allowList = allowList;
        this.clientAddresses = clientAddresses;
        this.messages = messages;
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
    ProblemDetail invalid(InvalidAccessSettingsException e) {
        var errors = e.problems().stream()
                .map(p -> Map.of(
                        "field",
                        p.field(),
                        "message",
                        bilingual(p.code(), p.args().toArray())))
                .toList();
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                errors.size() == 1 ? errors.getFirst().get("message") : "Invalid entries (入力内容に誤りがあります)");
        problem.setTitle("Invalid IP allow-list");
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(LockoutRefusedException.class)
    ProblemDetail lockout(LockoutRefusedException e) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, bilingual("access.error.lockout", new Object[] {e.clientAddress()}));
        problem.setTitle("Would lock out the caller");
        problem.setProperty("clientAddress", e.clientAddress());
        return problem;
    }

    /** API messages carry both languages, like the rest of the API: "English (日本語)". */
    private String bilingual(String code, Object[] args) {
        return messages.getMessage(code, args, Locale.ENGLISH) + " (" + messages.getMessage(code, args, Locale.JAPANESE)
                + ")";
    }
}
