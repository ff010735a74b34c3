package io.posttrain4j.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.model.checkpoint.FloatTensor;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.tensor.Tensors;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), written over NDArrays so that its whole state can be
 * saved and restored for an exact resume (DJL's optimizers keep their moments private).
 *
 * <p>Update per parameter p with gradient g at step t (1-based): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * p -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps) + lr wd p. Gradients are zeroed after the step. Not
 * thread-safe; call from the training thread.
 */
public final class AdamW implements AutoCloseable {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
    private long step;

    public AdamW(NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("need eps > 0 and weightDecay >= 0, got " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /**
     * Applies one update with learning rate {@code lr} to every parameter that has a gradient, scaling the
     * gradients by {@code gradScale} first (global-norm clipping), then zeroes the gradients.
     */
    public void step(Map<String, NDArray> parameters, double lr, double gradScale) {
        step(parameters, name -> lr, gradScale);
    }

    /**
     * As {@link #step(Map, double, double)} with a learning rate per parameter name, e.g. a larger one for a value
     * head trained from scratch.
     */
    public void step(Map<String, NDArray> parameters, java.util.function.ToDoubleFunction<String> lrOf,
            double gradScale) {
        step++;
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        try (NoGrad ignored = NoGrad.enter(); NDManager scratch = manager.newSubManager()) {
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                NDArray p = e.getValue();
                NDArray g = p.getGradient();
                g.attach(scratch); // each getGradient() makes a new handle: close it with this step
                NDArray gs = gradScale == 1 ? g : Tensors.mul(g, gradScale);
                NDArray m = firstMoment.computeIfAbsent(e.getKey(), k -> zerosLike(p));
                NDArray v = secondMoment.computeIfAbsent(e.getKey(), k -> zerosLike(p));
                m.muli((float) beta1).addi(Tensors.mul(gs, 1 - beta1));
                v.muli((float) beta2).addi(gs.square().muli((float) (1 - beta2)));
                // A result attaches to its first operand's manager: temporaries computed from the moments (which
                // live as long as the optimizer) or from the parameter must be moved to this step's scratch, or
                // every step leaks three parameter-sized arrays.
                NDArray update = scratched(m.div(c1), scratch);
                update.divi(scratched(v.div(c2), scratch).sqrt().addi((float) eps));
                if (weightDecay > 0) {
                    update.addi(scratched(Tensors.mul(p, weightDecay), scratch));
                }
                p.subi(update.muli((float) lrOf.applyAsDouble(e.getKey())));
            }
            Autograd.zeroGradients(parameters.values());
        }
    }

    private static NDArray scratched(NDArray a, NDManager scratch) {
        a.attach(scratch);
        return a;
    }

    private NDArray zerosLike(NDArray p) {
        return manager.zeros(p.getShape(), p.getDataType(), p.getDevice());
    }

    /** The step count and the moments, keyed {@code m.<name>} and {@code v.<name>}. */
    public State state() {
        Map<String, FloatTensor> moments = new LinkedHashMap<>();
        firstMoment.forEach((k, a) -> moments.put("m." + k, toTensor(a)));
        secondMoment.forEach((k, a) -> moments.put("v." + k, toTensor(a)));
        return new State(step, moments);
    }

    /** Restores a {@link #state()}; moments of parameters absent from it start at zero. */
    public void load(State state) {
        step = state.step();
        firstMoment.values().forEach(NDArray::close);
        secondMoment.values().forEach(NDArray::close);
        firstMoment.clear();
        secondMoment.clear();
        for (Map.Entry<String, FloatTensor> e : state.moments().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("m.")) {
                firstMoment.put(k.substring(2), fromTensor(e.getValue()));
            } else if (k.startsWith("v.")) {
                secondMoment.put(k.substring(2), fromTensor(e.getValue()));
            } else {
                throw new IllegalArgumentException("optimizer state key '" + k + "' is neither m.<name> nor v.<name>");
            }
        }
    }

    /** What a checkpoint must hold to resume this optimizer exactly. */
    public record State(long step, Map<String, FloatTensor> moments) {
        public State {
            if (step < 0) {
                throw new IllegalArgumentException("step must be >= 0, got " + step);
            }
            moments = Map.copyOf(moments);
        }
    }

    private static FloatTensor toTensor(NDArray a) {
        return new FloatTensor(a.getShape().getShape(), a.toFloatArray());
    }

    private NDArray fromTensor(FloatTensor t) {
        return Tensors.owned(manager, t.data(), t.shape());
    }

    @Override
    public void close() {
        manager.close();
    }
}
