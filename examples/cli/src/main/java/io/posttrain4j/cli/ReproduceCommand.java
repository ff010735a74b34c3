package io.posttrain4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.posttrain4j.core.model.Devices;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.reproduce.Reproduction;
import io.posttrain4j.reproduce.ReproductionPlan;
import io.posttrain4j.reproduce.TaskPlan;
import io.posttrain4j.spark.SparkWorkers;

/** {@code posttrain4j reproduce}: the study's SFT vs RL experiment, in and out of distribution. */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        description = {
            "Reproduce 'SFT Memorizes, RL Generalizes': SFT init, then SFT and RL arms at matched compute, "
                    + "evaluated in and out of distribution.",
            "",
            "--quick runs GP-L only (both arms, ID and rule-OOD evaluations) from the repository's pretrained base "
                    + "examples/reproduce/bases/gp-small-long in 8-19 minutes on 2 cores (--from-scratch: from "
                    + "random weights, about 10 minutes); without it the full plan runs every task and the "
                    + "verification-scaling ablation, each task from the repository's base of it (gp-small-long, "
                    + "gp-vl-small, virl-small, virl-vl-small; --from-scratch: every task from scratch; --base: every "
                    + "task from that base). Writes report.md, report.html, curves.csv, "
                    + "curves.jsonl and PNG plots to --out; rerunning the same command resumes a killed run.",
        })
public final class ReproduceCommand extends CliCommand {
    /** The full plan's SFT rate from a {@code --base} when no {@code --base-lr} is given. */
    private static final double FULL_PLAN_BASE_LR = 5e-4;

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

    @Option(names = "--other-arms", split = ",", paramLabel = "<arm>",
            description = "Also train and report arms beyond the study from each task's init: rules (SFT under six "
                    + "face-card rules, GeneralPoints), rft (SFT on the init's own verified answers), grpo (the RL arm's "
                    + "recipe with GRPO's group-normalised credit), kl (the RL arm's recipe with a KL penalty of "
                    + "0.05 per token to the init in the reward). Into the same folder: a finished plan only trains "
                    + "the new arms.")
    private List<String> otherArms;

    @Option(names = "--train-only", description = "Train (SFT and the selected RL arms) but skip evaluations and "
            + "the report; a later run without it evaluates every checkpoint and writes the report.")
    private boolean trainOnly;

    @Option(names = "--out", paramLabel = "<dir>",
            description = "Output folder (default: runs/reproduce-quick, runs/reproduce-quick-scratch with "
                    + "--from-scratch, runs/reproduce-full, runs/reproduce-full-scratch with --from-scratch, "
                    + "runs/reproduce-full-base with --base; -seed<seed> added for another --seed).")
    private Path out;

    @Option(names = "--base", paramLabel = "<policy>",
            description = "Start every SFT run from this pretrained base (a `pretrain` run, checkpoint or policy "
                    + "folder). Default with --quick: examples/reproduce/bases/gp-small-long, found from the working "
                    + "folder upwards; the full plan's default: the repository's base of each task that has one.")
    private String base;

    @Option(names = "--seed", paramLabel = "<seed>",
            description = "Root seed of data, models and rollouts (default: the plan's, 7); the evaluation hands stay "
                    + "the same, so two seeds compare hand by hand. Another seed's default folder ends in -seed<seed>.")
    private Long seed;

    @Option(names = "--from-scratch", description = "Every task from random weights (the quick plan: an SFT init of "
            + "300 steps at 2e-3), not from the repository's bases.")
    private boolean fromScratch;

