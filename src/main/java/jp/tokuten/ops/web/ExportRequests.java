package jp.tokuten.ops.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** Reading an export request's JSON and answering a download, shared by the tenant's and the operators' API. */
final class ExportRequests {

    private ExportRequests() {}

    record Options(@Nullable String charset, boolean photos) {}

    static Options options(@Nullable JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new Options(null, false);
        }
        if (!body.isObject()) {
            throw new ProblemException(422, "invalid_export");
        }
        var charset = body.get("charset");
        if (charset != null && !charset.isNull() && !charset.isString()) {
            throw new ProblemException(422, "invalid_export").with("field", "charset");
        }
        var photos = body.get("photos");
        if (photos != null && !photos.isNull() && !photos.isBoolean()) {
            throw new ProblemException(422, "invalid_export").with("field", "photos");
        }
        return new Options(
                charset == null || charset.isNull() ? null : charset.asString(),
                photos != null && photos.asBoolean(false));
    }

    static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "not_found");
        }
    }

    static ResponseEntity<Resource> zip(Path file, String name) {
        try {
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/zip"))
                    .contentLength(Files.size(file))
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                    .filename(name)
                                    .build()
                                    .toString())
                    .body(new FileSystemResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
