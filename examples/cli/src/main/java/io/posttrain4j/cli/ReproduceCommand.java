package io.posttrain4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.reproduce.Reproduction;
import io.posttrain4j.reproduce.ReproductionPlan;
import io.posttrain4j.spark.SparkWorkers;

/** {@code posttrain4j reproduce}: the study's SFT vs RL experiment, in and out of distribution. */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        description = {
            "Reproduce 'SFT Memorizes, RL Generalizes': SFT init, then SFT and RL arms at matched compute, "
                    + "evaluated in and out of distribution.",
            "",
            "--quick runs GP-L only (both arms, ID and rule-OOD evaluations) in about 10 minutes on 2 cores (6 from a --base); "
                    + "without it the full plan runs every task and the verification-scaling ablation. Writes "
                    + "report.md, curves.csv, curves.jsonl and PNG plots to --out; rerunning the same command "
                    + "resumes a killed run.",
        })
public final class ReproduceCommand extends CliCommand {
    @Option(names = "--quick", description = "The quick plan (GP-L only).")
    private boolean quick;

    @Option(names = "--tasks", split = ",", paramLabel = "<task>",
            description = "Only these tasks of the plan (gp-l, gp-vl, virl-l, virl-vl).")
    private List<String> tasks;

    @Option(names = "--sft-only", description = "Run only each task's SFT stage (init and SFT arm); a later run "
            + "without it goes on with the RL arms, evaluations and report.")
    private boolean sftOnly;

    @Option(names = "--arms", split = ",", paramLabel = "<k>",
            description = "Only the RL arms with these verification-step counts (e.g. 10 for the ablation's rl-v10).")
    private List<Integer> arms;

    @Option(names = "--train-only", description = "Train (SFT and the selected RL arms) but skip evaluations and "
            + "the report; a later run without it evaluates every checkpoint and writes the report.")
    private boolean trainOnly;

    @Option(names = "--out", paramLabel = "<dir>",
            description = "Output folder (default: runs/reproduce-<plan>, or runs/reproduce-<plan>-base with --base).")
    private Path out;

    @Option(names = "--base", paramLabel = "<policy>",
            description = "Start every SFT run from this pretrained base (a `pretrain` run, checkpoint or policy "
                    + "folder) instead of from scratch.")
    private String base;

    @Option(names = "--base-lr", defaultValue = "5e-4", paramLabel = "<x>",
            description = "The SFT learning rate from --base (default: ${DEFAULT-VALUE}; from scratch the plan's).")
    private double baseLr;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "<cpu|gpu|gpu:N>",
            description = "Where the policies train and are evaluated (default: ${DEFAULT-VALUE}); a missing GPU is "
                    + "an error.")
    private String device;

    @Mixin
    private SparkOptions spark;

    @Override
    public Integer call() throws IOException {
        ReproductionPlan plan = quick ? ReproductionPlan.quick() : ReproductionPlan.full();
        if (tasks != null) {
            try {
                plan = plan.only(tasks);
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
        Path dir = out != null ? out : Path.of("runs", "reproduce-" + plan.name() + (base != null ? "-base" : ""));
        try {
            Devices.parse(device); // a typo is a usage error, a missing GPU a failure, before anything is written
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        Reproduction reproduction = new Reproduction(plan, dir, out()).sftOnly(sftOnly).trainOnly(trainOnly).arms(arms)
                .device(device);
        if (base != null) {
            try {
                String located = EvalCommand.locatePolicy("--base", "djl", base);
                if (!Files.isDirectory(Path.of(located))) {
                    throw new IllegalArgumentException("--base must be a folder (a pretrain run, checkpoint or policy), "
                            + "got '" + base + "'");
                }
                reproduction.fromBase(Path.of(located), baseLr);
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
        try {
            reproduction.checkBase();
        } catch (IllegalStateException e) {
            throw usageError(e.getMessage());
        }
        if (!spark.requested()) {
            reproduction.run();
            return 0;
        }
        SparkWorkers workers;
        try {
            workers = spark.start("djl");
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        try (workers) {
            out().println("evaluations on Spark " + workers.describe());
            reproduction.evaluateWith((policy, evaluator, variants) -> workers.evaluate(TrainablePolicy.of(policy),
                    evaluator, variants)).run();
        }
        return 0;
    }
}
