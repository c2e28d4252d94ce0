package io.hookrelay.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The attempts this process made in the last five minutes, in 5-second buckets, for the whole
 * process and for each tenant: what the admin console's overview draws. Each bucket counts attempts
 * by status and keeps a histogram of their durations (steps of at most 20%), from which the 95th
 * percentile is read. Tenants without an attempt in the window are forgotten.
 */
public final class RecentAttempts {

  public static final int BUCKET_SECONDS = 5;
  public static final int BUCKETS = 60;

  /** What an attempt ended as, as the attempt log says it. */
  public enum Kind {
    SUCCEEDED,
    FAILED,
    RETRYING
  }

  /** One bucket: its start, counts by kind, and the p95 duration (null without attempts). */
  public record Point(Instant at, long succeeded, long failed, long retrying, Long p95Ms) {
    public long attempts() {
      return succeeded + failed + retrying;
    }
  }

  /** The complete buckets of the window, oldest first, and their sums over the last minute. */
  public record Window(List<Point> points, Point lastMinute) {}

  private static final long[] UPPER_MS = upperBounds();

  private final LongSupplier clockMillis;
  private final Ring all = new Ring();
  private final Map<String, Ring> byTenant = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  public RecentAttempts() {
    this(System::currentTimeMillis);
  }

  public RecentAttempts(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** Counts one attempt of {@code tenantCuid} (null: counted for the process only). */
  public void record(String tenantCuid, Kind kind, long durationMs) {
    long bucket = clockMillis.getAsLong() / 1000 / BUCKET_SECONDS;
    all.add(bucket, kind, durationMs);
    if (tenantCuid != null) {
      byTenant.computeIfAbsent(tenantCuid, k -> new Ring()).add(bucket, kind, durationMs);
    }
    if (bucket != lastSweep) {
      lastSweep = bucket;
      byTenant.values().removeIf(r -> r.newest() <= bucket - BUCKETS);
    }
  }

  /** The whole process. */
  public Window all() {
    return all.window(clockMillis.getAsLong() / 1000 / BUCKET_SECONDS);
  }

  /** One tenant: empty buckets when it made no attempt lately. */
  public Window tenant(String tenantCuid) {
    Ring ring = byTenant.get(tenantCuid);
    return (ring == null ? new Ring() : ring)
        .window(clockMillis.getAsLong() / 1000 / BUCKET_SECONDS);
  }

  private static long[] upperBounds() {
    List<Long> bounds = new ArrayList<>();
    for (long b = 1; b < 120_000; b = Math.max(b + 1, b * 6 / 5)) {
      bounds.add(b);
    }
    bounds.add(Long.MAX_VALUE);
    return bounds.stream().mapToLong(Long::longValue).toArray();
  }

  private static int slotOf(long durationMs) {
    int lo = 0;
    int hi = UPPER_MS.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (UPPER_MS[mid] >= durationMs) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** {@link #BUCKETS} buckets reused round the clock; a bucket knows which period it holds. */
  private static final class Ring {
    private final long[] period = new long[BUCKETS];
    private final long[][] counts = new long[BUCKETS][3];
    private final int[][] histogram = new int[BUCKETS][UPPER_MS.length];
    private final long[] maxMs = new long[BUCKETS];

    Ring() {
      Arrays.fill(period, -1);
    }

    synchronized void add(long bucket, Kind kind, long durationMs) {
      int i = (int) (bucket % BUCKETS);
      if (period[i] != bucket) {
        period[i] = bucket;
        Arrays.fill(counts[i], 0);
        Arrays.fill(histogram[i], 0);
        maxMs[i] = 0;
      }
      counts[i][kind.ordinal()]++;
      histogram[i][slotOf(Math.max(0, durationMs))]++;
      maxMs[i] = Math.max(maxMs[i], durationMs);
    }

    synchronized long newest() {
      long newest = -1;
      for (long p : period) {
        newest = Math.max(newest, p);
      }
      return newest;
    }

    /** The complete buckets before {@code current}, and the sum of the last twelve of them. */
    synchronized Window window(long current) {
      List<Point> points = new ArrayList<>(BUCKETS - 1);
      long[] minute = new long[3];
      int[] minuteHistogram = new int[UPPER_MS.length];
      long minuteMax = 0;
      for (long b = current - BUCKETS + 1; b < current; b++) {
        int i = (int) (b % BUCKETS);
        boolean held = period[i] == b;
        long[] c = held ? counts[i] : new long[3];
        Long p95 = held ? p95(histogram[i], maxMs[i]) : null;
        points.add(new Point(Instant.ofEpochSecond(b * BUCKET_SECONDS), c[0], c[1], c[2], p95));
        if (held && b >= current - 60 / BUCKET_SECONDS) {
          for (int k = 0; k < 3; k++) {
            minute[k] += c[k];
          }
          for (int k = 0; k < minuteHistogram.length; k++) {
            minuteHistogram[k] += histogram[i][k];
          }
          minuteMax = Math.max(minuteMax, maxMs[i]);
        }
      }
      Point lastMinute =
          new Point(
              Instant.ofEpochSecond((current - 60 / BUCKET_SECONDS) * BUCKET_SECONDS),
              minute[0],
              minute[1],
              minute[2],
              p95(minuteHistogram, minuteMax));
      return new Window(points, lastMinute);
    }

    /** The upper bound of the slot holding the 95th percentile, never above the largest seen. */
    private static Long p95(int[] histogram, long max) {
      long total = 0;
      for (int n : histogram) {
        total += n;
      }
      if (total == 0) {
        return null;
      }
      long rank = (long) Math.ceil(total * 0.95);
      long seen = 0;
      for (int k = 0; k < histogram.length; k++) {
        seen += histogram[k];
        if (seen >= rank) {
          return Math.min(UPPER_MS[k], max);
        }
      }
      return max;
    }
  }
}
