package io.posttrain4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;

/**
 * Prints an observation as the policy receives it: every turn of the conversation between delimiter lines,
 * each turn's text verbatim, and each image written once to a PNG file whose path is printed in the turn's
 * delimiter line.
 *
 * <p>The text between two delimiter lines is exactly the turn's text; when the text does not end with a line
 * break, one is added before the next delimiter. The image folder is created on the first image only, so a
 * text-only episode writes nothing. Not thread-safe.
 */
final class ConversationPrinter {
    private final PrintWriter out;
    private final Path requestedDir;
    private final Map<RgbImage, Path> written = new LinkedHashMap<>();
    private Path dir;

    /**
     * @param out where the conversation goes
     * @param imageDir the folder for PNG files, or {@code null} for a new temporary folder
     */
    ConversationPrinter(PrintWriter out, Path imageDir) {
        this.out = Objects.requireNonNull(out, "out");
        this.requestedDir = imageDir;
    }

    /** Prints {@code observation} under a header naming it {@code title}. */
    void print(String title, Observation observation) {
        List<Message> messages = observation.messages();
        out.println("===== " + title + ": " + messages.size() + (messages.size() == 1 ? " turn" : " turns")
                + " =====");
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            List<String> images = new ArrayList<>();
            for (RgbImage image : m.images()) {
                images.add(imageFile(image) + " " + image.width() + "x" + image.height());
            }
            out.println("----- turn " + (i + 1) + "/" + messages.size() + ": " + m.role().name().toLowerCase(Locale.ROOT)
                    + (images.isEmpty() ? "" : ", images before the text: " + String.join(", ", images)) + " -----");
            out.print(m.text());
            if (!m.text().endsWith("\n")) {
                out.println();
            }
        }
        out.println("===== end of " + title + " =====");
        out.flush();
    }

    /** The PNG files written so far, in order. */
    List<Path> imageFiles() {
        return List.copyOf(written.values());
    }

    private Path imageFile(RgbImage image) {
        Path existing = written.get(image);
        if (existing != null) {
            return existing;
        }
        Path file = folder().resolve(String.format(Locale.ROOT, "image-%02d.png", written.size() + 1));
        image.writePng(file);
        written.put(image, file);
        return file;
    }

    private Path folder() {
        if (dir == null) {
            try {
                dir = requestedDir != null
                        ? Files.createDirectories(requestedDir)
                        : Files.createTempDirectory("posttrain4j-play-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the image folder "
                        + (requestedDir != null ? requestedDir : "in " + System.getProperty("java.io.tmpdir")), e);
            }
        }
        return dir;
    }
}
