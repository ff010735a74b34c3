/**
 * Fake providers for the CLI tests, registered in the test class path's META-INF/services: the {@code echo}
 * environment and verifier, a {@code fake-policy} provider and a verifier provider that fails to load.
 */
package io.posttrain4j.cli.fakes;
