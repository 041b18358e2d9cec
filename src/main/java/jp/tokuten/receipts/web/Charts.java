package jp.tokuten.receipts.web;

import java.util.ArrayList;
import java.util.List;
import jp.tokuten.receipts.CampaignAnalytics;

/**
 * The geometry of the dashboard's SVG charts, computed on the server so that the page needs no script:
 * coordinates in a viewBox that the browser scales to the width of the screen.
 */
final class Charts {

    static final int WIDTH = 600;
    static final int HEIGHT = 160;

    private Charts() {}

    /** A column of the per-day chart: its day as text, the count, and its rectangle. */
    record Column(String label, long value, double x, double y, double width, double height) {}

    /** The per-day chart: columns, the largest count (the top of the scale) and the first and last day. */
    record ColumnChart(List<Column> columns, long max, String first, String last) {}

    /** A labelled value; {@code value} sets the bar's length, {@code count} is shown beside it. */
    record Item(String name, long value, long count) {}

    /** A horizontal bar: its share of the largest value, as a length in the viewBox (0–100). */
    record Bar(String name, long value, long count, double length) {}

    /** A segment of a stacked bar, in percent of the whole. */
    record Segment(String name, long value, double x, double width) {}

    static ColumnChart columns(List<CampaignAnalytics.DayCount> days) {
        long max = days.stream()
                .mapToLong(CampaignAnalytics.DayCount::entries)
                .max()
                .orElse(0);
        List<Column> columns = new ArrayList<>();
        double step = days.isEmpty() ? WIDTH : (double) WIDTH / days.size();
        double width = Math.max(1, step * 0.8);
        for (int i = 0; i < days.size(); i++) {
            var d = days.get(i);
            double h = max == 0 ? 0 : (double) HEIGHT * d.entries() / max;
            columns.add(new Column(
                    d.day().toString(),
                    d.entries(),
                    round(i * step + (step - width) / 2),
                    round(HEIGHT - h),
                    round(width),
                    round(h)));
        }
        return new ColumnChart(
                columns,
                max,
                days.isEmpty() ? "" : days.getFirst().day().toString(),
                days.isEmpty() ? "" : days.getLast().day().toString());
    }

    static List<Bar> bars(List<Item> items) {
        long max = items.stream().mapToLong(Item::value).max().orElse(0);
        return items.stream()
                .map(i -> new Bar(
                        i.name(), i.value(), i.count(), max <= 0 ? 0 : round(100.0 * Math.max(0, i.value()) / max)))
                .toList();
    }

    static List<Segment> stack(List<Item> items) {
        long total = items.stream().mapToLong(Item::value).sum();
        List<Segment> segments = new ArrayList<>();
        double x = 0;
        for (Item i : items) {
            double w = total == 0 ? 0 : 100.0 * i.value() / total;
            segments.add(new Segment(i.name(), i.value(), round(x), round(w)));
            x += w;
        }
        return segments;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
