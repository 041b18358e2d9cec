/**
 * Files: the intake of uploaded photos and where they are kept. The intake judges a file by its
 * content, never its name or declared type: magic bytes, a pixel-count limit read from the header
 * before decoding, a byte-size limit, a full decode; it turns the image upright by its EXIF orientation
 * and re-encodes it, which drops every piece of metadata (GPS included). Storage keeps the clean copy
 * outside any served path under a random name with its SHA-256, checked again on every read.
 *
 * <p>Depends on {@code tenancy} for the tenant a stored file belongs to.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "shared"})
@NullMarked
package jp.tokuten.files;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
