package io.posttrain4j.reproduce;

import java.util.List;

/**
 * A table of a report as text cells, written as markdown for {@code report.md} and as HTML for {@code report.html}
 * from the same cells.
 *
 * @param header the column names
 * @param rows the rows, each as many cells as the header
 */
record ReportTable(List<String> header, List<List<String>> rows) {
    ReportTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " cells under " + header.size()
                        + " columns: " + r);
            }
        }
    }

    /** {@code | a | b |} lines under a {@code |---|---|} rule. */
    String markdown() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append("|---".repeat(header.size())).append("|\n");
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    /** A {@code <table class="cssClass">} with a head and a body, the cells escaped. */
    String html(String cssClass) {
        StringBuilder h = new StringBuilder("<table class=\"").append(ReportHtml.esc(cssClass)).append("\">\n<thead><tr>");
        header.forEach(c -> h.append("<th>").append(ReportHtml.esc(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            h.append("<tr>");
            r.forEach(c -> h.append("<td>").append(ReportHtml.esc(c)).append("</td>"));
            h.append("</tr>\n");
        }
        return h.append("</tbody>\n</table>\n").toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        cells.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append('\n');
    }
}
