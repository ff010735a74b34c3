package io.posttrain4j.cli;

import java.util.Map;

import picocli.CommandLine.Option;

import io.posttrain4j.core.model.LoraConfig;

/** {@code --lora}, shared by the trainers' commands: a fresh LoRA adapter on a pretrained model folder. */
final class LoraOptions {
    @Option(names = "--lora", paramLabel = "<r=8,alpha=16,...>",
            description = "Train a LoRA adapter on the --policy model folder instead of every weight (the value "
                    + "head trains too): r (rank, default 8), alpha (default 2r), dropout (default 0; sft only), "
                    + "rslora (true/false), targets (module names joined by +, or regex:<expr>; default "
                    + "q_proj+k_proj+v_proj+o_proj). "
                    + "Checkpoints are adapter folders in PEFT's format; give the same --lora to --resume.")
    String spec;

    /**
     * What is wrong with {@code --lora} for this {@code --policy}, for a usage error; null when nothing is.
     *
     * @param fromScratch whether the policy is a preset rather than a model folder
     */
    String problem(String policy, boolean fromScratch) {
        return problem(policy, fromScratch, true);
    }

    /**
     * As {@link #problem(String, boolean)}; {@code dropoutAllowed} false for a trainer that applies no dropout
     * (PPO, as TRL's: its ratio to the rollout policy must start at 1).
     */
    String problem(String policy, boolean fromScratch, boolean dropoutAllowed) {
        if (spec == null) {
            return null;
        }
        if (fromScratch) {
            return "--lora trains an adapter on a pretrained model: --policy must be a model folder, got '" + policy
                    + "'";
        }
        LoraConfig c;
        try {
            c = LoraConfig.parse(spec);
        } catch (IllegalArgumentException e) {
            return "--lora " + spec + ": " + e.getMessage();
        }
        if (!dropoutAllowed && c.dropout() > 0) {
            return "--lora " + spec + ": ppo trains without dropout (as TRL's PPO: the ratio to the rollout policy "
                    + "must start at 1); accepted: dropout=0";
        }
        return null;
    }

    /** Adds the provider option {@code lora} when {@code --lora} was given. */
    void addTo(Map<String, String> options) {
        if (spec != null) {
            options.put("lora", spec);
        }
    }
}
