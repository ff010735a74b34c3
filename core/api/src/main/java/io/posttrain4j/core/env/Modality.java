package io.posttrain4j.core.env;

/** Whether the observations of a variant are text only or carry images. */
public enum Modality {
    TEXT,
    IMAGE
}
