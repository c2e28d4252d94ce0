package io.hookrelay.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Deliveries/s (left axis) and p99 end-to-end latency (right axis, log scale) per second, as a PNG.
 */
final class Chart {

  private static final Color RATE = new Color(0x1f77b4);
  private static final Color RAW = new Color(0x7f7f7f);
  private static final Color P99 = new Color(0xd62728);

  private Chart() {}

  /** Writes the chart; returns its path, or null (with a note) when it could not be drawn. */
  static String write(Path file, List<Monitor.Sample> samples, double rawLimit, PrintStream out) {
    try {
      System.setProperty("java.awt.headless", "true");
      ChartUtils.saveChartAsPNG(file.toFile(), chart(samples, rawLimit), 1200, 600);
      return file.toString();
    } catch (Exception | Error e) {
      out.println("no chart: " + e);
      return null;
    }
  }

  private static JFreeChart chart(List<Monitor.Sample> samples, double rawLimit) {
    XYSeries raw = new XYSeries("raw requests/s (load generator → sink)");
    XYSeries deliveries = new XYSeries("deliveries/s at the sink");
    XYSeries p99 = new XYSeries("p99 end-to-end latency (ms)");
    for (Monitor.Sample s : samples) {
      boolean rawPhase = s.phase().startsWith("raw");
      (rawPhase ? raw : deliveries).add(s.seconds(), s.rate());
      if (!rawPhase && !Double.isNaN(s.p99Ms()) && s.p99Ms() > 0) {
        p99.add(s.seconds(), s.p99Ms());
      }
    }
    XYSeriesCollection rates = new XYSeriesCollection();
    rates.addSeries(deliveries);
    rates.addSeries(raw);
    NumberAxis time = new NumberAxis("seconds since start");
    NumberAxis rateAxis = new NumberAxis("per second");
    XYLineAndShapeRenderer rateLines = new XYLineAndShapeRenderer(true, false);
    rateLines.setSeriesPaint(0, RATE);
    rateLines.setSeriesPaint(1, RAW);
    rateLines.setSeriesStroke(0, new BasicStroke(2f));
    rateLines.setSeriesStroke(1, new BasicStroke(2f));
    XYPlot plot = new XYPlot(rates, time, rateAxis, rateLines);

    LogarithmicAxis latencyAxis = new LogarithmicAxis("p99 latency (ms, log)");
    latencyAxis.setAllowNegativesFlag(false);
    latencyAxis.setStrictValuesFlag(false);
    plot.setRangeAxis(1, latencyAxis);
    plot.setDataset(1, new XYSeriesCollection(p99));
    plot.mapDatasetToRangeAxis(1, 1);
    XYLineAndShapeRenderer latencyLine = new XYLineAndShapeRenderer(true, true);
    latencyLine.setSeriesPaint(0, P99);
    plot.setRenderer(1, latencyLine);

    if (rawLimit > 0) {
      ValueMarker limit =
          new ValueMarker(
              rawLimit,
              RAW,
              new BasicStroke(
                  1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 6f}, 0f));
      limit.setLabel("raw limit");
      limit.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      limit.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
      plot.addRangeMarker(limit);
    }
    markPhases(plot, samples);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart =
        new JFreeChart("hookrelay bench", new Font("SansSerif", Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Shades each measured phase and names it. */
  private static void markPhases(XYPlot plot, List<Monitor.Sample> samples) {
    int i = 0;
    while (i < samples.size()) {
      String phase = samples.get(i).phase();
      int j = i;
      while (j + 1 < samples.size() && samples.get(j + 1).phase().equals(phase)) {
        j++;
      }
      if (!phase.contains("-")) {
        double from = i > 0 ? samples.get(i - 1).seconds() : samples.get(i).seconds() - 1;
        IntervalMarker band =
            new IntervalMarker(from, samples.get(j).seconds(), new Color(0, 0, 0, 18));
        band.setLabel(phase);
        band.setLabelAnchor(RectangleAnchor.TOP);
        band.setLabelTextAnchor(TextAnchor.TOP_CENTER);
        plot.addDomainMarker(band, Layer.BACKGROUND);
      }
      i = j + 1;
    }
  }
}
