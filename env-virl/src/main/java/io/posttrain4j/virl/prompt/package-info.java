/** Prompt styles, the reference and compact question texts, revision turns and expert answers. */
package io.posttrain4j.virl.prompt;
