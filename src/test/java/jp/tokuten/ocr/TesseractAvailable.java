package jp.tokuten.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Tests of the real engine run wherever Tesseract is installed. On CI ({@code CI=true}) a missing engine
 * fails the build instead of skipping: {@code ./tokuten test} installs it.
 */
public final class TesseractAvailable {

    private TesseractAvailable() {}

    public static void require() {
        boolean installed = installed();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(installed)
                    .as("tesseract with jpn, Japanese and eng must be installed on CI (./tokuten test installs it)")
                    .isTrue();
        }
        assumeTrue(installed, "tesseract is not installed: run ./tokuten test, which installs it");
    }

    private static boolean installed() {
        try {
            Process p = new ProcessBuilder("tesseract", "--list-langs")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(30, TimeUnit.SECONDS)
                    && p.exitValue() == 0
                    && out.contains("jpn")
                    && out.contains("Japanese")
                    && out.contains("eng");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
