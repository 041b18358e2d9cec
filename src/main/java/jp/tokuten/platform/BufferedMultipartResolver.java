package jp.tokuten.platform;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.DefaultMultipartHttpServletRequest;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

/**
 * Multipart uploads (receipt photos above all) read into memory (in chunks that G1 never treats as humongous) and split by
 * {@link MultipartBody}, instead of the servlet container spooling every part to a temporary file and
 * searching its boundary byte by byte, which was a quarter of the node's CPU under an entry burst (decision
 * 097). Memory is bounded: bodies held at once may total at most {@code tokuten.web.multipart-memory}
 * (default an eighth of the heap); a body beyond it, one sent without a length, or one the container has
 * already parsed (a filter asked for a parameter first) goes the container's way, as before. Limits are
 * those of {@code spring.servlet.multipart}; a file over the limit is 413 {@code too_large} and a malformed
 * body 400 {@code malformed_multipart}, as from the container.
 */
@Component("multipartResolver")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class BufferedMultipartResolver implements MultipartResolver {

    private static final Logger log = LoggerFactory.getLogger(BufferedMultipartResolver.class);
    private static final MultipartBody.Limits LIMITS = new MultipartBody.Limits(50, 8 * 1024);

    private final StandardServletMultipartResolver container = new StandardServletMultipartResolver();
    private final long maxFileSize;
    private final long maxRequestSize;
    private final long budget;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();

    BufferedMultipartResolver(
            MultipartConfigElement config, @Value("${tokuten.web.multipart-memory:}") @Nullable DataSize memory) {
        this.maxFileSize = config.getMaxFileSize() < 0 ? Long.MAX_VALUE : config.getMaxFileSize();
        this.maxRequestSize = config.getMaxRequestSize() < 0 ? Integer.MAX_VALUE : config.getMaxRequestSize();
        this.budget = memory != null
                ? memory.toBytes()
                : Math.max(16L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8);
        log.info("Multipart bodies: up to {} MB held in memory at once", budget / (1024 * 1024));
    }

    @Override
    public boolean isMultipart(HttpServletRequest request) {
        return container.isMultipart(request);
    }

    @Override
    public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) throws MultipartException {
        String type = request.getContentType();
        long length = request.getContentLengthLong();
        String boundary = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                ? MultipartBody.boundary(type)
                : null;
        if (boundary == null
                || length <= 0
                || length > maxRequestSize
                || length > Integer.MAX_VALUE - 16
                || alreadyRead(request)
                || !reserve(length)) {
            deferred.incrementAndGet();
            return container.resolveMultipart(request);
        }
        boolean kept = false;
        try {
            ChunkedBytes body;
            try {
                body = ChunkedBytes.read(request.getInputStream(), (int) length, ChunkedBytes.DEFAULT_SHIFT);
            } catch (java.io.EOFException e) {
                throw new MultipartException("The multipart body ended before its declared length");
            }
            var resolved = resolved(request, body, MultipartBody.parse(body, boundary, LIMITS), length);
            kept = true;
            buffered.incrementAndGet();
            return resolved;
        } catch (IOException e) {
            throw new MultipartException("Could not read the multipart body", e);
        } catch (MultipartBody.Malformed e) {
            throw new MultipartException("Malformed multipart body: " + e.getMessage());
        } finally {
            if (!kept) {
                held.addAndGet(-length);
            }
        }
    }

    private Buffered resolved(
            HttpServletRequest request, ChunkedBytes body, List<MultipartBody.Part> parts, long length) {
        Charset charset = StandardCharsets.UTF_8;
        if (request.getCharacterEncoding() != null) {
            try {
                charset = Charset.forName(request.getCharacterEncoding());
            } catch (IllegalArgumentException e) {
                // the body's text is read as UTF-8
            }
        }
        MultiValueMap<String, MultipartFile> files = new LinkedMultiValueMap<>();
        Map<String, String[]> params = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (MultipartBody.Part part : parts) {
            if (part.contentType() != null) {
                types.put(part.name(), part.contentType());
            }
            if (part.isFile()) {
                if (part.length() > maxFileSize) {
                    throw new MaxUploadSizeExceededException(maxFileSize);
                }
                files.add(part.name(), new BodyPart(part, body));
            } else {
                String value = part.text(body, charset);
                String[] old = params.get(part.name());
                String[] values = old == null ? new String[1] : Arrays.copyOf(old, old.length + 1);
                values[values.length - 1] = value;
                params.put(part.name(), values);
            }
        }
        return new Buffered(request, files, params, types, () -> held.addAndGet(-length));
    }

    /** True when the container has consumed the body already (a filter read a parameter first). */
    private static boolean alreadyRead(HttpServletRequest request) {
        try {
            ServletInputStream in = request.getInputStream();
            return in.isFinished();
        } catch (IOException | IllegalStateException e) {
            return true;
        }
    }

    private boolean reserve(long length) {
        while (true) {
            long now = held.get();
            if (now + length > budget) {
                return false;
            }
            if (held.compareAndSet(now, now + length)) {
                return true;
            }
        }
    }

    /** Bytes of bodies held in memory now. */
    long held() {
        return held.get();
    }

    /** Bodies read into memory, and bodies left to the container, since the start. */
    long[] counts() {
        return new long[] {buffered.get(), deferred.get()};
    }

    @Override
    public void cleanupMultipart(MultipartHttpServletRequest request) {
        if (request instanceof Buffered buffered) {
            buffered.release();
        } else {
            container.cleanupMultipart(request);
        }
    }

    /** A request whose multipart body is held in memory until the request ends. */
    static final class Buffered extends DefaultMultipartHttpServletRequest {
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        Buffered(
                HttpServletRequest request,
                MultiValueMap<String, MultipartFile> files,
                Map<String, String[]> params,
                Map<String, String> types,
                Runnable release) {
            super(request, files, params, types);
            this.release = release;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }
    }

    /** A file part: a range of the body. */
    private static final class BodyPart implements MultipartFile {
        private final MultipartBody.Part part;
        private final ChunkedBytes body;

        BodyPart(MultipartBody.Part part, ChunkedBytes body) {
            this.part = part;
            this.body = body;
        }

        @Override
        public String getName() {
            return part.name();
        }

        @Override
        public @Nullable String getOriginalFilename() {
            return part.fileName();
        }

        @Override
        public @Nullable String getContentType() {
            return part.contentType();
        }

        @Override
        public boolean isEmpty() {
            return part.length() == 0;
        }

        @Override
        public long getSize() {
            return part.length();
        }

        @Override
        public byte[] getBytes() {
            return body.copyOf(part.offset(), part.length());
        }

        @Override
        public InputStream getInputStream() {
            return body.stream(part.offset(), part.length());
        }

        @Override
        public void transferTo(File dest) throws IOException {
            try (OutputStream out = new FileOutputStream(dest)) {
                body.writeTo(part.offset(), part.length(), out);
            }
        }

        @Override
        public void transferTo(Path dest) throws IOException {
            try (OutputStream out = Files.newOutputStream(dest)) {
                body.writeTo(part.offset(), part.length(), out);
            }
        }
    }
}
