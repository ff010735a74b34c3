/** GeneralPoints pretraining documents: arithmetic, card reading, rule reading and the task under many rules. */
package io.posttrain4j.generalpoints.corpus;
