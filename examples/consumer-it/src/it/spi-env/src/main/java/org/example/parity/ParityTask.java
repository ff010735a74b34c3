package org.example.parity;

/** Is {@code number} even or odd? */
public record ParityTask(int number) {
    public String answer() {
        return number % 2 == 0 ? "even" : "odd";
    }
}
