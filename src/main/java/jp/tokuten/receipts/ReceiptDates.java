package jp.tokuten.receipts;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Purchase dates and times as receipts print them: 2026/06/11, 2026-06-11, 2026年6月11日, 26/06/11,
 * 令和8年6月11日, R8.6.11, H31.4.30, and abroad day first (25/12/2018, 26/02/18, 25 Dec 2018).
 */
final class ReceiptDates {

    private ReceiptDates() {}

    record Found(LocalDate date, int lineIndex, int end, double strength) {}

    private static final Pattern ERA = Pattern.compile(
            "(令和|[令今合冷信]和|平成|R|H)\\s?(元|\\d{1,2})[年./-](\\d{1,2})[月./-](\\d{1,2})(?!\\d)", Pattern.CASE_INSENSITIVE);
    /** 7年7月23日 with its era lost: only 令和 years are that small today. */
    private static final Pattern ERA_LOST = Pattern.compile("(?<![\\d])(元|\\d{1,2})年(\\d{1,2})月(\\d{1,2})日");

    /** 2026/06/11, 2026-06-11, 2026年6月11日, and as OCR leaves them: 2026 06・11 (a separator lost or read as ・). */
    private static final Pattern YEAR_FIRST = Pattern.compile(
            "(?<![\\d.])(20\\d{2}|19\\d{2})(?:\\s?[年/.\\-・]\\s?|\\s)(\\d{1,2})(?:\\s?[月/.\\-・]\\s?|\\s)(\\d{1,2})(?!\\d)");

