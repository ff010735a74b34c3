package io.posttrain4j.core.model;

import ai.djl.Device;

/**
 * The device the parity tests run on: {@code cpu} unless the system property {@code posttrain4j.test.device} names
 * another ({@code gpu}, {@code gpu:N}), as the GPU check script does; a missing GPU then fails the tests.
 */
final class TestDevice {
    private TestDevice() {}

    static Device get() {
        return Devices.parse(System.getProperty("posttrain4j.test.device", "cpu"));
    }
}
