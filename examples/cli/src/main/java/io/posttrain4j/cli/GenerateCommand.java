package io.posttrain4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;

/**
 * {@code posttrain4j generate}: asks a policy one question and prints its answer, through the policy's chat
 * template ({@code --raw}: the prompt's text as is).
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Asks a policy one question and prints its answer.",
            "",
            "The prompt goes through the policy's chat template as a user message (with --image files before its "
                    + "text); --raw encodes the text as is, with no template. --json prints one JSON object: "
                    + "the prompt's token ids, the generated ids (end-of-turn included when the model stopped) "
                    + "and the text.",
        })
public final class GenerateCommand extends CliCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--policy", required = true, paramLabel = "<preset|dir>",
            description = "A preset, a policy/checkpoint/run folder, a Hugging Face model folder or a LoRA adapter "
                    + "folder (loaded onto the base it names).")
    private String policy;

    @Option(names = "--provider", defaultValue = "djl", paramLabel = "<id>",
            description = "The policy provider (default: ${DEFAULT-VALUE}).")
    private String provider;

    @Option(names = "--prompt", required = true, paramLabel = "<text>", description = "The question.")
    private String prompt;

    @Option(names = "--image", paramLabel = "<file.png>", description = "An image for the prompt, repeatable.")
    private List<Path> images;

    @Option(names = "--max-new-tokens", defaultValue = "128", paramLabel = "<n>",
            description = "Answer budget in tokens (default: ${DEFAULT-VALUE}).")
    private int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "<t>",
            description = "Sample at this temperature (> 0) instead of greedy decoding.")
    private Double temperature;

    @Option(names = "--greedy", description = "Greedy decoding (the default).")
    private boolean greedy;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "<seed>",
            description = "Seed of the sampled tokens (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--lora", paramLabel = "<adapter dir>",
            description = "A LoRA adapter folder (PEFT's format) to load onto the --policy model folder.")
    private Path lora;

    @Option(names = "--device", paramLabel = "<cpu|gpu|gpu:N>",
            description = "Where the policy runs (default: the provider's, cpu for djl); a missing GPU is an error.")
    private String device;

    @Option(names = "--raw", description = "Encode the prompt text as is, with no chat template.")
    private boolean raw;

    @Option(names = "--json", description = "Print one JSON object: prompt_ids, generated_ids, text, stopped.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        if (maxNewTokens < 1) {
            throw usageError("--max-new-tokens must be >= 1, got " + maxNewTokens);
        }
        if (temperature != null && greedy) {
            throw usageError("--temperature and --greedy exclude each other");
        }
        if (temperature != null && !(temperature > 0)) {
            throw usageError("--temperature must be > 0, got " + temperature + " (for greedy decoding use --greedy)");
        }
        if (raw && images != null && !images.isEmpty()) {
            throw usageError("--raw takes text only; an --image needs the chat template's image placeholders");
        }
        List<RgbImage> pictures = new ArrayList<>();
        for (Path image : images != null ? images : List.<Path>of()) {
            if (!Files.isRegularFile(image)) {
                throw usageError("--image " + image + " is not a file");
            }
            pictures.add(RgbImage.read(image));
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("seed", Long.toString(seed));
        if (device != null) {
            options.put("device", device);
        }
        if (lora != null) {
            if (!Files.isDirectory(lora)) {
                throw usageError("--lora " + lora + " is not a folder; it must be a LoRA adapter folder "
                        + "(adapter_config.json, adapter_model.safetensors)");
            }
            options.put("adapter", lora.toString());
        }
        Policy p;
        try {
            EvalCommand.locatePolicy("--policy", provider, policy);
            p = EvalCommand.loadPolicy(provider, policy, options);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        Sampling sampling = temperature != null ? Sampling.temperature(temperature, maxNewTokens)
                : Sampling.greedy(maxNewTokens);
        try (p) {
            Observation observation = Observation.of(prompt, pictures);
            if (!pictures.isEmpty() && p instanceof DjlPolicy d && d.template().tokensPerImage() == 0) {
                throw usageError("--image: " + p.name() + " is a text-only model; it reads no images");
            }
            if (!(p instanceof DjlPolicy) && (raw || json)) {
                throw usageError("--raw and --json need the djl provider's policy (token ids), not "
                        + p.getClass().getSimpleName());
            }
            int[][] promptIds = new int[1][];
            Generation g;
            try {
                g = answer(p, observation, sampling, promptIds);
            } catch (IllegalArgumentException e) { // e.g. a prompt + --max-new-tokens longer than the model's context
                throw usageError(e.getMessage());
            }
            PrintWriter w = out();
            if (json) {
                ObjectNode o = JSON.createObjectNode();
                o.put("policy", p.name());
                promptIdsArray(o, "prompt_ids", promptIds[0]);
                promptIdsArray(o, "generated_ids", g.tokens());
                o.put("text", g.text());
                o.put("stopped", g.stopped());
                w.println(JSON.writeValueAsString(o));
            } else {
                w.println(g.text());
            }
            w.flush();
        }
        return 0;
    }

    /** The policy's answer; {@code promptIds[0]} receives the prompt's ids where the policy is this library's. */
    private Generation answer(Policy p, Observation observation, Sampling sampling, int[][] promptIds) {
        long[] seeds = {seed};
        if (!(p instanceof DjlPolicy d)) {
            return p.generate(List.of(observation), sampling, seeds).get(0);
        }
        if (raw) {
            promptIds[0] = d.template().tokenizer().encode(prompt);
            return d.generateFromIds(List.of(promptIds[0]), sampling, seeds).get(0);
        }
        promptIds[0] = d.promptIds(observation);
        return d.generate(List.of(observation), sampling, seeds).get(0);
    }

    private static void promptIdsArray(ObjectNode o, String key, int[] ids) {
        var a = o.putArray(key);
        for (int id : ids) {
            a.add(id);
        }
    }
}
