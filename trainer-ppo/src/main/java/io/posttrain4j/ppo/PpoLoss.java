package io.posttrain4j.ppo;

import java.util.Objects;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.posttrain4j.core.tensor.Tensors;
import io.posttrain4j.core.train.Scores;

/**
 * The PPO objective on one micro-batch of transitions, as a differentiable scalar plus diagnostics.
 *
 * <p>Per row i (a whole generation), with the action log-prob {@code logp_i = sum_t w_it log pi(y_it)} (thought
 * tokens weighted as {@link io.posttrain4j.core.train.ScoreOptions} says) and {@code ratio_i = exp(logp_i -
 * old_i)}:
 * <pre>
 * policyLoss = mean_i max(-A_i ratio_i, -A_i clip(ratio_i, 1 - clipCoef, 1 + clipCoef))
 * valueLoss  = 0.5 mean_i max((V_i - R_i)^2, (oldV_i + clip(V_i - oldV_i, -vc, vc) - R_i)^2)   (vc = 0: unclipped)
 * entropy    = mean over real tokens of the per-token entropy
 * kl         = mean_i sum_t k(log pi(y_it), log pi_ref(y_it))                     (only with KL in the loss)
 * loss       = policyLoss + vfCoef valueLoss - entCoef entropy + klCoef kl
 * </pre>
 * Diagnostics follow CleanRL: {@code approxKl = mean((ratio - 1) - log ratio)} and the fraction of rows with
 * {@code |ratio - 1| > clipCoef}.
 */
public final class PpoLoss {
    private PpoLoss() {}

    /**
     * The fixed quantities of each row, computed before the update.
     *
     * @param oldLogProbs (B) action log-probs under the policy that collected the buffer
     * @param advantages (B) advantages (already normalised where configured)
     * @param returns (B) value targets; ignored without a value loss
     * @param oldValues (B) values when collected; ignored without a value loss
     * @param refTokenLogProbs per row the reference policy's per-token log-probs of the response, or null when no
     *     KL term is in the loss
     */
    public record Targets(double[] oldLogProbs, double[] advantages, double[] returns, double[] oldValues,
            float[][] refTokenLogProbs) {
        public Targets {
            Objects.requireNonNull(oldLogProbs, "oldLogProbs");
            Objects.requireNonNull(advantages, "advantages");
            Objects.requireNonNull(returns, "returns");
            Objects.requireNonNull(oldValues, "oldValues");
            int b = oldLogProbs.length;
            if (advantages.length != b || returns.length != b || oldValues.length != b
                    || (refTokenLogProbs != null && refTokenLogProbs.length != b)) {
                throw new IllegalArgumentException("targets differ in batch size from oldLogProbs' " + b);
            }
        }
    }

    /**
     * The loss coefficients.
     *
     * @param useValue whether the value loss is part of the objective (PPO, not GRPO)
     * @param klCoef 0 unless the KL penalty is placed in the loss
     */
    public record Coefficients(double clipCoef, double valueClipCoef, double vfCoef, double entCoef, double klCoef,
            KlEstimator klEstimator, boolean useValue) {
        public Coefficients {
            Objects.requireNonNull(klEstimator, "klEstimator");
        }

        /** The coefficients a config asks for. */
        public static Coefficients of(PpoConfig c) {
            double kl = c.klPlacement() == KlPlacement.LOSS ? c.klCoef() : 0;
            return new Coefficients(c.clipCoef(), c.valueClipCoef(), c.vfCoef(), c.entCoef(), kl, c.klEstimator(),
                    c.algorithm() == Algorithm.PPO);
        }
    }

    /**
     * The loss and its parts.
     *
     * @param loss the scalar to differentiate
     * @param entropy mean token entropy, NaN when the scores have none
     * @param kl mean per-row KL estimate to the reference, NaN when not in the loss
     */
    public record Terms(NDArray loss, double policyLoss, double valueLoss, double entropy, double kl, double approxKl,
            double clipFraction) {}

    /** Computes the objective; arrays are created in {@code manager}, which should be a per-step sub-manager. */
    public static Terms compute(NDManager manager, Scores scores, Targets targets, Coefficients c) {
        int b = targets.oldLogProbs().length;
        NDArray logp = scores.logProbs().mul(scores.weights()).sum(new int[] {1}); // (B)
        NDArray old = Tensors.owned(manager, toFloats(targets.oldLogProbs()), b);
        NDArray adv = Tensors.owned(manager, toFloats(targets.advantages()), b);
        NDArray logRatio = logp.sub(old);
        NDArray ratio = logRatio.exp();
        NDArray pg1 = ratio.mul(adv).neg();
        NDArray pg2 = ratio.clip((float) (1 - c.clipCoef()), (float) (1 + c.clipCoef())).mul(adv).neg();
        NDArray policyLoss = pg1.maximum(pg2).mean();
        NDArray loss = policyLoss;

        double valueLossValue = Double.NaN;
        if (c.useValue()) {
            if (scores.values() == null) {
                throw new IllegalArgumentException("the value loss needs scores with values (ScoreOptions.withValues)");
            }
            NDArray v = scores.values().reshape(b);
            NDArray ret = Tensors.owned(manager, toFloats(targets.returns()), b);
            NDArray unclipped = v.sub(ret).square();
            NDArray valueLoss;
            if (c.valueClipCoef() > 0) {
                NDArray oldV = Tensors.owned(manager, toFloats(targets.oldValues()), b);
                NDArray vClipped = v.sub(oldV).clip((float) -c.valueClipCoef(), (float) c.valueClipCoef()).add(oldV);
                valueLoss = Tensors.mul(unclipped.maximum(vClipped.sub(ret).square()).mean(), 0.5);
            } else {
                valueLoss = Tensors.mul(unclipped.mean(), 0.5);
            }
            valueLossValue = valueLoss.getFloat();
            loss = loss.add(Tensors.mul(valueLoss, c.vfCoef()));
        }

        double entropyValue = Double.NaN;
        if (scores.entropy() != null) {
            NDArray entropy = scores.entropy().mul(scores.mask()).sum().div(Tensors.maximum(scores.mask().sum(), 1));
            entropyValue = entropy.getFloat();
            if (c.entCoef() > 0) {
                loss = loss.sub(Tensors.mul(entropy, c.entCoef()));
            }
        }

        double klValue = Double.NaN;
        if (c.klCoef() > 0) {
            if (targets.refTokenLogProbs() == null) {
                throw new IllegalArgumentException("a KL term in the loss needs the reference's token log-probs");
            }
            Shape shape = scores.logProbs().getShape();
            NDArray ref = Tensors.owned(manager, padded(targets.refTokenLogProbs(), (int) shape.get(1)), shape);
            NDArray perToken = c.klEstimator().estimate(scores.logProbs(), ref).mul(scores.mask());
            NDArray kl = perToken.sum(new int[] {1}).mean();
            klValue = kl.getFloat();
            loss = loss.add(Tensors.mul(kl, c.klCoef()));
        }

        double approxKl = Tensors.sub(ratio, 1).sub(logRatio).mean().getFloat();
        double clipFraction = Tensors.sub(ratio, 1).abs().gt((float) c.clipCoef()).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .mean().getFloat();
        return new Terms(loss, policyLoss.getFloat(), valueLossValue, entropyValue, klValue, approxKl, clipFraction);
    }

    static float[] toFloats(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    /** Rows right-padded with zeros to {@code width}, flattened row-major. */
    static float[] padded(float[][] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length > width) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " tokens, more than "
                        + width + " scored");
            }
            System.arraycopy(rows[i], 0, out, i * width, rows[i].length);
        }
        return out;
    }
}