    private static final Pattern YEAR_LAST =
            Pattern.compile("(?<![\\d.])(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](20\\d{2})(?!\\d)");
    private static final Pattern TWO_DIGIT_YEAR =
            Pattern.compile("(?<![\\d.,])(\\d{2})[年/.\\-](\\d{1,2})[月/.\\-](\\d{1,2})(?![\\d,]|\\.\\d)");
    private static final Pattern MONTH_NAME = Pattern.compile(
            "(?<!\\d)(\\d{1,2})[\\s-]?(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*[\\s-,]?(\\d{4}|\\d{2})(?!\\d)");
    private static final Pattern TIME = Pattern.compile(
            "(?<![\\d:])([01]?\\d|2[0-3])\\s?[:時]\\s?([0-5]\\d)(?:\\s?[:分]\\s?([0-5]\\d))?(?![\\d])\\s?(AM|PM|A\\.M|P\\.M)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AM_PM_BEFORE =
            Pattern.compile("(午前|午後)\\s?(\\d{1,2})[:時](\\d{2})", Pattern.CASE_INSENSITIVE);

    /** The first plausible date in the lines, day first for receipts not in yen. */
    @Nullable
    static Found date(List<ReceiptLine> lines, boolean dayFirst) {
        Found best = null;
        for (ReceiptLine line : lines) {
            String t = line.text().toUpperCase(Locale.ROOT);
            double keyword = line.has("日付", "日時", "年") || line.hasUpper("DATE") ? 0.1 : 0;
            Found f = firstIn(t, line.index(), dayFirst);
            if (f != null) {
                f = new Found(f.date(), f.lineIndex(), f.end(), f.strength() + keyword);
                if (best == null || f.strength() > best.strength() + 0.15) {
                    best = f;
                }
                if (best.strength() >= 0.9) {
                    break;
                }
            }
        }
        return best;
    }

    @Nullable
    private static Found firstIn(String t, int index, boolean dayFirst) {
        Matcher m = ERA.matcher(t);
        if (m.find()) {
            int n = m.group(2).equals("元") ? 1 : Integer.parseInt(m.group(2));
            String era = m.group(1).toUpperCase(Locale.ROOT);
            int year = (era.equals("平成") || era.equals("H")) ? 1988 + n : 2018 + n;
            LocalDate d = date(year, m.group(3), m.group(4));
            if (d != null) {
                return new Found(d, index, m.end(), 0.9);
            }
        }
        m = ERA_LOST.matcher(t);
        if (m.find() && !YEAR_FIRST.matcher(t).find()) {
            int n = m.group(1).equals("元") ? 1 : Integer.parseInt(m.group(1));
            // small years are 令和 (R15 is 2033); larger ones are Western years without the century
            LocalDate d = date(n <= 15 ? 2018 + n : 2000 + n, m.group(2), m.group(3));
            if (d != null) {
                return new Found(d, index, m.end(), 0.6);
            }
        }
        m = YEAR_FIRST.matcher(t);
        while (m.find()) {
            LocalDate d = date(Integer.parseInt(m.group(1)), m.group(2), m.group(3));
            if (d != null) {
                return new Found(d, index, m.end(), 0.9);
            }
        }
        m = YEAR_LAST.matcher(t);
        while (m.find()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            int year = Integer.parseInt(m.group(3));
            LocalDate d = dayFirst || a > 12 ? date(year, b, a) : date(year, a, b);
            if (d == null) {
                d = dayFirst ? date(year, a, b) : date(year, b, a);
            }
            if (d != null) {
                return new Found(d, index, m.end(), 0.85);
            }
        }
        m = MONTH_NAME.matcher(t);
        if (m.find()) {
            int month = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
                            .indexOf(m.group(2))
                    + 1;
            int year = Integer.parseInt(m.group(3));
            LocalDate d = date(year < 100 ? 2000 + year : year, month, Integer.parseInt(m.group(1)));
            if (d != null) {
                return new Found(d, index, m.end(), 0.85);
            }
        }
        m = TWO_DIGIT_YEAR.matcher(t);
        while (m.find()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            int c = Integer.parseInt(m.group(3));
            LocalDate d = dayFirst ? date(2000 + c, b, a) : date(2000 + a, b, c);
            if (d == null) {
                d = dayFirst ? date(2000 + a, b, c) : date(2000 + c, b, a);
            }
            if (d != null) {
                return new Found(d, index, m.end(), 0.7);
            }
        }
        return null;
    }

    /** The time printed on the date's line (after the date) or on the line next to it. */
    @Nullable
    static LocalTime time(List<ReceiptLine> lines, Found date) {
        for (int offset : new int[] {0, 1, -1, 2}) {
            int i = date.lineIndex() + offset;
            ReceiptLine line =
                    lines.stream().filter(l -> l.index() == i).findFirst().orElse(null);
            if (line == null) {
                continue;
            }
            String t = line.text();
            if (offset == 0) {
                t = t.substring(Math.min(t.length(), Math.max(0, date.end() - 1)));
                // the date match ran on the upper-cased text of the same length
            }
            if (line.has("営業時間", "受付時間") || line.hasUpper("OPEN")) {
                continue;
            }
            LocalTime found = timeIn(t);
            if (found == null && offset == 0) {
                Matcher bare = TIME_WITHOUT_COLONS.matcher(t.substring(Math.min(t.length(), 1)));
                if (bare.find()) {
                    found = LocalTime.of(
                            Integer.parseInt(bare.group(1)),
                            Integer.parseInt(bare.group(2)),
                            bare.group(3) == null ? 0 : Integer.parseInt(bare.group(3)));
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A time whose colons OCR lost, right after the date: "2026-06-11 131104". */
    private static final Pattern TIME_WITHOUT_COLONS =
            Pattern.compile("^\\s*([01]\\d|2[0-3])([0-5]\\d)([0-5]\\d)?(?!\\d)");

    @Nullable
    static LocalTime timeIn(String text) {
        Matcher p = AM_PM_BEFORE.matcher(text);
        if (p.find()) {
            int h = Integer.parseInt(p.group(2))
                    + (p.group(1).equals("午後") && !p.group(2).equals("12") ? 12 : 0);
            if (h < 24) {
                return LocalTime.of(h, Integer.parseInt(p.group(3)));
            }
        }
        Matcher m = TIME.matcher(text);
        while (m.find()) {
            int h = Integer.parseInt(m.group(1));
            int min = Integer.parseInt(m.group(2));
            int s = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            String half = m.group(4) == null ? "" : m.group(4).toUpperCase(Locale.ROOT);
            if (half.startsWith("P") && h < 12) {
                h += 12;
            } else if (half.startsWith("A") && h == 12) {
                h = 0;
            }
            return LocalTime.of(h, min, s);
        }
        return null;
    }

    @Nullable
    private static LocalDate date(int year, String month, String day) {
        return date(year, Integer.parseInt(month), Integer.parseInt(day));
    }

    @Nullable
    private static LocalDate date(int year, int month, int day) {
        if (year < 1990 || year > 2099) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
