package jp.tokuten.shared;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The geometry of the console's column charts, computed on the server so that the page needs no script:
 * coordinates in a {@code width × height} viewBox that the browser scales to the screen, drawn by the
 * {@code fragments/charts :: columns} template. Optionally a line over the columns (e.g. a schedule), through
 * the columns' centres on the same scale.
 */
public final class SvgCharts {

    private SvgCharts() {}

    /** A labelled value (a day and its count). */
    public record Point(String label, long value) {}

    /** A column: its label, value and rectangle. */
    public record Column(String label, long value, double x, double y, double width, double height) {}

    /**
     * A chart: its series name (for styling), columns, the top of the scale, the total of the values, the first
     * and last labels (the axis), the viewBox size and the line's points ({@code "x,y x,y …"}, empty for none).
     */
    public record ColumnChart(
            String series,
            List<Column> columns,
            long max,
            long total,
            String first,
            String last,
            int width,
            int height,
            String line) {}

    /** Columns scaled to the largest value. */
    public static ColumnChart columns(String series, List<Point> points, int width, int height) {
        return columns(
                series,
                points,
                null,
                points.stream().mapToLong(Point::value).max().orElse(0),
                width,
                height);
    }

    /**
     * Columns and a line of one value per column (null values end the line), both scaled to {@code scale}
     * (the top of the chart).
     */
    public static ColumnChart columns(
            String series, List<Point> points, @Nullable List<@Nullable Long> line, long scale, int width, int height) {
        long total = points.stream().mapToLong(Point::value).sum();
        double step = points.isEmpty() ? width : (double) width / points.size();
        double columnWidth = Math.max(1, step * 0.8);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double h = scale <= 0 ? 0 : (double) height * Math.min(p.value(), scale) / scale;
            columns.add(new Column(
                    p.label(),
                    p.value(),
                    round(i * step + (step - columnWidth) / 2),
                    round(height - h),
                    round(columnWidth),
                    round(h)));
        }
        var path = new StringBuilder();
        if (line != null) {
            for (int i = 0; i < line.size() && i < points.size(); i++) {
                Long v = line.get(i);
                if (v == null) {
                    break;
                }
                double y = scale <= 0 ? height : height - (double) height * Math.min(v, scale) / scale;
                if (!path.isEmpty()) {
                    path.append(' ');
                }
                path.append(round(i * step + step / 2)).append(',').append(round(y));
            }
        }
        return new ColumnChart(
                series,
                columns,
                scale,
                total,
                points.isEmpty() ? "" : points.getFirst().label(),
                points.isEmpty() ? "" : points.getLast().label(),
                width,
                height,
                path.toString());
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
