package io.posttrain4j.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.io.AtomicFiles;

/** Curve points as CSV, one row per evaluation, written atomically. */
public final class CurvesCsv {
    static final String HEADER = "task,arm,variant,split,metric,gflops,step,hits,total,rate,stderr";

    private CurvesCsv() {}

    public static void write(Path file, List<CurvePoint> points) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (CurvePoint p : points) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%.6f,%d,%.0f,%.0f,%.6f,%.6f%n",
                    p.task(), p.arm(), p.variant(), p.split().label(), p.metric(), p.gflops(), p.step(),
                    p.tally().hits(), p.tally().total(), p.tally().rate(), p.tally().standardError()));
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static List<CurvePoint> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": expected the header '" + HEADER + "'");
        }
        List<CurvePoint> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",");
            if (f.length != 11) {
                throw new IOException(file + ": line " + (i + 1) + " has " + f.length + " fields, expected 11");
            }
            out.add(new CurvePoint(f[0], f[1], f[2], split(f[3], file, i + 1), f[4], Double.parseDouble(f[5]),
                    Long.parseLong(f[6]), new Tally(Double.parseDouble(f[7]), Double.parseDouble(f[8]))));
        }
        return out;
    }

    private static Split split(String label, Path file, int line) throws IOException {
        for (Split s : Split.values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IOException(file + ": line " + line + ": unknown split '" + label + "'");
    }
}
