package jp.tokuten.files;

import java.awt.image.BufferedImage;

/**
 * A photo that passed the intake: decoded, turned upright by its EXIF orientation, with no metadata.
 *
 * @param format what the content was ({@code jpeg}, {@code png}, {@code webp}, {@code heic})
 */
public record Photo(BufferedImage image, String format) {

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }
}
