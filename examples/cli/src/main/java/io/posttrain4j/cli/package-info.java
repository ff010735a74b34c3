/**
 * The {@code posttrain4j} command line, built on picocli: {@link io.posttrain4j.cli.PosttrainCli} (the
 * root command and {@code main}), the {@link io.posttrain4j.cli.CliCommand} base class of subcommands,
 * the {@link io.posttrain4j.cli.EnvironmentSelection} mixin ({@code --env/--variant/--option}), and the
 * commands {@code list}, {@code play} and {@code verify}. Commands see environments, verifiers and policies only
 * through the core SPI registries, so they work with whatever providers are on the class path.
 */
package io.posttrain4j.cli;
