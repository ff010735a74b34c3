/** Provider discovery shared by environments, verifiers and policies: a ServiceLoader registry and name matching. */
package io.posttrain4j.core.spi;