    @Option(names = "--base-lr", paramLabel = "<x>",
            description = "The SFT learning rate from --base, the SFT arm's where the plan has an init run of its "
                    + "own (default: the quick plan's 1e-4 after its init at 2e-5; 5e-4 for the full plan from "
                    + "--base).")
    private Double baseLr;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "<cpu|gpu|gpu:N>",
            description = "Where the policies train and are evaluated (default: ${DEFAULT-VALUE}); a missing GPU is "
                    + "an error.")
    private String device;

    @Mixin
    private SparkOptions spark;

    /**
     * The repository's base of {@code task} ({@link ReproductionPlan#CARRIED_BASES}) in the working folder or the
     * nearest folder above it; a usage error naming the folder when there is none.
     *
     * @param plan the plan that needs it, for the error ("reproduce --quick", "the full plan")
     */
    private Path carriedBaseOf(String plan, String task) {
        String relative = ReproductionPlan.CARRIED_BASES.get(task);
        Path carried = folderAbove(relative);
        if (carried == null) {
            throw usageError(plan + " starts " + task + " from the repository's base " + relative + ", which is not in "
                    + Path.of("").toAbsolutePath() + " or a folder above it: run it from the repository, or give "
                    + "--base <policy> or --from-scratch");
        }
        return carried;
    }

    /** The folder {@code relative} in the working folder or the nearest folder above it that has one, else null. */
    static Path folderAbove(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path b = p.resolve(relative);
            if (Files.isDirectory(b)) {
                return b;
            }
        }
        return null;
    }

    @Override
    public Integer call() throws IOException {
        if (fromScratch && base != null) {
            throw usageError("--from-scratch and --base exclude each other");
        }
        if (baseLr != null && base == null && (fromScratch || !quick)) {
            throw usageError("--base-lr " + baseLr + " needs a base: give --base <policy>");
        }
        String baseArg = base;
        if (quick && !fromScratch && baseArg == null) {
            baseArg = carriedBaseOf("reproduce --quick", "gp-l").toString();
        }
        boolean carriedBases = !quick && !fromScratch && baseArg == null;
        ReproductionPlan plan = !quick ? (carriedBases ? ReproductionPlan.fullFromBases() : ReproductionPlan.full())
                : baseArg != null ? ReproductionPlan.quickFromBase() : ReproductionPlan.quick();
        boolean otherSeed = seed != null && seed != plan.seed();
        if (seed != null) {
            plan = plan.withSeed(seed);
        }
        if (tasks != null) {
            try {
                plan = plan.only(tasks);
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
        Path dir = out != null ? out : Path.of("runs", "reproduce-" + plan.name()
                + (quick || fromScratch ? (baseArg == null ? "-scratch" : "") : (baseArg != null ? "-base" : ""))
                + (otherSeed ? "-seed" + seed : ""));
        try {
            Devices.parse(device); // a typo is a usage error, a missing GPU a failure, before anything is written
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        Reproduction reproduction = new Reproduction(plan, dir, out()).sftOnly(sftOnly).trainOnly(trainOnly).arms(arms)
                .device(device);
        if (otherArms != null) {
            try {
                reproduction.otherArms(otherArms);
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
        if (baseArg != null) {
            try {
                String located = EvalCommand.locatePolicy("--base", "djl", baseArg);
                if (!Files.isDirectory(Path.of(located))) {
                    throw new IllegalArgumentException("--base must be a folder (a pretrain run, checkpoint or policy), "
                            + "got '" + baseArg + "'");
                }
                if (baseLr != null) {
                    reproduction.fromBase(Path.of(located), baseLr);
                } else if (quick) {
                    reproduction.fromBase(Path.of(located));
                } else {
                    reproduction.fromBase(Path.of(located), FULL_PLAN_BASE_LR);
                }
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
        if (carriedBases) {
            Map<String, Path> bases = new LinkedHashMap<>();
            for (TaskPlan t : plan.tasks()) {
                if (ReproductionPlan.CARRIED_BASES.containsKey(t.name())) { // the others start from scratch
                    bases.put(t.name(), carriedBaseOf("the full plan", t.name()));
                }
            }
            reproduction.fromBases(bases);
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
            reproduction.evaluateWith((policy, evaluator, variants) -> workers.episodes(TrainablePolicy.of(policy),
                    evaluator, variants)).run();
        }
        return 0;
    }
}
