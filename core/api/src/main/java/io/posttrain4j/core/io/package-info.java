/** File helpers: atomic writes (temp file + rename) for checkpoints and outputs. */
package io.posttrain4j.core.io;
