/**
 * The few tensor operations whose DJL form is unsafe or engine-specific, written once: arrays made from Java
 * values in memory that libtorch owns, arithmetic with a Java number that autograd may keep for backward, and
 * gradient bookkeeping ({@link io.posttrain4j.core.tensor.Autograd}). Every cast to DJL's PyTorch classes lives
 * here.
 */
package io.posttrain4j.core.tensor;
