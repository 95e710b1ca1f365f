/** Benchmarks: JMH kernels and the training-step harness (see bench/RESULTS.md). */
package org.cardiograd.bench;
