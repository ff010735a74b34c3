package io.posttrain4j.core.train;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a training loop on the terminal: a live progress bar (me.tongfei:progressbar) when the process
 * runs on an interactive terminal, otherwise a plain log line through SLF4J at most every interval, so that logs
 * of batch jobs and test output hold no carriage-return noise.
 *
 * <p>The mode comes from the system property {@code posttrain4j.progress} ({@code bar}, {@code log} or
 * {@code off}); without it, {@code bar} when {@link System#console()} exists, else {@code log}. Progress is
 * absolute ({@link #update(long, String)} takes the step reached), so a resumed run starts its bar at the resume
 * step. Not thread-safe: call from the training thread.
 */
public final class ProgressReporter implements AutoCloseable {
    /** The system property that forces a mode. */
    public static final String MODE_PROPERTY = "posttrain4j.progress";

    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    /** How progress is shown. */
    public enum Mode {
        /** A live bar on stderr, for interactive terminals. */
        BAR,
        /** Throttled log lines, for redirected output and CI. */
        LOG,
        /** Nothing. */
        OFF
    }

    private final String task;
    private final long total;
    private final long start;
    private final ProgressBar bar;
    private final Consumer<String> sink;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long startNanos;
    private long lastLineNanos;
    private long loggedStep = -1;
    private long current;
    private String message = "";
    private boolean closed;

    private ProgressReporter(String task, long total, long start, ProgressBar bar, Consumer<String> sink,
            Duration interval, LongSupplier clock) {
        this.task = Objects.requireNonNull(task, "task");
        if (total < 0 || start < 0 || start > total) {
            throw new IllegalArgumentException("need 0 <= start <= total, got start " + start + ", total " + total);
        }
        this.total = total;
        this.start = start;
        this.bar = bar;
        this.sink = sink;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastLineNanos = Long.MIN_VALUE;
        this.current = start;
    }

    /** The mode the property or the terminal asks for. */
    public static Mode defaultMode() {
        String forced = System.getProperty(MODE_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return switch (forced.trim().toLowerCase(Locale.ROOT)) {
                case "bar" -> Mode.BAR;
                case "log" -> Mode.LOG;
                case "off", "none", "false" -> Mode.OFF;
                default -> throw new IllegalArgumentException(
                        MODE_PROPERTY + " must be bar, log or off, got '" + forced + "'");
            };
        }
        return System.console() != null ? Mode.BAR : Mode.LOG;
    }

    /** A reporter in the {@link #defaultMode()} for {@code total} steps, starting at {@code start}. */
    public static ProgressReporter create(String task, long total, long start) {
        return create(defaultMode(), task, total, start);
    }

    /** A reporter in the given mode; LOG mode writes an INFO line at most every 30 seconds. */
    public static ProgressReporter create(Mode mode, String task, long total, long start) {
        return switch (mode) {
            case BAR -> new ProgressReporter(task, total, start, bar(task, total, start), null,
                    DEFAULT_INTERVAL, System::nanoTime);
            case LOG -> lines(task, total, start, DEFAULT_INTERVAL, LOG::info, System::nanoTime);
            case OFF -> off(task, total, start);
        };
    }

    /** A reporter that shows nothing but still tracks the position. */
    public static ProgressReporter off(String task, long total, long start) {
        return new ProgressReporter(task, total, start, null, null, DEFAULT_INTERVAL, System::nanoTime);
    }

    /**
     * A reporter that hands a text line to {@code sink} on the first update, then at most once per
     * {@code interval} of {@code clock} (nanoseconds), and always for the last step and on close.
     */
    public static ProgressReporter lines(String task, long total, long start, Duration interval,
            Consumer<String> sink, LongSupplier clock) {
        Objects.requireNonNull(sink, "sink");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must be >= 0, got " + interval);
        }
        return new ProgressReporter(task, total, start, null, sink, interval, clock);
    }

    private static ProgressBar bar(String task, long total, long start) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setUnit(" steps", 1)
                .showSpeed()
                .startsFrom(start, Duration.ZERO)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    /** Moves to step {@code done} (absolute) with a short status such as {@code "loss 0.123"}. */
    public void update(long done, String status) {
        if (closed) {
            throw new IllegalStateException("progress of '" + task + "' is closed");
        }
        if (done < current || done > total) {
            throw new IllegalArgumentException(
                    "progress must move forward within [" + current + ", " + total + "], got " + done);
        }
        current = done;
        message = status == null ? "" : status;
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(message);
        } else if (sink != null) {
            long now = clock.getAsLong();
            if (lastLineNanos == Long.MIN_VALUE || now - lastLineNanos >= intervalNanos || done == total) {
                lastLineNanos = now;
                loggedStep = done;
                sink.accept(line(now));
            }
        }
    }

    /** The step reached so far. */
    public long current() {
        return current;
    }

    /** The line LOG mode writes: {@code task 120/400 (30%) loss 0.1, 1m 2s elapsed, eta 2m 5s}. */
    String line(long now) {
        long elapsed = Math.max(0, now - startNanos);
        StringBuilder sb = new StringBuilder(task).append(' ').append(current).append('/').append(total);
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * current / total));
        }
        if (!message.isEmpty()) {
            sb.append(' ').append(message);
        }
        sb.append(", ").append(human(elapsed)).append(" elapsed");
        long done = current - start;
        if (done > 0 && current < total) {
            sb.append(", eta ").append(human((long) ((double) elapsed / done * (total - current))));
        }
        return sb.toString();
    }

    private static String human(long nanos) {
        long s = Math.round(nanos / 1e9);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }

    /** Ends the bar (or writes a final line if the last one was throttled); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
        } else if (sink != null && loggedStep >= 0 && loggedStep != current) {
            sink.accept(line(clock.getAsLong()));
        }
    }
}
